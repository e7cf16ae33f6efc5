"""Scenario logins: errors, a missing claim and a slow token endpoint."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.fcsim.conftest import ISSUER, REDIRECT_URI, Flow, query_of, verify_jwt


@pytest.mark.parametrize(
    ("login", "error"),
    [
        ("erreur_acces_refuse", "access_denied"),
        ("erreur_serveur", "server_error"),
        ("erreur_indisponible", "temporarily_unavailable"),
    ],
)
async def test_error_scenarios_redirect_with_the_error(flow: Flow, login: str, error: str) -> None:
    response = await flow.login(login)

    assert response.status_code == 303
    assert response.headers["location"].startswith(REDIRECT_URI + "?")
    params = query_of(response)
    assert params["error"] == error
    assert params["error_description"]
    assert params["state"] == flow.state
    assert params["iss"] == ISSUER
    assert "code" not in params


async def test_error_scenarios_still_need_the_password(flow: Flow) -> None:
    response = await flow.login("erreur_serveur", password="wrong")

    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in response.text


async def test_claim_manquant_lacks_family_name(flow: Flow, client: httpx.AsyncClient) -> None:
    body = await flow.tokens("claim_manquant")

    id_token = await verify_jwt(client, body["id_token"])
    userinfo = await client.get(
        "/api/v2/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    identity = await verify_jwt(client, userinfo.text)
    assert "family_name" not in id_token
    assert "family_name" not in identity
    assert identity["given_name"] == "Camille"


async def test_lent_makes_the_token_endpoint_slow(flow: Flow) -> None:
    code = await flow.code("lent")

    started = time.monotonic()
    response = await flow.token(code)

    assert response.status_code == 200
    assert time.monotonic() - started >= 0.3  # the configured slow_delay
