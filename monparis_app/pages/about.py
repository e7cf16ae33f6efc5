"""What the account is for ("En savoir plus sur le compte Mon Paris"), and how to reach the City.

The wording follows the sign-up guide; the code's length and lifetime come from the core and the
settings, as on the pages that send and check it.
"""

from __future__ import annotations

import reflex as rx

from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.core.verification_codes import CODE_LENGTH
from monparis_app.pages.legal import USER_SERVICE_ADDRESS, french_duration, section
from monparis_app.settings import get_settings
from monparis_app.web import routes

ABOUT_TITLE = "En savoir plus sur le compte Mon Paris"


def creation_steps() -> rx.Component:
    """The guide's four steps of a sign-up by e-mail."""
    code_ttl = french_duration(get_settings().code_ttl_seconds)
    return rx.el.ol(
        rx.el.li(
            "Vous remplissez le formulaire : sexe, prénom(s), nom, courriel, mot de passe ; le "
            "numéro de téléphone est facultatif."
        ),
        rx.el.li(
            f"Vous recevez par courriel un code de validation à {CODE_LENGTH} chiffres, valable "
            f"{code_ttl}."
        ),
        rx.el.li("Vous saisissez ce code sur le site pour valider votre adresse de courriel."),
        rx.el.li("Un courriel vous confirme la création de votre compte Mon Paris."),
        class_name="steps",
    )


def about_page() -> rx.Component:
    return page_layout(
        rx.el.h1(ABOUT_TITLE),
        rx.el.p(
            "Un compte Mon Paris vous permet d'accéder facilement à tous les services de la "
            "Ville, de suivre vos demandes et de retrouver des conseillers à votre écoute.",
            class_name="lead",
        ),
        section(
            "Un compte unique",
            "Votre compte unique vous permet de bénéficier de l'ensemble des services numériques "
            "parisiens. Conservez bien vos identifiants. Certaines démarches restent accessibles "
            "sans compte.",
        ),
        section(
            "Créer votre compte",
            "Avec FranceConnect, le service proposé par l'État, votre identité est validée sans "
            "justificatif. Ou bien, avec votre adresse de courriel, en quatre étapes :",
            creation_steps(),
            rx.el.p(
                app_link(
                    "Créer votre compte Mon Paris", href=routes.SIGNUP, class_name="button-primary"
                )
            ),
        ),
        section(
            "Gérer vos données personnelles",
            "Depuis votre compte, vous consultez et corrigez vos informations, changez votre "
            "courriel ou votre mot de passe, voyez l'activité récente et les appareils connectés, "
            "téléchargez vos données ou supprimez votre compte.",
            rx.el.p(
                "Ce que nous conservons, et pour combien de temps, est décrit sur la page ",
                app_link("Données personnelles", href=routes.PRIVACY),
                ".",
            ),
        ),
        section(
            "Besoin d'aide ?",
            rx.el.p(
                "Pour aller plus loin et en savoir plus sur les services connectés, rendez-vous "
                "sur ",
                rx.el.a("paris.fr", href="https://www.paris.fr/"),
                ". Si vous avez des questions ou pour toute autre demande, ",
                app_link("contactez-nous", href=routes.CONTACT),
                ".",
            ),
        ),
    )


def contact_page() -> rx.Component:
    return page_layout(
        rx.el.h1("Contacter la Ville de Paris"),
        rx.el.p(
            "Pour une question sur votre compte Mon Paris ou sur une démarche, la Ville de Paris "
            "vous répond :"
        ),
        section(
            "Par téléphone",
            "Au 3975, le numéro d'information de la Ville de Paris.",
        ),
        section("Par courrier", rx.el.address(USER_SERVICE_ADDRESS + ".")),
        section(
            "En ligne",
            rx.el.p(
                "Toutes les démarches et leurs contacts sont sur ",
                rx.el.a("paris.fr", href="https://www.paris.fr/"),
                ".",
            ),
        ),
        section(
            "Vos données personnelles et l'accessibilité",
            rx.el.p(
                "Pour exercer vos droits sur vos données, voyez la page ",
                app_link("Données personnelles", href=routes.PRIVACY),
                " ; pour signaler un défaut d'accessibilité, la ",
                app_link("déclaration d'accessibilité", href=routes.ACCESSIBILITY),
                ".",
            ),
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(about_page, route=routes.ABOUT, title=f"{ABOUT_TITLE} — Mon Paris")
    app.add_page(contact_page, route=routes.CONTACT, title="Contact — Mon Paris")
