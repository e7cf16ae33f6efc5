"""Signing out of FranceConnect too, and which OIDC client the journeys use."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from monparis_app.core import franceconnect as fc
from tests.core.fakes import FakeFranceConnect
from tests.core.franceconnect.support import Browser


async def test_the_logout_url_ends_the_franceconnect_session_with_a_fresh_state(
    browser: Browser,
) -> None:
    signed_in = await browser.sign_in("test")
    assert isinstance(signed_in, fc.SignedIn)
    url, state = await fc.logout_url(None, signed_in.id_token)
    query = dict(parse_qsl(urlsplit(url).query))
    assert query["id_token_hint"] == signed_in.id_token
    assert query["state"] == state
    assert browser.franceconnect.ended_sessions == [signed_in.id_token]
    assert fc.logout_state_matches(state, query["state"])
    assert not fc.logout_state_matches(state, fc.new_secret())
    assert not fc.logout_state_matches(None, state)


async def test_without_a_registered_client_a_journey_says_so(db: str) -> None:
    previous = fc.use_client(None)
    try:
        with pytest.raises(RuntimeError, match="no FranceConnect OIDC client"):
            await fc.start(browser_binding=fc.new_secret())
    finally:
        fc.use_client(previous)


async def test_a_client_passed_by_the_door_wins_over_the_registered_one(
    db: str, fake_fc: FakeFranceConnect
) -> None:
    other = FakeFranceConnect()
    started = await fc.start(other, browser_binding=fc.new_secret())
    assert other.login(started.authorization_url)["state"] == started.state
    with pytest.raises(KeyError):  # the registered fake never saw that request
        fake_fc.login(started.authorization_url)
