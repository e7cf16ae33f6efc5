"""FranceConnect sign-in and sign-up, end to end in the core, against the simulator as a server.

Each test walks the simulator's pages like a browser to get a real code, then calls the core as
the callback route would. Failures must create nothing: no account, no link, no session.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import replace
from datetime import date

import pytest

from monparis_app.adapters.franceconnect_client import FranceConnectClient
from monparis_app.core import franceconnect as fc
from monparis_app.core import sign_in
from monparis_app.core.clock import FrozenClock
from monparis_app.core.errors import InvalidInput
from monparis_app.core.password_hashing import hash_password
from monparis_app.models import (
    Account,
    AuditEvent,
    FranceConnectLogin,
    OutboxEmail,
    PendingFranceConnectCreation,
    PendingFranceConnectLink,
)
from tests.core.conftest_fc import (
    PARTNER_CALLBACK,
    fc_login,
)
from tests.helpers import GOOD_PASSWORD

pytest_plugins = ["tests.core.conftest_fc"]

ANGELA_EMAIL = "wossewodda-3728@yopmail.com"


class Browser:
    """One browser: its binding cookie, and the way it goes through FranceConnect."""

    def __init__(self, client: FranceConnectClient) -> None:
        self.client = client
        self.binding = fc.new_secret()

    async def callback(self, login: str = "test", **kwargs: object) -> dict[str, str]:
        started = await fc.start(self.client, browser_binding=self.binding)
        return await fc_login(started.authorization_url, login, **kwargs)  # type: ignore[arg-type]

    async def finish(self, params: dict[str, str], **overrides: object) -> fc.FinishOutcome:
        arguments: dict[str, object] = {
            "code": params["code"],
            "state": params["state"],
            "browser_binding": self.binding,
            "iss": params.get("iss"),
            "client_ip": "192.0.2.10",
            "user_agent": "Firefox/130",
        }
        arguments |= overrides
        return await fc.finish(self.client, **arguments)  # type: ignore[arg-type]

    async def sign_in(self, login: str = "test") -> fc.FinishOutcome:
        """Through FranceConnect; a new identity accepts the terms, as the person would."""
        outcome = await self.finish(await self.callback(login))
        if isinstance(outcome, fc.TermsRequired):
            return await accept(outcome.creation_token)
        return outcome


async def accept(token: str, accept_terms: bool = True) -> fc.SignedIn:
    return await fc.accept_terms(
        token, accept_terms, client_ip="192.0.2.10", user_agent="Firefox/130"
    )


@pytest.fixture
def browser(db: str, fc_client: FranceConnectClient) -> Browser:
    return Browser(fc_client)


async def reason_of(awaitable: object) -> tuple[str, str]:
    with pytest.raises(fc.FranceConnectError) as caught:
        await awaitable  # type: ignore[misc]
    return caught.value.code, caught.value.reason


async def nothing_created() -> None:
    assert await Account.all().count() == 0
    assert await PendingFranceConnectLink.all().count() == 0
    assert await PendingFranceConnectCreation.all().count() == 0


# --- sign-up and sign-in ---------------------------------------------------------------------


async def test_first_sign_in_asks_for_the_terms_before_any_account_exists(
    browser: Browser,
) -> None:
    outcome = await browser.finish(await browser.callback("test"))
    assert isinstance(outcome, fc.TermsRequired)
    assert outcome.email == ANGELA_EMAIL
    assert await Account.all().count() == 0
    assert await OutboxEmail.all().count() == 0
    pending = await fc.pending_creation(outcome.creation_token)
    assert (pending.first_names, pending.birth_name) == ("Angela Claire Louise", "DUBOIS")
    assert pending.email == ANGELA_EMAIL
    row = await PendingFranceConnectCreation.get()
    assert row.token_digest != outcome.creation_token  # only a digest is stored


async def test_first_sign_in_creates_the_account_from_the_certified_identity(
    browser: Browser,
) -> None:
    outcome = await browser.sign_in("test")
    assert isinstance(outcome, fc.SignedIn)
    assert outcome.created
    account = await Account.get(id=outcome.account_id)
    assert account.email == ANGELA_EMAIL
    assert account.sex == "FEMALE"
    assert account.first_names == "Angela Claire Louise"
    assert account.birth_name == "DUBOIS"
    assert account.birth_date == date(1962, 8, 24)
    assert (account.birth_place, account.birth_country) == ("75107", "99100")
    assert account.fc_sub and account.fc_sub.endswith("v1")
    assert set(account.certified_fields) == {
        "sex",
        "first_names",
        "birth_name",
        "birth_date",
        "birth_place",
        "birth_country",
    }
    assert account.password_hash is None
    assert account.terms_accepted_at is not None
    assert await PendingFranceConnectCreation.all().count() == 0
    assert outcome.id_token.count(".") == 2
    kinds = await AuditEvent.filter(account_id=account.id).values_list("kind", flat=True)
    assert sorted(str(kind) for kind in kinds) == ["created", "signed_in"]
    assert await OutboxEmail.filter(recipient=ANGELA_EMAIL, kind="account_created").count() == 1


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
    fresh = await fc.start(browser.client, browser_binding=browser.binding)
    code, reason = await reason_of(browser.finish(used | {"state": fresh.state}))
    assert (code, reason) == ("franceconnect.invalid_response", "token.invalid_grant")
    assert await PendingFranceConnectCreation.all().count() == 1  # the first callback's only


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


async def test_an_expired_token_is_refused(browser: Browser, frozen_clock: FrozenClock) -> None:
    params = await browser.callback()
    frozen_clock.advance(120)  # still within the 10-minute login, past the 60-second id_token
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


async def test_cancelling_at_franceconnect_is_access_denied(browser: Browser) -> None:
    params = await browser.callback(cancel=True)
    assert params["error"] == "access_denied"
    assert fc.provider_error(params["error"]).short_code == "access_denied"


async def test_an_unknown_scope_comes_back_as_invalid_scope(
    db: str, fc_config: fc.FranceConnectConfig
) -> None:
    client = FranceConnectClient(replace(fc_config, scopes="openid given_name telephone"))
    params = await Browser(client).callback()
    assert params["error"] == "invalid_scope"


def test_other_provider_errors_get_a_generic_code() -> None:
    assert fc.provider_error("E000123").code == "franceconnect.provider_error"


# --- partner apps (GraphQL) -------------------------------------------------------------------


async def test_a_partner_redirect_uri_must_be_allow_listed(
    db: str, fc_client: FranceConnectClient
) -> None:
    for uri in (
        "https://pirate.example/vol",
        PARTNER_CALLBACK + "/../autre",
        PARTNER_CALLBACK + "?x=1",
    ):
        code, _ = await reason_of(fc.start_for_partner(fc_client, redirect_uri=uri))
        assert code == "franceconnect.redirect_uri_not_allowed"
    assert await FranceConnectLogin.all().count() == 0


async def test_a_partner_binds_with_the_state(db: str, fc_client: FranceConnectClient) -> None:
    started = await fc.start_for_partner(fc_client, redirect_uri=PARTNER_CALLBACK)
    params = await fc_login(started.authorization_url)
    assert params["state"] == started.state
    outcome = await fc.finish(
        fc_client,
        code=params["code"],
        state=params["state"],
        browser_binding=params["state"],
        iss=params["iss"],
    )
    assert isinstance(outcome, fc.TermsRequired)


# --- the terms of use, before the account exists -----------------------------------------------


async def terms_required(browser: Browser) -> fc.TermsRequired:
    outcome = await browser.finish(await browser.callback("test"))
    assert isinstance(outcome, fc.TermsRequired)
    return outcome


async def test_unchecked_terms_create_nothing_and_can_still_be_accepted(browser: Browser) -> None:
    pending = await terms_required(browser)
    with pytest.raises(InvalidInput) as caught:
        await accept(pending.creation_token, accept_terms=False)
    assert [(e.field, e.code) for e in caught.value.errors] == [
        ("accept_terms", "accept_terms.required")
    ]
    assert await Account.all().count() == 0
    assert await OutboxEmail.all().count() == 0
    created = await accept(pending.creation_token)
    assert created.created
    assert await Account.all().count() == 1


async def test_cancelling_forgets_the_identity(browser: Browser) -> None:
    pending = await terms_required(browser)
    await fc.cancel_creation(pending.creation_token)
    await nothing_created()
    code, _ = await reason_of(accept(pending.creation_token))
    assert code == "franceconnect.creation_expired"
    await nothing_created()


async def test_an_expired_creation_creates_nothing(
    browser: Browser, frozen_clock: FrozenClock
) -> None:
    pending = await terms_required(browser)
    frozen_clock.advance(fc.CREATION_TTL_SECONDS + 1)
    assert await reason_of(fc.pending_creation(pending.creation_token)) == (
        "franceconnect.creation_expired",
        "creation.unknown_or_expired",
    )
    code, _ = await reason_of(accept(pending.creation_token))
    assert code == "franceconnect.creation_expired"
    assert await Account.all().count() == 0
    assert await fc.purge_expired() == 2  # the used login and the abandoned creation
    await nothing_created()


async def test_a_forged_creation_token_is_refused(db: str) -> None:
    code, _ = await reason_of(accept(fc.new_secret()))
    assert code == "franceconnect.creation_expired"
    code, _ = await reason_of(accept(""))
    assert code == "franceconnect.invalid_state"


async def test_two_concurrent_acceptances_create_one_account(browser: Browser) -> None:
    pending = await terms_required(browser)
    results = await asyncio.gather(
        *(accept(pending.creation_token) for _ in range(3)), return_exceptions=True
    )
    signed_in = [r for r in results if isinstance(r, fc.SignedIn)]
    refused = [r for r in results if isinstance(r, fc.FranceConnectError)]
    assert len(signed_in) == 1, results
    assert [r.code for r in refused] == ["franceconnect.creation_expired"] * 2
    assert await Account.all().count() == 1
    assert await AuditEvent.filter(kind="created").count() == 1
    assert await OutboxEmail.filter(kind="account_created").count() == 1


async def test_an_email_taken_before_acceptance_creates_nothing(browser: Browser) -> None:
    pending = await terms_required(browser)
    await local_account()  # a sign-up with the same e-mail finished meanwhile
    code, reason = await reason_of(accept(pending.creation_token))
    assert (code, reason) == (
        "franceconnect.creation_expired",
        "creation.email_or_sub_taken_meanwhile",
    )
    assert await Account.filter(fc_sub__not_isnull=True).count() == 0
    assert await PendingFranceConnectCreation.all().count() == 0
    assert isinstance(await browser.sign_in("test"), fc.LinkRequired)  # offered the right path


# --- an e-mail that already has a local account -----------------------------------------------


async def local_account(email: str = ANGELA_EMAIL) -> Account:
    return await Account.create(
        email=email,
        sex="FEMALE",
        first_names="Angèle",
        birth_name="Dubois",
        password_hash=await hash_password(GOOD_PASSWORD),
    )


async def test_an_email_conflict_asks_for_the_password_and_merges_nothing(browser: Browser) -> None:
    local = await local_account()
    outcome = await browser.sign_in("test")
    assert isinstance(outcome, fc.LinkRequired)
    assert outcome.email == ANGELA_EMAIL
    await local.refresh_from_db()
    assert local.fc_sub is None
    assert local.first_names == "Angèle"
    assert await Account.all().count() == 1
    pending = await fc.pending_link(outcome.link_token)
    assert pending.email == ANGELA_EMAIL


async def test_linking_with_the_password_attaches_the_certified_identity(browser: Browser) -> None:
    local = await local_account()
    outcome = await browser.sign_in("test")
    assert isinstance(outcome, fc.LinkRequired)
    refused = await fc.complete_link(
        outcome.link_token, "mauvais-mot-de-passe", client_ip="192.0.2.10", user_agent="Firefox/130"
    )
    assert isinstance(refused, sign_in.SignInRefused)
    await local.refresh_from_db()
    assert local.fc_sub is None

    linked = await fc.complete_link(
        outcome.link_token, GOOD_PASSWORD, client_ip="192.0.2.10", user_agent="Firefox/130"
    )
    assert isinstance(linked, fc.SignedIn)
    assert linked.account_id == local.id
    assert linked.id_token
    await local.refresh_from_db()
    assert local.fc_sub
    assert local.first_names == "Angela Claire Louise"
    assert local.birth_name == "DUBOIS"
    assert "birth_date" in local.certified_fields
    assert local.password_hash  # the password still works
    assert await AuditEvent.filter(account_id=local.id, kind="franceconnect_linked").exists()
    assert await PendingFranceConnectLink.all().count() == 0

    # The link token is single use; the next FranceConnect sign-in goes straight in.
    assert (
        await reason_of(
            fc.complete_link(outcome.link_token, GOOD_PASSWORD, client_ip="", user_agent="")
        )
    )[0] == "franceconnect.link_expired"
    again = await browser.sign_in("test")
    assert isinstance(again, fc.SignedIn)
    assert again.account_id == local.id


async def test_a_pending_link_expires(browser: Browser, frozen_clock: FrozenClock) -> None:
    await local_account()
    outcome = await browser.sign_in("test")
    assert isinstance(outcome, fc.LinkRequired)
    frozen_clock.advance(fc.LINK_TTL_SECONDS + 1)
    code, _ = await reason_of(fc.pending_link(outcome.link_token))
    assert code == "franceconnect.link_expired"


async def test_an_account_linked_to_another_identity_is_not_offered(browser: Browser) -> None:
    local = await local_account()
    local.fc_sub = "un-autre-sub-v1"
    await local.save()
    code, _ = await reason_of(browser.sign_in("test"))
    assert code == "franceconnect.account_already_linked"
    assert await PendingFranceConnectLink.all().count() == 0


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
    await fc.start(browser.client, browser_binding=browser.binding)
    assert await fc.purge_expired() == 0
    frozen_clock.advance(max(fc.LOGIN_TTL_SECONDS, fc.LINK_TTL_SECONDS) + 1)
    assert await fc.purge_expired() == 3  # two logins (one used, one not) and the pending link
    assert await FranceConnectLogin.all().count() == 0
    assert await PendingFranceConnectLink.all().count() == 0
