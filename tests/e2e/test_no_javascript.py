"""Without JavaScript (or before hydration): no password or code in a URL, a French notice.

And, with JavaScript, the pages still work under the Content-Security-Policy, whose headers are
checked on the page load itself (the Reflex frontend is wrapped by the same middleware as the API).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote_plus

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

from tests.e2e.conftest import unique_email, wait_until_hydrated
from tests.e2e.signup_steps import GOOD_PASSWORD, expect_captcha_shown, field

NOSCRIPT_TEXT = "JavaScript est nécessaire pour utiliser Mon Paris"
LANDING_TEXT = "JavaScript est nécessaire pour utiliser ce formulaire."
SECRET_PASSWORD = "Sansjs!Secret42"
# Every page a person can reach without an account (the others render the same forms once
# signed in; their DOM is covered by the static check below when the page is prerendered).
PAGES_WITH_FORMS = [
    "/",
    "/connexion",
    "/inscription",
    "/inscription/code",
    "/mot-de-passe-oublie",
    "/mon-compte",
    "/franceconnect/comment-l-utiliser",
]


@pytest.fixture
def no_js(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        base_url=base_url,
        locale="fr-FR",
        viewport={"width": 1280, "height": 900},
        java_script_enabled=False,
    )
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


def assert_nothing_secret_in(url: str, *secrets: str) -> None:
    readable = unquote_plus(url)
    assert "?" not in url, url
    for secret in (*secrets, "password", "code="):
        assert secret not in readable, url


def expect_noscript_notice(page: Page) -> None:
    # A CSS locator: Playwright's text and role engines skip <noscript> content.
    notice = page.locator("main noscript .noscript-alert")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(NOSCRIPT_TEXT)


def submit_and_land(page: Page, button: str) -> None:
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button, exact=True).click()
    response = navigation.value
    assert response is not None
    assert response.status == 400
    assert response.request.method == "POST"
    expect(page.get_by_text(LANDING_TEXT)).to_be_visible()


def test_sign_in_without_javascript(no_js: BrowserContext) -> None:
    page = no_js.new_page()
    page.goto("/connexion")
    expect_noscript_notice(page)
    field(page, "Courriel").fill("sans.javascript@exemple.fr")
    field(page, "Mot de passe").fill(SECRET_PASSWORD)
    submit_and_land(page, "Se connecter")
    assert_nothing_secret_in(page.url, SECRET_PASSWORD, "sans.javascript")
    assert page.url.endswith("/auth/sans-javascript")


def test_sign_up_without_javascript(no_js: BrowserContext) -> None:
    page = no_js.new_page()
    page.goto("/inscription")
    expect_noscript_notice(page)
    email = unique_email("sansjs")
    page.get_by_label("Femme").check()
    for label, value in {
        "Prénom": "Angèle",
        "Nom": "Dubois",
        "Courriel": email,
        "Créer un mot de passe": SECRET_PASSWORD,
        "Confirmation du mot de passe": SECRET_PASSWORD,
    }.items():
        field(page, label).fill(value)
    submit_and_land(page, "Continuer")
    assert_nothing_secret_in(page.url, SECRET_PASSWORD, email)


def test_no_form_can_put_a_field_in_a_url(no_js: BrowserContext) -> None:
    """Static check of the prerendered DOM: a form that carries fields is a POST; the GET forms
    (FranceConnect buttons) carry none."""
    page = no_js.new_page()
    for path in PAGES_WITH_FORMS:
        page.goto(path)
        forms = page.evaluate(
            """() => [...document.forms].map(f => ({
                method: f.method, action: f.getAttribute('action') || '',
                fields: [...f.elements].filter(e => e.name && e.type !== 'submit').map(e => e.name),
            }))"""
        )
        for form in forms:
            assert form["action"], (path, form)
            if form["fields"]:
                assert form["method"] == "post", (path, form)


def test_pages_work_under_the_security_headers(page: Page) -> None:
    """With JavaScript: no CSP violation while pages load and react; headers on the page load."""
    violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: violations.append(f"page error: {error}"))

    response = page.goto("/connexion")
    assert response is not None
    headers = response.headers
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'self'" in csp
    assert re.search(r"script-src 'self' 'unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')+;", csp), csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert re.search(r"connect-src 'self' ws://localhost:\d+", csp), csp
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert "strict-transport-security" not in headers  # dev: HSTS only with MONPARIS_ENV=prod
    asset = page.request.get("/monparis.js")
    assert asset.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in asset.headers

    # Hydrated and connected: the empty form is checked by the server over the websocket, and
    # the focus is moved with rx.call_script (eval).
    wait_until_hydrated(page)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    expect(page.locator("#email-error")).to_have_text("Veuillez saisir votre adresse de courriel.")
    expect(field(page, "Courriel")).to_be_focused()
    assert "?" not in page.url
    # A reload may be answered 304 (no CSP: the browser keeps the policy stored with the page).
    page.reload()
    wait_until_hydrated(page)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    expect(page.locator("#email-error")).to_have_text("Veuillez saisir votre adresse de courriel.")

    page.goto("/inscription")
    field(page, "Créer un mot de passe").fill(GOOD_PASSWORD)  # monparis.js, no round trip
    expect(page.locator("#password-rules-status")).to_contain_text("respectée(s)")
    expect_captcha_shown(page)
    for path in ("/", "/mot-de-passe-oublie", "/franceconnect/comment-l-utiliser"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert violations == []
