"""The demo's routes: home, login, callback, logout and the page after logout.

The browser holds only random keys in cookies (HttpOnly, SameSite=Lax); the state, nonce, PKCE
verifier, tokens and claims stay in :class:`Partner`'s in-memory stores. Cookies are not isolated
by port, so on ``localhost`` the demo shares its cookie jar with Mon Paris (8000) and the
FranceConnect simulator (8001): the ``demo_stationnement_`` prefix keeps them apart.

Every failure is a French page with status 400: the callback catches everything, so a broken
provider answer never turns into a 500 or a stack trace in the browser.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from demopartner import pages
from demopartner.config import PartnerConfig
from demopartner.oidc import OidcError, RelyingParty, check_prompt, random_secret
from demopartner.pages import ErrorPage
from demopartner.store import ExpiringStore, PendingLogin, SignedIn

LOGIN_COOKIE = "demo_stationnement_login"
SESSION_COOKIE = "demo_stationnement_session"
LOGOUT_COOKIE = "demo_stationnement_logout"
CALLBACK_PATH = "/callback"
LOGGED_OUT_PATH = "/deconnecte"

log = logging.getLogger("demopartner")


@dataclass
class Partner:
    """Everything the routes share, built once by :func:`demopartner.app.create_app`."""

    config: PartnerConfig
    relying_party: RelyingParty = field(init=False)
    logins: ExpiringStore[PendingLogin] = field(init=False)
    sessions: ExpiringStore[SignedIn] = field(init=False)

    def __post_init__(self) -> None:
        """The stores share the configured clock, so every expiry agrees with the tests'."""
        self.relying_party = RelyingParty(self.config)
        self.logins = ExpiringStore(self.config.login_ttl, self.config.clock)
        self.sessions = ExpiringStore(self.config.session_ttl, self.config.clock)


def get_partner(request: Request) -> Partner:
    """The partner state attached to the application (one per app instance)."""
    partner: Partner = request.app.state.partner
    return partner


def origin_of(request: Request) -> str:
    """The demo's origin as the browser reached it: both loopback names are registered."""
    return f"{request.url.scheme}://{request.url.netloc}"


# --- responses --------------------------------------------------------------------------------


def set_cookie(
    request: Request, response: Response, name: str, value: str, max_age: int | None
) -> None:
    """HttpOnly and SameSite=Lax: the provider's redirect back is a top-level GET, which Lax
    allows, while a cross-site POST (a forged logout) arrives without the cookie."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def forget_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(
        name, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )


def error_response(error: ErrorPage) -> HTMLResponse:
    return HTMLResponse(pages.error_page(error), status_code=400)


def failure_page(failure: OidcError) -> ErrorPage:
    """The French explanation of a refused or failed step, with its code as the detail."""
    code = failure.code
    if failure.unreachable:
        message = "Mon Paris ne répond pas pour le moment. Réessayez dans quelques instants."
    elif code == "prompt":
        message = "Le paramètre prompt demandé n’est pas une valeur prévue par OpenID Connect."
    elif code == "login.expired":
        message = (
            "Votre demande de connexion a expiré ou n’a pas été faite depuis ce navigateur. "
            "Recommencez la connexion."
        )
    elif code == "state":
        message = (
            "La réponse reçue ne correspond pas à votre demande de connexion (paramètre state) : "
            "elle a été refusée par sécurité. Recommencez la connexion."
        )
    elif code.startswith("iss."):
        message = (
            "La réponse reçue n’indique pas qu’elle vient de Mon Paris (paramètre iss) : "
            "elle a été refusée par sécurité. Recommencez la connexion."
        )
    else:
        message = (
            "La connexion avec Mon Paris n’a pas pu être vérifiée : elle a été refusée par "
            "sécurité. Recommencez la connexion."
        )
    return ErrorPage("Connexion impossible", message, detail=code)


def provider_error_page(error: str) -> ErrorPage:
    """The provider's own ``error`` answer: refused, not signed in (``prompt=none``), or else."""
    if error == "access_denied":
        return ErrorPage(
            "Connexion refusée",
            "La connexion avec Mon Paris a été refusée ou annulée : aucune donnée n’a été "
            "transmise à ce service.",
        )
    if error == "login_required":
        return ErrorPage(
            "Vous n’êtes pas connecté à Mon Paris",
            "Connectez-vous d’abord avec Mon Paris, puis revenez à ce service.",
        )
    code = "".join(ch for ch in error[:60] if ch.isalnum() or ch in "_-.") or "inconnue"
    return ErrorPage(
        "Connexion impossible", f"Mon Paris a répondu par l’erreur « {code} ».", detail=code
    )


# --- routes -------------------------------------------------------------------------------------


async def home(request: Request) -> Response:
    """The service's page: the sign-in button, or the greeting and the claims received."""
    session = get_partner(request).sessions.get(request.cookies.get(SESSION_COOKIE))
    if session is None:
        return HTMLResponse(pages.home_page())
    return HTMLResponse(pages.signed_in_page(session.id_token_claims, session.userinfo))


