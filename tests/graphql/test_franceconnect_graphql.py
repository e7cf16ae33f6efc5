"""FranceConnect through GraphQL, over HTTP (ASGI), as a partner app would use it.

The mutations are served by a small schema holding only ``FranceConnectMutations`` through the
app's own GraphQL view, and by the real ``create_api()`` once its ``Mutation`` includes them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import strawberry
from starlette.applications import Starlette
from starlette.routing import Route

from monparis_app.core.password_hashing import hash_password
from monparis_app.graphql.mutations.franceconnect import FranceConnectMutations
from monparis_app.http.app import create_api
from monparis_app.http.graphql_view import MonParisGraphQL
from monparis_app.models import (
    Account,
    FranceConnectLogin,
    PendingFranceConnectIdentity,
    PendingIdentityPurpose,
    Session,
)
from tests.adapters.fc_simulator import (
    PARTNER_CALLBACK,
    fc_login,
)
from tests.helpers import GOOD_PASSWORD

pytest_plugins = ["tests.adapters.fc_simulator"]

START = """mutation($uri: String!) { franceConnectStart(redirectUri: $uri) { authorizationUrl state } }"""
FINISH = """
mutation($code: String!, $state: String!, $iss: String) {
  franceConnect(code: $code, state: $state, iss: $iss) {
    __typename
    ... on FranceConnectSignedIn { sessionToken created account { id email firstNames } }
    ... on FranceConnectLinkRequired { linkToken email message }
    ... on FranceConnectTermsRequired { creationToken email message }
    ... on FranceConnectError { code message }
  }
}"""
ACCEPT = """
mutation($token: String!, $accept: Boolean!) {
  franceConnectAcceptTerms(creationToken: $token, acceptTerms: $accept) {
    __typename
    ... on FranceConnectSignedIn { sessionToken created account { id email firstNames } }
    ... on FieldErrors { errors { field code message } }
    ... on FranceConnectError { code message }
  }
}"""
LINK = """
mutation($token: String!, $password: String!) {
  franceConnectLink(linkToken: $token, password: $password) {
    __typename
    ... on FranceConnectSignedIn { sessionToken account { id email } }
    ... on FranceConnectLinkRefused { code message captchaRequired }
    ... on FranceConnectError { code message }
  }
}"""


@strawberry.type
class Query:
    ping: str = "pong"


def local_app() -> Starlette:
    schema = strawberry.Schema(query=Query, mutation=FranceConnectMutations)
    view = MonParisGraphQL(schema)
    return Starlette(routes=[Route("/graphql", view, methods=["GET", "POST"])])


class Api:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def raw(self, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.http.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        body = await self.raw(query, **variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture
async def api(db: str, fc_config: object) -> AsyncIterator[Api]:
    transport = httpx.ASGITransport(app=local_app(), client=("198.51.100.4", 41000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield Api(http)


async def partner_callback(api: Api, login: str = "test") -> dict[str, str]:
    started = (await api(START, uri=PARTNER_CALLBACK))["franceConnectStart"]
    params = await fc_login(started["authorizationUrl"], login)
    assert params["state"] == started["state"]
    return params


async def test_a_partner_signs_up_then_signs_in_with_franceconnect(api: Api) -> None:
    params = await partner_callback(api)
    first = await api(FINISH, code=params["code"], state=params["state"], iss=params["iss"])
    terms = first["franceConnect"]
    assert terms["__typename"] == "FranceConnectTermsRequired"
    assert terms["email"] == "wossewodda-3728@yopmail.com"
    assert "Conditions Générales d'Utilisation" in terms["message"]
    assert await Account.all().count() == 0

    refused = (await api(ACCEPT, token=terms["creationToken"], accept=False))[
        "franceConnectAcceptTerms"
    ]
    assert refused == {
        "__typename": "FieldErrors",
        "errors": [
            {
                "field": "acceptTerms",
                "code": "accept_terms.required",
                "message": refused["errors"][0]["message"],
            }
        ],
    }
    assert "Vous devez accepter" in refused["errors"][0]["message"]
    assert await Account.all().count() == 0

    accepted = await api(ACCEPT, token=terms["creationToken"], accept=True)
    result = accepted["franceConnectAcceptTerms"]
    assert result["__typename"] == "FranceConnectSignedIn"
    assert result["created"] is True
    assert result["account"]["firstNames"] == "Angela Claire Louise"
    session = await Session.get()
    assert session.fc_id_token  # kept for a FranceConnect sign-out

    params = await partner_callback(api)
    second = await api(FINISH, code=params["code"], state=params["state"], iss=params["iss"])
    assert second["franceConnect"]["account"]["id"] == result["account"]["id"]
    assert second["franceConnect"]["created"] is False
    account = await Account.get()
    assert account.terms_accepted_at is not None

    replay = (await api(ACCEPT, token=terms["creationToken"], accept=True))[
        "franceConnectAcceptTerms"
    ]
    assert replay["__typename"] == "FranceConnectError"
    assert replay["code"] == "franceconnect.creation_expired"
    assert await Account.all().count() == 1
    assert (
        await PendingFranceConnectIdentity.filter(purpose=PendingIdentityPurpose.CREATION).count()
        == 0
    )


async def test_a_redirect_uri_outside_the_allow_list_is_refused(api: Api) -> None:
    body = await api.raw(START, uri="https://pirate.example/recuperer-le-code")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "franceconnect.redirect_uri_not_allowed"
    assert "n'est pas autorisée" in body["errors"][0]["message"]
    assert await FranceConnectLogin.all().count() == 0


async def test_a_forged_state_is_an_error_result(api: Api) -> None:
    params = await partner_callback(api)
    result = (await api(FINISH, code=params["code"], state="x" * 43, iss=params["iss"]))[
        "franceConnect"
    ]
    assert result == {
        "__typename": "FranceConnectError",
        "code": "franceconnect.invalid_state",
        "message": result["message"],
    }
    assert "expiré ou a déjà été utilisée" in result["message"]
    assert await Account.all().count() == 0


async def test_a_replayed_code_is_an_error_result(api: Api) -> None:
    params = await partner_callback(api)
    await api(FINISH, code=params["code"], state=params["state"], iss=params["iss"])
    replay = await api(FINISH, code=params["code"], state=params["state"], iss=params["iss"])
    assert replay["franceConnect"]["code"] == "franceconnect.invalid_state"


async def test_an_email_conflict_is_linked_with_the_password(api: Api) -> None:
    await Account.create(
        email="wossewodda-3728@yopmail.com",
        sex="FEMALE",
        first_names="Angèle",
        birth_name="Dubois",
        password_hash=await hash_password(GOOD_PASSWORD),
    )
    params = await partner_callback(api)
    result = await api(FINISH, code=params["code"], state=params["state"], iss=params["iss"])
    link = result["franceConnect"]
    assert link["__typename"] == "FranceConnectLinkRequired"
    assert link["email"] == "wossewodda-3728@yopmail.com"

    refused = (await api(LINK, token=link["linkToken"], password="Mauvais-1234"))[
        "franceConnectLink"
    ]
    assert refused["__typename"] == "FranceConnectLinkRefused"
    assert refused["code"] == "sign_in.invalid"

    linked = (await api(LINK, token=link["linkToken"], password=GOOD_PASSWORD))["franceConnectLink"]
    assert linked["__typename"] == "FranceConnectSignedIn"
    account = await Account.get(email="wossewodda-3728@yopmail.com")
    assert account.fc_sub
    assert account.first_names == "Angela Claire Louise"


async def test_the_real_api_serves_the_franceconnect_mutations(db: str, fc_config: object) -> None:
    transport = httpx.ASGITransport(app=create_api(), client=("198.51.100.4", 41000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        api = Api(http)
        params = await partner_callback(api)
        result = await api(FINISH, code=params["code"], state=params["state"], iss=params["iss"])
        terms = result["franceConnect"]
        assert terms["__typename"] == "FranceConnectTermsRequired"
        accepted = await api(ACCEPT, token=terms["creationToken"], accept=True)
    assert accepted["franceConnectAcceptTerms"]["__typename"] == "FranceConnectSignedIn"


BEGIN = """
mutation($uri: String!) {
  franceConnectBegin(redirectUri: $uri) {
    __typename
    ... on FranceConnectStart { authorizationUrl state }
    ... on FranceConnectError { code message }
    ... on RateLimited { retryAfter message }
  }
}"""


async def test_franceconnect_begin_answers_every_refusal_in_its_union(
    api: Api, configure: Any
) -> None:
    """Unlike the deprecated ``franceConnectStart``, which can only refuse as a GraphQL error."""
    started = (await api(BEGIN, uri=PARTNER_CALLBACK))["franceConnectBegin"]
    assert started["__typename"] == "FranceConnectStart"
    params = await fc_login(started["authorizationUrl"])
    assert params["state"] == started["state"]

    refused = (await api(BEGIN, uri="https://pirate.example/recuperer-le-code"))[
        "franceConnectBegin"
    ]
    assert refused["__typename"] == "FranceConnectError"
    assert refused["code"] == "franceconnect.redirect_uri_not_allowed"
    assert "n'est pas autorisée" in refused["message"]

    configure(RATE_LIMIT_FRANCECONNECT_START="1/minute")
    await api(BEGIN, uri=PARTNER_CALLBACK)
    limited = (await api(BEGIN, uri=PARTNER_CALLBACK))["franceConnectBegin"]
    assert limited["__typename"] == "RateLimited"
    assert "Réessayez dans" in limited["message"]
    old = await api.raw(START, uri=PARTNER_CALLBACK)
    assert old["data"] is None
    assert old["errors"][0]["extensions"]["code"] == "rate_limited"
    assert old["errors"][0]["extensions"]["retryAfter"] > 0
