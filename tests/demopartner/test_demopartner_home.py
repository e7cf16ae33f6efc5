"""The home page, the security headers and the French pages for unknown routes."""

from __future__ import annotations

import re

from tests.demopartner.conftest import Browser, MiniProvider


async def test_home_page_is_french_and_accessible(browser: Browser) -> None:
    response = await browser.demo.get("/")

    assert response.status_code == 200
    html = response.text
    assert '<html lang="fr">' in html
    assert html.count("<main") == 1
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Demande de stationnement résident"]
    assert "Service de démonstration de la Ville de Paris" in html
    assert '<form method="post" action="/login">' in html
    assert '<button type="submit">Se connecter avec Mon Paris</button>' in html
    assert "Se déconnecter" not in html


async def test_home_page_does_not_contact_the_provider(
    browser: Browser, provider: MiniProvider
) -> None:
    await browser.demo.get("/")

    assert provider.requests == []  # the demo may start before Mon Paris


async def test_every_page_has_the_security_headers(browser: Browser) -> None:
    for response in (
        await browser.demo.get("/"),
        await browser.demo.get("/deconnecte"),
        await browser.demo.get("/callback?error=access_denied"),
    ):
        headers = response.headers
        assert headers["cache-control"] == "no-store"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        policy = headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "form-action 'self' http://localhost:8000;" in policy
        assert "frame-ancestors 'none'" in policy


async def test_the_inline_style_is_the_one_the_policy_allows(browser: Browser) -> None:
    from demopartner.pages import STYLE_HASH

    response = await browser.demo.get("/")

    assert f"style-src '{STYLE_HASH}'" in response.headers["content-security-policy"]
    assert response.text.count("<style>") == 1


async def test_unknown_page_is_a_french_404(browser: Browser) -> None:
    response = await browser.demo.get("/nulle-part")

    assert response.status_code == 404
    assert "Page introuvable" in response.text
    assert response.headers["cache-control"] == "no-store"


async def test_logout_is_post_only(browser: Browser) -> None:
    response = await browser.demo.get("/logout")

    assert response.status_code == 405
    assert '<html lang="fr">' in response.text