async def login(request: Request) -> Response:
    """Start a sign-in: fresh state, nonce and PKCE verifier, kept here, then off to Mon Paris.

    ``GET /login?prompt=none`` (or ``consent``, ``login``) lets a test ask for a prompt; the
    home page's button posts the form without one.
    """
    partner = get_partner(request)
    redirect_uri = origin_of(request) + CALLBACK_PATH
    try:
        prompt = check_prompt(request.query_params.get("prompt"))
        authorization = await partner.relying_party.authorization_request(
            redirect_uri=redirect_uri, prompt=prompt
        )
    except OidcError as failure:
        log.warning("login refused: %s", failure.code)
        return error_response(failure_page(failure))
    pending = PendingLogin(
        state=authorization.state,
        nonce=authorization.nonce,
        code_verifier=authorization.code_verifier,
        redirect_uri=redirect_uri,
    )
    response = RedirectResponse(authorization.url, status_code=303)
    partner.logins.pop(request.cookies.get(LOGIN_COOKIE))  # a login started again replaces it
    key = partner.logins.put(pending)
    set_cookie(request, response, LOGIN_COOKIE, key, partner.config.login_ttl)
    return response


async def callback(request: Request) -> Response:
    """The provider's answer: its error, or a code to exchange once state and iss are right."""
    partner = get_partner(request)
    pending = partner.logins.pop(request.cookies.get(LOGIN_COOKIE))  # one use, whatever happens
    params = request.query_params
    try:
        if "error" in params:
            log.info("provider answered error=%s", params["error"][:60])
            response: Response = error_response(provider_error_page(params["error"]))
        else:
            session = await _complete_sign_in(partner, pending, params)
            response = RedirectResponse("/", status_code=303)
            key = partner.sessions.put(session)
            set_cookie(request, response, SESSION_COOKIE, key, None)
    except OidcError as failure:
        log.warning("sign-in refused: %s", failure.code)
        response = error_response(failure_page(failure))
    except Exception:  # a provider answer nobody foresaw: a French page, the trace in the log
        log.exception("sign-in failed unexpectedly")
        response = error_response(failure_page(OidcError("unexpected")))
    forget_cookie(request, response, LOGIN_COOKIE)
    return response


async def _complete_sign_in(
    partner: Partner, pending: PendingLogin | None, params: Mapping[str, str]
) -> SignedIn:
    """State first (it ties the answer to this browser), then iss (RFC 9207), then the code."""
    if pending is None:
        raise OidcError("login.expired")
    state = params.get("state", "")
    if not hmac.compare_digest(state.encode(), pending.state.encode()):
        raise OidcError("state")
    partner.relying_party.check_response_issuer(params.get("iss"))
    code = params.get("code")
    if not code:
        raise OidcError("code.missing")
    result = await partner.relying_party.complete_sign_in(
        code=code,
        redirect_uri=pending.redirect_uri,
        code_verifier=pending.code_verifier,
        nonce=pending.nonce,
    )
    return SignedIn(
        id_token=result.id_token, id_token_claims=result.id_token_claims, userinfo=result.userinfo
    )


async def logout(request: Request) -> Response:
    """Forget the local session, then send the browser to Mon Paris to end its session too."""
    partner = get_partner(request)
    session = partner.sessions.pop(request.cookies.get(SESSION_COOKIE))
    if session is None:
        response: Response = RedirectResponse("/", status_code=303)
    else:
        state = random_secret()
        try:
            url = await partner.relying_party.end_session_url(
                id_token=session.id_token,
                post_logout_redirect_uri=origin_of(request) + LOGGED_OUT_PATH,
                state=state,
            )
        except OidcError as failure:
            log.warning("logout: %s", failure.code)
            page = ErrorPage(
                "Déconnexion incomplète",
                "Vous êtes déconnecté du service, mais Mon Paris ne répond pas pour le moment : "
                "votre session Mon Paris est peut-être encore ouverte.",
                detail=failure.code,
            )
            response = error_response(page)
        else:
            response = RedirectResponse(url, status_code=303)
            set_cookie(request, response, LOGOUT_COOKIE, state, partner.config.login_ttl)
    forget_cookie(request, response, SESSION_COOKIE)
    return response


async def logged_out(request: Request) -> Response:
    """Back from Mon Paris's end-session endpoint: the state must be the one we sent."""
    expected = request.cookies.get(LOGOUT_COOKIE, "")
    state = request.query_params.get("state", "")
    if expected and hmac.compare_digest(state.encode(), expected.encode()):
        response: Response = HTMLResponse(pages.logged_out_page())
    else:
        log.warning("logout return refused: state mismatch")
        page = ErrorPage(
            "Déconnexion non vérifiée",
            "Ce retour de Mon Paris ne correspond à aucune déconnexion demandée depuis ce "
            "navigateur (paramètre state) : il a été ignoré.",
            detail="state",
        )
        response = error_response(page)
    forget_cookie(request, response, LOGOUT_COOKIE)
    return response
