"""The HTTP doors of "Se connecter avec Mon Paris" (Mon Paris as an OpenID Connect provider).

Browser-facing: ``authorize`` (a City service sends the person here), ``continue`` (back from
the sign-in or sign-up), ``consent`` (the consent page's two native POST forms) and
``logout`` (RP-initiated logout). Service-facing: ``token``, ``userinfo``, the discovery
document and the JWKS. Each reads the request, calls ``monparis_app.core.oidc_provider`` and
maps the outcome to a redirect, a cookie or JSON; the protocol lives in the core.

A paused request (sign-in, sign-up or consent needed) is held by the server; the browser keeps
only its random token in the HttpOnly ``monparis_oidc_request`` cookie (SameSite=Lax, so a
cross-site POST to ``consent`` carries neither it nor the session cookie).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from monparis_app.core import oidc_provider as oidc
from monparis_app.core import sessions
from monparis_app.http import franceconnect as fc_routes
from monparis_app.settings import get_settings
from monparis_app.web import routes
from monparis_app.web.cookies import (
    clear_oidc_request_cookie,
    oidc_request_from_request,
    set_oidc_request_cookie,
    token_from_request,
)

MAX_FORM_BYTES = 16 * 1024
# Public documents a service's own page may fetch from another origin (no cookie involved).
PUBLIC_CORS = {"Access-Control-Allow-Origin": "*"}


def _same_origin(request: Request) -> bool:
    """Defence in depth beside SameSite: a browser's POST names its page's origin."""
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.url.netloc}"
    return origin is None or origin in (own, get_settings().base_url)


def _redirect(url: str) -> RedirectResponse:
    """303, never cached: every answer of these routes is for one request only."""
    response = RedirectResponse(url, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def _error_page(code: str) -> RedirectResponse:
    """Only a fixed error code travels in the URL; the page says it in French."""
    return _redirect(f"{routes.OIDC_ERROR}?{urlencode({'code': code})}")


def _answer(answer: oidc.HttpAnswer, *, cors: bool = False) -> Response:
    headers = dict(answer.headers)
    headers.pop("Content-Type", None)
    if cors:
        headers.update(PUBLIC_CORS)
    return JSONResponse(answer.body, status_code=answer.status, headers=headers)


def _respond(outcome: oidc.AuthorizeOutcome) -> Response:
    """One outcome of the authorization request, as the browser should see it."""
    if isinstance(outcome, oidc.ToClient):
        response = _redirect(outcome.url)
        clear_oidc_request_cookie(response)
        return response
    if isinstance(outcome, oidc.ErrorPage):
        response = _error_page(outcome.code)
        clear_oidc_request_cookie(response)
        return response
    target = (
        routes.SIGN_IN_FOR_SERVICE
        if isinstance(outcome, oidc.SignInNeeded)
        else routes.OIDC_CONSENT
    )
    response = _redirect(target)
    set_oidc_request_cookie(response, outcome.pending_token)
    return response


async def _params(request: Request) -> dict[str, str]:
    """GET's query or POST's form (OIDC Core §3.1.2.1 allows both), first value of each."""
    if request.method == "POST":
        form = await request.form(max_files=0, max_fields=50)
        return {k: v for k, v in form.items() if isinstance(v, str)}
    return dict(request.query_params)


async def _session(request: Request) -> sessions.SessionView | None:
    return await sessions.current_session(token_from_request(request))


async def authorize(request: Request) -> Response:
    try:
        params = await _params(request)
    except HTTPException:  # a form past Starlette's bounds: the same page as any other excess
        return _error_page("invalid_request")
    outcome = await oidc.authorize(params, await _session(request))
    return _respond(outcome)


async def resume(request: Request) -> Response:
    """Back from the sign-in or the sign-up: the paused request goes on."""
    outcome = await oidc.resume(oidc_request_from_request(request), await _session(request))
    return _respond(outcome)


async def consent(request: Request) -> Response:
    """The consent page's "Autoriser" / "Refuser" (native POST forms)."""
    if not _same_origin(request):
        return _error_page("invalid_request")
    form = await request.form(max_files=0, max_fields=5)
    decision = form.get("decision")
    if decision not in ("allow", "deny"):
        return _error_page("invalid_request")
    outcome = await oidc.decide(
        oidc_request_from_request(request), await _session(request), allow=decision == "allow"
    )
    return _respond(outcome)


async def token(request: Request) -> Response:
    try:
        form = await request.form(max_files=0, max_fields=20)
    except HTTPException:  # too many fields: still an OAuth error, in JSON (RFC 6749 §5.2)
        return JSONResponse(
            {"error": "invalid_request"}, status_code=400, headers={"Cache-Control": "no-store"}
        )
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    answer = await oidc.token_response(dict(request.headers), fields)
    return _answer(answer)


async def userinfo(request: Request) -> Response:
    answer = await oidc.userinfo_response(request.method, dict(request.headers))
    return _answer(answer, cors=True)


async def end_session(request: Request) -> Response:
    """RP-initiated logout: the Mon Paris session of the person the ID token names ends, and
    the browser goes to the service's registered post-logout URI (with its ``state``)."""
    ended = await oidc.end_session(await _params(request))
    if ended.error:
        return _error_page("logout_invalid")
    session = await _session(request)
    if session is None or ended.subject != str(session.account_id):
        # Nobody here to sign out (or not the person the ID token names): no "signed out" news.
        return _redirect(ended.redirect_uri or routes.HOME)
    target = ended.redirect_uri or f"{routes.HOME}?notice=signed_out"
    # The same sign-out as Mon Paris's own button, FranceConnect's session included; then on
    # to the service's post-logout page.
    return await fc_routes.sign_out_then(request, target)


async def discovery(_: Request) -> Response:
    document: dict[str, Any] = oidc.discovery_document()
    return JSONResponse(document, headers={**PUBLIC_CORS, "Cache-Control": "public, max-age=300"})


async def jwks(_: Request) -> Response:
    keys = await oidc.jwks()
    return JSONResponse(keys, headers={**PUBLIC_CORS, "Cache-Control": "public, max-age=300"})


http_routes: list[BaseRoute] = [
    Route(routes.OIDC_DISCOVERY, discovery, methods=["GET"]),
    Route(routes.OIDC_JWKS, jwks, methods=["GET"]),
    Route(routes.OIDC_AUTHORIZE, authorize, methods=["GET", "POST"]),
    Route(routes.OIDC_CONTINUE, resume, methods=["GET"]),
    Route(routes.OIDC_CONSENT_DECISION, consent, methods=["POST"]),
    Route(routes.OIDC_TOKEN, token, methods=["POST"]),
    Route(routes.OIDC_USERINFO, userinfo, methods=["GET", "POST"]),
    Route(routes.OIDC_END_SESSION, end_session, methods=["GET", "POST"]),
]
