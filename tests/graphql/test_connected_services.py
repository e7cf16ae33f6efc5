""" "Services connectés" through the real ASGI app: the list in French, revoking an access (the
consent and the tokens at once, written to the activity), and only for the caller's account."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from monparis_app.core import audit, sessions
from monparis_app.core.oidc_provider import store
from monparis_app.core.oidc_provider.clients import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_NAME,
    registered_clients,
)
from monparis_app.messages import message_for
from monparis_app.models import OidcConsent
from tests.graphql.conftest import GraphQLClient
from tests.helpers import create_account

SERVICES = "{ connectedServices { clientId name scopes scopeLabels grantedAt lastUsedAt } }"
REVOKE = """mutation($clientId: String!) { revokeService(clientId: $clientId) {
  __typename ... on Done { message } ... on ServiceNotConnected { message }
  ... on NotSignedIn { message } } }"""


@pytest.fixture(autouse=True)
def demo_client_registered() -> Iterator[None]:
    """The dev settings register the demo service; another test may have cached other ones."""
    registered_clients.cache_clear()
    yield
    registered_clients.cache_clear()


async def signed_in(gql: GraphQLClient, email: str = "compte@exemple.fr") -> UUID:
    """An account whose session rides on every request of ``gql`` as a Bearer token."""
    account = await create_account(email=email)
    token = await sessions.open_session(account.id, user_agent="pytest", client_ip="::1")
    gql.http.headers["authorization"] = f"Bearer {token}"
    return UUID(str(account.id))


async def give_access(account_id: UUID) -> str:
    """What a sign-in with the demo service leaves: its consent and a live access token."""
    await store.save_consent(account_id, DEMO_CLIENT_ID, "openid profile email")
    token = secrets.token_urlsafe(32)
    await store.save_token(
        store.NewToken(
            access_token=token,
            refresh_token=None,
            client_id=DEMO_CLIENT_ID,
            account_id=account_id,
            scope="openid profile email",
            amr="pwd",
            code_id=None,
        )
    )
    return token


async def revoke(gql: GraphQLClient, client_id: str = DEMO_CLIENT_ID) -> dict[str, Any]:
    answer: dict[str, Any] = (await gql(REVOKE, clientId=client_id))["revokeService"]
    return answer


async def test_the_list_says_in_french_what_each_service_reads(gql: GraphQLClient) -> None:
    account_id = await signed_in(gql)
    await give_access(account_id)
    [service] = (await gql(SERVICES))["connectedServices"]
    assert service["clientId"] == DEMO_CLIENT_ID
    assert service["name"] == DEMO_CLIENT_NAME
    assert service["scopes"] == ["profile", "email"]  # "openid" is the sign-in, not data
    assert service["scopeLabels"] == [
        "Votre identité : prénoms, nom de naissance, nom d’usage, sexe",
        "Votre adresse électronique",
    ]
    assert service["grantedAt"]
    assert service["lastUsedAt"] is None


async def test_revoking_removes_the_consent_and_the_tokens(gql: GraphQLClient) -> None:
    account_id = await signed_in(gql)
    token = await give_access(account_id)
    assert await store.live_access_token(token) is not None

    assert await revoke(gql) == {
        "__typename": "Done",
        "message": f"L’accès de « {DEMO_CLIENT_NAME} » à vos données a été retiré.",
    }
    assert (await gql(SERVICES))["connectedServices"] == []
    assert await store.live_access_token(token) is None
    assert not await OidcConsent.exists(account_id=account_id)
    [event] = [e for e in await audit.recent(account_id) if e.kind == "service_revoked"]
    assert event.detail == DEMO_CLIENT_NAME
    assert event.label == f"Accès retiré à {DEMO_CLIENT_NAME}"
    assert event.device  # the request's User-Agent was recorded with it

    assert await revoke(gql) == {
        "__typename": "ServiceNotConnected",
        "message": "Cet accès avait déjà été retiré.",
    }
    unknown = await revoke(gql, "service-inconnu")
    assert unknown["__typename"] == "ServiceNotConnected"


async def test_another_account_s_service_cannot_be_revoked(gql: GraphQLClient) -> None:
    other = await create_account(email="autre@exemple.fr")
    other_token = await give_access(UUID(str(other.id)))
    await signed_in(gql)
    assert (await gql(SERVICES))["connectedServices"] == []
    assert (await revoke(gql))["__typename"] == "ServiceNotConnected"
    assert await store.live_access_token(other_token) is not None
    assert await OidcConsent.exists(account_id=other.id)
    assert [e.kind for e in await audit.recent(other.id)] == []


async def test_nothing_without_a_session(gql: GraphQLClient) -> None:
    other = await create_account(email="autre@exemple.fr")
    token = await give_access(UUID(str(other.id)))
    assert (await gql(SERVICES))["connectedServices"] == []
    assert await revoke(gql) == {
        "__typename": "NotSignedIn",
        "message": message_for("session.required"),
    }
    assert await store.live_access_token(token) is not None
