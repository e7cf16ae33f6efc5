"""The browser's FranceConnect doors: start, callback, sign-out and the way back from it;
also the account page's "Relier mon compte à FranceConnect" and the terms page's "Annuler".

These are plain HTTP routes because they set HttpOnly cookies and send the browser across
origins. Each reads the request, calls ``monparis_app.core.franceconnect`` and maps the result to
a cookie and a redirect. An error never shows personal data: the browser is sent to the French
error page with only the error's code in the query string.
The OIDC client is the one registered at start-up (``franceconnect_client.install()`` in
``create_api``): no route builds its own, so a test or a deployment swaps it in one place.

Cookies (all HttpOnly, SameSite=Lax, Secure outside dev):

- ``monparis_fc_binding`` (10 min, path ``/auth/franceconnect``): a random value whose digest is
  stored with the state, so a code and state replayed in another browser are refused. It is kept
  when already present, so two tabs started together both finish.
- ``monparis_fc_link`` (10 min, path ``/``): the pending-link token when the e-mail belongs to a
  local account; the link page reads it from the websocket's cookies, so it never sits in a URL.
- ``monparis_fc_creation`` (15 min, path ``/``): the pending-creation token of a new identity,
  read by the terms page the same way; the account exists only once the terms are accepted.
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

from monparis_app.core import franceconnect as fc
from monparis_app.core import sessions
from monparis_app.core.errors import RateLimited
from monparis_app.core.oidc_provider import registered_clients
from monparis_app.settings import get_settings
from monparis_app.web import routes
from monparis_app.web.client_ip import request_client_ip
from monparis_app.web.cookies import (
    CREATION_COOKIE,
    LINK_COOKIE,
    after_sign_in,
    browser_binding_from_request,
    clear_session_cookie,
    set_session_cookie,
    token_from_request,
)

logger = logging.getLogger("monparis.franceconnect")

# The paths, under the names the FranceConnect pages import (written in ``monparis_app.web.routes``).
START_PATH = routes.FRANCECONNECT_START
LINK_START_PATH = routes.FRANCECONNECT_LINK_START
CALLBACK_PATH = routes.FRANCECONNECT_CALLBACK
LOGOUT_PATH = routes.LOGOUT
LOGGED_OUT_PATH = routes.FRANCECONNECT_LOGGED_OUT
ERROR_PAGE = routes.FRANCECONNECT_ERROR
LINK_PAGE = routes.FRANCECONNECT_LINK
CREATION_PAGE = routes.FRANCECONNECT_CREATION
CANCEL_CREATION_PATH = routes.FRANCECONNECT_CANCEL_CREATION
AFTER_CREATION_CANCELLED = f"{ERROR_PAGE}?code=creation_cancelled"
AFTER_SIGN_IN = routes.ACCOUNT
ACCOUNT_PAGE = routes.ACCOUNT
SIGN_IN_PAGE = routes.SIGN_IN
AFTER_SIGN_OUT = f"{routes.HOME}?notice=signed_out"
AFTER_FC_SIGN_OUT = f"{routes.HOME}?notice=franceconnect_signed_out"
BINDING_COOKIE = "monparis_fc_binding"
LOGOUT_COOKIE = "monparis_fc_logout"
COOKIE_PATH = routes.FRANCECONNECT_ROUTES
MAX_COOKIE_LENGTH = 128
# Where a City service asked to land after an RP-initiated logout that ends FranceConnect too.
AFTER_LOGOUT_COOKIE = "monparis_after_logout"
MAX_AFTER_LOGOUT_LENGTH = 1000


def client_ip(request: Request) -> str:
    return request_client_ip(request)


def _set_cookie(
    response: Response, name: str, value: str, *, path: str, max_age: int = fc.LOGIN_TTL_SECONDS
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
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
        started = await fc.start(browser_binding=binding, client_ip=client_ip(request))
    except fc.FranceConnectError as error:
        return error_redirect(error)
    except RateLimited:
        return _redirect(f"{ERROR_PAGE}?code=rate_limited")
    response = _redirect(started.authorization_url)
    _set_cookie(response, BINDING_COOKIE, binding, path=COOKIE_PATH)
    return response


def account_page_redirect(code: str) -> RedirectResponse:
    """An account-link answer belongs on the account page; only a code travels."""
    return _redirect(f"{ACCOUNT_PAGE}?{urlencode({'franceconnect': code})}")


async def start_link(request: Request) -> Response:
    """ "Relier mon compte à FranceConnect" on the account page (a native POST form: a
    cross-site POST carries no SameSite=Lax session cookie, so no other site can start it)."""
    session = await sessions.current_session(token_from_request(request))
    if session is None:
        return _redirect(SIGN_IN_PAGE)
    binding = _cookie(request, BINDING_COOKIE) or fc.new_secret()
    try:
        started = await fc.start_account_link(
            account_id=session.account_id,
            browser_binding=binding,
            client_ip=client_ip(request),
        )
    except fc.FranceConnectError as error:
        return account_page_redirect(error.short_code)
    except RateLimited:
        return account_page_redirect("rate_limited")
    response = _redirect(started.authorization_url)
    _set_cookie(response, BINDING_COOKIE, binding, path=COOKIE_PATH)
    return response


async def callback(request: Request) -> Response:
    """FranceConnect sends the browser back here with ``code``/``state``/``iss`` or ``error``."""
    params = request.query_params
    if params.get("error"):
        error = fc.provider_error(params["error"])
        if await fc.abandon_login(params.get("state", "")):
            return account_page_redirect(error.short_code)
        return error_redirect(error)
    session = await sessions.current_session(token_from_request(request))
    try:
        outcome = await fc.finish(
            code=params.get("code", ""),
            state=params.get("state", ""),
            browser_binding=_cookie(request, BINDING_COOKIE),
            iss=params.get("iss"),
            client_ip=client_ip(request),
            user_agent=request.headers.get("user-agent", ""),
            signed_in_account_id=session.account_id if session else None,
        )
    except fc.FranceConnectError as error:
        if error.during_link:
            return account_page_redirect(error.short_code)
        return error_redirect(error)
    if isinstance(outcome, fc.LinkRequired):
        response = _redirect(LINK_PAGE)
        _set_cookie(response, LINK_COOKIE, outcome.link_token, path=routes.HOME)
        return response
    if isinstance(outcome, fc.TermsRequired):
        response = _redirect(CREATION_PAGE)
        _set_cookie(
            response,
            CREATION_COOKIE,
            outcome.creation_token,
            path=routes.HOME,
            max_age=fc.CREATION_TTL_SECONDS,
        )
        return response
    if isinstance(outcome, fc.Linked):
        # A fresh session holding the id_token, so sign-out ends FranceConnect's session too.
        return await _signed_in(request, outcome, account_page_redirect("linked"))
    return await _signed_in(request, outcome, _redirect(after_sign_in(request, AFTER_SIGN_IN)))


async def _signed_in(
    request: Request, outcome: fc.SignedIn | fc.Linked, response: RedirectResponse
) -> Response:
    """A fresh session (any previous one is closed: no session fixation), its cookie set."""
    await sessions.close_session(token_from_request(request))
    user_agent = request.headers.get("user-agent", "")
    token = await sessions.open_session(
        outcome.account_id,
        user_agent=user_agent,
        client_ip=client_ip(request),
        fc_id_token=outcome.id_token,
        browser_binding=browser_binding_from_request(request),
    )
    set_session_cookie(response, token)
    response.delete_cookie(BINDING_COOKIE, path=COOKIE_PATH)
    return response


async def cancel_creation(request: Request) -> Response:
    """ "Annuler" on the terms page (a native POST form): the pending identity and its cookie
    are dropped at once. A cross-site POST carries no SameSite=Lax cookie, so it does nothing."""
    with contextlib.suppress(fc.FranceConnectError):
        await fc.cancel_creation(_cookie(request, CREATION_COOKIE))
    response = _redirect(AFTER_CREATION_CANCELLED)
    response.delete_cookie(CREATION_COOKIE, path=routes.HOME)
    response.delete_cookie(BINDING_COOKIE, path=COOKIE_PATH)
    return response


# --- sign-out -------------------------------------------------------------------------------


async def logout(request: Request) -> Response:
    """Mon Paris's session ends here; a FranceConnect one is ended by sending the browser to
    FranceConnect's end-session endpoint. A cross-site POST carries no SameSite=Lax cookie, so
    another site cannot sign anyone out."""
    return await sign_out_then(request, AFTER_SIGN_OUT)


async def sign_out_then(request: Request, final_url: str) -> Response:
    """Sign out of Mon Paris (and of FranceConnect, through its end-session page), then land on
    ``final_url``: Mon Paris's home, or a City service's registered post-logout page."""
    session = await sessions.sign_out(
        token_from_request(request),
        client_ip=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    target, state = final_url, ""
    if session is not None and session.fc_id_token:
        try:
            target, state = await fc.logout_url(None, session.fc_id_token)
        except fc.FranceConnectError:
            target = final_url  # Mon Paris is signed out; FranceConnect's session expires
    response = _redirect(target)
    clear_session_cookie(response)
    if state:
        _set_cookie(response, LOGOUT_COOKIE, state, path=COOKIE_PATH)
        if final_url != AFTER_SIGN_OUT:
            _set_cookie(response, AFTER_LOGOUT_COOKIE, final_url, path=COOKIE_PATH)
    return response


async def logged_out(request: Request) -> Response:
    """FranceConnect's way back after its sign-out: the state must be the one we sent."""
    expected = _cookie(request, LOGOUT_COOKIE)
    if fc.logout_state_matches(expected, request.query_params.get("state")):
        response = _redirect(_service_after_logout(request) or AFTER_FC_SIGN_OUT)
    else:
        logger.warning("FranceConnect failure: franceconnect.logout_state (logout.state_mismatch)")
        response = _redirect(f"{ERROR_PAGE}?code=logout_state")
    response.delete_cookie(LOGOUT_COOKIE, path=COOKIE_PATH)
    response.delete_cookie(AFTER_LOGOUT_COOKIE, path=COOKIE_PATH)
    return response


def _service_after_logout(request: Request) -> str | None:
    """A City service's post-logout page, kept while FranceConnect signed the person out; only
    a URI registered for a service is followed (the cookie is ours, checked anyway)."""
    target = request.cookies.get(AFTER_LOGOUT_COOKIE, "")
    if not target or len(target) > MAX_AFTER_LOGOUT_LENGTH:
        return None
    registered = {u for c in registered_clients().values() for u in c.post_logout_redirect_uris}
    return target if target.split("?", 1)[0] in registered else None


http_routes: list[BaseRoute] = [
    Route(START_PATH, start, methods=["GET"]),
    Route(CALLBACK_PATH, callback, methods=["GET"]),
    Route(LINK_START_PATH, start_link, methods=["POST"]),
    Route(CANCEL_CREATION_PATH, cancel_creation, methods=["POST"]),
    Route(LOGOUT_PATH, logout, methods=["POST"]),
    Route(LOGGED_OUT_PATH, logged_out, methods=["GET"]),
]
