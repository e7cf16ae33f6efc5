"""The City's identity and the pages every French public site has, as a person meets them.

Header emblem and name, the footer's legal links, the favicon, the French 404 page, the new
pages in light and dark (axe clean), focus on the new page's h1 after a client-side page change,
and the pieces the issue found broken: the FranceConnect logo, the captcha's size, the checkbox.
"""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import check_axe, screenshot, wait_until_hydrated

NEW_PAGES = [
    ("/accessibilite", "Déclaration d'accessibilité", "accessibilite"),
    ("/mentions-legales", "Mentions légales", "mentions-legales"),
    ("/donnees-personnelles", "Politique de gestion des données à caractère personnel", "donnees"),
    ("/a-propos", "En savoir plus sur le compte Mon Paris", "a-propos"),
    ("/contact", "Contacter la Ville de Paris", "contact"),
]
FOOTER_LINKS = [
    "Accessibilité : non conforme",
    "Mentions légales",
    "Données personnelles",
    "Conditions générales d'utilisation",
    "Contact",
]
HOME_LINK = re.compile(r"^Ville de Paris Mon Paris")


def expect_focus_on_h1(page: Page, heading: str) -> None:
    h1 = page.get_by_role("heading", name=heading, level=1)
    expect(h1).to_be_visible()
    expect(h1).to_be_focused()
    assert page.evaluate("document.activeElement.tagName") == "H1"
    # The new page's title is announced (a polite live region, filled after the change).
    page.wait_for_function(
        "() => { const live = document.getElementById('page-change-announcer');"
        " return !!live && live.textContent === document.title && document.title !== ''; }"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/favicon.ico",
        "/favicon.svg",
        "/identity/emblem.svg",
        "/franceconnect/logo.svg",
        "/fonts/source-sans-3-latin-400-normal.woff2",
        "/fonts/source-sans-3-latin-700-normal.woff2",
    ],
)
def test_identity_files_are_served(base_url: str, path: str) -> None:
    answer = httpx.get(base_url + path, timeout=10)
    assert answer.status_code == 200, path
    assert len(answer.content) > 100


