"""Signing in with FranceConnect: open an authorization request, then finish it on return.

``start`` opens a request whose ``state`` and ``nonce`` are random, single use, valid 10
minutes and bound to one browser (a cookie's digest; for a partner app, the state itself, which
the partner keeps and must tie to its own user). ``finish`` consumes the state, lets the OIDC
client exchange the code and verify every token, then finds the account by the ``sub``. A new
identity waits for the terms of use (``creation``); an e-mail that belongs to a local account
waits for its password (``link``). A failure at any step creates nothing.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

from monparis_app.core import audit, clock, rate_limits
from monparis_app.core.franceconnect import creation, link
from monparis_app.core.franceconnect.claims import CertifiedIdentity, certified_identity
from monparis_app.core.franceconnect.config import LOGIN_TTL_SECONDS, check_redirect_uri
from monparis_app.core.franceconnect.oidc import client_or_default
from monparis_app.core.franceconnect.pending import bounded, digest, new_secret
from monparis_app.core.franceconnect.results import (
    FinishOutcome,
    FranceConnectError,
    Origin,
    SignedIn,
    Started,
    failure,
)
from monparis_app.core.ports import OidcClient
from monparis_app.models import Account, FranceConnectLogin
from monparis_app.settings import get_settings


async def start(
    client: OidcClient | None = None, *, browser_binding: str, client_ip: str = ""
) -> Started:
    """The browser's sign-in: ``browser_binding`` is a random value it keeps in an HttpOnly
    cookie, so a state (and its code) brought by another browser is refused (login CSRF).
    Raises ``RateLimited`` when one address starts too many sign-ins."""
    oidc = client_or_default(client)
    binding = bounded(browser_binding, "binding")
    await _throttle(client_ip)
    return await _open_login(oidc, oidc.config.redirect_uri, binding_of=lambda _state: binding)


async def start_for_partner(
    client: OidcClient | None = None, *, redirect_uri: str, client_ip: str = ""
) -> Started:
    """A partner app: its redirect URI must be allow-listed, and the state is the binding.

    The partner keeps the state and must tie it to its own user's browser (as any OAuth client
    does); ``finish`` is then called with ``browser_binding=state``.
    """
    oidc = client_or_default(client)
    target = check_redirect_uri(redirect_uri, oidc.config)
    await _throttle(client_ip)
    return await _open_login(oidc, target, binding_of=lambda state: state)


async def start_account_link(
    client: OidcClient | None = None,
    *,
    account_id: UUID,
    browser_binding: str,
    client_ip: str = "",
) -> Started:
    """A signed-in person links their own account: the login names the account, so the
    identity coming back is attached to it and to nothing else. Refused when the account is
    already linked (one FranceConnect identity per account)."""
    oidc = client_or_default(client)
    binding = bounded(browser_binding, "binding")
    account = await Account.get_or_none(id=account_id)
    if account is None:
        raise failure("invalid_state", "link.account_unknown")
    if account.fc_sub is not None:
        raise failure("already_linked", "link.account_already_linked")
    await _throttle(client_ip)
    return await _open_login(
        oidc,
        oidc.config.redirect_uri,
        binding_of=lambda _state: binding,
        link_account_id=account_id,
    )


async def _throttle(client_ip: str) -> None:
    """Each start stores a row until it expires: a flood from one address is cut off early."""
    limit = get_settings().rate_limit_franceconnect_start
    await rate_limits.hit_per_ip("franceconnect-start", client_ip, limit)


async def _open_login(
    client: OidcClient,
    redirect_uri: str,
    *,
    binding_of: Callable[[str], str],
    link_account_id: UUID | None = None,
) -> Started:
    """A single-use login row (state digest, nonce, binding digest), valid 10 minutes."""
    state, nonce = new_secret(), new_secret()
    url = await client.authorization_url(redirect_uri=redirect_uri, state=state, nonce=nonce)
    now = clock.now()
    await FranceConnectLogin.create(
        state_digest=digest(state),
        nonce=nonce,
        browser_binding_digest=digest(binding_of(state)),
        redirect_uri=redirect_uri,
        link_account_id=link_account_id,
        created_at=now,
        expires_at=now + timedelta(seconds=LOGIN_TTL_SECONDS),
    )
    return Started(authorization_url=url, state=state)


async def abandon_login(state: str) -> bool:
    """FranceConnect sent an error back: the state is spent. True when it was an account link
    (the door then answers on the account page)."""
    try:
        bounded(state, "state")
    except FranceConnectError:
        return False
    state_digest = digest(state)
    login = await FranceConnectLogin.get_or_none(state_digest=state_digest, used_at=None)
    await FranceConnectLogin.filter(state_digest=state_digest, used_at=None).update(
        used_at=clock.now()
    )
    return login is not None and login.link_account_id is not None


async def consume_login(state: str, browser_binding: str) -> FranceConnectLogin:
    """Mark the login used (once, atomically), then check its age and its browser."""
    state_digest = digest(bounded(state, "state"))
    now = clock.now()
    unused = FranceConnectLogin.filter(state_digest=state_digest, used_at=None)
    used = await unused.update(used_at=now)
    if not used:
        raise failure("invalid_state", "state.unknown_or_used")
    login = await FranceConnectLogin.get(state_digest=state_digest)
    if now >= login.expires_at:
        raise failure("invalid_state", "state.expired")
    if not hmac.compare_digest(login.browser_binding_digest, digest(browser_binding or "-")):
        raise failure("invalid_state", "state.other_browser")
    return login


async def finish(
    client: OidcClient | None = None,
    *,
    code: str,
    state: str,
    browser_binding: str,
    iss: str | None,
    client_ip: str = "",
    user_agent: str = "",
    signed_in_account_id: UUID | None = None,
) -> FinishOutcome:
    """The callback: state, tokens, identity, then the account. Raises ``FranceConnectError``.

    ``signed_in_account_id`` is who the browser's session belongs to: an account link started
    by a signed-in person finishes only in that same account's session.
    """
    oidc = client_or_default(client)
    login = await consume_login(state, browser_binding)
    linking = login.link_account_id
    try:
        if linking is not None and linking != signed_in_account_id:
            raise failure("invalid_state", "link.session_changed")
        identity, id_token = await _verified_identity(oidc, login, code=code, iss=iss)
        where = Origin(client_ip, user_agent)
        if linking is not None:
            return await link.link_signed_in_account(identity, linking, id_token, where)
        return await _resolve_account(identity, id_token, where)
    except FranceConnectError as error:
        error.during_link = linking is not None
        raise


async def _verified_identity(
    client: OidcClient, login: FranceConnectLogin, *, code: str, iss: str | None
) -> tuple[CertifiedIdentity, str]:
    """The code exchanged, every token verified, the claims checked: who came back."""
    await _check_iss_parameter(client, iss)
    tokens = await client.exchange_code(bounded(code, "code"), redirect_uri=login.redirect_uri)
    claims = await client.verify_id_token(
        tokens.id_token, nonce=login.nonce, access_token=tokens.access_token
    )
    userinfo = await client.fetch_userinfo(tokens.access_token, expected_sub=str(claims["sub"]))
    return certified_identity(userinfo), tokens.id_token


async def _check_iss_parameter(client: OidcClient, iss: str | None) -> None:
    """RFC 9207: the ``iss`` of the callback names who answered (mix-up attacks)."""
    if iss is None:
        if await client.requires_iss_parameter():
            raise failure("invalid_response", "callback.iss_missing")
        return
    if not hmac.compare_digest(iss.encode(), client.config.issuer.encode()):
        raise failure("invalid_response", "callback.iss_mismatch")


async def _resolve_account(
    identity: CertifiedIdentity, id_token: str, where: Origin
) -> FinishOutcome:
    """Found by ``sub``; else link required when the e-mail is taken; else terms required."""
    account = await Account.get_or_none(fc_sub=identity.sub)
    if account is not None:
        await audit.record(
            account.id, "signed_in", client_ip=where.client_ip, user_agent=where.user_agent
        )
        return SignedIn(account.id, account.email, account.first_names, id_token)
    if identity.email is None:
        raise failure("email_missing", "claim.email.missing")
    owner = await Account.get_or_none(email=identity.email)
    if owner is not None:
        return await link.offer_link(identity, owner, id_token)
    return await creation.offer_creation(identity, id_token)
