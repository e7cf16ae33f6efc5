"""One table holds the identities waiting for a decision; a token opens only its own purpose."""

from __future__ import annotations

from datetime import date

import pytest

from monparis_app.core.franceconnect import pending
from monparis_app.core.franceconnect.claims import CertifiedIdentity
from monparis_app.core.franceconnect.results import FranceConnectError

IDENTITY = CertifiedIdentity(
    sub="b6048e95bb134ec5b1d1e1fa69f287172e91722b9354d637a1bcf2ebb0fd2ef5v1",
    sex="FEMALE",
    first_names="Angela Claire Louise",
    birth_name="DUBOIS",
    birth_date=date(1962, 8, 24),
    birth_place="75107",
    birth_country="99100",
    email="wossewodda-3728@yopmail.com",
)


async def test_a_creation_token_opens_no_link_and_the_reverse(db: str) -> None:
    creation = await pending.store_pending(pending.CREATION, IDENTITY, "id-token", 600)
    link = await pending.store_pending(pending.LINK, IDENTITY, "id-token", 600)
    assert (await pending.live_pending(pending.CREATION, creation)).fc_sub == IDENTITY.sub
    assert (await pending.live_pending(pending.LINK, link)).fc_sub == IDENTITY.sub
    with pytest.raises(FranceConnectError) as refused:
        await pending.live_pending(pending.LINK, creation)
    assert refused.value.code == "franceconnect.link_expired"
    with pytest.raises(FranceConnectError) as refused:
        await pending.live_pending(pending.CREATION, link)
    assert refused.value.code == "franceconnect.creation_expired"


async def test_expired_rows_of_both_purposes_are_purged(db: str, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    await pending.store_pending(pending.CREATION, IDENTITY, "id-token", 600)
    await pending.store_pending(pending.LINK, IDENTITY, "id-token", 900)
    frozen_clock.advance(601)
    assert await pending.purge_expired() == 1
    frozen_clock.advance(300)
    assert await pending.purge_expired() == 1
