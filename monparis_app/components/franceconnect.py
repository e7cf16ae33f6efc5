"""The official FranceConnect button and its "Qu’est-ce que FranceConnect ?" link.

The markup is the one FranceConnect publishes for partner sites (the ``fr-connect`` component of
the State's design system, also shipped "standalone" for sites that do not use that system):
a ``<button class="fr-connect">`` with its two spans, then the link to franceconnect.gouv.fr in a
new window. FranceConnect forbids any customisation: the colours, sizes and the logo
(``assets/franceconnect/logo.svg``) are FranceConnect's, in ``assets/styles.css``.
"""

from __future__ import annotations

import reflex as rx

from monparis_app.components.links import app_link
from monparis_app.web import routes

FRANCECONNECT_START = routes.FRANCECONNECT_START
WHAT_IS_FRANCECONNECT = "Qu’est-ce que FranceConnect ?"
FRANCECONNECT_SITE = "https://franceconnect.gouv.fr/"
# The sign-up guide's sentence, under "Utilisez FranceConnect pour créer votre compte".
SIGNUP_DESCRIPTION = (
    "FranceConnect est un service proposé par l'État qui simplifie la création de votre "
    "compte et permet de valider vos informations sans fournir de justificatif."
)
SIGN_IN_DESCRIPTION = (
    "FranceConnect est un service proposé par l'État : connectez-vous à Mon Paris avec un "
    "compte que vous avez déjà (impots.gouv.fr, ameli.fr…), sans mot de passe de plus."
)


def franceconnect_button() -> rx.Component:
    """The button group: a native form (the browser leaves for FranceConnect without a
    websocket round trip), then the link FranceConnect asks for right under the button."""
    return rx.el.div(
        rx.el.form(
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
        ),
        rx.el.p(
            rx.el.a(
                WHAT_IS_FRANCECONNECT,
                href=FRANCECONNECT_SITE,
                target="_blank",
                rel="noopener",
                title=f"{WHAT_IS_FRANCECONNECT} - nouvelle fenêtre",
            ),
        ),
        class_name="fr-connect-group",
    )


def franceconnect_block(intro: str, description: str = SIGNUP_DESCRIPTION) -> rx.Component:
    """The FranceConnect section of a page; ``description`` says what it does on that page
    (the sign-in page passes its own: there is no account to create there)."""
    return rx.el.section(
        rx.el.h2(intro, class_name="section-title"),
        rx.el.p(description),
        franceconnect_button(),
        rx.el.p(app_link("Comment l'utiliser ?", href=routes.FRANCECONNECT_HELP)),
        class_name="franceconnect-block",
        aria_label="FranceConnect",
    )
