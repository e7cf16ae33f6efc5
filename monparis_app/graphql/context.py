"""The typed context each resolver receives: who is calling, from where, with which session.

A partner app sends its session token as ``Authorization: Bearer …``. A browser on our own
pages sends the HttpOnly cookie; such a request counts as signed in only if it cannot have been
forged by another site: JSON body (a cross-site form cannot send one without a CORS preflight)
and, when the browser says where it comes from, an allowed origin.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import Info as StrawberryInfo

from monparis_app.core import sessions
from monparis_app.settings import get_settings
from monparis_app.web.client_ip import request_client_ip
from monparis_app.web.cookies import token_from_request

_UNSET = object()


def allowed_origins() -> set[str]:
    """The same origins as the websocket's (in dev also 127.0.0.1 and [::1] for the port)."""
    return set(get_settings().browser_origins)


def cookie_request_is_same_site(request: Request) -> bool:
    if request.method != "POST":
        return False
    if not request.headers.get("content-type", "").startswith("application/json"):
        return False
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    return origin is None or origin.rstrip("/") in allowed_origins()


@dataclass
class Context:
    request: Request
    response: Response | None = None
    _session: object = field(default=_UNSET, repr=False)

    @property
    def client_ip(self) -> str:
        return request_client_ip(self.request)

    @property
    def user_agent(self) -> str:
        return self.request.headers.get("user-agent", "")

    def bearer_token(self) -> str | None:
        scheme, _, token = self.request.headers.get("authorization", "").partition(" ")
        return token.strip() if scheme.lower() == "bearer" and token.strip() else None

    def session_token(self) -> str | None:
        bearer = self.bearer_token()
        if bearer:
            return bearer
        cookie = token_from_request(self.request)
        return cookie if cookie and cookie_request_is_same_site(self.request) else None

    async def session(self) -> sessions.SessionView | None:
        """The caller's live session, looked up once per request."""
        if self._session is _UNSET:
            self._session = await sessions.current_session(self.session_token())
        return self._session  # type: ignore[return-value]


Info = StrawberryInfo[Context, None]
