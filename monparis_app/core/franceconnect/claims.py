"""The identity FranceConnect certifies: its claims read, checked and put in Mon Paris's form.

A missing or malformed claim means no account at all (``incomplete_identity``); the identity
is kept as JSON on a pending row while the person decides (terms of use, or link).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from monparis_app.core.errors import InvalidInput
from monparis_app.core.franceconnect.results import failure
from monparis_app.core.identity_fields import normalize_email, normalize_name

# The account fields FranceConnect certifies: shown, never editable by hand while linked.
CERTIFIED_FIELDS = [
    "sex",
    "first_names",
    "birth_name",
    "birth_date",
    "birth_place",
    "birth_country",
]


@dataclass(frozen=True)
class CertifiedIdentity:
    """The identity FranceConnect certifies, in Mon Paris's own form."""

    sub: str
    sex: str
    first_names: str
    birth_name: str
    birth_date: date
    birth_place: str | None
    birth_country: str
    email: str | None
    usage_name: str | None = None


def certified_identity(userinfo: dict[str, Any]) -> CertifiedIdentity:
    """Map and check the claims; a missing or malformed one means no account at all."""
    sex = {"female": "FEMALE", "male": "MALE"}.get(str(userinfo.get("gender", "")))
    if sex is None:
        raise failure("incomplete_identity", "claim.gender")
    return CertifiedIdentity(
        sub=str(userinfo["sub"]),
        sex=sex,
        first_names=_name_claim(userinfo, "given_name", "first_name"),
        birth_name=_name_claim(userinfo, "family_name", "last_name"),
        birth_date=_birthdate(userinfo.get("birthdate")),
        birth_place=_insee_code(userinfo.get("birthplace", ""), "birthplace", allow_empty=True),
        birth_country=_insee_code(userinfo.get("birthcountry"), "birthcountry", allow_empty=False)
        or "",
        email=_optional(userinfo.get("email"), normalize_email),
        usage_name=_optional(
            userinfo.get("preferred_username"), lambda v: normalize_name(v, "usage_name")
        ),
    )


def certified_values(identity: CertifiedIdentity) -> dict[str, Any]:
    """The account columns the identity sets, and the list that locks them."""
    return {
        "sex": identity.sex,
        "first_names": identity.first_names,
        "birth_name": identity.birth_name,
        "birth_date": identity.birth_date,
        "birth_place": identity.birth_place,
        "birth_country": identity.birth_country,
        "certified_fields": list(CERTIFIED_FIELDS),
    }


def identity_data(identity: CertifiedIdentity) -> dict[str, Any]:
    """The identity as JSON (a pending row keeps it until the person decides)."""
    data = asdict(identity)
    data["birth_date"] = identity.birth_date.isoformat()
    return data


def identity_from_data(stored: dict[str, Any]) -> CertifiedIdentity:
    """The identity back from a pending row's JSON."""
    data = dict(stored)
    data["birth_date"] = date.fromisoformat(data["birth_date"])
    return CertifiedIdentity(**data)


def _name_claim(userinfo: dict[str, Any], claim: str, field: str) -> str:
    value = userinfo.get(claim)
    if not isinstance(value, str):
        raise failure("incomplete_identity", f"claim.{claim}.missing")
    try:
        return normalize_name(value, field)
    except InvalidInput:
        raise failure("incomplete_identity", f"claim.{claim}.invalid") from None


def _optional(value: object, normalize: Callable[[str], str]) -> str | None:
    """An optional claim (e-mail, usage name): absent or unusable means none, not a failure."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return normalize(value)
    except InvalidInput:
        return None


def _birthdate(value: object) -> date:
    """``YYYY-MM-DD``; FranceConnect writes a presumed day or month as ``01``."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise failure("incomplete_identity", "claim.birthdate.invalid") from None


def _insee_code(value: object, claim: str, *, allow_empty: bool) -> str | None:
    """5-character INSEE codes (``2A004`` for Corsica); a birthplace is empty abroad."""
    text = value if isinstance(value, str) else ""
    if not text and allow_empty:
        return None
    if len(text) != 5 or not text.isalnum():
        raise failure("incomplete_identity", f"claim.{claim}.invalid")
    return text.upper()
