"""The browser's FranceConnect doors: start, callback, sign-out and the way back from it.

These are plain HTTP routes because they set HttpOnly cookies and send the browser across
origins. Each reads the request, calls ``monparis_app.core.franceconnect`` and maps the result to
a cookie and a redirect. An error never shows personal data: the browser is sent to the French
error page with only the error's code in the query string.

Cookies (all HttpOnly, SameSite=Lax, Secure outside dev):

- ``monparis_fc_binding`` (10 min, path ``/auth/franceconnect``): a random value whose digest is
  stored with the state, so a code and state replayed in another browser are refused. It is kept
  when already present, so two tabs started together both finish.
- ``monparis_fc_link`` (10 min, path ``/``): the pending-link token when the e-mail belongs to a
  local account; the link page reads it from the websocket's cookies, so it never sits in a URL.
- ``monparis_fc_logout`` (10 min, path ``/auth/franceconnect``): the end-session ``state``,
  checked when FranceConnect sends the browser back.
"""

from __future__ import annotations

import contextlib
import logging
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from monparis_app.adapters.franceconnect_client import FranceConnectClient
from monparis_app.core import audit, sessions
from monparis_app.core import franceconnect as fc
from monparis_app.core.errors import RateLimited
from monparis_app.settings import get_settings
from monparis_app.web_session import clear_session_cookie, set_session_cookie, token_from_request

logger = logging.getLogger("monparis.franceconnect")

START_PATH = "/auth/franceconnect/start"
CALLBACK_PATH = fc.CALLBACK_PATH
LOGOUT_PATH = "/auth/logout"
LOGGED_OUT_PATH = fc.LOGGED_OUT_PATH
ERROR_PAGE = "/franceconnect/erreur"
LINK_PAGE = "/franceconnect/lier-mon-compte"
AFTER_SIGN_IN = "/mon-compte"
AFTER_SIGN_OUT = "/?notice=signed_out"
AFTER_FC_SIGN_OUT = "/?notice=franceconnect_signed_out"
BINDING_COOKIE = "monparis_fc_binding"
LINK_COOKIE = "monparis_fc_link"
LOGOUT_COOKIE = "monparis_fc_logout"
COOKIE_PATH = "/auth/franceconnect"
MAX_COOKIE_LENGTH = 128


def make_client() -> FranceConnectClient:
    """A client for the configured FranceConnect (settings are read at each request)."""
    return FranceConnectClient()


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def _set_cookie(response: Response, name: str, value: str, *, path: str) -> None:
    response.set_cookie(
        name,
        value,
        max_age=fc.LOGIN_TTL_SECONDS,
        path=path,
        httponly=True,
        samesite="lax",
        secure=not get_settings().is_dev,
    )


def _redirect(url: str) -> RedirectResponse:
    """303 so a POST never replays, and no cache may keep a one-time answer."""
    response = RedirectResponse(url, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def error_redirect(error: fc.FranceConnectError) -> RedirectResponse:
    """Only the error's code travels in the URL; the page says it in French."""
    return _redirect(f"{ERROR_PAGE}?{urlencode({'code': error.short_code})}")


def _cookie(request: Request, name: str) -> str:
    value = request.cookies.get(name, "")
    return value if 0 < len(value) <= MAX_COOKIE_LENGTH else ""


# --- start and callback ---------------------------------------------------------------------


async def start(request: Request) -> Response:
    """The FranceConnect button (a native GET form) lands here."""
    binding = _cookie(request, BINDING_COOKIE) or fc.new_secret()
    try:
        started = await fc.start(
            make_client(), browser_binding=binding, client_ip=client_ip(request)
        )
    except fc.FranceConnectError as error:
        return error_redirect(error)
    except RateLimited:
        return _redirect(f"{ERROR_PAGE}?code=rate_limited")
    response = _redirect(started.authorization_url)
    _set_cookie(response, BINDING_COOKIE, binding, path=COOKIE_PATH)
    return response


async def callback(request: Request) -> Response:
    """FranceConnect sends the browser back here with ``code``/``state``/``iss`` or ``error``."""
    params = request.query_params
    if params.get("error"):
        await _forget_state(params.get("state", ""))
        return error_redirect(fc.provider_error(params["error"]))
    try:
        outcome = await fc.finish(
            make_client(),
            code=params.get("code", ""),
            state=params.get("state", ""),
            browser_binding=_cookie(request, BINDING_COOKIE),
            iss=params.get("iss"),
            client_ip=client_ip(request),
            user_agent=request.headers.get("user-agent", ""),
        )
    except fc.FranceConnectError as error:
        return error_redirect(error)
    if isinstance(outcome, fc.LinkRequired):
        response = _redirect(LINK_PAGE)
        _set_cookie(response, LINK_COOKIE, outcome.link_token, path="/")
        return response
    return await _signed_in(request, outcome)


async def _forget_state(state: str) -> None:
    """An error callback still uses up its state, if it is ours."""
    with contextlib.suppress(fc.FranceConnectError):
        await fc.consume_login(state, "")


async def _signed_in(request: Request, outcome: fc.SignedIn) -> Response:
    """A fresh session (any previous one is closed: no session fixation), its cookie set."""
    await sessions.close_session(token_from_request(request))
    user_agent = request.headers.get("user-agent", "")
    token = await sessions.open_session(
        outcome.account_id,
        user_agent=user_agent,
        client_ip=client_ip(request),
        fc_id_token=outcome.id_token,
    )
    response = _redirect(AFTER_SIGN_IN)
    set_session_cookie(response, token)
    response.delete_cookie(BINDING_COOKIE, path=COOKIE_PATH)
    return response


# --- sign-out -------------------------------------------------------------------------------


async def logout(request: Request) -> Response:
    """Mon Paris's session ends here; a FranceConnect one is ended by sending the browser to
    FranceConnect's end-session endpoint. A cross-site POST carries no SameSite=Lax cookie, so
    another site cannot sign anyone out."""
    session = await sessions.close_session(token_from_request(request))
    target, state = AFTER_SIGN_OUT, ""
    if session is not None:
        await audit.record(
            session.account_id,
            "signed_out",
            client_ip=client_ip(request),
            user_agent=request.headers.get("user-agent", ""),
        )
    if session is not None and session.fc_id_token:
        try:
            target, state = await fc.logout_url(make_client(), session.fc_id_token)
        except fc.FranceConnectError:
            target = AFTER_SIGN_OUT  # Mon Paris is signed out; FranceConnect's session expires
    response = _redirect(target)
    clear_session_cookie(response)
    if state:
        _set_cookie(response, LOGOUT_COOKIE, state, path=COOKIE_PATH)
    return response


async def logged_out(request: Request) -> Response:
    """FranceConnect's way back after its sign-out: the state must be the one we sent."""
    expected = _cookie(request, LOGOUT_COOKIE)
    if fc.logout_state_matches(expected, request.query_params.get("state")):
        response = _redirect(AFTER_FC_SIGN_OUT)
    else:
        logger.warning("FranceConnect failure: franceconnect.logout_state (logout.state_mismatch)")
        response = _redirect(f"{ERROR_PAGE}?code=logout_state")
    response.delete_cookie(LOGOUT_COOKIE, path=COOKIE_PATH)
    return response


routes: list[BaseRoute] = [
    Route(START_PATH, start, methods=["GET"]),
    Route(CALLBACK_PATH, callback, methods=["GET"]),
    Route(LOGOUT_PATH, logout, methods=["POST"]),
    Route(LOGGED_OUT_PATH, logged_out, methods=["GET"]),
]
