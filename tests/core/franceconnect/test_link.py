"""An e-mail that already has a local account: its password first, never a silent merge."""

from __future__ import annotations

from monparis_app.core import franceconnect as fc
from monparis_app.core import sign_in
from monparis_app.core.clock import FrozenClock
from monparis_app.models import (
    Account,
    AuditEvent,
    PendingFranceConnectIdentity,
    PendingIdentityPurpose,
)
from tests.core.franceconnect.support import (
    ANGELA_EMAIL,
    Browser,
    local_account,
    reason_of,
)
from tests.helpers import GOOD_PASSWORD


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
    assert (
        await PendingFranceConnectIdentity.filter(purpose=PendingIdentityPurpose.LINK).count() == 0
    )

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
    assert (
        await PendingFranceConnectIdentity.filter(purpose=PendingIdentityPurpose.LINK).count() == 0
    )
