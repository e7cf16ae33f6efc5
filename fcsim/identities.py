"""Identity providers, test identities and scenario logins.

The identities are those of the fcp-low mock identity provider
(``docker/volumes/fcp-low/mocks/idp/databases/citizen/base.csv``), all with
the password ``123``. Scenario logins mimic the ``scenarios.json`` of the
real mock provider: they make the simulator return an error, drop a claim or
answer slowly, so that the client's error handling can be tested.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

TEST_PASSWORD = "123"


@dataclass(frozen=True)
class IdentityProvider:
    """An identity provider offered on the FranceConnect chooser page."""

    id: str
    name: str


IDENTITY_PROVIDERS: tuple[IdentityProvider, ...] = (
    IdentityProvider("impots-gouv", "impots.gouv.fr"),
    IdentityProvider("ameli", "ameli.fr"),
    IdentityProvider("identite-numerique-la-poste", "L'Identité Numérique La Poste"),
    IdentityProvider("msa", "MSA"),
    IdentityProvider("yris", "Yris"),
)


def find_provider(provider_id: str) -> IdentityProvider | None:
    """Look a provider up by its id, as posted by the chooser form."""
    return next((idp for idp in IDENTITY_PROVIDERS if idp.id == provider_id), None)


class Scenario(Enum):
    """What a scenario login makes the simulator do."""

    NONE = "none"
    ACCESS_DENIED = "access_denied"
    SERVER_ERROR = "server_error"
    TEMPORARILY_UNAVAILABLE = "temporarily_unavailable"
    MISSING_CLAIM = "missing_claim"
    SLOW = "slow"


ERROR_SCENARIOS: dict[Scenario, tuple[str, str]] = {
    Scenario.ACCESS_DENIED: ("access_denied", "User auth aborted"),
    Scenario.SERVER_ERROR: ("server_error", "The identity provider returned an error"),
    Scenario.TEMPORARILY_UNAVAILABLE: (
        "temporarily_unavailable",
        "The identity provider is temporarily unavailable",
    ),
}
"""Scenarios that end the flow with an error callback instead of a code."""


@dataclass(frozen=True)
class Identity:
    """A citizen of the mock identity provider's base."""

    login: str
    given_name: str
    family_name: str
    gender: str
    birthdate: str
    birthplace: str
    birthcountry: str
    email: str | None = None
    preferred_username: str | None = None
    scenario: Scenario = Scenario.NONE
    aliases: tuple[str, ...] = field(default=())
    description: str = ""

    def claims(self) -> dict[str, Any]:
        """All identity claims of this citizen, before filtering by scope."""
        claims: dict[str, Any] = {
            "given_name": self.given_name,
            "given_name_array": self.given_name.split(),
            "family_name": self.family_name,
            "gender": self.gender,
            "birthdate": self.birthdate,
            "birthplace": self.birthplace,
            "birthcountry": self.birthcountry,
        }
        if self.email is not None:
            claims["email"] = self.email
        if self.preferred_username:
            claims["preferred_username"] = self.preferred_username
        if self.scenario is Scenario.MISSING_CLAIM:
            del claims["family_name"]
        return claims


IDENTITIES: tuple[Identity, ...] = (
    Identity(
        "test",
        "Angela Claire Louise",
        "DUBOIS",
        "female",
        "1962-08-24",
        "75107",
        "99100",
        email="wossewodda-3728@yopmail.com",
    ),
    Identity(
        "avec_nom_dusage",
        "Pierre",
        "MERCIER",
        "male",
        "1969-03-17",
        "95277",
        "99100",
        email="pierre.mercier@example.fr",
        preferred_username="DUBOIS",
        description="Nom d’usage DUBOIS",
    ),
    Identity(
        "nom_composé",
        "Melissandre Juliette",
        "TROIS-DUPRE",
        "female",
        "1981-07-27",
        "13012",
        "99100",
        email="melissandre.trois-dupre@example.fr",
        aliases=("nom_compose",),
        description="Nom composé",
    ),
    Identity(
        "naissance_Algérie",
        "Ahmed",
        "BENSAID",
        "male",
        "1975-05-12",
        "",
        "99352",
        email="ahmed.bensaid@example.fr",
        aliases=("naissance_algerie",),
        description="Né à l’étranger (lieu de naissance vide)",
    ),
    Identity(
        "sans_email",
        "Jeanne",
        "MARTIN",
        "female",
        "1990-01-15",
        "75056",
        "99100",
        description="Pas d’adresse électronique",
    ),
    Identity(
        "claim_manquant",
        "Camille",
        "ROUSSEAU",
        "female",
        "1985-04-02",
        "75115",
        "99100",
        email="camille.rousseau@example.fr",
        scenario=Scenario.MISSING_CLAIM,
        description="Scénario : nom de naissance (family_name) absent",
    ),
    Identity(
        "lent",
        "Lucas",
        "PETIT",
        "male",
        "1992-11-05",
        "75113",
        "99100",
        email="lucas.petit@example.fr",
        scenario=Scenario.SLOW,
        description="Scénario : le point d’accès token répond lentement",
    ),
)

SCENARIO_LOGINS: dict[str, tuple[Scenario, str]] = {
    "erreur_acces_refuse": (Scenario.ACCESS_DENIED, "Scénario : erreur access_denied"),
    "erreur_serveur": (Scenario.SERVER_ERROR, "Scénario : erreur server_error"),
    "erreur_indisponible": (
        Scenario.TEMPORARILY_UNAVAILABLE,
        "Scénario : erreur temporarily_unavailable",
    ),
}
"""Logins that never yield an identity: they end the flow with an error."""


def normalize_login(login: str) -> str:
    """Compare logins without case or accents, so ``nom_compose`` matches ``nom_composé``."""
    decomposed = unicodedata.normalize("NFKD", login.strip())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _index_identities() -> dict[str, Identity]:
    """Index identities by every accepted spelling of their login."""
    index: dict[str, Identity] = {}
    for identity in IDENTITIES:
        for login in (identity.login, *identity.aliases):
            index[normalize_login(login)] = identity
    return index


_IDENTITY_INDEX = _index_identities()


def find_identity(login: str) -> Identity | None:
    """The identity behind a login, whatever its accents or case."""
    return _IDENTITY_INDEX.get(normalize_login(login))


def find_error_scenario(login: str) -> Scenario | None:
    """The error scenario triggered by a login, if it is a scenario login."""
    entry = SCENARIO_LOGINS.get(normalize_login(login))
    return entry[0] if entry else None
