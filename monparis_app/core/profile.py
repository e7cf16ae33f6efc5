""" "Gérer vos données personnelles": what a signed-in person sees of their account, and edits.

Fields certified by FranceConnect are shown but cannot be edited by hand; every other change
is checked field by field and applied all at once, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from monparis_app.core import audit, clock, places
from monparis_app.core.errors import FieldError, InvalidInput
from monparis_app.core.identity_fields import normalize_name, normalize_phone, normalize_sex
from monparis_app.models import Account

EDITABLE_FIELDS = (
    "sex",
    "first_names",
    "birth_name",
    "usage_name",
    "birth_date",
    "birth_place",
    "birth_country",
    "phone",
    "address_line",
    "address_postcode",
    "address_city",
    "address_country",
)
FREE_TEXT_MAX = 200
POSTCODE_MAX_LENGTH = 10


@dataclass(frozen=True)
class Profile:
    """The account as its owner may see it: never the password hash, only whether one exists."""

    id: UUID
    email: str
    sex: str
    first_names: str
    birth_name: str
    usage_name: str | None
    birth_date: date | None
    birth_place: str | None
    birth_country: str | None
    phone: str | None
    address_line: str | None
    address_postcode: str | None
    address_city: str | None
    address_country: str | None
    certified_fields: list[str] = field(default_factory=list)
    has_password: bool = True
    franceconnect_linked: bool = False
    password_changed_at: datetime | None = None
    created_at: datetime | None = None

    @property
    def birth_place_name(self) -> str | None:
        """The commune's name when the birthplace is a COG code (FranceConnect certifies
        codes: "75107" reads "Paris 7e Arrondissement"), else the place as typed."""
        return places.birth_place_label(self.birth_place, self.birth_date)

    @property
    def birth_country_name(self) -> str | None:
        """The country's name when the birth country is a COG code ("99100": France)."""
        return places.birth_country_label(self.birth_country)


def profile_of(account: Account) -> Profile:
    """The profile of an account row (the data export reuses it)."""
    return Profile(
        id=account.id,
        email=account.email,
        sex=account.sex,
        first_names=account.first_names,
        birth_name=account.birth_name,
        usage_name=account.usage_name,
        birth_date=account.birth_date,
        birth_place=account.birth_place,
        birth_country=account.birth_country,
        phone=account.phone,
        address_line=account.address_line,
        address_postcode=account.address_postcode,
        address_city=account.address_city,
        address_country=account.address_country,
        certified_fields=list(account.certified_fields or []),
        has_password=bool(account.password_hash),
        franceconnect_linked=bool(account.fc_sub),
        password_changed_at=account.password_changed_at,
        created_at=account.created_at,
    )


async def get_profile(account_id: UUID) -> Profile | None:
    account = await Account.get_or_none(id=account_id)
    return profile_of(account) if account else None


def _optional_text(value: str, field_name: str, max_length: int = FREE_TEXT_MAX) -> str | None:
    cleaned = " ".join(value.split())
    if len(cleaned) > max_length or any(ord(c) < 32 for c in value):
        raise InvalidInput([FieldError(field_name, f"{field_name}.invalid")])
    return cleaned or None


def _birth_date(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput([FieldError("birth_date", "birth_date.invalid")]) from None
    if not date(1900, 1, 1) <= parsed <= clock.now().date():
        raise InvalidInput([FieldError("birth_date", "birth_date.invalid")])
    return parsed


def _normalize_profile_field(name: str, value: str) -> Any:
    match name:
        case "sex":
            return normalize_sex(value)
        case "first_names":
            return normalize_name(value, "first_name")
        case "birth_name":
            return normalize_name(value, "last_name")
        case "usage_name":
            return normalize_name(value, "usage_name") if value.strip() else None
        case "birth_date":
            return _birth_date(value)
        case "phone":
            return normalize_phone(value)
        case "address_postcode":
            return _optional_text(value, name, POSTCODE_MAX_LENGTH)
        case _:
            return _optional_text(value, name)


def _checked_changes(account: Account, changes: dict[str, str]) -> dict[str, Any]:
    """Every field checked, all errors at once; certified and unknown fields are refused."""
    certified = set(account.certified_fields or [])
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    for name, raw in changes.items():
        if name not in EDITABLE_FIELDS:
            errors.append(FieldError(name, "profile.unknown_field"))
        elif name in certified:
            errors.append(FieldError(name, "profile.certified"))
        else:
            try:
                values[name] = _normalize_profile_field(name, raw if isinstance(raw, str) else "")
            except InvalidInput as invalid:
                errors += [FieldError(name, e.code) for e in invalid.errors]
    if errors:
        raise InvalidInput(errors)
    return values


async def update_profile(
    account_id: UUID, changes: dict[str, str], *, client_ip: str = "", user_agent: str = ""
) -> Profile:
    """Apply every change or none; certified fields are refused, each error tied to its field."""
    account = await Account.get(id=account_id)
    values = _checked_changes(account, changes)
    changed = {k: v for k, v in values.items() if getattr(account, k) != v}
    if changed:
        async with in_transaction() as connection:
            await Account.filter(id=account_id).using_db(connection).update(**changed)
            await audit.record(
                account_id,
                "profile_updated",
                client_ip=client_ip,
                user_agent=user_agent,
                connection=connection,
            )
        await account.refresh_from_db()
    return profile_of(account)
