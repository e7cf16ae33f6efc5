"""The account page's "FranceConnect" section: the link's state and the one action it allows."""

from __future__ import annotations

import reflex as rx

from monparis_app.auth_routes.franceconnect import LINK_START_PATH
from monparis_app.components.account_fields import section, status_message
from monparis_app.pages import routes
from monparis_app.pages.account_franceconnect_state import FranceConnectSection
from monparis_app.pages.account_state import AccountState

A = AccountState
F = FranceConnectSection


def error_alert() -> rx.Component:
    """A refusal, announced when it appears (role=alert), empty otherwise."""
    return rx.el.div(
        rx.cond(F.error != "", rx.el.p(F.error), rx.fragment()),
        role="alert",
        id="franceconnect-error",
        class_name=rx.cond(F.error != "", "form-alert", "form-alert form-alert--empty"),
    )


def link_form() -> rx.Component:
    """A native POST: the HTTP route starts FranceConnect for this account and leaves the page."""
    return rx.el.form(
        rx.el.button(
            "Relier mon compte à FranceConnect", type="submit", class_name="button-primary"
        ),
        action=LINK_START_PATH,
        method="post",
        on_submit=None,  # a plain HTML form: Reflex's handler would prevent the submit
    )


def linked_body() -> rx.Component:
    return rx.fragment(
        rx.el.p(rx.el.strong("Compte relié à FranceConnect")),
        rx.el.p(
            "Vos informations certifiées (sexe, prénoms, nom de naissance, date et lieu de "
            "naissance) viennent de FranceConnect et ne peuvent pas être modifiées ici."
        ),
        rx.cond(
            A.has_password,
            rx.el.button(
                "Supprimer mon lien de fédération",
                type="button",
                on_click=F.unlink,
                class_name="button-secondary",
            ),
            rx.el.p(
                "Pour supprimer ce lien, créez d'abord un mot de passe avec ",
                rx.link("Mot de passe oublié ?", href=routes.FORGOT_PASSWORD),
                " : sans lui, vous ne pourriez plus vous connecter.",
            ),
        ),
    )


def unlinked_body() -> rx.Component:
    return rx.fragment(
        rx.el.p(
            "Reliez votre compte à FranceConnect pour vous connecter avec un compte que vous "
            "connaissez déjà (impots.gouv.fr, ameli.fr…) et faire certifier vos informations "
            "sans fournir de justificatif."
        ),
        link_form(),
    )


def franceconnect_section() -> rx.Component:
    return section(
        "franceconnect-title",
        "FranceConnect",
        status_message(F.status),
        error_alert(),
        rx.cond(A.franceconnect_linked, linked_body(), unlinked_body()),
    )
