"""``/mon-compte`` without a session cookie: sent to sign in before any page is downloaded."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.staticfiles import StaticFiles

from monparis_app.http.app import create_api
from monparis_app.web import routes
from monparis_app.web.cookies import SESSION_COOKIE


@pytest.fixture
async def http(db: str, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    (tmp_path / "mon-compte").mkdir()
    (tmp_path / "mon-compte" / "index.html").write_text("<h1>Gérer vos données personnelles</h1>")
    api = create_api()
    api.mount("", StaticFiles(directory=tmp_path, html=True))
    transport = httpx.ASGITransport(app=api, client=("198.51.100.7", 41000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.mark.parametrize("path", [routes.ACCOUNT, routes.ACCOUNT + "/"])
async def test_no_session_cookie_goes_to_sign_in_with_the_reason(
    http: httpx.AsyncClient, path: str
) -> None:
    response = await http.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == routes.SIGN_IN_REQUIRED
    assert "données" not in response.text


async def test_a_session_cookie_gets_the_page_which_judges_it(http: httpx.AsyncClient) -> None:
    http.cookies.set(SESSION_COOKIE, "peut-etre-perime")
    response = await http.get(routes.ACCOUNT + "/", follow_redirects=False)
    assert response.status_code == 200
    assert "Gérer vos données personnelles" in response.text


async def test_other_pages_and_methods_pass(http: httpx.AsyncClient) -> None:
    assert (await http.get("/mon-compte-bis", follow_redirects=False)).status_code == 404
    assert (await http.post(routes.ACCOUNT, follow_redirects=False)).status_code != 303
