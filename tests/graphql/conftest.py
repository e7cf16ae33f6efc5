"""API tests go through the real ASGI app (Starlette + Strawberry) over httpx."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from monparis_app.http.app import create_api
from tests.conftest import Mailbox


class GraphQLClient:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.http = client

    async def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.http.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


@pytest.fixture
async def gql(mail_sender: Mailbox) -> AsyncIterator[GraphQLClient]:
    transport = httpx.ASGITransport(app=create_api(), client=("198.51.100.4", 41000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield GraphQLClient(client)
