"""Where FranceConnect is, who we are there, and the numbers every FranceConnect journey obeys.

Derived from the ``MONPARIS_FC_*`` settings; with no issuer set (dev only: prod refuses it) the
local simulator (``python -m fcsim``) and its registered client are used.
"""

from __future__ import annotations

from dataclasses import dataclass

from monparis_app.core.franceconnect.results import failure
from monparis_app.settings import Settings, get_settings
from monparis_app.web import routes

LOGIN_TTL_SECONDS = 600
LINK_TTL_SECONDS = 600
# Long enough to read the terms, short enough that an abandoned identity does not linger.
CREATION_TTL_SECONDS = 900
CALLBACK_PATH = routes.FRANCECONNECT_CALLBACK
LOGGED_OUT_PATH = routes.FRANCECONNECT_LOGGED_OUT
SIMULATOR_CLIENT_ID = "monparis-dev"
SIMULATOR_CLIENT_SECRET = "monparis-dev-secret-0123456789abcdef"
ACR_LEVELS = ("eidas1", "eidas2", "eidas3")
REQUIRED_ACR = "eidas1"


@dataclass(frozen=True)
class FranceConnectConfig:
    """Where FranceConnect is and who we are there."""

    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    redirect_uri: str
    post_logout_redirect_uri: str
    allowed_redirect_uris: tuple[str, ...]


def config_from_settings(settings: Settings | None = None) -> FranceConnectConfig:
    """With no issuer set (dev only: prod refuses it), the local simulator and its client."""
    s = settings or get_settings()
    base = s.base_url
    if s.uses_fc_simulator:
        issuer = f"http://localhost:{s.fc_simulator_port}/api/v2"
        client_id, secret = SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET
    else:
        issuer, client_id, secret = s.fc_issuer.rstrip("/"), s.fc_client_id, s.fc_client_secret
    redirect_uri = s.fc_redirect_uri or f"{base}{CALLBACK_PATH}"
    extra = tuple(uri.strip() for uri in s.fc_allowed_redirect_uris.split(",") if uri.strip())
    return FranceConnectConfig(
        issuer=issuer,
        client_id=client_id,
        client_secret=secret,
        scopes=s.fc_scopes,
        redirect_uri=redirect_uri,
        post_logout_redirect_uri=s.fc_post_logout_redirect_uri or f"{base}{LOGGED_OUT_PATH}",
        allowed_redirect_uris=(redirect_uri, *extra),
    )


def check_redirect_uri(redirect_uri: str, config: FranceConnectConfig) -> str:
    """Exact match against the allow-list: anything else would be an open redirect."""
    if redirect_uri not in config.allowed_redirect_uris:
        raise failure("redirect_uri_not_allowed", "redirect_uri.not_allow_listed")
    return redirect_uri
