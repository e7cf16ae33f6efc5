"""FranceConnect in Chromium, across the two origins: Mon Paris and the FranceConnect simulator.

The person clicks the official button, chooses a provider, signs in with a published test
identity, accepts the transmission, comes back to Mon Paris, accepts the terms of use (the account
exists only then), and is signed in (an HttpOnly session cookie; the account created from the
certified identity). Also: the second time, the same account straight away; refusing the terms;
cancelling at FranceConnect; signing out of both; the e-mail conflict path.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.account_steps import create_account, open_account, open_card, section
from tests.e2e.conftest import SyncMailbox, check_axe, screenshot
from tests.e2e.signup_steps import GOOD_PASSWORD, enter_code, sign_up_until_code

CHOOSER = "Je choisis un compte pour me connecter sur Mon Paris"
CONSENT = "Les données suivantes vont être transmises à Mon Paris"
SESSION_COOKIE = "monparis_session"
FC_SESSION_COOKIE = "fcsim_session"
ME = "{ me { id email firstNames birthName certifiedFields franceconnectLinked } }"
TERMS_PAGE = "Finaliser la création de votre compte Mon Paris"
TERMS_LABEL = re.compile("^J'accepte les Conditions Générales d'Utilisation")


def click_franceconnect_button(page: Page) -> None:
    page.get_by_role("button", name=re.compile("S.identifier avec FranceConnect")).first.click()
    expect(page.get_by_role("heading", name=CHOOSER)).to_be_visible()


def sign_in_at_franceconnect(page: Page, login: str, provider: str = "impots.gouv.fr") -> None:
    """From the provider choice to the way back to Mon Paris."""
    page.get_by_role("button", name=provider).click()
    expect(page.get_by_role("heading", name=f"Connexion avec {provider}")).to_be_visible()
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill("123")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name=CONSENT)).to_be_visible()
    page.get_by_role("button", name="Continuer sur Mon Paris").click()


def franceconnect_from_signup(page: Page, login: str) -> None:
    page.goto("/inscription")
    click_franceconnect_button(page)
    sign_in_at_franceconnect(page, login)


def expect_terms_page(page: Page, first_names: str, birth_name: str, email: str) -> None:
    """Back from FranceConnect with a new identity: the terms first, no account, no session."""
    expect(page).to_have_url(re.compile(r"/franceconnect/finaliser-mon-compte/?$"))
    expect(page.get_by_role("heading", name=TERMS_PAGE, level=1)).to_be_visible()
    expect(page.get_by_text(first_names, exact=True)).to_be_visible()
    expect(page.get_by_text(birth_name, exact=True)).to_be_visible()
    expect(page.get_by_text(email, exact=True)).to_be_visible()


def accept_terms(page: Page) -> None:
    page.get_by_label(TERMS_LABEL).check()
    page.get_by_role("button", name="Créer mon compte").click()


def signed_in_account(page: Page) -> dict[str, Any] | None:
    """Who the session cookie belongs to, asked the way the account page asks (GraphQL ``me``)."""
    response = page.request.post("/graphql", data={"query": ME})
    body = response.json()
    errors = body.get("errors") or []
    if any("Cannot query field" in e.get("message", "") for e in errors):
        return None  # ``me`` not served by this build: the cookie checks must do
    assert not errors, errors
    me: dict[str, Any] | None = body["data"]["me"]
    return me


def session_cookie(context: BrowserContext) -> dict[str, Any] | None:
    return next((dict(c) for c in context.cookies() if c["name"] == SESSION_COOKIE), None)


def expect_signed_in(page: Page, context: BrowserContext) -> None:
    expect(page).to_have_url(re.compile(r"/mon-compte/?$"))
    cookie = session_cookie(context)
    assert cookie is not None, "no session cookie"
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"


def sign_out(page: Page) -> None:
    """The header's "Se déconnecter" button (a native POST form to /auth/logout)."""
    page.get_by_role("button", name="Se déconnecter").first.click()


def expect_account_page_shows(page: Page, first_names: str, birth_name: str) -> None:
    """The account page: the certified identity, read-only, said to come from FranceConnect."""
    expect(
        page.get_by_role("heading", name="Gérer vos données personnelles", level=1)
    ).to_be_visible()
    first = page.locator("#first_names")
    expect(first).to_have_value(first_names)
    expect(first).to_have_attribute("readonly", "")
    expect(page.locator("#birth_name")).to_have_value(birth_name)
    expect(page.locator("#first_names-hint")).to_have_text("Certifié par FranceConnect")


