"""``/captcha/<id>/image.png`` and ``audio.wav``: rendered on request, cached by the browser only."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from monparis_app.adapters import captcha_renderer
from monparis_app.core import captcha
from monparis_app.http.app import create_api
from monparis_app.settings import get_settings

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CAPTCHA = "{ captcha { id imageUrl audioUrl expiresAt } }"


@pytest.fixture
async def http(db: str, configure: Any) -> AsyncIterator[httpx.AsyncClient]:
    configure(CAPTCHA_TEST_ANSWER="", RATE_LIMIT_CAPTCHA="60/minute", CAPTCHA_TTL_SECONDS="600")
    client_ip = "2001:db8::" + secrets.token_hex(2)
    transport = httpx.ASGITransport(app=create_api(), client=(client_ip, 41000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def new_captcha(http: httpx.AsyncClient, query: str = CAPTCHA) -> dict[str, str]:
    response = await http.post("/graphql", json={"query": query})
    body = response.json()
    assert "errors" not in body, body
    captcha_data: dict[str, str] = body["data"]["captcha"]
    return captcha_data


def path_of(url: str) -> str:
    return urlsplit(url).path


class RenderSpy:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        real_png, real_wav = captcha_renderer.render_png, captcha_renderer.render_wav

        def png(text: str) -> bytes:
            self.calls.append("png:" + text)
            return real_png(text)

        def wav(text: str) -> bytes:
            self.calls.append("wav:" + text)
            return real_wav(text)

        monkeypatch.setattr(captcha_renderer, "render_png", png)
        monkeypatch.setattr(captcha_renderer, "render_wav", wav)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> RenderSpy:
    return RenderSpy(monkeypatch)


async def test_a_captcha_with_its_id_only_renders_nothing(
    http: httpx.AsyncClient, spy: RenderSpy
) -> None:
    await new_captcha(http, "{ captcha { id } }")
    await new_captcha(http)  # the URLs cost nothing either
    assert spy.calls == []


async def test_image_and_audio_render_only_when_selected(
    http: httpx.AsyncClient, spy: RenderSpy
) -> None:
    image_only = await new_captcha(http, "{ captcha { id image } }")
    assert image_only["image"].startswith("data:image/png;base64,")
    assert [c[:4] for c in spy.calls] == ["png:"]


async def test_the_urls_serve_the_image_and_the_audio_of_the_same_text(
    http: httpx.AsyncClient, spy: RenderSpy
) -> None:
    challenge = await new_captcha(http)
    assert (
        challenge["imageUrl"] == get_settings().base_url + f"/captcha/{challenge['id']}/image.png"
    )

    image = await http.get(path_of(challenge["imageUrl"]))
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/png"
    assert image.content.startswith(PNG_MAGIC)
    max_age = int(image.headers["cache-control"].removeprefix("private, max-age="))
    assert 590 <= max_age <= 600

    audio = await http.get(path_of(challenge["audioUrl"]))
    assert audio.status_code == 200
    assert audio.headers["content-type"] == "audio/wav"
    assert audio.content[:4] == b"RIFF"
    assert audio.headers["cache-control"].startswith("private, max-age=")
    assert "content-encoding" not in audio.headers  # binary media are not gzipped

    text = spy.calls[0].removeprefix("png:")
    assert spy.calls == [f"png:{text}", f"wav:{text}"]
    assert await captcha.consume_answer(challenge["id"], text)


async def test_unknown_malformed_used_ids_are_404(http: httpx.AsyncClient) -> None:
    for path in (
        "/captcha/0b5f3c1e-8f43-4a4e-9b1d-3d2f5a6b7c8d/image.png",
        "/captcha/pas-un-identifiant/audio.wav",
    ):
        response = await http.get(path)
        assert response.status_code == 404
        assert response.headers["cache-control"] == "no-store"
    challenge = await new_captcha(http)
    await captcha.consume_answer(challenge["id"], "FAUX")
    assert (await http.get(path_of(challenge["imageUrl"]))).status_code == 404


async def test_renders_count_against_the_per_ip_captcha_limit(
    http: httpx.AsyncClient, configure: Any
) -> None:
    challenge = await new_captcha(http)
    configure(RATE_LIMIT_CAPTCHA="2/minute")
    path = path_of(challenge["imageUrl"])
    assert [(await http.get(path)).status_code for _ in range(2)] == [200, 200]
    refused = await http.get(path)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
