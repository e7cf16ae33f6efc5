"""Discovery document and JWKS, as a client library reads them."""

from __future__ import annotations

import httpx

from tests.fcsim.conftest import ISSUER


async def test_discovery_document_matches_franceconnect_v2(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v2/.well-known/openid-configuration")

    assert response.status_code == 200
    doc = response.json()
    assert doc["issuer"] == ISSUER
    for name, path in {
        "authorization_endpoint": "/authorize",
        "token_endpoint": "/token",
        "userinfo_endpoint": "/userinfo",
        "jwks_uri": "/jwks",
        "end_session_endpoint": "/session/end",
    }.items():
        assert doc[name] == ISSUER + path
    assert doc["acr_values_supported"] == ["eidas1"]
    assert doc["id_token_signing_alg_values_supported"] == ["ES256", "RS256", "HS256"]
    assert doc["userinfo_signing_alg_values_supported"] == ["ES256", "RS256", "HS256"]
    assert doc["token_endpoint_auth_methods_supported"] == ["client_secret_post", "private_key_jwt"]
    assert doc["authorization_response_iss_parameter_supported"] is True
    assert doc["response_types_supported"] == ["code"]
    assert doc["subject_types_supported"] == ["public", "pairwise"]
    assert {"openid", "profile", "birth", "identite_pivot", "email"} <= set(doc["scopes_supported"])
    assert {"given_name", "given_name_array", "family_name", "birthplace"} <= set(
        doc["claims_supported"]
    )


async def test_jwks_publishes_one_public_key_per_algorithm(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v2/jwks")

    keys = response.json()["keys"]
    assert sorted(key["alg"] for key in keys) == ["ES256", "RS256"]
    for key in keys:
        assert key["use"] == "sig"
        assert key["kid"]
        assert "d" not in key  # no private part
        assert "p" not in key


async def test_root_points_to_the_discovery_document(client: httpx.AsyncClient) -> None:
    response = await client.get("/")

    assert response.status_code == 307
    assert response.headers["location"] == "/api/v2/.well-known/openid-configuration"