def test_franceconnect_creates_the_account_then_finds_it_again(
    page: Page, context: BrowserContext
) -> None:
    franceconnect_from_signup(page, "test")
    expect_terms_page(page, "Angela Claire Louise", "DUBOIS", "wossewodda-3728@yopmail.com")
    assert session_cookie(context) is None
    creation_cookie = next(c for c in context.cookies() if c["name"] == "monparis_fc_creation")
    assert creation_cookie["httpOnly"] is True
    assert "monparis_fc_creation" not in page.url
    check_axe(page)
    screenshot(page, "fc-1-conditions")

    page.get_by_role("button", name="Créer mon compte").click()  # the box left unchecked
    terms = page.get_by_label(TERMS_LABEL)
    expect(page.locator("#accept_terms-error")).to_have_text(
        "Vous devez accepter les Conditions Générales d'Utilisation pour créer votre compte."
    )
    expect(terms).to_have_attribute("aria-invalid", "true")
    expect(terms).to_have_attribute("aria-describedby", re.compile("accept_terms-error"))
    expect(terms).to_be_focused()
    assert session_cookie(context) is None
    check_axe(page)

    accept_terms(page)
    expect_signed_in(page, context)
    expect_account_page_shows(page, "Angela Claire Louise", "DUBOIS")
    screenshot(page, "fc-1-retour-connecte")
    first = signed_in_account(page)
    if first is not None:
        assert first["firstNames"] == "Angela Claire Louise"
        assert first["birthName"] == "DUBOIS"
        assert first["email"] == "wossewodda-3728@yopmail.com"
        assert "birth_date" in first["certifiedFields"]
        assert first["franceconnectLinked"] is True

    sign_out(page)
    expect(page).to_have_url(re.compile(r"/\?notice=franceconnect_signed_out$"))
    franceconnect_from_signup(page, "test")
    expect_signed_in(page, context)  # straight in: no terms page the second time
    second = signed_in_account(page)
    if first is not None:
        assert second is not None
        assert second["id"] == first["id"]


def test_refusing_the_terms_creates_no_account(page: Page, context: BrowserContext) -> None:
    franceconnect_from_signup(page, "naissance_algerie")
    expect(page.get_by_role("heading", name=TERMS_PAGE, level=1)).to_be_visible()
    page.get_by_role("button", name="Annuler").click()
    expect(page).to_have_url(re.compile(r"/franceconnect/erreur/?\?code=creation_cancelled$"))
    expect(page.get_by_role("heading", name="Création du compte annulée")).to_be_visible()
    assert session_cookie(context) is None
    assert "monparis_fc_creation" not in {c["name"] for c in context.cookies()}
    check_axe(page)

    page.goto("/franceconnect/finaliser-mon-compte")  # the identity is forgotten
    expect(page.get_by_role("alert")).to_contain_text("a expiré ou a déjà été utilisée")
    expect(page.get_by_role("button", name="Recommencer avec FranceConnect")).to_be_visible()