def test_header_footer_and_typography(page: Page) -> None:
    page.goto("/")
    header = page.get_by_role("banner")
    home = header.get_by_role("link", name=HOME_LINK)
    expect(home).to_be_visible()
    emblem = header.locator("img.brand-emblem")
    expect(emblem).to_be_visible()
    assert emblem.evaluate("img => img.complete && img.naturalWidth > 0")
    # The City's name is a wordmark, not an underlined text link.
    assert home.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    footer = page.get_by_role("contentinfo")
    legal = footer.get_by_role("navigation", name="Informations légales")
    for name in FOOTER_LINKS:
        expect(legal.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(footer.get_by_text("Ville de Paris", exact=True)).to_be_visible()
    # The app's stylesheet decides: bold headings, paragraph margins, the shipped typeface.
    assert page.locator("h1").evaluate("h => getComputedStyle(h).fontWeight") == "700"
    margin = page.locator("main p").first.evaluate("p => getComputedStyle(p).marginBottom")
    assert margin != "0px"
    page.wait_for_function("() => document.fonts.check('700 16px \"Source Sans 3\"')")
    assert page.evaluate("document.querySelector('.radix-themes')") is None
    check_axe(page)


def test_not_found_page_is_french_inside_the_layout(page: Page) -> None:
    response = page.goto("/cette-page-n-existe-pas")
    assert response is not None and response.status == 404  # Reflex's SPA fallback, status kept
    expect(page.get_by_role("heading", name="Page introuvable", level=1)).to_be_visible()
    expect(page).to_have_title("Page introuvable — Mon Paris")
    expect(page.get_by_text("404: Page not found")).to_have_count(0)
    expect(page.get_by_role("banner").get_by_role("link", name=HOME_LINK)).to_be_visible()
    back = page.get_by_role("main").get_by_role("link", name="Revenir à l'accueil de Mon Paris")
    expect(back).to_have_attribute("href", "/")
    check_axe(page)
    screenshot(page, "identite-404")
    page.emulate_media(color_scheme="dark")
    check_axe(page)
    screenshot(page, "identite-404-sombre")
    back.click()
    expect(page.get_by_role("heading", name="Mon Paris", level=1)).to_be_visible()


@pytest.mark.parametrize(("path", "heading", "name"), NEW_PAGES)
def test_new_pages_pass_axe_in_light_and_dark(
    page: Page, path: str, heading: str, name: str
) -> None:
    page.goto(path)
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    check_axe(page)
    screenshot(page, f"identite-{name}")
    page.emulate_media(color_scheme="dark")
    check_axe(page)
    screenshot(page, f"identite-{name}-sombre")


def test_home_and_sign_up_lead_to_the_about_page(page: Page) -> None:
    page.goto("/")
    wait_until_hydrated(page)
    page.get_by_role("main").get_by_role(
        "link", name="En savoir plus sur le compte Mon Paris"
    ).click()
    expect_focus_on_h1(page, "En savoir plus sur le compte Mon Paris")
    page.goto("/inscription")
    link = page.get_by_role("link", name="En savoir plus sur le compte Mon Paris")
    expect(link).to_have_attribute("href", "/a-propos")


def test_focus_moves_to_h1_after_a_client_side_page_change(page: Page) -> None:
    page.goto("/")
    wait_until_hydrated(page)
    page.get_by_role("navigation", name="Votre compte").get_by_role(
        "link", name="Se connecter"
    ).click()
    expect(page).to_have_url(re.compile(r"/connexion/?$"))
    expect_focus_on_h1(page, "Se connecter")

    footer = page.get_by_role("navigation", name="Informations légales")
    footer.get_by_role("link", name="Mentions légales").click()
    expect_focus_on_h1(page, "Mentions légales")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/connexion/?$"))
    expect_focus_on_h1(page, "Se connecter")

    # The h1 takes focus from the script without joining the Tab order.
    assert page.locator("h1").get_attribute("tabindex") == "-1"


def test_franceconnect_button_captcha_and_checkbox(page: Page) -> None:
    page.goto("/inscription")
    button = page.get_by_role("button", name=re.compile("S.identifier avec FranceConnect"))
    expect(button).to_be_visible()
    logo = button.evaluate("b => getComputedStyle(b, '::before').backgroundImage")
    assert "/franceconnect/logo.svg" in logo
    group = page.locator(".fr-connect-group").first
    what = group.get_by_role("link", name="Qu’est-ce que FranceConnect ?")
    expect(what).to_have_attribute("href", "https://franceconnect.gouv.fr/")
    expect(what).to_have_attribute("target", "_blank")

    image = page.locator("img.captcha-image")
    expect(image).to_be_visible()
    image.evaluate(
        "i => i.complete && i.naturalWidth > 0 ? true"
        " : new Promise(done => i.addEventListener('load', () => done(true), {once: true}))"
    )
    natural = image.evaluate("i => [i.naturalWidth, i.naturalHeight]")
    shown = image.evaluate("i => [i.clientWidth, i.clientHeight]")
    assert natural == [280, 90]
    assert shown == natural  # not stretched (it was 640 x 207)

    box = page.locator("#accept_terms").bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24
    screenshot(page, "identite-inscription")

    page.set_viewport_size({"width": 375, "height": 812})
    narrow = image.evaluate("i => i.getBoundingClientRect().right")
    assert narrow <= 375


def test_franceconnect_texts_fit_their_page(page: Page) -> None:
    """The help page numbers the guide's four steps; the sign-in page creates no account."""
    page.goto("/franceconnect/comment-l-utiliser")
    steps = page.locator("main ol li")
    expect(steps).to_have_count(4)
    assert page.locator("main ol").evaluate("ol => getComputedStyle(ol).listStyleType") == "decimal"
    page.goto("/connexion")
    block = page.get_by_role("region", name="FranceConnect")
    expect(block).to_contain_text("connectez-vous à Mon Paris")
    expect(block).not_to_contain_text("création de votre compte")
