"""Signing in with FranceConnect: the state, its browser, the tokens, the errors, partners.

Failures must create nothing: no account, no link, no session.
"""

from __future__ import annotations

import secrets

import pytest

from monparis_app.core import franceconnect as fc
from monparis_app.core.clock import FrozenClock
from monparis_app.models import (
    Account,
    FranceConnectLogin,
    PendingFranceConnectIdentity,
    PendingIdentityPurpose,
)
from tests.core.fakes import FAKE_PARTNER_CALLBACK, FakeFranceConnect
from tests.core.franceconnect.support import (
    Browser,
    local_account,
    nothing_created,
    reason_of,
)


async def test_second_sign_in_finds_the_same_account(browser: Browser) -> None:
    first = await browser.sign_in("test")
    second = await browser.sign_in("test")
    assert isinstance(first, fc.SignedIn)
    assert isinstance(second, fc.SignedIn)
    assert second.account_id == first.account_id
    assert not second.created
    assert await Account.all().count() == 1
    assert second.id_token != first.id_token


async def test_born_abroad_has_no_birthplace(browser: Browser) -> None:
    outcome = await browser.sign_in("naissance_algerie")
    assert isinstance(outcome, fc.SignedIn)
    account = await Account.get(id=outcome.account_id)
    assert (account.birth_place, account.birth_country) == (None, "99352")
    assert account.sex == "MALE"


async def test_an_identity_without_email_creates_nothing(browser: Browser) -> None:
    assert await reason_of(browser.sign_in("sans_email")) == (
        "franceconnect.email_missing",
        "claim.email.missing",
    )
    await nothing_created()


async def test_an_identity_with_a_missing_claim_creates_nothing(browser: Browser) -> None:
    assert await reason_of(browser.sign_in("claim_manquant")) == (
        "franceconnect.incomplete_identity",
        "claim.family_name.missing",
    )
    await nothing_created()


# --- state, binding, replay ------------------------------------------------------------------


async def test_a_forged_state_is_refused(browser: Browser) -> None:
    params = await browser.callback()
    forged = params | {"state": secrets.token_urlsafe(32)}
    assert await reason_of(browser.finish(forged)) == (
        "franceconnect.invalid_state",
        "state.unknown_or_used",
    )
    await nothing_created()


async def test_a_replayed_callback_is_refused(browser: Browser) -> None:
    params = await browser.callback()
    assert isinstance(await browser.finish(params), fc.TermsRequired)
    assert await reason_of(browser.finish(params)) == (
        "franceconnect.invalid_state",
        "state.unknown_or_used",
    )


async def test_a_used_code_with_a_fresh_state_is_refused(browser: Browser) -> None:
    used = await browser.callback()
    await browser.finish(used)
    fresh = await fc.start(browser_binding=browser.binding)
    code, reason = await reason_of(browser.finish(used | {"state": fresh.state}))
    assert (code, reason) == ("franceconnect.invalid_response", "token.invalid_grant")
    assert (
        await PendingFranceConnectIdentity.filter(purpose=PendingIdentityPurpose.CREATION).count()
        == 1
    )  # the first callback's only


async def test_a_callback_in_another_browser_is_refused(browser: Browser) -> None:
    params = await browser.callback()
    other = fc.new_secret()
    assert await reason_of(browser.finish(params, browser_binding=other)) == (
        "franceconnect.invalid_state",
        "state.other_browser",
    )
    await nothing_created()
    # The state is spent: the rightful browser cannot reuse it either (single use).
    assert await reason_of(browser.finish(params)) == (
        "franceconnect.invalid_state",
        "state.unknown_or_used",
    )


async def test_an_old_login_expires_after_ten_minutes(
    browser: Browser, frozen_clock: FrozenClock
) -> None:
    params = await browser.callback()
    frozen_clock.advance(fc.LOGIN_TTL_SECONDS + 1)
    assert await reason_of(browser.finish(params)) == (
        "franceconnect.invalid_state",
        "state.expired",
    )


async def test_a_wrong_nonce_is_refused(browser: Browser) -> None:
    params = await browser.callback()
    await FranceConnectLogin.all().update(nonce=fc.new_secret())
    assert await reason_of(browser.finish(params)) == (
        "franceconnect.invalid_response",
        "id_token.nonce",
    )
    await nothing_created()


