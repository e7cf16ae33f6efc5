"""The built frontend through the real app: cache headers, gzip, and no redirect for /inscription.

The frontend is mounted the way Reflex mounts it in production: its ``PrecompressedStaticFiles``
(what ``reflex.utils.exec.get_frontend_mount`` builds) inside the API app, over a folder laid out
like ``.web/build/client``.
"""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from reflex.utils.precompressed_staticfiles import PrecompressedStaticFiles
from starlette.types import Message, Receive, Scope, Send

from monparis_app.http import static_cache
from monparis_app.http.app import create_api
from monparis_app.http.static_cache import IMMUTABLE, SHORT_CACHE, PathsendAsBody
from monparis_app.web import routes

PAGE = "<!doctype html><html lang=fr><title>Créer un compte</title>" + "<p>Mon Paris</p>" * 80
SCRIPT = "export const x = 1;\n" * 200
STYLES = "body { color: #161616; }\n" * 100


@pytest.fixture
def build(tmp_path: Path) -> Path:
    """A production build's files: pages as folders, hashed assets with gzip sidecars."""
    files = {
        "index.html": PAGE,
        "inscription/index.html": PAGE,
        "inscription/code/index.html": PAGE,
        "assets/root-B7xQ9kLm.js": SCRIPT,
        "styles.css": STYLES,
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / "assets/root-B7xQ9kLm.js.gz").write_bytes(gzip.compress(SCRIPT.encode()))
    (tmp_path / "captcha.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2000))
    return tmp_path


@pytest.fixture
async def http(
    db: str, build: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    monkeypatch.setattr(static_cache, "frontend_static_dir", lambda: build)
    api = create_api()
    api.mount("", PrecompressedStaticFiles(directory=build, html=True, encodings=["gzip"]))
    transport = httpx.ASGITransport(app=api, client=("198.51.100.7", 41000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.mark.parametrize("path", [routes.SIGNUP, routes.SIGNUP + "/", routes.SIGNUP_CODE])
async def test_a_typed_page_url_is_served_without_a_redirect(
    http: httpx.AsyncClient, path: str
) -> None:
    response = await http.get(path, follow_redirects=False)
    assert response.status_code == 200
    assert "Créer un compte" in response.text
    assert response.headers["cache-control"] == "no-cache"  # the page names this build's assets


async def test_hashed_assets_are_immutable_for_a_year(http: httpx.AsyncClient) -> None:
    response = await http.get("/assets/root-B7xQ9kLm.js", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == IMMUTABLE
    assert response.headers["content-encoding"] == "gzip"  # Reflex's sidecar, not recompressed
    assert response.text == SCRIPT
    revalidated = await http.get(
        "/assets/root-B7xQ9kLm.js", headers={"if-none-match": response.headers["etag"]}
    )
    assert revalidated.status_code == 304
    assert revalidated.headers["cache-control"] == IMMUTABLE


async def test_other_files_get_a_short_cache_and_textual_ones_gzip(http: httpx.AsyncClient) -> None:
    styles = await http.get("/styles.css", headers={"accept-encoding": "gzip"})
    assert styles.headers["cache-control"] == SHORT_CACHE
    assert styles.headers["content-encoding"] == "gzip"
    assert styles.text == STYLES
    image = await http.get("/captcha.png", headers={"accept-encoding": "gzip"})
    assert image.headers["cache-control"] == SHORT_CACHE
    assert "content-encoding" not in image.headers


async def test_api_answers_are_never_compressed(http: httpx.AsyncClient) -> None:
    """BREACH: a GraphQL answer may hold a session token beside text the caller chose."""
    query = {"query": "{ passwordPolicy { minLength maxLength rules { id label pattern } } }"}
    response = await http.post("/graphql", json=query, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "content-encoding" not in response.headers
    assert "cache-control" not in response.headers
    assert response.json()["data"]["passwordPolicy"]["minLength"] >= 8


async def test_unknown_paths_are_not_rewritten(http: httpx.AsyncClient) -> None:
    assert (await http.get("/inscriptio", follow_redirects=False)).status_code == 404
    assert (await http.get("/healthz")).status_code == 200


async def test_a_textual_zero_copy_file_becomes_a_body_a_compressed_one_stays(
    tmp_path: Path,
) -> None:
    text_file = tmp_path / "a.css"
    text_file.write_text(STYLES)

    def app_sending(path: Path, headers: list[tuple[bytes, bytes]]):  # type: ignore[no-untyped-def]
        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.pathsend", "path": str(path)})

        return app

    async def run(app) -> list[Message]:  # type: ignore[no-untyped-def]
        sent: list[Message] = []

        async def send(message: Message) -> None:
            sent.append(message)

        async def receive() -> Message:
            return {"type": "http.request", "body": b""}

        await PathsendAsBody(app)(
            {"type": "http", "method": "GET", "path": "/a.css"}, receive, send
        )
        return sent

    css = [(b"content-type", b"text/css; charset=utf-8")]
    sent = await run(app_sending(text_file, css))
    assert sent[1] == {"type": "http.response.body", "body": STYLES.encode(), "more_body": False}
    gzipped = [*css, (b"content-encoding", b"gzip")]
    assert (await run(app_sending(text_file, gzipped)))[1]["type"] == "http.response.pathsend"
