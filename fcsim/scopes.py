"""Scopes and the identity claims they release, as on fcp-low.

Mirrors ``back/libs/scopes/src/data/fcp-low/fcp-low.scopes.ts`` of
france-connect/sources, minus the ``phone`` and ``address`` scopes that v2
no longer offers to service providers.
"""

from __future__ import annotations

from collections.abc import Iterable

SCOPE_CLAIMS: dict[str, tuple[str, ...]] = {
    "openid": ("sub",),
    "given_name": ("given_name", "given_name_array"),
    "family_name": ("family_name",),
    "birthdate": ("birthdate",),
    "gender": ("gender",),
    "birthplace": ("birthplace",),
    "birthcountry": ("birthcountry",),
    "email": ("email",),
    "preferred_username": ("preferred_username",),
    "profile": (
        "given_name",
        "given_name_array",
        "family_name",
        "birthdate",
        "gender",
        "preferred_username",
    ),
    "birth": ("birthplace", "birthcountry"),
    "identite_pivot": (
        "given_name",
        "given_name_array",
        "family_name",
        "birthdate",
        "gender",
        "birthplace",
        "birthcountry",
    ),
}

KNOWN_SCOPES: frozenset[str] = frozenset(SCOPE_CLAIMS)

CLAIMS_SUPPORTED: tuple[str, ...] = (
    "sub",
    "given_name",
    "given_name_array",
    "family_name",
    "birthdate",
    "gender",
    "birthplace",
    "birthcountry",
    "email",
    "preferred_username",
    "idp",
)


def split_scope(scope: str) -> list[str]:
    """Split a space-separated scope parameter, dropping duplicates but keeping order."""
    return list(dict.fromkeys(scope.split()))


def claims_for_scopes(scopes: Iterable[str]) -> set[str]:
    """Every identity claim released by the granted scopes (aliases expanded)."""
    released: set[str] = set()
    for scope in scopes:
        released.update(SCOPE_CLAIMS.get(scope, ()))
    return released