async def test_an_expired_token_is_refused(browser: Browser) -> None:
    params = await browser.callback()
    browser.franceconnect.skew_seconds = -120  # its 60-second id_token was over on arrival
    assert await reason_of(browser.finish(params)) == (
        "franceconnect.invalid_response",
        "id_token.expired",
    )
    await nothing_created()


async def test_the_callback_iss_must_be_the_issuer(browser: Browser) -> None:
    params = await browser.callback()
    assert await reason_of(browser.finish(params, iss="https://ailleurs.example/api/v2")) == (
        "franceconnect.invalid_response",
        "callback.iss_mismatch",
    )
    params = await browser.callback()
    assert await reason_of(browser.finish(params, iss=None)) == (
        "franceconnect.invalid_response",
        "callback.iss_missing",
    )
    await nothing_created()


# --- errors sent back by FranceConnect --------------------------------------------------------


@pytest.mark.parametrize(
    ("login", "error"),
    [
        ("erreur_acces_refuse", "access_denied"),
        ("erreur_serveur", "server_error"),
        ("erreur_indisponible", "temporarily_unavailable"),
    ],
)
async def test_error_callbacks_have_their_own_code(
    browser: Browser, login: str, error: str
) -> None:
    params = await browser.callback(login)
    assert params["error"] == error
    assert fc.provider_error(params["error"]).code == f"franceconnect.{error}"
    assert fc.provider_error(params["error"]).short_code == error
    assert not await fc.abandon_login(params["state"])  # a sign-in, not an account link
    assert await reason_of(browser.finish(params | {"code": "x"})) == (
        "franceconnect.invalid_state",
        "state.unknown_or_used",
    )


def test_other_provider_errors_get_a_generic_code() -> None:
    assert fc.provider_error("E000123").code == "franceconnect.provider_error"


# --- partner apps (GraphQL) -------------------------------------------------------------------


async def test_a_partner_redirect_uri_must_be_allow_listed(
    db: str, fake_fc: FakeFranceConnect
) -> None:
    for uri in (
        "https://pirate.example/vol",
        FAKE_PARTNER_CALLBACK + "/../autre",
        FAKE_PARTNER_CALLBACK + "?x=1",
    ):
        code, _ = await reason_of(fc.start_for_partner(fake_fc, redirect_uri=uri))
        assert code == "franceconnect.redirect_uri_not_allowed"
    assert await FranceConnectLogin.all().count() == 0


async def test_a_partner_binds_with_the_state(db: str, fake_fc: FakeFranceConnect) -> None:
    started = await fc.start_for_partner(fake_fc, redirect_uri=FAKE_PARTNER_CALLBACK)
    params = fake_fc.login(started.authorization_url)
    assert params["state"] == started.state
    outcome = await fc.finish(
        fake_fc,
        code=params["code"],
        state=params["state"],
        browser_binding=params["state"],
        iss=params["iss"],
    )
    assert isinstance(outcome, fc.TermsRequired)


# --- configuration ----------------------------------------------------------------------------


def test_with_no_issuer_the_simulator_and_its_client_are_used(configure) -> None:  # type: ignore[no-untyped-def]
    configure(FC_ISSUER="", FC_SIMULATOR_PORT="8123", PORT="8000")
    config = fc.config_from_settings()
    assert config.issuer == "http://localhost:8123/api/v2"
    assert config.client_id == "monparis-dev"
    assert config.redirect_uri == "http://localhost:8000/auth/franceconnect/callback"
    assert config.post_logout_redirect_uri == "http://localhost:8000/auth/franceconnect/logged-out"
    assert config.allowed_redirect_uris == (config.redirect_uri,)


async def test_expired_logins_and_links_are_purged(
    browser: Browser, frozen_clock: FrozenClock
) -> None:
    await local_account()
    assert isinstance(await browser.sign_in("test"), fc.LinkRequired)
    await fc.start(browser_binding=browser.binding)
    assert await fc.purge_expired() == 0
    frozen_clock.advance(max(fc.LOGIN_TTL_SECONDS, fc.LINK_TTL_SECONDS) + 1)
    assert await fc.purge_expired() == 3  # two logins (one used, one not) and the pending link
    assert await FranceConnectLogin.all().count() == 0
    assert (
        await PendingFranceConnectIdentity.filter(purpose=PendingIdentityPurpose.LINK).count() == 0
    )
