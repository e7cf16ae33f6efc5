"""The official FranceConnect button (DSFR markup, not customised) and its help link."""

from __future__ import annotations

import reflex as rx

from monparis_app.web import routes

FRANCECONNECT_START = routes.FRANCECONNECT_START


def franceconnect_button() -> rx.Component:
    """A native form: the browser leaves for FranceConnect without a websocket round trip."""
    return rx.el.form(
        rx.el.button(
            rx.el.span("S’identifier avec", class_name="fr-connect__login"),
            " ",
            rx.el.span("FranceConnect", class_name="fr-connect__brand"),
            type="submit",
            class_name="fr-connect",
        ),
        action=FRANCECONNECT_START,
        method="get",
        on_submit=None,  # a plain HTML form: Reflex's default on_submit calls preventDefault
        class_name="fr-connect-group",
    )


def franceconnect_block(intro: str) -> rx.Component:
    return rx.el.section(
        rx.el.h2(intro, class_name="section-title"),
        rx.el.p(
            "FranceConnect est un service proposé par l'État qui simplifie la création de votre "
            "compte et permet de valider vos informations sans fournir de justificatif."
        ),
        franceconnect_button(),
        rx.el.p(
            rx.el.a(
                "Qu’est-ce que FranceConnect ?",
                href="https://franceconnect.gouv.fr/",
                target="_blank",
                rel="noopener",
                title="Qu’est-ce que FranceConnect ? - nouvelle fenêtre",
            ),
        ),
        rx.el.p(rx.link("Comment l'utiliser ?", href=routes.FRANCECONNECT_HELP)),
        class_name="franceconnect-block",
        aria_label="FranceConnect",
    )
