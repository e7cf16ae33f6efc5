"""Security headers on every response of the API (GraphQL, /auth/*, /healthz), HSTS in prod only.

The Reflex pages get the same middleware (``rx.App(api_transformer=[create_api(), …])``); their
headers and CSP hashes are checked on a real page load in tests/e2e/test_no_javascript.py. Here,
HTML responses are checked through small ASGI apps, the way Reflex's static files send them.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from monparis_app.http.app import create_api, create_standalone_api
from monparis_app.http.security_headers import SecurityHeaders, with_security_headers

PAGE = (
    b'<!doctype html><html><head><script src="/monparis.js" defer></script>'
    b"<script>window.a = 1;</script></head><body>"
    b'<script type="module">import "/x.js";\r\nrun();</script></body></html>'
)


def sha256(text: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text).digest()).decode() + "'"


def assert_common_headers(response: httpx.Response) -> str:
    headers = response.headers
    csp = headers["content-security-policy"]
    for directive in ("frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"):
        assert directive in csp
    assert "connect-src 'self' ws://localhost:8000" in csp
    assert "img-src 'self' data:" in csp
    assert "media-src 'self' data:" in csp
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert "microphone=()" in headers["permissions-policy"]
    return csp


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=with_security_headers(create_api()))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def test_graphql_auth_and_health_responses_carry_the_headers(
    db: str, client: httpx.AsyncClient
) -> None:
    graphql = await client.post("/graphql", json={"query": "{ __typename }"})
    assert graphql.status_code == 200
    csp = assert_common_headers(graphql)
    assert "script-src 'self' 'unsafe-eval';" in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    redirect = await client.get("/auth/session/complete?ticket=perime")
    assert redirect.status_code == 303
    assert_common_headers(redirect)
    health = await client.get("/healthz")
    assert_common_headers(health)
    landing = await client.post("/auth/sans-javascript", data={"password": "secret"})
    assert landing.status_code == 400
    assert "JavaScript est nécessaire" in landing.text
    assert_common_headers(landing)
    for response in (graphql, redirect, health, landing):
        assert "strict-transport-security" not in response.headers


async def test_franceconnect_is_an_allowed_form_target(client: httpx.AsyncClient) -> None:
    """Chrome checks ``form-action`` on the redirects after a submit: the FranceConnect button
    (a GET form to /auth/franceconnect/start) goes on to the provider."""
    response = await client.get("/healthz")
    assert (
        "form-action 'self' http://localhost:8001 " in response.headers["content-security-policy"]
    )


async def test_the_city_services_are_allowed_form_targets(client: httpx.AsyncClient) -> None:
    """ "Autoriser" on the consent page is a form whose answer redirects to the service."""
    policy = (await client.get("/healthz")).headers["content-security-policy"]
    form_action = next(p for p in policy.split(";") if "form-action" in p).split()
    assert form_action[-2:] == ["http://127.0.0.1:8002", "http://localhost:8002"]


async def test_hsts_only_in_prod(configure) -> None:  # type: ignore[no-untyped-def]
    configure(ENV="prod", PUBLIC_URL="https://monparis.example", FC_ISSUER="https://fc.example")
    transport = httpx.ASGITransport(app=with_security_headers(create_api()))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as http:
        response = await http.get("/healthz")
    assert response.headers["strict-transport-security"] == "max-age=63072000; includeSubDomains"
    csp = response.headers["content-security-policy"]
    assert "connect-src 'self' wss://monparis.example" in csp
    assert "form-action 'self' https://fc.example" in csp
    assert "upgrade-insecure-requests" in csp


async def test_standalone_api_has_them_too() -> None:
    transport = httpx.ASGITransport(app=create_standalone_api())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/healthz")
    assert_common_headers(response)


async def test_graphiql_page_gets_a_relaxed_policy_in_dev_only(  # type: ignore[no-untyped-def]
    configure, client: httpx.AsyncClient
) -> None:
    ide = await client.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200
    assert "https://unpkg.com" in ide.headers["content-security-policy"]
    assert ide.headers["x-frame-options"] == "DENY"
    configure(ENV="prod", FC_ISSUER="https://fc.example")
    transport = httpx.ASGITransport(app=with_security_headers(create_api()))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        prod = await http.get("/graphql", headers={"accept": "text/html"})
    assert "unpkg" not in prod.headers["content-security-policy"]


def html_app(body: bytes, encoding: str = "", *, pathsend: Path | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"text/html; charset=utf-8")]
        if encoding:
            headers.append((b"content-encoding", encoding.encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        if pathsend is not None:
            await send({"type": "http.response.pathsend", "path": str(pathsend)})
            return
        half = len(body) // 2
        await send({"type": "http.response.body", "body": body[:half], "more_body": True})
        await send({"type": "http.response.body", "body": body[half:]})

    return app


async def call(app) -> tuple[dict[bytes, bytes], bytes, int]:  # type: ignore[no-untyped-def]
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/connexion", "headers": []}
    await SecurityHeaders(app)(scope, receive, send)
    start = sent[0]
    assert start["type"] == "http.response.start"
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return dict(start["headers"]), body, start["status"]


@pytest.mark.parametrize("encoding", ["", "gzip"])
async def test_html_gets_the_hashes_of_its_own_inline_scripts(encoding: str) -> None:
    body = gzip.compress(PAGE) if encoding else PAGE
    headers, sent_body, _ = await call(html_app(body, encoding))
    assert sent_body == body  # untouched
    csp = headers[b"content-security-policy"].decode()
    expected = f"script-src 'self' 'unsafe-eval' {sha256(b'window.a = 1;')} "
    expected += sha256(b'import "/x.js";\nrun();')  # the HTML parser turns CRLF into LF
    assert expected + ";" in csp


async def test_html_sent_by_pathsend_is_hashed_too(tmp_path: Path) -> None:
    page = tmp_path / "connexion.html"
    page.write_bytes(PAGE)
    headers, body, _ = await call(html_app(b"", pathsend=page))
    assert body == PAGE
    assert sha256(b"window.a = 1;") in headers[b"content-security-policy"].decode()


async def test_not_modified_keeps_the_cached_policy() -> None:
    """A 304 without CSP: the browser keeps the policy stored with the page (its hashes)."""
    headers, _, status = await call(html_app(b"", status=304))
    assert status == 304
    assert b"content-security-policy" not in headers
    assert headers[b"x-frame-options"] == b"DENY"
