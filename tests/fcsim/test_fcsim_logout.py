"""RP-initiated logout through /session/end."""

from __future__ import annotations

import httpx
import pytest

from fcsim.config import DEFAULT_CLIENT_ID
from fcsim.context import Simulator
from fcsim.keys import KeyStore
from tests.fcsim.conftest import ISSUER, LOGOUT_URI, FakeClock, Flow, query_of


async def test_logout_redirects_with_state_and_ends_the_session(
    flow: Flow, client: httpx.AsyncClient, simulator: Simulator
) -> None:
    body = await flow.tokens()
    assert client.cookies.get("fcsim_session")

    response = await client.get(
        "/api/v2/session/end",
        params={
            "id_token_hint": body["id_token"],
            "state": "logout-state-0123456789abcdefghijklmnop",
            "post_logout_redirect_uri": LOGOUT_URI,
        },
    )

    assert response.status_code == 302
    assert response.headers["location"].startswith(LOGOUT_URI + "?")
    assert query_of(response) == {"state": "logout-state-0123456789abcdefghijklmnop"}
    assert "fcsim_session=" in response.headers["set-cookie"]
    assert not client.cookies.get("fcsim_session")
    assert simulator.store.sessions.get(client.cookies.get("fcsim_session")) is None


async def test_logout_accepts_an_expired_id_token(
    flow: Flow, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    body = await flow.tokens()
    clock.advance(3600)  # the id_token expired long ago; FranceConnect still accepts it

    response = await client.get(
        "/api/v2/session/end",
        params={"id_token_hint": body["id_token"], "post_logout_redirect_uri": LOGOUT_URI},
    )

    assert response.status_code == 302


async def test_unregistered_post_logout_redirect_uri_is_refused(
    flow: Flow, client: httpx.AsyncClient
) -> None:
    body = await flow.tokens()

    response = await client.get(
        "/api/v2/session/end",
        params={
            "id_token_hint": body["id_token"],
            "state": "s" * 32,
            "post_logout_redirect_uri": "https://evil.example/logged-out",
        },
    )

    assert response.status_code == 400
    assert "location" not in response.headers
    assert "post_logout_redirect_uri" in response.text


@pytest.mark.parametrize("hint", [None, "not-a-jwt", "eyJhbGciOiJIUzI1NiJ9.e30.sig"])
async def test_invalid_id_token_hint_is_refused(
    client: httpx.AsyncClient, hint: str | None
) -> None:
    params = {"post_logout_redirect_uri": LOGOUT_URI}
    if hint is not None:
        params["id_token_hint"] = hint

    response = await client.get("/api/v2/session/end", params=params)

    assert response.status_code == 400
    assert "id_token_hint" in response.text


async def test_id_token_hint_without_at_hash_is_refused(
    client: httpx.AsyncClient, simulator: Simulator
) -> None:
    hint = simulator.keys.sign({"iss": ISSUER, "aud": DEFAULT_CLIENT_ID, "sub": "x"}, "ES256")

    response = await client.get(
        "/api/v2/session/end",
        params={"id_token_hint": hint, "post_logout_redirect_uri": LOGOUT_URI},
    )

    assert response.status_code == 400
    assert "at_hash" in response.text


async def test_id_token_signed_by_another_key_is_refused(
    flow: Flow, client: httpx.AsyncClient
) -> None:
    body = await flow.tokens()
    other = KeyStore.generate()
    forged_claims = {"iss": ISSUER, "aud": DEFAULT_CLIENT_ID, "sub": "x", "at_hash": "abc"}
    forged = other.sign(forged_claims, "ES256")

    response = await client.get(
        "/api/v2/session/end",
        params={"id_token_hint": forged, "post_logout_redirect_uri": LOGOUT_URI},
    )

    assert body["id_token"] != forged
    assert response.status_code == 400
