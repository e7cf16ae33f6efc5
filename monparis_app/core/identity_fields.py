"""Normalising what a person types about themselves: names, e-mail, phone, sex.

Each function returns the stored form or raises ``InvalidInput`` with the field's error, so
sign-up, profile edits and FranceConnect import apply the very same rules.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from monparis_app.core.errors import FieldError, InvalidInput

NAME_MAX_LENGTH = 100
EMAIL_MAX_LENGTH = 254
PHONE_MAX_LENGTH = 30
SEXES = ("FEMALE", "MALE")
DEFAULT_PHONE_REGION = "FR"

# Letters (any script, accents included) in words joined by one space, hyphen or apostrophe.
_NAME = re.compile(r"^[^\W\d_]+(?:(?:[ \-]|['’] ?)[^\W\d_]+)*$")


def normalize_name(value: str, field: str) -> str:
    """A first or birth name: letters, spaces, hyphens and apostrophes, 1 to 100 characters."""
    cleaned = " ".join(unicodedata.normalize("NFC", value).split())
    if not cleaned:
        raise InvalidInput([FieldError(field, f"{field}.required")])
    if len(cleaned) > NAME_MAX_LENGTH:
        raise InvalidInput([FieldError(field, f"{field}.too_long")])
    if not _NAME.match(cleaned):
        raise InvalidInput([FieldError(field, f"{field}.invalid")])
    return cleaned


def normalize_email(value: str, field: str = "email") -> str:
    """Syntax checked by email-validator (no DNS: sign-up must not depend on the network).

    Stored lower case: nobody expects ``Jean@…`` and ``jean@…`` to be two accounts.
    """
    candidate = value.strip()
    if not candidate:
        raise InvalidInput([FieldError(field, f"{field}.required")])
    if len(candidate) > EMAIL_MAX_LENGTH:
        raise InvalidInput([FieldError(field, f"{field}.too_long")])
    try:
        normalized = validate_email(candidate, check_deliverability=False).normalized
    except EmailNotValidError:
        raise InvalidInput([FieldError(field, f"{field}.invalid")]) from None
    return normalized.lower()


def normalize_phone(value: str | None, field: str = "phone") -> str | None:
    """Optional; French numbers by default, stored in E.164 (``+33612345678``)."""
    candidate = (value or "").strip()
    if not candidate:
        return None
    if len(candidate) > PHONE_MAX_LENGTH:
        raise InvalidInput([FieldError(field, f"{field}.invalid")])
    try:
        number = phonenumbers.parse(candidate, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        raise InvalidInput([FieldError(field, f"{field}.invalid")]) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput([FieldError(field, f"{field}.invalid")])
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_for_display(e164: str | None) -> str:
    """French numbers as people write them (06 12 34 56 78), others in international format."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    national = phonenumbers.region_code_for_number(number) == DEFAULT_PHONE_REGION
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if national
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def normalize_sex(value: str | None, field: str = "sex") -> str:
    candidate = (value or "").strip().upper()
    if not candidate:
        raise InvalidInput([FieldError(field, f"{field}.required")])
    if candidate not in SEXES:
        raise InvalidInput([FieldError(field, f"{field}.invalid")])
    return candidate
