"""Hostile or broken requests get a short French 4xx, never a 5xx nor a traceback in the log.

Through the real ASGI app (the Starlette API wrapped in the security headers, as in the Reflex
app), with the raw ASGI calls where httpx would refuse to build the request.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from starlette.types import Message

from monparis_app.http.app import create_api
from monparis_app.http.body_limit import MAX_BODY_BYTES
from monparis_app.http.security_headers import with_security_headers

JSON = {"content-type": "application/json"}


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=with_security_headers(create_api()))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture(autouse=True)
def no_error_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.INFO)
    yield
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert loud == [], [r.getMessage()[:200] for r in loud]


def assert_short_french_4xx(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, response.text[:200]
    assert response.headers["content-type"].startswith("text/plain")
    assert len(response.text) < 120
    assert any(word in response.text for word in ("Requête", "requête", "JSON", "Type")), (
        response.text
    )
    assert response.headers["x-content-type-options"] == "nosniff"


async def chunks(total: int, size: int = 4096) -> AsyncIterator[bytes]:
    sent = 0
    while sent < total:
        yield b" " * size
        sent += size


@pytest.mark.parametrize("path", ["/graphql", "/auth/sans-javascript", "/healthz"])
async def test_chunked_body_over_the_limit_is_413(client: httpx.AsyncClient, path: str) -> None:
    response = await client.post(path, content=chunks(MAX_BODY_BYTES * 3), headers=JSON)
    if path == "/graphql":  # the only route here that reads its body
        assert_short_french_4xx(response, 413)
        assert response.text == "Requête trop volumineuse."
    else:
        assert response.status_code < 500


async def test_declared_body_over_the_limit_is_413(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", content=b"x" * (MAX_BODY_BYTES + 1), headers=JSON)
    assert_short_french_4xx(response, 413)


async def test_invalid_utf8_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", content=b'{"query": "{ __typename \xff\xfe }"}', headers=JSON
    )
    assert_short_french_4xx(response, 400)
    assert response.text == "Corps de requête illisible : JSON attendu."


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 20_000 + b"]" * 20_000,
        b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * 20_000 + b"]" * 20_000 + b"}}",
        b"{" + b'"a":{' * 10_000 + b"}" * 10_001,
    ],
    ids=["array", "variables", "object"],
)
async def test_json_nested_20000_deep_is_400(client: httpx.AsyncClient, body: bytes) -> None:
    assert len(body) <= MAX_BODY_BYTES
    response = await client.post("/graphql", content=body, headers=JSON)
    assert_short_french_4xx(response, 400)


@pytest.mark.parametrize("body", [b'"texte"', b"42", b"null", b"{", b""])
async def test_json_that_is_no_operation_is_400(client: httpx.AsyncClient, body: bytes) -> None:
    response = await client.post("/graphql", content=body, headers=JSON)
    assert_short_french_4xx(response, 400)


async def test_other_malformed_graphql_requests_are_french_4xx(
    client: httpx.AsyncClient,
) -> None:
    wrong_type = await client.post("/graphql", content=b"{}", headers={"content-type": "text/xml"})
    assert_short_french_4xx(wrong_type, 400)
    assert wrong_type.text == "Type de contenu non pris en charge : envoyez du JSON."
    batch = await client.post("/graphql", json=[{"query": "{ __typename }"}])
    assert_short_french_4xx(batch, 400)
    variables = await client.post("/graphql", json={"query": "{ __typename }", "variables": [1]})
    assert_short_french_4xx(variables, 400)
    no_query = await client.post("/graphql", json={})
    assert_short_french_4xx(no_query, 400)
    assert no_query.text == "Aucune requête GraphQL dans la demande."
    still_fine = await client.post("/graphql", json={"query": "{ __typename }"})
    assert still_fine.json() == {"data": {"__typename": "Query"}}


async def raw_request(headers: list[tuple[bytes, bytes]], body: bytes) -> tuple[int, bytes]:
    """One request straight through ASGI: httpx would fix a wrong Content-Length itself."""
    app = with_security_headers(create_api())
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("198.51.100.4", 41000),
        "server": ("testserver", 80),
    }
    sent: list[Message] = []
    delivered = False

    async def receive() -> Message:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.mark.parametrize(
    "length",
    [[b"abc"], [b"-1"], [b"12, 12"], [b" "], [b"10", b"11"], [b"1" * 400]],
    ids=["letters", "negative", "list", "blank", "two-headers", "huge"],
)
async def test_non_numeric_content_length_is_400(length: list[bytes]) -> None:
    headers = [(b"content-type", b"application/json")] + [(b"content-length", v) for v in length]
    status, body = await raw_request(headers, b'{"query": "{ __typename }"}')
    if length == [b"1" * 400]:
        assert status == 413
        assert body.decode() == "Requête trop volumineuse."
    else:
        assert status == 400
        assert body.decode() == "Requête invalide : en-tête Content-Length incorrect."
