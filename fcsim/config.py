"""Simulator configuration: registered clients, lifetimes and the clock.

FranceConnect only knows service providers that were registered on its
partner portal, with their redirect URIs, logout URIs, signing algorithm and
allowed scopes. The simulator mirrors that with :class:`ClientConfig`.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fcsim.scopes import KNOWN_SCOPES

SUPPORTED_CLIENT_ALGS = ("ES256", "RS256")
"""FranceConnect v2 signs with ES256 (recommended) or RS256, chosen per client."""

DEFAULT_ISSUER = "http://localhost:8001/api/v2"
DEFAULT_CLIENT_ID = "monparis-dev"
DEFAULT_CLIENT_SECRET = "monparis-dev-secret-0123456789abcdef"
DEFAULT_CLIENT_NAME = "Mon Paris"


@dataclass(frozen=True)
class ClientConfig:
    """A service provider registered on the simulator, as on the partner portal."""

    secret: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...] = ()
    alg: str = "ES256"
    scopes: frozenset[str] = KNOWN_SCOPES
    name: str = DEFAULT_CLIENT_NAME
    idp_hint_allowlist: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Reject an algorithm that FranceConnect v2 would not let a client pick."""
        if self.alg not in SUPPORTED_CLIENT_ALGS:
            raise ValueError(f"alg must be one of {SUPPORTED_CLIENT_ALGS}, not {self.alg!r}")
        unknown = set(self.scopes) - KNOWN_SCOPES
        if unknown:
            raise ValueError(f"unknown scopes for client: {sorted(unknown)}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClientConfig:
        """Build a client from its JSON form (used by ``FCSIM_CLIENTS``)."""
        return cls(
            secret=str(data["secret"]),
            redirect_uris=_str_tuple(data["redirect_uris"]),
            post_logout_redirect_uris=_str_tuple(data.get("post_logout_redirect_uris", ())),
            alg=str(data.get("alg", "ES256")),
            scopes=frozenset(data["scopes"]) if "scopes" in data else KNOWN_SCOPES,
            name=str(data.get("name", DEFAULT_CLIENT_NAME)),
            idp_hint_allowlist=_str_tuple(data.get("idp_hint_allowlist", ())),
        )


def _str_tuple(values: Iterable[Any]) -> tuple[str, ...]:
    """Normalise a JSON list to a tuple of strings (hashable, immutable)."""
    if isinstance(values, str):
        return (values,)
    return tuple(str(value) for value in values)


def default_clients() -> dict[str, ClientConfig]:
    """The Mon Paris development client, reachable on localhost and 127.0.0.1."""
    hosts = ("http://localhost:8000", "http://127.0.0.1:8000")
    return {
        DEFAULT_CLIENT_ID: ClientConfig(
            secret=DEFAULT_CLIENT_SECRET,
            redirect_uris=tuple(f"{host}/auth/franceconnect/callback" for host in hosts),
            post_logout_redirect_uris=tuple(
                f"{host}/auth/franceconnect/logged-out" for host in hosts
            ),
            alg="ES256",
        )
    }


@dataclass
class SimulatorConfig:
    """Everything that changes between two simulator instances.

    Lifetimes default to the real FranceConnect values (code 30 s, access
    token 60 s, id_token 60 s, session 30 min) so that a client which works
    against the simulator also copes with the real platform's short TTLs.
    ``clock`` returns the current UNIX time; tests inject a fake one to make
    codes and tokens expire without sleeping.
    """

    issuer: str = DEFAULT_ISSUER
    clients: dict[str, ClientConfig] = field(default_factory=default_clients)
    code_ttl: int = 30
    access_token_ttl: int = 60
    id_token_ttl: int = 60
    session_ttl: int = 1800
    slow_delay: float = 5.0
    consent_page: bool = True
    keys_file: str | None = None
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        """Store the issuer without a trailing slash, as it appears in ``iss``."""
        self.issuer = self.issuer.rstrip("/")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SimulatorConfig:
        """Read ``FCSIM_*`` variables; unset ones keep the defaults."""
        env = os.environ if environ is None else environ
        config = cls()
        if "FCSIM_ISSUER" in env:
            config.issuer = env["FCSIM_ISSUER"].rstrip("/")
        if "FCSIM_CLIENTS" in env:
            config.clients = parse_clients(env["FCSIM_CLIENTS"])
        for name in ("code_ttl", "access_token_ttl", "id_token_ttl", "session_ttl"):
            variable = f"FCSIM_{name.upper()}"
            if variable in env:
                setattr(config, name, int(env[variable]))
        if "FCSIM_SLOW_DELAY" in env:
            config.slow_delay = float(env["FCSIM_SLOW_DELAY"])
        if "FCSIM_CONSENT_PAGE" in env:
            config.consent_page = env["FCSIM_CONSENT_PAGE"].lower() not in ("0", "false", "no")
        config.keys_file = env.get("FCSIM_KEYS_FILE") or None
        return config


def parse_clients(raw: str) -> dict[str, ClientConfig]:
    """Parse ``FCSIM_CLIENTS``: a JSON object mapping client_id to its settings."""
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("FCSIM_CLIENTS must be a JSON object keyed by client_id")
    return {str(client_id): ClientConfig.from_dict(value) for client_id, value in data.items()}
