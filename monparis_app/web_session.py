"""The session cookie, for the HTTP doors (Starlette routes) and the Reflex states.

The token lives only in an HttpOnly, SameSite=Lax cookie (Secure in prod): page JavaScript can't
read it, and other sites' forms can't send it with a POST. Reflex states read it from the
headers of the page's websocket, which the browser sends with the cookie.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.requests import Request
from starlette.responses import Response

from monparis_app.settings import get_settings

SESSION_COOKIE = "monparis_session"


def set_session_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_max_seconds,
        path="/",
        httponly=True,
        samesite="lax",
        secure=not settings.is_dev,
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")


def token_from_request(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE)


def token_from_cookie_header(cookie_header: str) -> str | None:
    """The session token from a raw ``Cookie`` header (a Reflex state's websocket headers)."""
    cookies: SimpleCookie = SimpleCookie()
    try:
        cookies.load(cookie_header or "")
    except Exception:  # a malformed header means no session, not an error page
        return None
    morsel = cookies.get(SESSION_COOKIE)
    return morsel.value if morsel else None
