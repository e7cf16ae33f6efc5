"""Browser-facing endpoints: /authorize, the interaction pages, /session/end.

Flow, as on FranceConnect: /authorize validates the request and opens an
*interaction*; the browser then sees the identity-provider chooser, the
chosen provider's login form, optionally the "Continuer sur …" page, and is
finally sent back to the client's redirect_uri with ``code``, ``state`` and
``iss``.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from fcsim import pages
from fcsim.authorize import PageError, RedirectError, validate_authorize
from fcsim.context import SESSION_COOKIE, Simulator, add_query, get_simulator, redirect
from fcsim.identities import (
    ERROR_SCENARIOS,
    IDENTITY_PROVIDERS,
    TEST_PASSWORD,
    IdentityProvider,
    Scenario,
    find_error_scenario,
    find_identity,
    find_provider,
)
from fcsim.scopes import claims_for_scopes, split_scope
from fcsim.store import AuthorizationCode, BrowserSession, Interaction, new_token

EXPIRED_INTERACTION = (
    "Cette demande de connexion est inconnue ou a expiré. "
    "Revenez sur le site du fournisseur de service pour recommencer."
)


async def request_params(request: Request) -> dict[str, str]:
    """Parameters of a GET (query string) or POST (form body) request."""
    if request.method == "POST":
        form = await request.form()
        return {key: value for key, value in form.items() if isinstance(value, str)}
    return dict(request.query_params)


def error_response(message: str, status_code: int = 400) -> HTMLResponse:
    """An HTML error page, for errors that must not be redirected to a client."""
    return HTMLResponse(pages.error_page(message), status_code=status_code)


def error_redirect(request: Request, sim: Simulator, error: RedirectError) -> RedirectResponse:
    """Send the browser back to the client with an OAuth error (and ``iss``)."""
    params = {
        "error": error.error,
        "error_description": error.description,
        "state": error.state,
        "iss": sim.issuer,
    }
    return redirect(request, add_query(error.redirect_uri, params))


async def authorize(request: Request) -> Response:
    """GET or POST /authorize: validate, then open an interaction."""
    sim = get_simulator(request)
    params = await request_params(request)
    try:
        auth_request = validate_authorize(params, sim.config.clients)
    except PageError as exc:
        return error_response(exc.message)
    except RedirectError as exc:
        return error_redirect(request, sim, exc)
    interaction = Interaction(
        uid=new_token(16),
        request=auth_request,
        expires_at=sim.now() + sim.config.session_ttl,
        idp=auth_request.idp_hint,
    )
    sim.store.interactions.put(interaction.uid, interaction)
    step = "/login" if interaction.idp else ""
    return redirect(request, sim.local(f"/interaction/{interaction.uid}{step}"))


def _interaction(request: Request, sim: Simulator) -> Interaction | None:
    """The live interaction named in the URL, if any."""
    return sim.store.interactions.get(request.path_params["uid"])


def _client_name(sim: Simulator, interaction: Interaction) -> str:
    """Display name of the client, as registered."""
    return sim.config.clients[interaction.request.client_id].name


async def chooser(request: Request) -> Response:
    """GET /interaction/{uid}: "Je choisis un compte pour me connecter sur …"."""
    sim = get_simulator(request)
    interaction = _interaction(request, sim)
    if interaction is None:
        return error_response(EXPIRED_INTERACTION)
    base = f"/interaction/{interaction.uid}"
    html = pages.chooser_page(
        client_name=_client_name(sim, interaction),
        providers=IDENTITY_PROVIDERS,
        action=sim.local(f"{base}/idp"),
        cancel_url=sim.local(f"{base}/abort"),
    )
    return HTMLResponse(html)


async def choose_provider(request: Request) -> Response:
    """POST /interaction/{uid}/idp: remember the provider, show its login form."""
    sim = get_simulator(request)
    interaction = _interaction(request, sim)
    if interaction is None:
        return error_response(EXPIRED_INTERACTION)
    form = await request.form()
    provider = find_provider(str(form.get("idp", "")))
    if provider is None:
        return redirect(request, sim.local(f"/interaction/{interaction.uid}"))
    interaction.idp = provider.id
    return redirect(request, sim.local(f"/interaction/{interaction.uid}/login"))


async def abort(request: Request) -> Response:
    """GET /interaction/{uid}/abort: the user cancels → ``access_denied``."""
    sim = get_simulator(request)
    interaction = sim.store.interactions.pop(request.path_params["uid"])
    if interaction is None or interaction.expires_at <= sim.now():
        return error_response(EXPIRED_INTERACTION)
    error, description = ERROR_SCENARIOS[Scenario.ACCESS_DENIED]
    auth_request = interaction.request
    exc = RedirectError(auth_request.redirect_uri, error, description, auth_request.state)
    return error_redirect(request, sim, exc)


def _provider_of(interaction: Interaction) -> IdentityProvider | None:
    """The provider chosen for this interaction, if one was chosen."""
    return find_provider(interaction.idp) if interaction.idp else None


def _login_html(
    sim: Simulator, interaction: Interaction, provider: IdentityProvider, **kwargs: object
) -> str:
    """Render the provider's login form for this interaction."""
    base = f"/interaction/{interaction.uid}"
    return pages.login_page(
        provider=provider,
        action=sim.local(f"{base}/login"),
        back_url=sim.local(base),
        login=str(kwargs.get("login", "")),
        error=bool(kwargs.get("error", False)),
    )