def test_cancelling_at_franceconnect_says_so(page: Page, context: BrowserContext) -> None:
    page.goto("/inscription")
    click_franceconnect_button(page)
    page.get_by_role("link", name="Annuler et revenir sur Mon Paris").click()
    expect(page).to_have_url(re.compile(r"/franceconnect/erreur/?\?code=access_denied$"))
    expect(page.get_by_role("heading", name="Connexion avec FranceConnect annulée")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_text(
        "Vous avez annulé la connexion avec FranceConnect."
    )
    expect(page.get_by_role("button", name="Réessayer")).to_be_visible()
    expect(page.get_by_role("link", name="Créer un compte avec votre courriel")).to_have_attribute(
        "href", "/inscription"
    )
    assert session_cookie(context) is None
    check_axe(page)
    screenshot(page, "fc-2-annulation")

    page.get_by_role("button", name="Réessayer").click()  # straight back to the provider choice
    expect(page.get_by_role("heading", name=CHOOSER)).to_be_visible()


def test_an_identity_without_email_is_told_what_to_do(page: Page, context: BrowserContext) -> None:
    franceconnect_from_signup(page, "sans_email")
    expect(page).to_have_url(re.compile(r"/franceconnect/erreur/?\?code=email_missing$"))
    expect(page.get_by_role("heading", name="Mon Paris a besoin de votre courriel")).to_be_visible()
    expect(page.get_by_role("link", name="Créer un compte avec votre courriel")).to_be_visible()
    assert session_cookie(context) is None
    check_axe(page)


def test_sign_out_ends_both_sessions(page: Page, context: BrowserContext) -> None:
    franceconnect_from_signup(page, "nom_composé")
    expect(page.get_by_role("heading", name=TERMS_PAGE, level=1)).to_be_visible()
    accept_terms(page)
    expect_signed_in(page, context)
    assert any(c["name"] == FC_SESSION_COOKIE for c in context.cookies())

    sign_out(page)
    expect(page).to_have_url(re.compile(r"/\?notice=franceconnect_signed_out$"))
    names = {c["name"] for c in context.cookies()}
    assert SESSION_COOKIE not in names
    assert FC_SESSION_COOKIE not in names  # FranceConnect ended its session too
    assert signed_in_account(page) is None

    page.goto("/inscription")
    click_franceconnect_button(page)  # FranceConnect asks again from the start


def test_an_email_conflict_is_linked_with_the_password(
    page: Page, context: BrowserContext, mailbox: SyncMailbox
) -> None:
    email = "pierre.mercier@example.fr"  # the e-mail of the test identity "avec_nom_dusage"
    code = sign_up_until_code(page, mailbox, email)
    enter_code(page, code)
    expect(page.get_by_role("heading", name="Votre compte a bien été créé !")).to_be_visible()
    context.clear_cookies()

    franceconnect_from_signup(page, "avec_nom_dusage")
    expect(page).to_have_url(re.compile(r"/franceconnect/lier-mon-compte/?$"))
    expect(
        page.get_by_role("heading", name="Un compte Mon Paris existe déjà avec ce courriel")
    ).to_be_visible()
    expect(page.get_by_text(email)).to_be_visible()
    expect(page.get_by_role("link", name="Continuer avec un autre courriel")).to_have_attribute(
        "href", "/inscription"
    )
    assert session_cookie(context) is None
    check_axe(page)
    screenshot(page, "fc-3-courriel-existant")

    password = page.get_by_label(re.compile("^Mot de passe de votre compte Mon Paris"))
    password.fill("Pas-le-bon-1")
    page.get_by_role("button", name="Relier mon compte à FranceConnect").click()
    expect(page.locator("#link_password-error")).to_have_text("Courriel ou mot de passe incorrect.")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_attribute("aria-describedby", re.compile("link_password-error"))
    expect(password).to_be_focused()
    check_axe(page)

    password.fill(GOOD_PASSWORD)
    page.get_by_role("button", name="Relier mon compte à FranceConnect").click()
    expect_signed_in(page, context)
    expect_account_page_shows(page, "Pierre", "MERCIER")
    linked = signed_in_account(page)
    if linked is not None:
        assert linked["email"] == email
        assert linked["firstNames"] == "Pierre"
        assert linked["birthName"] == "MERCIER"
        assert linked["franceconnectLinked"] is True

    sign_out(page)  # the linked sign-in ends the FranceConnect session too
    expect(page).to_have_url(re.compile(r"/\?notice=franceconnect_signed_out$"))
    assert FC_SESSION_COOKIE not in {c["name"] for c in context.cookies()}

    franceconnect_from_signup(page, "avec_nom_dusage")  # now straight in, same account
    expect_signed_in(page, context)
    if linked is not None:
        again = signed_in_account(page)
        assert again is not None
        assert again["id"] == linked["id"]


def test_the_account_page_links_then_unlinks_franceconnect(
    page: Page, context: BrowserContext, mailbox: SyncMailbox
) -> None:
    """A signed-in person links their own account (its e-mail is not the certified one), then
    removes the link; the identity is free again at the end, so other tests may use it."""
    email = create_account(page, mailbox, "lien-fc")
    open_account(page)
    section = page.get_by_role("region", name="FranceConnect")
    section.get_by_role("button", name="Relier mon compte à FranceConnect").click()
    expect(page.get_by_role("heading", name=CHOOSER)).to_be_visible()
    sign_in_at_franceconnect(page, "naissance_algerie")

    expect(page).to_have_url(re.compile(r"/mon-compte/?\?franceconnect=linked$"))
    section = page.get_by_role("region", name="FranceConnect")
    expect(section.get_by_role("status")).to_have_text(
        "Votre compte est maintenant relié à FranceConnect."
    )
    expect(section.get_by_text("Compte relié à FranceConnect", exact=True)).to_be_visible()
    expect(page.locator("#first_names")).to_have_value("Ahmed")
    expect(page.locator("#first_names")).to_have_attribute("readonly", "")
    expect(page.locator("#login-email")).to_have_text(email)
    linked = signed_in_account(page)
    if linked is not None:
        assert linked["email"] == email
        assert linked["franceconnectLinked"] is True
    check_axe(page)
    screenshot(page, "fc-4-compte-relie")

    section.get_by_role("button", name="Supprimer mon lien de fédération").click()
    expect(section.get_by_role("status")).to_contain_text(
        "Le lien avec FranceConnect a été supprimé"
    )
    expect(section.get_by_role("button", name="Relier mon compte à FranceConnect")).to_be_visible()
    expect(page.locator("#first_names")).not_to_have_attribute("readonly", "")
    check_axe(page)


def test_a_certified_birthplace_reads_as_names(page: Page) -> None:
    """After the creation tests: the identity `test` has its account by now."""
    franceconnect_from_signup(page, "test")  # born in 75107, 99100
    terms = page.get_by_role("heading", name=TERMS_PAGE, level=1)
    expect(
        terms.or_(page.get_by_role("heading", name="Gérer vos données personnelles"))
    ).to_be_visible()
    if terms.is_visible():
        accept_terms(page)
    expect(page).to_have_url(re.compile(r"/mon-compte/?$"))
    info = section(page, "Mes informations")
    expect(info).to_contain_text("Paris 7e Arrondissement, France")
    expect(info).not_to_contain_text("75107")
    open_card(page, "Mes informations")
    expect(page.locator("#birth_place")).to_have_value("Paris 7e Arrondissement")
    expect(page.locator("#birth_country")).to_have_value("France")
    check_axe(page)
    screenshot(page, "29-lieu-de-naissance-certifie")
    response = page.request.post(
        "/graphql", data={"query": "{ me { birthPlace birthPlaceName birthCountryName } }"}
    )
    me = response.json()["data"]["me"]
    assert me == {
        "birthPlace": "75107",
        "birthPlaceName": "Paris 7e Arrondissement",
        "birthCountryName": "France",
    }
