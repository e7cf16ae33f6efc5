"""The signed-in account as partners read it (``me``, sign-in, profile and e-mail changes)."""

from __future__ import annotations

from dataclasses import fields
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
    birth_place_name: str | None = strawberry.field(
        description=(
            "Le nom de la commune de naissance (Code officiel géographique de l'Insee) quand "
            "birthPlace est un code (identité FranceConnect), sinon le lieu tel que saisi."
        )
    )
    birth_country_name: str | None = strawberry.field(
        description=(
            "Le nom du pays de naissance (Code officiel géographique de l'Insee) quand "
            "birthCountry est un code (99100 : France), sinon le pays tel que saisi."
        )
    )
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
        """Every field of the type is the core's field (or property) of the same name; the
        schema chooses which ones partners see (never the password's existence or the
        creation date)."""
        copied = {f.name: getattr(p, f.name) for f in fields(cls) if f.name not in ("id", "sex")}
        return cls(id=strawberry.ID(str(p.id)), sex=Sex(p.sex), **copied)


@strawberry.type
class ProfileUpdated:
    account: Profile


async def load_profile(account_id: UUID) -> Profile | None:
    """The profile as GraphQL shows it, or None when the account is gone."""
    profile = await profiles.get_profile(account_id)
    return Profile.from_core(profile) if profile else None
