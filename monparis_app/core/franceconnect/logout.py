"""Signing out of FranceConnect too: its end-session URL, and the state checked on return."""

from __future__ import annotations

import hmac

from monparis_app.core.franceconnect.oidc import client_or_default
from monparis_app.core.franceconnect.pending import new_secret
from monparis_app.core.ports import OidcClient


async def logout_url(client: OidcClient | None, id_token: str) -> tuple[str, str]:
    """FranceConnect's end-session URL and the state to check when the browser comes back."""
    state = new_secret()
    url = await client_or_default(client).end_session_url(id_token=id_token, state=state)
    return url, state


def logout_state_matches(expected: str | None, returned: str | None) -> bool:
    """The state FranceConnect sends back names the sign-out this browser started."""
    if not expected or not returned:
        return False
    return hmac.compare_digest(expected.encode(), returned.encode())
