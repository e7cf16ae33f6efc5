"""A new FranceConnect identity: the terms of use first, then the account, all or nothing."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from monparis_app.core import franceconnect as fc
from monparis_app.core.clock import FrozenClock
from monparis_app.core.errors import InvalidInput
from monparis_app.models import (
    Account,
    AuditEvent,
    OutboxEmail,
    PendingFranceConnectIdentity,
    PendingIdentityPurpose,
)
from tests.core.franceconnect.support import (
    ANGELA_EMAIL,
    Browser,
    accept,
    local_account,
    nothing_created,
    reason_of,
    terms_required,
)


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
    row = await PendingFranceConnectIdentity.get(purpose=PendingIdentityPurpose.CREATION)
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
    assert (
        await PendingFranceConnectIdentity.filter(purpose=PendingIdentityPurpose.CREATION).count()
        == 0
    )
    assert outcome.id_token.count(".") == 2
    kinds = await AuditEvent.filter(account_id=account.id).values_list("kind", flat=True)
    assert sorted(str(kind) for kind in kinds) == ["created", "signed_in"]
    assert await OutboxEmail.filter(recipient=ANGELA_EMAIL, kind="account_created").count() == 1


# --- the terms of use, before the account exists -----------------------------------------------


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
    assert (
        await PendingFranceConnectIdentity.filter(purpose=PendingIdentityPurpose.CREATION).count()
        == 0
    )
    assert isinstance(await browser.sign_in("test"), fc.LinkRequired)  # offered the right path
