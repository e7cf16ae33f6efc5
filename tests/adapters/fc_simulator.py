"""FranceConnect test kit: the simulator as a real server, and a "browser" that walks its pages.

Test modules import the fixtures they use (``from tests.adapters.fc_simulator import fc_issuer, …``).
The simulator runs once per test session as its own process (``python -m fcsim``) with the
clients below registered, exactly as the app would meet it; ``fc_login`` drives its HTML pages
with httpx (provider choice → login → consent) and returns the callback's query parameters.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import httpx
import pytest

from monparis_app.adapters.franceconnect_client import FranceConnectClient, forget_provider_cache
from monparis_app.core.franceconnect import FranceConnectConfig, config_from_settings
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "monparis-test"
CLIENT_SECRET = "monparis-test-secret-0123456789abcdefghij"
RS256_CLIENT_ID = "monparis-rs256"
OTHER_CLIENT_ID = "autre-fournisseur"
APP_BASE_URL = "http://localhost:8000"
CALLBACK = f"{APP_BASE_URL}/auth/franceconnect/callback"
LOGGED_OUT = f"{APP_BASE_URL}/auth/franceconnect/logged-out"
PARTNER_CALLBACK = "https://partenaire.example/retour-franceconnect"
SLOW_DELAY_SECONDS = 2.0


def _client(secret: str, alg: str = "ES256") -> dict[str, object]:
    return {
        "secret": secret,
        "redirect_uris": [CALLBACK, PARTNER_CALLBACK],
        "post_logout_redirect_uris": [LOGGED_OUT],
        "alg": alg,
    }


@pytest.fixture(scope="session")
def fc_issuer() -> Iterator[str]:
    """One simulator process for the whole run; yields its issuer URL."""
    port = free_port()
    clients = {
        CLIENT_ID: _client(CLIENT_SECRET),
        RS256_CLIENT_ID: _client(CLIENT_SECRET, "RS256"),
        OTHER_CLIENT_ID: _client(CLIENT_SECRET),
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("FCSIM_")}
    env |= {"FCSIM_CLIENTS": json.dumps(clients), "FCSIM_SLOW_DELAY": str(SLOW_DELAY_SECONDS)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fcsim",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    issuer = f"http://localhost:{port}/api/v2"
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/v2/.well-known/openid-configuration", process)
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the simulator exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the simulator did not start")


@pytest.fixture
def fc_config(fc_issuer: str, configure) -> FranceConnectConfig:  # type: ignore[no-untyped-def]
    """Settings pointing at the simulator as a real FranceConnect would be configured."""
    configure(
        FC_ISSUER=fc_issuer,
        FC_CLIENT_ID=CLIENT_ID,
        FC_CLIENT_SECRET=CLIENT_SECRET,
        PORT="8000",
        FC_ALLOWED_REDIRECT_URIS=PARTNER_CALLBACK,
    )
    forget_provider_cache()
    return config_from_settings()


@pytest.fixture
def fc_client(fc_config: FranceConnectConfig) -> FranceConnectClient:
    return FranceConnectClient(fc_config)


# --- the browser side -----------------------------------------------------------------------


def _form_action(html: str, marker: str) -> str:
    for match in re.finditer(r'<form method="post" action="([^"]+)">(.*?)</form>', html, re.S):
        if marker in match.group(2):
            return unescape(match.group(1))
    raise AssertionError(f"no form containing {marker!r}")


def _link(html: str, text: str) -> str:
    match = re.search(r'<a href="([^"]+)">' + re.escape(text), html)
    assert match, f"no link {text!r}"
    return unescape(match.group(1))


async def fc_login(
    authorization_url: str,
    login: str = "test",
    *,
    provider: str = "impots-gouv",
    cancel: bool = False,
    http: httpx.AsyncClient | None = None,
) -> dict[str, str]:
    """Walk FranceConnect's pages like a person; returns the query sent back to the app."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(authorization_url))
    owned = http is None
    client = http or httpx.AsyncClient(follow_redirects=False, timeout=15)
    try:
        response = await client.get(authorization_url)
        for _step in range(12):
            if response.is_redirect:
                location = urljoin(str(response.url), response.headers["location"])
                if not location.startswith(origin):
                    return dict(parse_qsl(urlsplit(location).query))
                response = await client.get(location)
                continue
            response = await _answer_page(client, response, login, provider, cancel)
        raise AssertionError("FranceConnect never sent the browser back")
    finally:
        if owned:
            await client.aclose()


async def _answer_page(
    client: httpx.AsyncClient, page: httpx.Response, login: str, provider: str, cancel: bool
) -> httpx.Response:
    html, here = page.text, str(page.url)
    assert page.status_code == 200, html
    if 'name="idp"' in html:
        if cancel:
            return await client.get(urljoin(here, _link(html, "Annuler et revenir")))
        return await client.post(
            urljoin(here, _form_action(html, 'name="idp"')), data={"idp": provider}
        )
    if 'name="password"' in html:
        action = urljoin(here, _form_action(html, 'name="password"'))
        return await client.post(action, data={"login": login, "password": "123"})
    if "Continuer sur" in html:
        return await client.post(urljoin(here, _form_action(html, "Continuer sur")))
    raise AssertionError(f"unexpected FranceConnect page: {html[:300]}")
