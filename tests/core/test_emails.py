"""The e-mails: a complete plain-text part and a branded HTML part that say the same thing, with
the sign-up guide's wording, real absolute links and every interpolated value escaped."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from monparis_app.core import emails
from monparis_app.core.email_layout import CITY_NAME, SERVICE_NAME
from monparis_app.core.emails import EmailContent
from monparis_app.settings import get_settings
from monparis_app.web import routes

PUBLIC_URL = "https://monparis.exemple.fr"
CODE = "4729"
# A "Ce n'était pas moi" link as ``core.security_events`` builds it.
NOT_ME = PUBLIC_URL + routes.NOT_ME + "?jeton=jeton-de-test"
SIGNED_IN_AT = datetime(2026, 12, 4, 18, 36, tzinfo=UTC)

EVERY_EMAIL: dict[str, Callable[[], EmailContent]] = {
    "registration_code": lambda: emails.registration_code(CODE, 10),
    "registration_attempt_existing": emails.registration_attempt_on_existing_account,
    "account_created": lambda: emails.account_created("Angèle"),
    "sign_in_blocked": lambda: emails.sign_in_blocked(NOT_ME),
    "password_reset_code": lambda: emails.password_reset_code(CODE, 10),
    "password_changed": lambda: emails.password_changed(NOT_ME),
    "email_change_code": lambda: emails.email_change_code(CODE, 10),
    "email_change_taken": emails.email_change_on_taken_address,
    "email_changed": lambda: emails.email_changed("nouveau@exemple.fr", NOT_ME),
    "account_deleted": emails.account_deleted,
    "franceconnect_linked": lambda: emails.franceconnect_linked(NOT_ME),
    "franceconnect_unlinked": lambda: emails.franceconnect_unlinked(NOT_ME),
    "new_device_sign_in": lambda: emails.new_device_sign_in(
        "Firefox sur Windows", "203.0.113.0/24", SIGNED_IN_AT, NOT_ME
    ),
    "account_secured": emails.account_secured,
}
# The security e-mails: each carries its event's "Ce n'était pas moi" link.
NOT_ME_EMAILS = {
    "sign_in_blocked",
    "password_changed",
    "email_changed",
    "franceconnect_linked",
    "franceconnect_unlinked",
    "new_device_sign_in",
}
CODE_EMAILS = {"registration_code", "password_reset_code", "email_change_code"}
VOID = {"meta", "br", "img", "hr", "link", "input"}


class _Reader(HTMLParser):
    """Checks that every element is closed in order and collects the links and the header."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.links: list[tuple[str, str]] = []  # (href, label)
        self.text = ""
        self._href: str | None = None
        self._label = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)
        if tag == "a":
            self._href, self._label = dict(attrs).get("href") or "", ""

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._label))
            self._href = None

    def handle_data(self, data: str) -> None:
        self.text += data
        if self._href is not None:
            self._label += data


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    assert reader.open == [], f"unclosed: {reader.open}"
    return reader


@pytest.fixture(autouse=True)
def _public_url(configure) -> None:  # type: ignore[no-untyped-def]
    configure(PUBLIC_URL=PUBLIC_URL)


@pytest.mark.parametrize("kind", EVERY_EMAIL)
def test_every_email_has_a_text_and_a_branded_html_part(kind: str) -> None:
    content = EVERY_EMAIL[kind]()
    assert content.kind == kind
    html = read(content.html)
    header = content.html.split("</tr>", 1)[0]  # the first row of the layout: the header band
    assert CITY_NAME in header and SERVICE_NAME in header
    assert f"<title>{content.subject}</title>" in content.html.replace("&#x27;", "'")
    assert '<html lang="fr">' in content.html
    for part in (content.text, html.text):
        assert emails.FOOTER in part and "Vous recevez ce courriel parce qu" in part
        assert emails.SIGNATURE in part and CITY_NAME in part
    assert "<" not in content.text  # the text part is text, not markup


@pytest.mark.parametrize("kind", EVERY_EMAIL)
def test_html_is_inline_styled_tables_with_no_image(kind: str) -> None:
    html = EVERY_EMAIL[kind]().html
    assert 'role="presentation"' in html and "<table" in html
    assert "<style" not in html and "class=" not in html and "<img" not in html
    assert "<script" not in html


@pytest.mark.parametrize("kind", EVERY_EMAIL)
def test_text_and_html_say_the_same_sentences(kind: str) -> None:
    content = EVERY_EMAIL[kind]()
    html_text = " ".join(read(content.html).text.split())
    for line in content.text.splitlines():
        words = re.sub(r" \(https?://[^)]+\)", "", line).strip()  # links: the URL is the href
        if words and words != "--":
            assert words in html_text


@pytest.mark.parametrize("kind", EVERY_EMAIL)
def test_links_are_real_absolute_and_written_out_in_the_text(kind: str) -> None:
    content = EVERY_EMAIL[kind]()
    links = read(content.html).links
    assert links, "every e-mail links at least to the service"
    for href, label in links:
        assert href.startswith((PUBLIC_URL + "/", "https://www.paris.fr")), href
        if label != SERVICE_NAME or href != PUBLIC_URL + routes.HOME:  # the header's link
            assert f"{label} ({href})" in content.text


