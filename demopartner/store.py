"""In-memory, expiring records keyed by a random cookie value.

The demo runs as one process and keeps nothing across restarts, so a dictionary is enough. The
browser only ever holds the random key (an HttpOnly cookie): the state, nonce, PKCE verifier,
tokens and claims never leave the server. Expired records are purged whenever a new one is
stored, so a browser that never comes back costs nothing for long.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class PendingLogin:
    """What ``/login`` sent to the provider, to be checked when the browser comes back."""

    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str


@dataclass(frozen=True)
class SignedIn:
    """A signed-in user: the claims received and the raw ID token (the ``id_token_hint``)."""

    id_token: str
    id_token_claims: dict[str, Any]
    userinfo: dict[str, Any]


@dataclass(frozen=True)
class PendingLogout:
    """The ``state`` sent to the provider's end-session endpoint."""

    state: str


@dataclass
class _Entry(Generic[T]):
    value: T
    expires_at: float


@dataclass
class ExpiringStore(Generic[T]):
    """Records that vanish after ``ttl`` seconds of the injected clock."""

    ttl: float
    clock: Callable[[], float]
    _entries: dict[str, _Entry[T]] = field(default_factory=dict)

    def put(self, value: T) -> str:
        """Keep ``value`` under a new unguessable key, returned for the cookie."""
        self._purge()
        key = secrets.token_urlsafe(32)
        self._entries[key] = _Entry(value, self.clock() + self.ttl)
        return key

    def get(self, key: str | None) -> T | None:
        """The live record under ``key``, if any."""
        entry = self._entries.get(key) if key else None
        if entry is None or entry.expires_at <= self.clock():
            return None
        return entry.value

    def pop(self, key: str | None) -> T | None:
        """Take the live record out: each one is used once (no replay of a callback)."""
        value = self.get(key)
        if key:
            self._entries.pop(key, None)
        return value

    def __len__(self) -> int:
        return len(self._entries)

    def _purge(self) -> None:
        now = self.clock()
        for key in [key for key, entry in self._entries.items() if entry.expires_at <= now]:
            del self._entries[key]
