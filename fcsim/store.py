"""In-memory state of the simulator: interactions, codes, tokens, sessions.

The simulator runs as a single process, so plain dictionaries are enough.
Every record carries its own expiry, checked against the injectable clock,
and expired records are purged lazily whenever a new one is stored.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar


@dataclass
class AuthorizationRequest:
    """The validated parameters of an /authorize call."""

    client_id: str
    redirect_uri: str
    scope: str
    state: str
    nonce: str
    acr: str
    idp_hint: str | None = None
    code_challenge: str | None = None


@dataclass
class Interaction:
    """A browser going through the chooser, login and consent pages."""

    uid: str
    request: AuthorizationRequest
    expires_at: float
    idp: str | None = None
    login: str | None = None
    auth_time: int | None = None
    sid: str | None = None


@dataclass
class AuthorizationCode:
    """A code handed to the client; single use, bound to client and redirect_uri."""

    code: str
    request: AuthorizationRequest
    login: str
    idp: str
    auth_time: int
    sid: str
    expires_at: float
    used: bool = False
    access_tokens: list[str] = field(default_factory=list)


@dataclass
class AccessToken:
    """An opaque bearer token for /userinfo."""

    token: str
    client_id: str
    scope: str
    login: str
    idp: str
    expires_at: float


@dataclass
class BrowserSession:
    """The simulator's own session with the browser (``sid`` in the id_token)."""

    sid: str
    login: str
    idp: str
    auth_time: int
    expires_at: float


RecordT = TypeVar("RecordT", Interaction, AuthorizationCode, AccessToken, BrowserSession)


class ExpiringMap(Generic[RecordT]):
    """A dictionary whose records disappear once their ``expires_at`` is past."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._items: dict[str, RecordT] = {}

    def put(self, key: str, record: RecordT) -> None:
        """Store a record, purging expired ones so memory stays bounded."""
        now = self._clock()
        self._items = {k: v for k, v in self._items.items() if v.expires_at > now}
        self._items[key] = record

    def get(self, key: str | None) -> RecordT | None:
        """The record if it exists and has not expired."""
        record = self._items.get(key) if key else None
        if record is None or record.expires_at <= self._clock():
            return None
        return record

    def get_even_expired(self, key: str) -> RecordT | None:
        """The record even past its expiry (to tell "expired" from "unknown")."""
        return self._items.get(key)

    def pop(self, key: str | None) -> RecordT | None:
        """Remove and return a record."""
        return self._items.pop(key, None) if key else None


class Store:
    """All the simulator's state, sharing one clock."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.interactions: ExpiringMap[Interaction] = ExpiringMap(clock)
        self.codes: ExpiringMap[AuthorizationCode] = ExpiringMap(clock)
        self.access_tokens: ExpiringMap[AccessToken] = ExpiringMap(clock)
        self.sessions: ExpiringMap[BrowserSession] = ExpiringMap(clock)


def new_token(nbytes: int = 32) -> str:
    """An unguessable URL-safe identifier for codes, tokens and interactions."""
    return secrets.token_urlsafe(nbytes)
