"""The pages every French public site has, the 404 page, and the frame around every page.

The personal-data page must say what the service really does: its retention periods are read
from the settings the purges use, so changing a setting changes the sentence.
"""

from __future__ import annotations

import re

import reflex as rx

from monparis_app.components.franceconnect import WHAT_IS_FRANCECONNECT, franceconnect_button
from monparis_app.components.layout import ACCESSIBILITY_STATUS, FOOTER_LINKS, page_layout
from monparis_app.core.client_info import truncate_ip
from monparis_app.pages import PAGES, about, home, legal, not_found
from monparis_app.pages.legal import IP_PREFIXES, french_date, french_duration
from monparis_app.pages.signup.form import signup_page
from monparis_app.web import routes


def text_of(component: rx.Component) -> str:
    """The page as Reflex compiles it (JSX, with its ``\\uXXXX`` escapes read back): every text
    and attribute it will show."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), str(component))


def test_durations_read_as_people_say_them() -> None:
    assert french_duration(3600) == "1 heure"
    assert french_duration(600) == "10 minutes"
    assert french_duration(7200) == "2 heures"
    assert french_duration(30 * 86_400) == "30 jours"
    assert french_duration(1) == "1 seconde"
    assert french_duration(90) == "90 secondes"


def test_french_date() -> None:
    assert french_date(legal.ACCESSIBILITY_REVIEW_DATE) == "3 décembre 2026"


def test_privacy_page_prints_the_retention_settings(configure) -> None:  # type: ignore[no-untyped-def]
    configure(
        MAIL_RETENTION_DAYS="7",
        FLOW_TTL_SECONDS="7200",
        CODE_TTL_SECONDS="900",
        SESSION_IDLE_SECONDS="1800",
        SESSION_MAX_SECONDS="86400",
    )
    page = text_of(legal.privacy_page())
    assert "effacés 7 jours après leur envoi" in page
    assert "au plus tard 2 heures après son début" in page
    assert "n'est plus valable après 15 minutes" in page
    assert "après 30 minutes sans activité" in page
    assert "au plus tard 1 jour après la connexion" in page


def test_privacy_page_lists_what_is_kept_and_the_legal_basis() -> None:
    page = text_of(legal.privacy_page())
    for kept in ("adresse postale", "date, commune et pays de naissance", "journal d'activité"):
        assert kept in page
    assert "Les courriels qui vous sont envoyés" in page
    assert "article 6.1.e" in page and "mission d'intérêt public" in page
    assert "Délégué·e à la protection des données" in page
    assert "CNIL" in page and "https://www.cnil.fr/fr/plaintes" in page


def test_the_ip_prefix_the_policy_states_is_the_one_the_core_keeps() -> None:
    assert (
        truncate_ip("192.0.2.77") == "192.0.2.0/24" and "/24 pour une adresse IPv4" in IP_PREFIXES
    )
    assert truncate_ip("2001:db8:1:2::5") == "2001:db8:1::/48" and "/48 pour une adresse IPv6" in (
        IP_PREFIXES
    )


def test_accessibility_statement() -> None:
    page = text_of(legal.accessibility_page())
    assert f"est {ACCESSIBILITY_STATUS} avec le référentiel" in page
    assert "RGAA), version 4.1" in page
    assert "autoévaluation a été réalisée le 3 décembre 2026" in page
    assert "axe-core" in page
    assert "Non-conformités : aucune connue à ce jour." in page
    assert "https://formulaire.defenseurdesdroits.fr/" in page
    assert f'"{routes.CONTACT}"' in page


def test_legal_notice_names_the_city_as_publisher_and_host() -> None:
    page = text_of(legal.legal_notice_page())
    assert "Ville de Paris, Hôtel de Ville, 75004 Paris" in page
    assert "Le service est hébergé par la Ville de Paris, Hôtel de Ville, 75004 Paris." in page
    assert "directrice de la publication" in page


def test_about_page_and_the_links_that_lead_to_it() -> None:
    page = text_of(about.about_page())
    assert "En savoir plus sur le compte Mon Paris" in page
    assert "code de validation à 4 chiffres, valable 10 minutes" in page
    assert f'"{routes.SIGNUP}"' in page
    assert f'"{routes.ABOUT}"' in text_of(home.home_page())
    assert f'"{routes.ABOUT}"' in text_of(signup_page())


def test_not_found_page_is_french_with_a_link_home() -> None:
    page = text_of(not_found.not_found_page())
    assert "Page introuvable" in page
    assert "Revenir à l'accueil de Mon Paris" in page
    assert f'"{routes.HOME}"' in page
    assert "Page not found" not in page


def test_every_new_page_is_registered() -> None:
    from monparis_app.monparis_app import app  # the real app: its register_pages(PAGES)

    assert {about, legal, not_found} <= set(PAGES)
    registered = set(app._unevaluated_pages)
    for route in (
        routes.ACCESSIBILITY,
        routes.LEGAL_NOTICE,
        routes.ABOUT,
        routes.CONTACT,
        routes.PRIVACY,
        routes.TERMS,
    ):
        assert route.strip("/") in registered
    assert routes.NOT_FOUND in registered
    assert app._unevaluated_pages[routes.NOT_FOUND].title == "Page introuvable — Mon Paris"


def test_frame_has_the_city_header_and_every_legal_link() -> None:
    page = text_of(page_layout(rx.el.h1("Titre")))
    assert "Ville de Paris" in page and "Mon Paris" in page
    assert '"/identity/emblem.svg"' in page
    for text, href in FOOTER_LINKS:
        assert text in page and f'"{href}"' in page
    assert {href for _, href in FOOTER_LINKS} == {
        routes.ACCESSIBILITY,
        routes.LEGAL_NOTICE,
        routes.PRIVACY,
        routes.TERMS,
        routes.CONTACT,
    }
    assert f"Accessibilité : {ACCESSIBILITY_STATUS}" in page


def test_franceconnect_button_is_the_published_markup() -> None:
    group = text_of(franceconnect_button())
    assert "fr-connect-group" in group and '"fr-connect"' in group
    assert "fr-connect__login" in group and "fr-connect__brand" in group
    assert "S’identifier avec" in group
    assert WHAT_IS_FRANCECONNECT in group and '"https://franceconnect.gouv.fr/"' in group
    assert '"_blank"' in group and "nouvelle fenêtre" in group
