"""Every journey test runs once per door (and per database): ``door`` is a fresh browser tab or
a fresh partner app, on a migrated database with a real SMTP server behind the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from tests.conftest import Mailbox
from tests.helpers import CAPTCHA_TEST_ANSWER
from tests.journeys.doors import DOORS, PEER_IP, Door, asgi_client


@pytest.fixture(params=sorted(DOORS))
async def door(
    request: pytest.FixtureRequest,
    mail_sender: Mailbox,
    configure: Callable[..., None],
) -> AsyncIterator[Door]:
    """The captcha's answer is known, as a person reading it would know it."""
    configure(CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)
    async with asgi_client(PEER_IP) as http:
        yield DOORS[request.param](http)
