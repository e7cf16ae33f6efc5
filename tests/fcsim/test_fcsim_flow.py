"""The whole authorization code flow, checked the way a strict client would."""

from __future__ import annotations

import base64
import hashlib

import httpx
import pytest

from fcsim.app import create_app
from fcsim.config import DEFAULT_CLIENT_ID, ClientConfig, SimulatorConfig, default_clients
from fcsim.tokens import pairwise_sub
from tests.fcsim.conftest import (
    ISSUER,
    REDIRECT_URI,
    START_TIME,
    FakeClock,
    Flow,
    form_action,
    query_of,
    verify_jwt,
)


def left_half_sha256(value: str) -> str:
    digest = hashlib.sha256(value.encode()).digest()
    return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()


async def test_full_code_flow(flow: Flow, client: httpx.AsyncClient) -> None:
    response = await flow.login("test")

    assert response.status_code == 303
    assert response.headers["location"].startswith(REDIRECT_URI + "?")
    callback = query_of(response)
    assert callback["state"] == flow.state
    assert callback["iss"] == ISSUER

    token_response = await flow.token(callback["code"])
    assert token_response.status_code == 200
    assert token_response.headers["cache-control"] == "no-store"
    body = token_response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 60
    assert body["scope"] == flow.scope

    claims = await verify_jwt(client, body["id_token"], "ES256")
    assert claims["iss"] == ISSUER
    assert claims["aud"] == DEFAULT_CLIENT_ID
    assert claims["nonce"] == flow.nonce
    assert claims["acr"] == "eidas1"
    assert claims["amr"] == ["pwd"]
    assert claims["idp"] == "impots-gouv"
    assert claims["at_hash"] == left_half_sha256(body["access_token"])
    assert claims["iat"] == claims["auth_time"] == int(START_TIME)
    assert claims["exp"] == claims["iat"] + 60
    assert claims["sid"]
    assert claims["sub"] == pairwise_sub(DEFAULT_CLIENT_ID, "test")
    assert len(claims["sub"]) == 66

    userinfo = await client.get(
        "/api/v2/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert userinfo.status_code == 200
    assert userinfo.headers["content-type"] == "application/jwt"
    identity = await verify_jwt(client, userinfo.text, "ES256")
    assert identity["iss"] == ISSUER
    assert identity["aud"] == DEFAULT_CLIENT_ID
    assert identity["sub"] == claims["sub"]
    assert identity["given_name"] == "Angela Claire Louise"
    assert identity["given_name_array"] == ["Angela", "Claire", "Louise"]
    assert identity["family_name"] == "DUBOIS"
    assert identity["gender"] == "female"
    assert identity["birthdate"] == "1962-08-24"
    assert identity["birthplace"] == "75107"
    assert identity["birthcountry"] == "99100"
    assert identity["email"] == "wossewodda-3728@yopmail.com"
    assert "preferred_username" not in identity


async def test_id_token_header_names_the_signing_key(flow: Flow, client: httpx.AsyncClient) -> None:
    body = await flow.tokens()

    header_segment = body["id_token"].split(".")[0]
    header = httpx.Response(200, content=base64.urlsafe_b64decode(header_segment + "==")).json()
    jwks = (await client.get("/api/v2/jwks")).json()["keys"]
    es256 = next(key for key in jwks if key["alg"] == "ES256")
    assert header == {"alg": "ES256", "kid": es256["kid"], "typ": "JWT"}


async def test_rs256_client_gets_rs256_tokens(clock: FakeClock) -> None:
    clients = {
        DEFAULT_CLIENT_ID: ClientConfig.from_dict(
            {
                "secret": "monparis-dev-secret-0123456789abcdef",
                "redirect_uris": [REDIRECT_URI],
                "alg": "RS256",
            }
        )
    }

    app = create_app(SimulatorConfig(clients=clients, clock=clock))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://localhost:8001"
    ) as http:
        flow = Flow(http)
        body = await flow.tokens()
        claims = await verify_jwt(http, body["id_token"], "RS256")
        assert claims["at_hash"] == left_half_sha256(body["access_token"])
        userinfo = await http.get(
            "/api/v2/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert (await verify_jwt(http, userinfo.text, "RS256"))["family_name"] == "DUBOIS"


async def test_userinfo_only_releases_granted_scopes(client: httpx.AsyncClient) -> None:
    flow = Flow(client, scope="openid given_name preferred_username")
    body = await flow.tokens("avec_nom_dusage")

    userinfo = await client.get(
        "/api/v2/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    identity = await verify_jwt(client, userinfo.text)
    identity_claims = set(identity) - {"iss", "aud", "sub", "iat"}
    assert identity_claims == {"given_name", "given_name_array", "preferred_username"}
    assert identity["preferred_username"] == "DUBOIS"


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("nom_composé", {"family_name": "TROIS-DUPRE", "birthplace": "13012"}),
        ("nom_compose", {"family_name": "TROIS-DUPRE", "given_name": "Melissandre Juliette"}),
        ("naissance_Algérie", {"birthplace": "", "birthcountry": "99352"}),
        ("naissance_algerie", {"family_name": "BENSAID", "gender": "male"}),
        ("avec_nom_dusage", {"family_name": "MERCIER", "preferred_username": "DUBOIS"}),
    ],
)
async def test_test_identities(
    client: httpx.AsyncClient, login: str, expected: dict[str, str]
) -> None:
    flow = Flow(client, scope="openid profile birth email")
    body = await flow.tokens(login)

    userinfo = await client.get(
        "/api/v2/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    identity = await verify_jwt(client, userinfo.text)
    assert {key: identity[key] for key in expected} == expected


async def test_aliases_share_the_same_sub(client: httpx.AsyncClient) -> None:
    first = await verify_jwt(client, (await Flow(client).tokens("nom_composé"))["id_token"])
    second = await verify_jwt(client, (await Flow(client).tokens("nom_compose"))["id_token"])

    assert first["sub"] == second["sub"]


async def test_sans_email_has_no_email_claim(client: httpx.AsyncClient) -> None:
    body = await Flow(client).tokens("sans_email")

    userinfo = await client.get(
        "/api/v2/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    identity = await verify_jwt(client, userinfo.text)
    assert "email" not in identity
    assert identity["family_name"] == "MARTIN"


def test_sub_is_pairwise() -> None:
    assert pairwise_sub("client-a", "test") != pairwise_sub("client-b", "test")
    assert pairwise_sub("client-a", "test") == pairwise_sub("client-a", "test")
    assert pairwise_sub("client-a", "test").endswith("v1")


async def test_wrong_password_shows_a_french_error(flow: Flow, client: httpx.AsyncClient) -> None:
    action = await flow.open_login()

    response = await client.post(action, data={"login": "test", "password": "456"})

    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert "Identifiant ou mot de passe incorrect." in response.text
    assert 'aria-invalid="true"' in response.text


async def test_unknown_login_shows_the_same_error(flow: Flow, client: httpx.AsyncClient) -> None:
    action = await flow.open_login()

    response = await client.post(action, data={"login": "personne", "password": "123"})

    assert "Identifiant ou mot de passe incorrect." in response.text


async def test_pages_have_the_expected_texts(flow: Flow, client: httpx.AsyncClient) -> None:
    chooser = await flow.open_chooser()
    assert '<html lang="fr">' in chooser.text
    assert "<h1>Je choisis un compte pour me connecter sur Mon Paris</h1>" in chooser.text
    for name in ("impots.gouv.fr", "ameli.fr", "L&#x27;Identité Numérique La Poste", "MSA", "Yris"):
        assert f">{name}</button>" in chooser.text
    assert ">Annuler et revenir sur Mon Paris</a>" in chooser.text

    chosen = await client.post(form_action(chooser.text), data={"idp": "ameli"})
    login_page = (await client.get(chosen.headers["location"])).text
    assert "<h1>Connexion avec ameli.fr</h1>" in login_page
    assert '<label for="login">Identifiant</label>' in login_page
    assert '<label for="password">Mot de passe</label>' in login_page
    assert ">Se connecter</button>" in login_page
    for login in ("test", "avec_nom_dusage", "erreur_serveur", "lent", "claim_manquant"):
        assert f"<code>{login}</code>" in login_page

    consent = await client.post(
        form_action(login_page, "Se connecter"), data={"login": "test", "password": "123"}
    )
    consent_page = (await client.get(consent.headers["location"])).text
    assert "Les données suivantes vont être transmises à Mon Paris" in consent_page
    assert ">Continuer sur Mon Paris</button>" in consent_page
    assert "DUBOIS" in consent_page


async def test_cancel_returns_access_denied(flow: Flow, client: httpx.AsyncClient) -> None:
    chooser = await flow.open_chooser()
    cancel = chooser.text.split('<a href="')[1].split('"')[0]

    response = await client.get(cancel)

    assert response.status_code == 302
    assert query_of(response) == {
        "error": "access_denied",
        "error_description": "User auth aborted",
        "state": flow.state,
        "iss": ISSUER,
    }


async def test_finished_interaction_cannot_be_reused(flow: Flow, client: httpx.AsyncClient) -> None:
    chooser = await flow.open_chooser()
    cancel = chooser.text.split('<a href="')[1].split('"')[0]
    await client.get(cancel)

    again = await client.get(cancel)

    assert again.status_code == 400
    assert "location" not in again.headers


async def test_without_consent_page_login_goes_straight_back(clock: FakeClock) -> None:

    app = create_app(SimulatorConfig(clock=clock, consent_page=False))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://localhost:8001"
    ) as http:
        flow = Flow(http)
        action = await flow.open_login()
        response = await http.post(action, data={"login": "test", "password": "123"})
        assert response.status_code == 303
        assert response.headers["location"].startswith(REDIRECT_URI + "?code=")
        token = await flow.token(query_of(response)["code"])
        assert token.status_code == 200


async def test_idp_hint_skips_the_chooser(clock: FakeClock) -> None:

    clients = default_clients()
    base = clients[DEFAULT_CLIENT_ID]
    clients[DEFAULT_CLIENT_ID] = ClientConfig(
        secret=base.secret,
        redirect_uris=base.redirect_uris,
        idp_hint_allowlist=("ameli",),
    )
    app = create_app(SimulatorConfig(clients=clients, clock=clock))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://localhost:8001"
    ) as http:
        response = await Flow(http).authorize(idp_hint="ameli")
        assert response.headers["location"].endswith("/login")
        page = await http.get(response.headers["location"])
        assert "Connexion avec ameli.fr" in page.text
