"""The authorization request, from the service's redirect to the code, across sign-in and consent.

The door calls ``authorize`` with the request's parameters and the browser's session (if any)
and gets one of four outcomes: send the browser back to the service (a code or an OAuth error),
show a French error page (the request cannot be answered to any registered URI), ask the
person to sign in, or ask their consent. The last two pause the request server-side
(``OidcPendingAuthorization``); the browser keeps only a random token in an HttpOnly cookie,
and ``resume`` / ``decide`` take the request up again after the sign-in, sign-up or consent.

A service may ask for a recent sign-in (OIDC Core §3.1.2.1): ``prompt=login`` for one made for
this very request, ``max_age=N`` for one at most N seconds old. A person signed in earlier is
then asked to sign in again (the sign-in page lets them, see ``asks_fresh_sign_in``), and the
request goes on once a session opened after it paused comes back; with ``prompt=none`` the
service gets ``login_required`` instead. The ID token's ``auth_time`` says when that was.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from authlib.common.urls import add_params_to_uri
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.base import invalid_error_characters
from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oidc.core.errors import ConsentRequiredError, LoginRequiredError

from monparis_app.core import clock, sessions
from monparis_app.core.oidc_provider import store
from monparis_app.core.oidc_provider.clients import find_client
from monparis_app.core.oidc_provider.server import (
    CoreRequest,
    EndUser,
    HttpAnswer,
    issuer,
    on_loop,
    run_protocol,
    server,
)
from monparis_app.models import OidcPendingAuthorization
from monparis_app.web import routes

PENDING_TTL = timedelta(minutes=15)
MAX_PARAMS = 30
MAX_PARAM_LENGTH = 2000
QUOTED_PARAMS = ("redirect_uri", "response_type")


@dataclass(frozen=True)
class ToClient:
    """Back to the service: its redirect URI with a code or an OAuth error, ``state`` and ``iss``."""

    url: str


@dataclass(frozen=True)
class ErrorPage:
    """Nothing may be sent to the service (unknown client, unregistered URI): a French page."""

    code: str


@dataclass(frozen=True)
class SignInNeeded:
    pending_token: str
    client_name: str


@dataclass(frozen=True)
class ConsentNeeded:
    pending_token: str
    client_name: str


AuthorizeOutcome = ToClient | ErrorPage | SignInNeeded | ConsentNeeded


@dataclass(frozen=True)
class ConsentRequest:
    """What the consent page shows: the service's name and the scopes it asks for."""

    client_id: str
    client_name: str
    scopes: tuple[str, ...]


def end_user(session: sessions.SessionView | None) -> EndUser | None:
    if session is None:
        return None
    return EndUser(session.account_id, session.created_at, "fc" if session.fc_id_token else "pwd")


def _clean(params: dict[str, str]) -> dict[str, str] | None:
    """Bounded input: a request with hundreds of parameters or huge values is refused whole.

    authlib quotes ``redirect_uri`` and ``response_type`` in its error descriptions, which
    must be plain ASCII (RFC 6749 §4.1.2.1): a value it could not quote is refused here.
    """
    if len(params) > MAX_PARAMS or any(len(v) > MAX_PARAM_LENGTH for v in params.values()):
        return None
    if any(invalid_error_characters(params.get(k, "")) for k in QUOTED_PARAMS):
        return None
    return dict(params)


def _to_client(answer: HttpAnswer) -> ToClient | ErrorPage:
    """RFC 9207: every authorization response, error or not, names its issuer."""
    location = answer.location
    if answer.status in (301, 302, 303) and location:
        return ToClient(add_params_to_uri(location, {"iss": issuer()}))
    return ErrorPage(_error_code(answer.body))


def _error_code(body: Any) -> str:
    errors = dict(body) if isinstance(body, list | dict) else {}
    return str(errors.get("error", "invalid_request"))


def _max_age(params: dict[str, str]) -> int | None:
    """``max_age`` in seconds; raises ``ValueError`` for anything but a non-negative integer."""
    value = params.get("max_age")
    if value is None:
        return None
    if not value.isdigit() or len(value) > 10:
        raise ValueError(value)
    return int(value)


def _recent_enough(
    params: dict[str, str], user: EndUser, fresh_since: datetime | None, max_age: int | None
) -> bool:
    """Whether the person's sign-in is as recent as the service asked."""
    if fresh_since is not None and user.auth_time >= fresh_since:
        return True  # signed in after the request paused: made for this very request
    if "login" in (params.get("prompt") or "").split():
        return False
    return max_age is None or (clock.now() - user.auth_time).total_seconds() <= max_age


