"""Introspection is off in prod unless ``MONPARIS_GRAPHQL_INTROSPECTION=on``; on in dev.

Through the real ASGI app, rebuilt with the schema the settings of each case build (the module
schema is built once, at import, from the settings of the process).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from monparis_app.graphql.schema import build_schema
from monparis_app.graphql.validation import (
    INTROSPECTION_DISABLED_CODE,
    INTROSPECTION_DISABLED_MESSAGE,
)
from monparis_app.http import app as api

SCHEMA_QUERY = "{ __schema { queryType { name } types { name } } }"
TYPE_QUERY = '{ __type(name: "Query") { fields { name } } }'
# Hidden inside a fragment and an alias: still introspection.
HIDDEN_QUERY = "query { ...F } fragment F on Query { s: __schema { queryType { name } } }"


@pytest.fixture
def post(configure, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:  # type: ignore[no-untyped-def]
    async def _post(query: str, **settings: str) -> dict[str, Any]:
        configure(**settings)
        monkeypatch.setattr(api, "schema", build_schema())
        transport = httpx.ASGITransport(app=api.create_api())
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            response = await client.post("/graphql", json={"query": query})
        assert response.status_code == 200, response.text
        return dict(response.json())

    return _post


def assert_refused(body: dict[str, Any]) -> None:
    assert body["data"] is None
    [error] = body["errors"]
    assert error["message"] == INTROSPECTION_DISABLED_MESSAGE
    assert error["extensions"]["code"] == INTROSPECTION_DISABLED_CODE


@pytest.mark.parametrize("query", [SCHEMA_QUERY, TYPE_QUERY, HIDDEN_QUERY])
async def test_prod_refuses_introspection_by_default(post, query: str) -> None:  # type: ignore[no-untyped-def]
    assert_refused(await post(query, ENV="prod"))


async def test_prod_still_answers_typename_and_normal_queries(post) -> None:  # type: ignore[no-untyped-def]
    body = await post("{ __typename passwordPolicy { minLength } }", ENV="prod")
    assert "errors" not in body, body
    assert body["data"]["__typename"] == "Query"


async def test_prod_can_turn_introspection_on(post) -> None:  # type: ignore[no-untyped-def]
    body = await post(SCHEMA_QUERY, ENV="prod", GRAPHQL_INTROSPECTION="on")
    assert "errors" not in body, body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_dev_has_introspection_and_can_turn_it_off(post) -> None:  # type: ignore[no-untyped-def]
    body = await post(TYPE_QUERY, ENV="dev")
    assert "errors" not in body, body
    assert {"captcha", "me"} <= {f["name"] for f in body["data"]["__type"]["fields"]}
    assert_refused(await post(TYPE_QUERY, ENV="dev", GRAPHQL_INTROSPECTION="off"))


def test_an_unknown_value_is_refused_at_start(configure) -> None:  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from monparis_app.settings import get_settings

    configure(GRAPHQL_INTROSPECTION="oui")
    with pytest.raises(ValidationError):
        get_settings()
