"""Configuration of the demo partner: who the provider is, who we are, and the clock.

The values mirror the client registered on the Mon Paris provider (see the contract in
:mod:`demopartner`). Everything a test needs to change is a field: ``transport`` decides how the
server-side calls (discovery, JWKS, token, userinfo) reach the provider, so a test can serve them
from a small in-process Starlette app through :class:`httpx.ASGITransport`; ``clock`` lets a test
make ID tokens and pending logins expire without sleeping.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

DEFAULT_ISSUER = "http://localhost:8000"
DEFAULT_CLIENT_ID = "demo-stationnement"
DEFAULT_CLIENT_SECRET = "demo-stationnement-secret-dev"
DEFAULT_SCOPES = "openid profile email address"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8002


@dataclass(frozen=True)
class PartnerConfig:
    """Everything that changes between two demo partner instances.

    ``login_ttl`` bounds how long a sign-in may stay pending between ``/login`` and
    ``/callback`` (and a sign-out between ``/logout`` and ``/deconnecte``); ``session_ttl`` how
    long a signed-in session is kept in memory. ``leeway`` absorbs clock skew with the provider.
    """

    issuer: str = DEFAULT_ISSUER
    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET
    scopes: str = DEFAULT_SCOPES
    transport: httpx.AsyncBaseTransport | None = None
    timeout: float = 10.0
    login_ttl: int = 600
    session_ttl: int = 8 * 3600
    leeway: int = 30
    clock: Callable[[], float] = field(default=time.time, compare=False)

    def __post_init__(self) -> None:
        """Store the issuer without a trailing slash: it is compared byte for byte with ``iss``."""
        object.__setattr__(self, "issuer", self.issuer.rstrip("/"))

    @property
    def issuer_origin(self) -> str:
        """Scheme and host of the provider, where the browser is sent (used by the CSP)."""
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> PartnerConfig:
        """Read the ``DEMO_PARTNER_*`` variables; unset or empty ones keep the defaults."""
        env = os.environ if environ is None else environ
        return cls(
            issuer=env.get("DEMO_PARTNER_ISSUER") or DEFAULT_ISSUER,
            client_id=env.get("DEMO_PARTNER_CLIENT_ID") or DEFAULT_CLIENT_ID,
            client_secret=env.get("DEMO_PARTNER_CLIENT_SECRET") or DEFAULT_CLIENT_SECRET,
            scopes=env.get("DEMO_PARTNER_SCOPES") or DEFAULT_SCOPES,
        )
