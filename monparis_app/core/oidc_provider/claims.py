"""Which claims each scope opens, read from the account, and which of them are certified.

The claim names are OpenID Connect Core's (§5.1) where one exists; ``birth`` carries the
birthplace and birth country with FranceConnect's names (``birthplace``, ``birthcountry``:
INSEE codes when certified). ``certified_claims`` lists the claims whose value FranceConnect
certified, so a service can tell a certified identity from a declared one.
"""

from __future__ import annotations

from typing import Any

from monparis_app.models import Account

SCOPE_CLAIMS: dict[str, tuple[str, ...]] = {
    "openid": ("sub",),
    "profile": ("given_name", "family_name", "preferred_username", "gender"),
    "email": ("email", "email_verified"),
    "phone": ("phone_number", "phone_number_verified"),
    "address": ("address",),
    "birth": ("birthdate", "birthplace", "birthcountry"),
}
# The account field behind each certifiable claim (``Account.certified_fields`` names fields).
CERTIFIED_SOURCE = {
    "given_name": "first_names",
    "family_name": "birth_name",
    "gender": "sex",
    "birthdate": "birth_date",
    "birthplace": "birth_place",
    "birthcountry": "birth_country",
}
GENDERS = {"FEMALE": "female", "MALE": "male"}


def _address(account: Account) -> dict[str, str] | None:
    parts = {
        "street_address": account.address_line,
        "postal_code": account.address_postcode,
        "locality": account.address_city,
        "country": account.address_country,
    }
    present = {k: v for k, v in parts.items() if v}
    if not present:
        return None
    lines = [account.address_line, f"{account.address_postcode or ''} {account.address_city or ''}"]
    return {**present, "formatted": "\n".join(x.strip() for x in lines if x and x.strip())}


def _all_claims(account: Account) -> dict[str, Any]:
    return {
        "sub": str(account.id),
        "given_name": account.first_names,
        "family_name": account.birth_name,
        "preferred_username": account.usage_name,
        "gender": GENDERS.get(account.sex),
        # An account exists only once its e-mail was proven by a code or by FranceConnect.
        "email": account.email,
        "email_verified": True,
        "phone_number": account.phone,
        "phone_number_verified": False if account.phone else None,
        "address": _address(account),
        "birthdate": account.birth_date.isoformat() if account.birth_date else None,
        "birthplace": account.birth_place,
        "birthcountry": account.birth_country,
    }


def claims_for(account: Account, scope: str) -> dict[str, Any]:
    """The claims the granted ``scope`` opens; a claim the account lacks is left out."""
    granted = set(scope.split())
    names = [name for s in SCOPE_CLAIMS if s in granted for name in SCOPE_CLAIMS[s]]
    values = _all_claims(account)
    claims = {name: values[name] for name in names if values.get(name) is not None}
    certified_fields = set(account.certified_fields or [])
    certified = [c for c in claims if CERTIFIED_SOURCE.get(c) in certified_fields]
    if certified:
        claims["certified_claims"] = certified
    return claims


def supported_claims() -> list[str]:
    return [name for names in SCOPE_CLAIMS.values() for name in names] + ["certified_claims"]
