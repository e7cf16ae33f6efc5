"""The session cookie and the browser binding cookie, for the HTTP doors and the Reflex states.

The token lives only in an HttpOnly, SameSite=Lax cookie (Secure in prod): page JavaScript can't
read it, and other sites' forms can't send it with a POST. Reflex states read it from the
headers of the page's websocket, which the browser sends with the cookie.
"""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monparis_app.settings import get_settings
from monparis_app.web import routes

SESSION_COOKIE = "monparis_session"


def set_session_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_max_seconds,
        path=routes.HOME,  # the whole site
        httponly=True,
        samesite="lax",
        secure=not settings.is_dev,
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path=routes.HOME, httponly=True, samesite="lax")


def token_from_request(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE)


def _cookie_from_header(cookie_header: str, name: str) -> str | None:
    cookies: SimpleCookie = SimpleCookie()
    try:
        cookies.load(cookie_header or "")
    except Exception:  # a malformed header means no cookie, not an error page
        return None
    morsel = cookies.get(name)
    return morsel.value if morsel else None


def token_from_cookie_header(cookie_header: str) -> str | None:
    """The session token from a raw ``Cookie`` header (a Reflex state's websocket headers)."""
    return _cookie_from_header(cookie_header, SESSION_COOKIE)


# --- the browser binding ------------------------------------------------------------------

# Read by the FranceConnect pages, set by the FranceConnect routes: where a pending link or
# account creation waits for the person's answer.
LINK_COOKIE = "monparis_fc_link"
CREATION_COOKIE = "monparis_fc_creation"

BROWSER_COOKIE = "monparis_browser"
_BROWSER_COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie


def browser_binding_from_cookie_header(cookie_header: str) -> str:
    """This browser's binding value, as its page's websocket handshake carried it."""
    return _cookie_from_header(cookie_header, BROWSER_COOKIE) or ""


def browser_binding_from_request(request: Request) -> str:
    return request.cookies.get(BROWSER_COOKIE, "")


class BrowserBindingCookie:
    """Gives every browser a random HttpOnly value on its first HTTP response.

    Sign-in tickets are bound to it (``sessions.issue_ticket``): the page load sets the cookie,
    the page's websocket then carries it to the state that issues the ticket, and the ticket
    route checks that the browser redeeming the ticket carries the same value. It identifies
    no one: it is not linked to an account and is sent to our own origin only.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _has_browser_cookie(scope):
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.append("set-cookie", _new_browser_cookie())
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _has_browser_cookie(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"cookie" and BROWSER_COOKIE.encode() + b"=" in value:
            return True
    return False


def _new_browser_cookie() -> str:
    response = Response()
    response.set_cookie(
        BROWSER_COOKIE,
        secrets.token_urlsafe(32),
        max_age=_BROWSER_COOKIE_MAX_AGE,
        path=routes.HOME,  # the whole site
        httponly=True,
        samesite="lax",
        secure=not get_settings().is_dev,
    )
    return response.headers["set-cookie"]


# --- a City service's paused authorization request ------------------------------------------

# The random token of an OpenID Connect authorization request paused while the person signs
# in, signs up or consents; the request itself stays on the server.
OIDC_REQUEST_COOKIE = "monparis_oidc_request"
OIDC_REQUEST_MAX_AGE = 15 * 60


def set_oidc_request_cookie(response: Response, token: str) -> None:
    response.set_cookie(
        OIDC_REQUEST_COOKIE,
        token,
        max_age=OIDC_REQUEST_MAX_AGE,
        path=routes.HOME,  # the sign-in, sign-up and consent pages read it over the websocket
        httponly=True,
        samesite="lax",
        secure=not get_settings().is_dev,
    )


def clear_oidc_request_cookie(response: Response) -> None:
    response.delete_cookie(OIDC_REQUEST_COOKIE, path=routes.HOME, httponly=True, samesite="lax")


def oidc_request_from_request(request: Request) -> str:
    return request.cookies.get(OIDC_REQUEST_COOKIE, "")


def oidc_request_from_cookie_header(cookie_header: str) -> str:
    return _cookie_from_header(cookie_header, OIDC_REQUEST_COOKIE) or ""


def after_sign_in(request: Request, default: str) -> str:
    """Where a browser goes once signed in: back into a City service's paused request if one
    waits (the continue route checks it), else where the sign-in was heading."""
    if default == routes.ACCOUNT and oidc_request_from_request(request):
        return routes.OIDC_CONTINUE
    return default
