"""Sign-in, sign-out, brute-force protection and forgotten password, in Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.account_steps import (
    NEW_PASSWORD,
    WRONG_PASSWORD,
    create_account,
    expect_refused,
    fill_sign_in,
    header_link,
    open_sign_in,
    sign_in,
    sign_out,
)
from tests.e2e.conftest import (
    CAPTCHA_ANSWER,
    RESEND_INTERVAL_SECONDS,
    SyncMailbox,
    check_axe,
    screenshot,
    unique_email,
)
from tests.e2e.signup_steps import GOOD_PASSWORD, expect_captcha_shown, field, wrong

SESSION_COOKIE = "monparis_session"


def test_sign_in_then_sign_out(page: Page, context: BrowserContext, mailbox: SyncMailbox) -> None:
    email = create_account(page, mailbox, "connexion")
    context.clear_cookies()
    page.goto("/mon-compte")
    expect(page).to_have_url(re.compile(r"/connexion/?$"))
    expect(page.get_by_role("link", name="Mot de passe oublié ?")).to_be_visible()
    expect(page.get_by_role("link", name="Créer votre compte Mon Paris")).to_be_visible()
    check_axe(page)
    screenshot(page, "10-connexion")

    fill_sign_in(page, email, WRONG_PASSWORD)
    expect_refused(page)
    expect(field(page, "Mot de passe")).to_be_focused()
    check_axe(page)
    screenshot(page, "10-connexion-erreur")

    fill_sign_in(page, email, GOOD_PASSWORD)
    expect(page).to_have_url(re.compile(r"/mon-compte/?$"))
    expect(page.locator("#login-email")).to_have_text(email)
    cookie = next(c for c in context.cookies() if c["name"] == SESSION_COOKIE)
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    expect(header_link(page, "Mon compte")).to_be_visible()
    page.goto("/connexion")  # already signed in: nothing to do there
    expect(page).to_have_url(re.compile(r"/mon-compte/?$"))

    sign_out(page)
    assert not [c for c in context.cookies() if c["name"] == SESSION_COOKIE]
    page.goto("/mon-compte")
    expect(page).to_have_url(re.compile(r"/connexion/?$"))


def test_empty_form_and_unknown_address(page: Page) -> None:
    open_sign_in(page)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    expect(page.locator("#email-error")).to_have_text("Veuillez saisir votre adresse de courriel.")
    expect(field(page, "Courriel")).to_be_focused()
    field(page, "Courriel").fill("quelqu.un@exemple.fr")
    page.get_by_role("button", name="Se connecter", exact=True).click()
    expect(page.locator("#password-error")).to_have_text("Veuillez saisir votre mot de passe.")
    expect(field(page, "Mot de passe")).to_be_focused()

    fill_sign_in(page, unique_email("inconnu"), GOOD_PASSWORD)
    expect_refused(page)  # the same words as a wrong password: nothing tells who has an account

    page.goto("/auth/session/complete?ticket=perime")  # a used or stale sign-in ticket
    expect(page).to_have_url(re.compile(r"/connexion/?\?expire=1$"))
    expect(page.locator(".form-alert")).to_contain_text("Veuillez vous connecter à nouveau.")


def test_captcha_after_three_failures_then_a_delay(
    page: Page, context: BrowserContext, mailbox: SyncMailbox
) -> None:
    email = create_account(page, mailbox, "verrou")
    context.clear_cookies()
    open_sign_in(page)
    for _ in range(3):
        fill_sign_in(page, email, WRONG_PASSWORD)
        expect_refused(page)
    expect_captcha_shown(page)
    check_axe(page)
    screenshot(page, "11-connexion-captcha")

    fill_sign_in(page, email, WRONG_PASSWORD)  # the captcha is now required
    expect(page.locator("#captcha_answer-error")).to_contain_text("code de vérification")
    expect(field(page, "Code de vérification")).to_be_focused()

    for attempt in (4, 5):
        field(page, "Code de vérification").fill(CAPTCHA_ANSWER)
        fill_sign_in(page, email, WRONG_PASSWORD)
        expect_refused(page)
        if attempt == 5:  # this failure starts the delays, and the owner is told
            expect(page.locator(".form-alert")).to_contain_text("Réessayez dans 30 secondes")

    field(page, "Code de vérification").fill(CAPTCHA_ANSWER)
    fill_sign_in(page, email, GOOD_PASSWORD)  # even the right password waits
    expect(page.locator(".form-alert")).to_contain_text("Trop de tentatives de connexion échouées")
    expect(page).to_have_url(re.compile(r"/connexion/?$"))
    warning = mailbox.wait_for_sync(email, 3)[2]
    assert warning["Subject"] == "Votre compte Mon Paris : connexion bloquée temporairement"
    check_axe(page)
    screenshot(page, "11-connexion-bloquee")


def test_forgotten_password_end_to_end(
    page: Page, context: BrowserContext, mailbox: SyncMailbox
) -> None:
    email = create_account(page, mailbox, "oubli")
    context.clear_cookies()
    open_sign_in(page)
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(page.get_by_role("heading", name="Mot de passe oublié ?", level=1)).to_be_visible()
    check_axe(page)
    screenshot(page, "12-oubli-courriel")

    field(page, "Courriel").fill(email)
    page.get_by_role("button", name="Recevoir un code").click()
    expect(
        page.get_by_text("Si un compte existe pour cette adresse, un code vous a été envoyé.")
    ).to_be_visible()
    code = mailbox.code_for(email, 3)
    assert mailbox.to(email)[2]["Subject"] == "Réinitialisez votre mot de passe Mon Paris"

    field(page, "Code de validation").fill(wrong(code))
    field(page, "Nouveau mot de passe").fill(NEW_PASSWORD)
    field(page, "Confirmation du mot de passe").fill(NEW_PASSWORD)
    expect(page.locator("#password-rules li[data-met='false']")).to_have_count(0)
    page.get_by_role("button", name="Modifier mon mot de passe").click()
    expect(page.locator("#code-error")).to_contain_text("Le code de validation est incorrect.")
    check_axe(page)
    screenshot(page, "12-oubli-code")

    field(page, "Code de validation").fill(code)
    page.get_by_role("button", name="Modifier mon mot de passe").click()
    expect(page.get_by_role("heading", name="Votre mot de passe a été modifié")).to_be_visible()
    changed = mailbox.wait_for_sync(email, 4)[3]
    assert changed["Subject"] == "Le mot de passe de votre compte Mon Paris a été modifié"
    check_axe(page)
    screenshot(page, "12-oubli-fait")

    page.get_by_role("main").get_by_role("link", name="Se connecter").click()
    fill_sign_in(page, email, GOOD_PASSWORD)
    expect_refused(page)  # the old password no longer opens the account
    sign_in(page, email, NEW_PASSWORD)


def test_forgotten_password_gives_no_hint_for_an_unknown_address(
    page: Page, mailbox: SyncMailbox
) -> None:
    page.goto("/mot-de-passe-oublie")
    email = unique_email("personne")
    field(page, "Courriel").fill(email)
    page.get_by_role("button", name="Recevoir un code").click()
    expect(
        page.get_by_text("Si un compte existe pour cette adresse, un code vous a été envoyé.")
    ).to_be_visible()
    field(page, "Code de validation").fill("1234")
    field(page, "Nouveau mot de passe").fill(NEW_PASSWORD)
    field(page, "Confirmation du mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Modifier mon mot de passe").click()
    expect(page.locator("#code-error")).to_contain_text("Le code de validation est incorrect.")

    resend = page.get_by_role("button", name=re.compile("^renvoyez le message"))
    expect(resend).to_be_disabled()  # throttled, with a countdown
    expect(resend).to_be_enabled(timeout=(RESEND_INTERVAL_SECONDS + 5) * 1000)
    resend.click()
    expect(page.get_by_role("status").filter(has_text="un nouveau code")).to_be_visible()
    assert mailbox.to(email) == []