def _authorize_sync(
    params: dict[str, str],
    user: EndUser | None,
    decision: bool | None,
    fresh_since: datetime | None = None,
) -> AuthorizeOutcome | tuple[str, str]:
    """One pass of authlib's authorization endpoint; ``("pause", reason)`` means: ask the person.

    ``fresh_since``: when the request paused, for a request taken up again (``resume``)."""
    request = CoreRequest("GET", routes.OIDC_AUTHORIZE, {}, params)
    auth = server()
    try:
        grant = auth.get_consent_grant(request, end_user=user)
    except OAuth2Error as error:
        status, body, headers = error()
        return _to_client(HttpAnswer(status, body if body else {}, headers))
    try:
        max_age = _max_age(params)
    except ValueError:
        refusal = InvalidRequestError(
            description="max_age", redirect_uri=grant.redirect_uri, state=request.payload.state
        )
        return _to_client(HttpAnswer(*refusal()))
    if user is None:
        return ("pause", "sign_in")
    prompts = (params.get("prompt") or "").split()
    # With a decision, the sign-in was judged before the consent page opened: the time spent
    # reading that page does not count against ``max_age``.
    if decision is None and not _recent_enough(params, user, fresh_since, max_age):
        if "none" in prompts:
            refusal = LoginRequiredError(
                redirect_uri=grant.redirect_uri, state=request.payload.state
            )
            return _to_client(HttpAnswer(*refusal()))
        return ("pause", "sign_in")
    client = request.client
    scope = grant.request.payload.scope
    if decision is None:
        consented = on_loop(store.consented_scope, user.account_id, client.client_id)
        if "consent" in prompts or not set(scope.split()) <= consented:
            if "none" in prompts:  # OIDC Core §3.1.2.1: no page at all, not even this one
                refusal = ConsentRequiredError(
                    redirect_uri=grant.redirect_uri, state=request.payload.state
                )
                return _to_client(HttpAnswer(*refusal()))
            return ("pause", "consent")
    elif decision:
        on_loop(store.save_consent, user.account_id, client.client_id, scope)
    granted = user if decision is not False else None  # None: authlib answers access_denied
    try:
        answer = auth.create_authorization_response(request, grant_user=granted, grant=grant)
    except store.AlreadySpent:  # a parallel "continue" answered the service already
        return ErrorPage("expired")
    return _to_client(answer)


async def _pause(params: dict[str, str], reason: str) -> SignInNeeded | ConsentNeeded:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    client_id = params.get("client_id", "")
    await OidcPendingAuthorization.create(
        token_digest=store.digest(token),
        client_id=client_id,
        params=params,
        created_at=now,
        expires_at=now + PENDING_TTL,
    )
    client = find_client(client_id)
    name = client.name if client else client_id
    return SignInNeeded(token, name) if reason == "sign_in" else ConsentNeeded(token, name)


async def _run(
    params: dict[str, str],
    session: sessions.SessionView | None,
    decision: bool | None = None,
    fresh_since: datetime | None = None,
    spends: OidcPendingAuthorization | None = None,
) -> AuthorizeOutcome | tuple[str, str]:
    """One pass; ``spends``: the paused request a code would answer, spent with it."""
    user = end_user(session)
    if user is not None and spends is not None:
        user = replace(user, spends_pending=spends.id)
    return await run_protocol(_authorize_sync, params, user, decision, fresh_since)


async def authorize(
    params: dict[str, str], session: sessions.SessionView | None
) -> AuthorizeOutcome:
    """The service's authorization request, as the browser brought it."""
    cleaned = _clean(params)
    if cleaned is None:
        return ErrorPage("invalid_request")
    outcome = await _run(cleaned, session)
    if isinstance(outcome, tuple):
        return await _pause(cleaned, outcome[1])
    return outcome


async def _pending(token: str) -> OidcPendingAuthorization | None:
    if not token or len(token) > store.MAX_SECRET_LENGTH:
        return None
    return await OidcPendingAuthorization.get_or_none(
        token_digest=store.digest(token), expires_at__gt=clock.now()
    )


async def resume(token: str, session: sessions.SessionView | None) -> AuthorizeOutcome:
    """After the sign-in or sign-up: the paused request again, with the person now known.

    An outcome that leaves Mon Paris spends the paused request; another pause keeps it.
    """
    pending = await _pending(token)
    if pending is None:
        return ErrorPage("expired")
    outcome = await _run(pending.params, session, fresh_since=pending.created_at, spends=pending)
    if isinstance(outcome, tuple):
        client = find_client(pending.client_id)
        client_name = client.name if client else pending.client_id
        if outcome[1] == "sign_in":
            return SignInNeeded(token, client_name)
        return ConsentNeeded(token, client_name)
    await OidcPendingAuthorization.filter(id=pending.id).delete()
    return outcome


async def asks_fresh_sign_in(token: str) -> bool:
    """Whether the paused request asks for a recent sign-in (``prompt=login`` or ``max_age``):
    the sign-in page then lets a person who is signed in already sign in again."""
    pending = await _pending(token)
    if pending is None:
        return False
    prompts = str(pending.params.get("prompt", "")).split()
    return "login" in prompts or "max_age" in pending.params


async def consent_request(token: str) -> ConsentRequest | None:
    """The consent page's content, or None when the paused request is gone."""
    pending = await _pending(token)
    client = find_client(pending.client_id) if pending else None
    if pending is None or client is None:
        return None
    scopes = tuple(s for s in str(pending.params.get("scope", "")).split() if s in client.scopes)
    return ConsentRequest(client.client_id, client.name, scopes)


async def decide(
    token: str, session: sessions.SessionView | None, *, allow: bool
) -> AuthorizeOutcome:
    """ "Autoriser" or "Refuser": the paused request is spent by this very call (a double
    click, or a second tab, finds it gone), then answered to the service."""
    pending = await _pending(token)
    if pending is None or session is None:
        return ErrorPage("expired")
    spent = await OidcPendingAuthorization.filter(id=pending.id).delete()
    if spent != 1:
        return ErrorPage("expired")
    outcome = await _run(pending.params, session, decision=allow)
    if isinstance(outcome, tuple):
        return ErrorPage("expired")
    return outcome


async def purge_expired() -> int:
    return await OidcPendingAuthorization.filter(expires_at__lt=clock.now()).delete()
