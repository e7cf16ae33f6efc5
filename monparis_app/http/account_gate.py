"""A browser with no session cookie asking for ``/mon-compte`` is sent to the sign-in page at once.

Without this, it would download the whole page and open a websocket only for the page's state to
find nobody signed in and send it on (two page loads on a phone). The cookie's presence is all
that is judged here; whether the session is alive is still the page's question, so a stale
cookie takes the usual way.
"""

from __future__ import annotations

from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from monparis_app.web import routes
from monparis_app.web.cookies import SESSION_COOKIE

_GUARDED = {routes.ACCOUNT, routes.ACCOUNT + "/"}


class SignedOutAccountRedirect:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _signed_out_account_request(scope):
            response = RedirectResponse(routes.SIGN_IN_REQUIRED, status_code=303)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _signed_out_account_request(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
        return False
    return scope["path"] in _GUARDED and not _has_session_cookie(scope)


def _has_session_cookie(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"cookie" and f"{SESSION_COOKIE}=".encode() in value:
            return True
    return False