def test_account_created_follows_the_guide_and_links_contact() -> None:
    content = emails.account_created("Angèle")
    guide = [
        "Création de compte Mon Paris",
        "Votre compte a bien été créé !",
        "Un compte unique",
        "Votre compte unique vous permet de bénéficier de l'ensemble des services numériques "
        "Parisiens. Conservez bien vos identifiants.",
        "Gérer vos données personnelles",
        "Vous pouvez dès maintenant gérer vos données personnelles sur Mon Paris",
        "Besoin d'aide ?",
        "Pour aller plus loin et en savoir plus sur les services connectés, rendez-vous sur "
        "paris.fr",
        "Si vous avez des questions ou pour toute autre demande, contactez-nous",
        "L'équipe Mon Paris",
        "Ceci est un courriel automatisé de la Mairie de Paris, merci de ne pas y répondre",
    ]
    html_text = read(content.html).text
    positions = [content.text.index(sentence) for sentence in guide]
    assert positions == sorted(positions)  # in the guide's order
    assert all(sentence in html_text for sentence in guide)
    contact = PUBLIC_URL + routes.CONTACT
    assert (contact, "contactez-nous") in read(content.html).links
    assert f"contactez-nous ({contact})" in content.text
    assert ("https://www.paris.fr", "paris.fr") in read(content.html).links


def test_code_email_follows_the_guide_with_the_code_large_on_its_own_line() -> None:
    content = emails.registration_code(CODE, 10)
    guide = [
        "Confirmez votre compte Mon Paris",
        "Votre création de compte est presque terminée !",
        "Pour finaliser la création de votre compte, vous devez utiliser le code de validation "
        "à 4 chiffres ci-dessous :",
        emails.CODE_MASK,
        "Ce code est valable pendant 10 minutes. Passé ce délai, vous devrez demander l'envoi "
        "d'un nouveau code.",
        "Après avoir confirmé votre courriel vous pourrez bénéficier de l'ensemble des services "
        "numériques Parisiens et gérer vos données personnelles sur Mon Paris",
        "L'équipe Mon Paris",
    ]
    positions = [content.text.index(sentence) for sentence in guide]
    assert positions == sorted(positions)
    assert (PUBLIC_URL + routes.HOME, "Mon Paris") in read(content.html).links
    delivered = emails.fill_in_code(content.text, content.code)
    assert re.search(rf"^{CODE}$", delivered, re.MULTILINE)
    html = emails.fill_in_code(content.html, content.code, html=True)
    [box] = re.findall(r'<span style="([^"]*)">' + CODE + "</span>", html)
    assert "font-size:36px" in box and "font-weight:bold" in box


@pytest.mark.parametrize("kind", EVERY_EMAIL)
def test_stored_bodies_hold_the_mask_never_the_code(kind: str) -> None:
    content = EVERY_EMAIL[kind]()
    assert CODE not in content.text + content.html
    if kind in CODE_EMAILS:
        assert content.code == CODE
        assert content.text.count(emails.CODE_MASK) == content.html.count(emails.CODE_MASK) == 1
    else:
        assert content.code is None and emails.CODE_MASK not in content.text + content.html


def test_the_filled_in_code_is_escaped_in_html() -> None:
    html = emails.registration_code("<b>", 10).html
    assert "&lt;b&gt;" in emails.fill_in_code(html, "<b>", html=True)
    assert "<b>" not in emails.fill_in_code(html, "<b>", html=True)


def test_first_names_and_addresses_are_escaped() -> None:
    hostile = '<script>alert("x")</script>'
    created = emails.account_created(hostile)
    assert "<script" not in created.html
    assert "Bonjour &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;," in created.html
    assert f"Bonjour {hostile}," in created.text and hostile in read(created.html).text
    changed = emails.email_changed('"><img src=x onerror=alert(1)>@exemple.fr', NOT_ME)
    assert "<img" not in changed.html and "&quot;&gt;&lt;img" in changed.html


def test_links_follow_the_public_url_setting(configure) -> None:  # type: ignore[no-untyped-def]
    configure(PUBLIC_URL="https://compte.paris.fr/")
    assert get_settings().base_url == "https://compte.paris.fr"
    links = read(emails.account_secured().html).links
    assert (
        "https://compte.paris.fr" + routes.FORGOT_PASSWORD,
        "« Mot de passe oublié ? »",
    ) in links
    assert ("https://compte.paris.fr" + routes.CONTACT, "contactez-nous") in links


@pytest.mark.parametrize("kind", sorted(NOT_ME_EMAILS))
def test_security_emails_carry_their_not_me_link(kind: str) -> None:
    content = EVERY_EMAIL[kind]()
    assert (NOT_ME, emails.NOT_ME_LABEL) in read(content.html).links
    assert f"{emails.NOT_ME_LABEL} ({NOT_ME})" in content.text
    assert "10 jours" in content.text


def test_the_new_device_email_says_when_from_what_and_where() -> None:
    content = EVERY_EMAIL["new_device_sign_in"]()
    assert content.subject == "Nouvelle connexion à votre compte Mon Paris"
    assert (
        "le 04/12/2026 à 19:36 (heure de Paris), depuis Firefox sur Windows "
        "(adresse proche de 203.0.113.0/24)"
    ) in content.text
