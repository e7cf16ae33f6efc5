"""'Se connecter avec Mon Paris' in Chromium: the demo City service (its own server, a real
OpenID Connect client) signs a citizen in with Mon Paris, consent once, then without consent,
sign-out chained to Mon Paris, access withdrawn from the account page, and a new citizen who
creates their account on the way and lands back in the service."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.account_steps import (
    ACCOUNT_HEADING,
    create_account,
    fill_sign_in,
    open_card,
    section,
    sign_out,
)
from tests.e2e.conftest import SyncMailbox, check_axe, screenshot, unique_email
from tests.e2e.signup_steps import GOOD_PASSWORD, enter_code, fill_signup, submit_signup

SERVICE = "Demande de stationnement résident"
CONSENT_HEADING = f"« {SERVICE} » souhaite accéder à vos données"


def start_from_service(page: Page, demo_partner_url: str) -> None:
    page.goto(demo_partner_url + "/")
    expect(page.get_by_role("heading", name=SERVICE, level=1)).to_be_visible()
    page.get_by_role("button", name="Se connecter avec Mon Paris").click()


def expect_back_in_service(page: Page, demo_partner_url: str, first_name: str = "Angèle") -> None:
    expect(page).to_have_url(re.compile(re.escape(demo_partner_url) + "/?$"))
    expect(page.get_by_text(re.compile(f"Bonjour {first_name}"))).to_be_visible()


def test_a_citizen_signs_in_to_a_city_service_and_out_again(
    page: Page, mailbox: SyncMailbox, demo_partner_url: str, base_url: str
) -> None:
    email = create_account(page, mailbox, "service")
    sign_out_of_mon_paris(page, base_url)

    # The service sends the person to Mon Paris, which says which service is waiting.
    start_from_service(page, demo_partner_url)
    expect(page.get_by_role("heading", name="Se connecter", level=1)).to_be_visible()
    expect(page.get_by_text(f"Pour continuer vers « {SERVICE} »")).to_be_visible()
    fill_sign_in(page, email, GOOD_PASSWORD)

    # Consent, once, in French, with the data asked for.
    expect(page.get_by_role("heading", name=CONSENT_HEADING)).to_be_visible()
    expect(page.get_by_text("Votre adresse électronique")).to_be_visible()
    check_axe(page)
    screenshot(page, "oidc-consent")
    page.get_by_role("button", name="Autoriser").click()
    expect_back_in_service(page, demo_partner_url)
    claims = page.get_by_role("table")
    expect(claims).to_contain_text(email)
    expect(claims).to_contain_text("email_verified")

    # The second time: straight back, no consent screen.
    page.goto(demo_partner_url + "/login")
    expect_back_in_service(page, demo_partner_url)

    # A service may ask for a sign-in made for it (prompt=login): signed in or not, the
    # person proves it again, and goes straight back.
    page.goto(demo_partner_url + "/login?prompt=login")
    expect(page.get_by_role("heading", name="Se connecter", level=1)).to_be_visible()
    expect(page.get_by_text(re.compile("vous demande de vous connecter à nouveau"))).to_be_visible()
    fill_sign_in(page, email, GOOD_PASSWORD)
    expect_back_in_service(page, demo_partner_url)

    # "Se déconnecter" on the service ends the Mon Paris session too.
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_text("Vous êtes déconnecté du service et de Mon Paris.")).to_be_visible()
    page.goto(base_url + "/mon-compte")
    expect(page).to_have_url(re.compile(r"/connexion"))


def sign_out_of_mon_paris(page: Page, base_url: str) -> None:
    page.goto(base_url + "/mon-compte")
    expect(page.get_by_role("heading", name=ACCOUNT_HEADING, level=1)).to_be_visible()
    sign_out(page)


def test_access_withdrawn_from_the_account_page_asks_again(
    page: Page, mailbox: SyncMailbox, demo_partner_url: str, base_url: str
) -> None:
    create_account(page, mailbox, "retrait")
    start_from_service(page, demo_partner_url)
    page.get_by_role("button", name="Autoriser").click()
    expect_back_in_service(page, demo_partner_url)

    page.goto(base_url + "/mon-compte")
    expect(page.get_by_role("heading", name=ACCOUNT_HEADING, level=1)).to_be_visible()
    expect(section(page, "Services connectés")).to_contain_text(SERVICE)
    open_card(page, "Activité récente")
    expect(section(page, "Activité récente")).to_contain_text(f"Données transmises à {SERVICE}")
    card = open_card(page, "Services connectés")
    expect(card).to_contain_text("Votre adresse électronique")
    card.get_by_role("button", name=f"Retirer l’accès de {SERVICE}").click()
    expect(card).to_contain_text(f"L’accès de « {SERVICE} » à vos données a été retiré.")
    expect(card).not_to_contain_text("Dernière utilisation")
    check_axe(page)

    page.goto(demo_partner_url + "/login")  # the service signs in again: consent is asked again
    expect(page.get_by_role("heading", name=CONSENT_HEADING)).to_be_visible()
    page.get_by_role("button", name="Refuser").click()
    expect(page.get_by_text("Connexion refusée")).to_be_visible()


def test_a_new_citizen_creates_an_account_on_the_way_and_lands_in_the_service(
    page: Page, mailbox: SyncMailbox, demo_partner_url: str
) -> None:
    start_from_service(page, demo_partner_url)
    page.get_by_role("link", name="Créer votre compte Mon Paris").click()
    email = unique_email("nouveau")
    fill_signup(page, email)
    submit_signup(page)
    enter_code(page, mailbox.code_for(email))
    expect(page.get_by_role("heading", name="Votre compte a bien été créé !")).to_be_visible()
    page.get_by_role("button", name=f"Continuer vers « {SERVICE} »").click()
    expect(page.get_by_role("heading", name=CONSENT_HEADING)).to_be_visible()
    page.keyboard.press("Tab")  # the consent works from the keyboard too
    page.get_by_role("button", name="Autoriser").focus()
    page.keyboard.press("Enter")
    expect_back_in_service(page, demo_partner_url)
    expect(page.get_by_role("table")).to_contain_text(email)


def test_an_unknown_service_gets_a_french_error_page_not_a_redirect(page: Page) -> None:
    page.goto(
        "/auth/oidc/authorize?response_type=code&client_id=inconnu&scope=openid"
        "&redirect_uri=https://attaquant.example/cb&code_challenge=x&code_challenge_method=S256"
    )
    expect(page.get_by_role("heading", name="Service inconnu")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/autoriser-un-service/erreur"))
    check_axe(page)
