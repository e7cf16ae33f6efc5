"""The signed-in account as partners read it (``me``, sign-in, profile and e-mail changes)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import strawberry

from monparis_app.core import profile as profiles
from monparis_app.graphql.types.common import Sex


@strawberry.type
class Profile:
    id: strawberry.ID
    email: str
    sex: Sex
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
    certified_fields: list[str]
    franceconnect_linked: bool
    password_changed_at: datetime | None

    @classmethod
    def from_core(cls, p: profiles.Profile) -> Profile:
        return cls(
            id=strawberry.ID(str(p.id)),
            email=p.email,
            sex=Sex(p.sex),
            first_names=p.first_names,
            birth_name=p.birth_name,
            usage_name=p.usage_name,
            birth_date=p.birth_date,
            birth_place=p.birth_place,
            birth_country=p.birth_country,
            phone=p.phone,
            address_line=p.address_line,
            address_postcode=p.address_postcode,
            address_city=p.address_city,
            address_country=p.address_country,
            certified_fields=p.certified_fields,
            franceconnect_linked=p.franceconnect_linked,
            password_changed_at=p.password_changed_at,
        )


@strawberry.type
class ProfileUpdated:
    account: Profile


async def load_profile(account_id: UUID) -> Profile | None:
    """The profile as GraphQL shows it, or None when the account is gone."""
    profile = await profiles.get_profile(account_id)
    return Profile.from_core(profile) if profile else None