async def login_form(request: Request) -> Response:
    """GET /interaction/{uid}/login: the mock identity provider's form."""
    sim = get_simulator(request)
    interaction = _interaction(request, sim)
    if interaction is None:
        return error_response(EXPIRED_INTERACTION)
    provider = _provider_of(interaction)
    if provider is None:
        return redirect(request, sim.local(f"/interaction/{interaction.uid}"))
    return HTMLResponse(_login_html(sim, interaction, provider))


async def login_submit(request: Request) -> Response:
    """POST /interaction/{uid}/login: check the credentials or play a scenario."""
    sim = get_simulator(request)
    interaction = _interaction(request, sim)
    if interaction is None:
        return error_response(EXPIRED_INTERACTION)
    provider = _provider_of(interaction)
    if provider is None:
        return redirect(request, sim.local(f"/interaction/{interaction.uid}"))
    form = await request.form()
    login, password = str(form.get("login", "")), str(form.get("password", ""))
    scenario = find_error_scenario(login)
    identity = find_identity(login)
    if password != TEST_PASSWORD or (scenario is None and identity is None):
        html = _login_html(sim, interaction, provider, login=login, error=True)
        return HTMLResponse(html)
    if scenario is not None:
        return _scenario_error(request, sim, interaction, scenario)
    assert identity is not None  # narrowed above: no scenario means an identity
    interaction.login = identity.login
    interaction.auth_time = int(sim.now())
    session = _open_session(sim, interaction, provider, request.cookies.get(SESSION_COOKIE))
    interaction.sid = session.sid
    response = _after_login(request, sim, interaction)
    _set_session_cookie(sim, response, session)
    return response


def _scenario_error(
    request: Request, sim: Simulator, interaction: Interaction, scenario: Scenario
) -> Response:
    """End the flow with the error a scenario login stands for."""
    sim.store.interactions.pop(interaction.uid)
    error, description = ERROR_SCENARIOS[scenario]
    auth_request = interaction.request
    exc = RedirectError(auth_request.redirect_uri, error, description, auth_request.state)
    return error_redirect(request, sim, exc)


def _open_session(
    sim: Simulator, interaction: Interaction, provider: IdentityProvider, previous: str | None
) -> BrowserSession:
    """Start the simulator's own session; its id becomes ``sid`` in the id_token.

    A new login replaces the browser's previous session, as a fresh
    authentication does on FranceConnect.
    """
    assert interaction.login is not None
    assert interaction.auth_time is not None
    sim.store.sessions.pop(previous)
    session = BrowserSession(
        sid=new_token(24),
        login=interaction.login,
        idp=provider.id,
        auth_time=interaction.auth_time,
        expires_at=sim.now() + sim.config.session_ttl,
    )
    sim.store.sessions.put(session.sid, session)
    return session


def _set_session_cookie(sim: Simulator, response: Response, session: BrowserSession) -> None:
    """Keep the session in an HttpOnly cookie scoped to the simulator's paths."""
    response.set_cookie(
        SESSION_COOKIE,
        session.sid,
        max_age=sim.config.session_ttl,
        path=sim.prefix or "/",
        httponly=True,
        samesite="lax",
        secure=sim.issuer.startswith("https://"),
    )


