"""The browser every FranceConnect core test signs in with, through the fake FranceConnect."""

from __future__ import annotations

import pytest

from tests.core.fakes import FakeFranceConnect
from tests.core.franceconnect.support import Browser


@pytest.fixture
def browser(db: str, fake_fc: FakeFranceConnect) -> Browser:
    return Browser(fake_fc)
