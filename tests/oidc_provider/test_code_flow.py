"""The authorization code flow end to end over HTTP: consent, code, tokens, userinfo."""

from __future__ import annotations

from typing import Any

from joserfc import jwt
from joserfc.jwk import KeySet

from monparis_app.web import routes
from tests.oidc_provider.conftest import ISSUER, OidcBrowser, Service, query_of


async def test_discovery_names_every_endpoint_and_only_s256(service: Service) -> None:
    document = (await service.http.get(routes.OIDC_DISCOVERY)).json()
    assert document["issuer"] == ISSUER
    assert document["authorization_endpoint"] == ISSUER + routes.OIDC_AUTHORIZE
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["id_token_signing_alg_values_supported"] == ["ES256"]
    assert document["authorization_response_iss_parameter_supported"] is True
    jwks = (await service.http.get(routes.OIDC_JWKS)).json()
    assert [k["kty"] for k in jwks["keys"]] == ["EC"]
    assert all("d" not in k for k in jwks["keys"]), "a private key part is published"


async def test_consent_then_code_then_tokens_then_userinfo(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    request = service.request()
    first = await browser.authorize(request)
    assert first.status_code == 303
    assert first.headers["location"] == routes.OIDC_CONSENT
    answer = await browser.consent("allow")
    callback = query_of(answer.headers["location"])
    assert callback["state"] == request.params["state"]
    assert callback["iss"] == ISSUER
    tokens = await service.token(callback["code"], request.verifier)
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    assert body["token_type"].lower() == "bearer"
    jwks = KeySet.import_key_set((await service.http.get(routes.OIDC_JWKS)).json())
    id_token = jwt.decode(body["id_token"], jwks, algorithms=["ES256"])
    claims = id_token.claims
    assert claims["iss"] == ISSUER
    assert claims["aud"] in ("demo-stationnement", ["demo-stationnement"])
    assert claims["nonce"] == request.params["nonce"]
    assert claims["sub"] == str(citizen.id)
    assert claims["given_name"] == "Angèle"
    info = (await service.userinfo(body["access_token"])).json()
    assert info["email"] == "angele@exemple.fr"
    assert info["preferred_username"] == "Martin"
    assert "address" not in info  # not asked for


async def test_the_second_time_no_consent_is_asked(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    await browser.code_for(service.request())
    again = await browser.authorize(service.request())
    assert again.headers["location"].startswith("http://localhost:8002/callback?code=")
