"""Validation of /authorize: error page for untrusted clients, redirects otherwise."""

from __future__ import annotations

import httpx
import pytest

from tests.fcsim.conftest import ISSUER, REDIRECT_URI, Flow, query_of


def assert_error_redirect(
    response: httpx.Response, flow: Flow, error: str, state: str | None = None
) -> dict[str, str]:
    assert response.status_code == 302
    assert response.headers["location"].startswith(REDIRECT_URI + "?")
    params = query_of(response)
    assert params["error"] == error
    assert params["error_description"]
    assert params["state"] == (state or flow.state)  # echoed even when too short
    assert params["iss"] == ISSUER
    return params


async def test_valid_request_opens_the_chooser(flow: Flow) -> None:
    response = await flow.authorize()

    assert response.status_code == 302
    assert response.headers["location"].startswith("/api/v2/interaction/")


async def test_authorize_accepts_post(flow: Flow, client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v2/authorize", data=flow.params())

    assert response.status_code == 303
    assert response.headers["location"].startswith("/api/v2/interaction/")


async def test_unknown_scope_is_invalid_scope(flow: Flow) -> None:
    response = await flow.authorize(scope="openid given_name phone")

    params = assert_error_redirect(response, flow, "invalid_scope")
    assert "phone" in params["error_description"]


async def test_scope_aliases_are_accepted(flow: Flow) -> None:
    response = await flow.authorize(scope="openid profile birth identite_pivot email")

    assert response.headers["location"].startswith("/api/v2/interaction/")


@pytest.mark.parametrize(
    ("overrides", "mentioned"),
    [
        ({"nonce": None}, "nonce"),
        ({"nonce": "n" * 21}, "nonce"),
        ({"state": "s" * 31}, "state"),
        ({"acr_values": None}, "acr_values"),
        ({"acr_values": "eidas2"}, "acr_values"),
        ({"acr_values": "eidas1 eidas3"}, "acr_values"),
        ({"scope": "given_name family_name"}, "openid"),
        ({"response_type": None}, "response_type"),
        ({"code_challenge": "abc", "code_challenge_method": "plain"}, "S256"),
    ],
)
async def test_bad_parameters_are_invalid_request(
    flow: Flow, overrides: dict[str, str | None], mentioned: str
) -> None:
    response = await flow.authorize(**overrides)

    params = assert_error_redirect(response, flow, "invalid_request", overrides.get("state"))
    assert mentioned in params["error_description"]


async def test_missing_state_is_reported_without_state(flow: Flow) -> None:
    response = await flow.authorize(state=None)

    assert query_of(response)["error"] == "invalid_request"
    assert "state" not in query_of(response)


async def test_other_response_type_is_unsupported(flow: Flow) -> None:
    response = await flow.authorize(response_type="token")

    assert_error_redirect(response, flow, "unsupported_response_type")


async def test_idp_hint_must_be_allow_listed(flow: Flow) -> None:
    response = await flow.authorize(idp_hint="impots-gouv")

    assert_error_redirect(response, flow, "invalid_idp_hint")


@pytest.mark.parametrize(
    "overrides",
    [
        {"redirect_uri": "https://evil.example/callback"},
        {"redirect_uri": None},
        {"client_id": "unknown-client"},
    ],
)
async def test_untrusted_client_gets_an_error_page_never_a_redirect(
    flow: Flow, overrides: dict[str, str | None]
) -> None:
    response = await flow.authorize(**overrides)

    assert response.status_code == 400
    assert "location" not in response.headers
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in response.text
    assert "Une erreur est survenue" in response.text
