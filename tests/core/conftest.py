"""Core fixtures: the FranceConnect journeys meet a fake FranceConnect, registered as the
app registers the real client at start-up (``franceconnect.use_client``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monparis_app.core import franceconnect as fc
from tests.core.fakes import FakeFranceConnect


@pytest.fixture
def fake_fc() -> Iterator[FakeFranceConnect]:
    """A fresh fake FranceConnect, the one the journeys use when no client is passed."""
    fake = FakeFranceConnect()
    previous = fc.use_client(lambda: fake)
    yield fake
    fc.use_client(previous)