def _after_login(request: Request, sim: Simulator, interaction: Interaction) -> Response:
    """Show the "Continuer sur …" page, or go straight back to the client."""
    if sim.config.consent_page:
        return redirect(request, sim.local(f"/interaction/{interaction.uid}/consent"))
    return _issue_code(request, sim, interaction)


async def consent_form(request: Request) -> Response:
    """GET /interaction/{uid}/consent: list the data about to be transmitted."""
    sim = get_simulator(request)
    interaction = _interaction(request, sim)
    identity = find_identity(interaction.login) if interaction and interaction.login else None
    provider = _provider_of(interaction) if interaction else None
    if interaction is None or identity is None or provider is None:
        return error_response(EXPIRED_INTERACTION)
    released = claims_for_scopes(split_scope(interaction.request.scope))
    claims = {name: value for name, value in identity.claims().items() if name in released}
    html = pages.consent_page(
        client_name=_client_name(sim, interaction),
        provider=provider,
        claims=claims,
        action=sim.local(f"/interaction/{interaction.uid}/consent"),
    )
    return HTMLResponse(html)


async def consent_submit(request: Request) -> Response:
    """POST /interaction/{uid}/consent: "Continuer sur …" → back to the client."""
    sim = get_simulator(request)
    interaction = _interaction(request, sim)
    if interaction is None or interaction.sid is None:
        return error_response(EXPIRED_INTERACTION)
    return _issue_code(request, sim, interaction)


def _issue_code(request: Request, sim: Simulator, interaction: Interaction) -> Response:
    """Create the single-use code and redirect with ``code``, ``state`` and ``iss``."""
    assert interaction.login is not None
    assert interaction.idp is not None
    assert interaction.auth_time is not None
    assert interaction.sid is not None
    code = AuthorizationCode(
        code=new_token(32),
        request=interaction.request,
        login=interaction.login,
        idp=interaction.idp,
        auth_time=interaction.auth_time,
        sid=interaction.sid,
        expires_at=sim.now() + sim.config.code_ttl,
    )
    sim.store.codes.put(code.code, code)
    sim.store.interactions.pop(interaction.uid)
    params = {"code": code.code, "state": interaction.request.state, "iss": sim.issuer}
    return redirect(request, add_query(interaction.request.redirect_uri, params))


def _id_token_client(sim: Simulator, claims: Mapping[str, object]) -> str | None:
    """The client an id_token was issued to (``aud`` as a string or a list)."""
    audience = claims.get("aud")
    if isinstance(audience, list):
        audience = audience[0] if audience else None
    return audience if isinstance(audience, str) and audience in sim.config.clients else None


async def end_session(request: Request) -> Response:
    """GET or POST /session/end: RP-initiated logout, as FranceConnect checks it."""
    sim = get_simulator(request)
    params = await request_params(request)
    hint = params.get("id_token_hint")
    if not hint:
        return error_response("Le paramètre id_token_hint est obligatoire.")
    try:
        claims = sim.keys.verify(hint)
    except Exception:  # any decoding or signature failure means an untrusted hint
        return error_response("Le paramètre id_token_hint est invalide.")
    client_id = _id_token_client(sim, claims)
    if claims.get("iss") != sim.issuer or client_id is None:
        return error_response("Le paramètre id_token_hint ne provient pas de ce fournisseur.")
    if "at_hash" not in claims:
        return error_response("Le paramètre id_token_hint ne contient pas at_hash (100019).")
    target = params.get("post_logout_redirect_uri", "")
    if target not in sim.config.clients[client_id].post_logout_redirect_uris:
        return error_response(
            "L’adresse de retour après déconnexion (post_logout_redirect_uri) "
            "n’est pas enregistrée pour ce client."
        )
    _close_sessions(sim, request.cookies.get(SESSION_COOKIE), claims.get("sid"))
    response = redirect(request, add_query(target, {"state": params.get("state")}))
    response.delete_cookie(SESSION_COOKIE, path=sim.prefix or "/")
    return response


def _close_sessions(sim: Simulator, *sids: object) -> None:
    """Forget the browser's session and the one named in the id_token."""
    for sid in sids:
        if isinstance(sid, str):
            sim.store.sessions.pop(sid)
