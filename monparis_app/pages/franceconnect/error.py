"""``/franceconnect/erreur``: what went wrong with FranceConnect, and what the person can do.

The page reads only an error code from its URL (never personal data) and shows the catalogue's
French title and text for it; an unknown code reads as a generic FranceConnect error.
"""

from __future__ import annotations

import reflex as rx

from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.messages import (
    DEFAULT_ERROR_TITLE,
    FRANCECONNECT_MESSAGES,
    franceconnect_message,
    franceconnect_title,
)
from monparis_app.pages.franceconnect.common import retry_form, secondary_link
from monparis_app.web import routes

# Codes that mean "FranceConnect worked, Mon Paris cannot create this account": trying
# FranceConnect again would not help, the e-mail sign-up would.
SIGN_UP_FIRST = ("email_missing", "incomplete_identity", "account_already_linked")


class FranceConnectErrorState(rx.State):
    title: str = DEFAULT_ERROR_TITLE
    message: str = ""
    retry_first: bool = True

    @rx.event
    def load(self) -> None:
        """Only known codes are shown; anything else reads as a generic FranceConnect error."""
        short = self.router.url.query_parameters.get("code", "")
        code = f"franceconnect.{short}"
        if code not in FRANCECONNECT_MESSAGES:
            code = "franceconnect.provider_error"
        self.title = franceconnect_title(code)
        self.message = franceconnect_message(code)
        self.retry_first = short not in SIGN_UP_FIRST


S = FranceConnectErrorState


def error_page() -> rx.Component:
    return page_layout(
        rx.el.p("Connexion avec FranceConnect", class_name="eyebrow"),
        rx.el.h1(S.title),
        rx.el.div(rx.el.p(S.message), role="alert", class_name="form-alert"),
        rx.el.div(
            rx.cond(
                S.retry_first,
                rx.fragment(
                    retry_form("Réessayer", primary=True),
                    secondary_link("Créer un compte avec votre courriel", routes.SIGNUP),
                ),
                rx.fragment(
                    app_link(
                        "Créer un compte avec votre courriel",
                        href=routes.SIGNUP,
                        class_name="button-primary",
                    ),
                    retry_form("Réessayer avec un autre compte FranceConnect", primary=False),
                ),
            ),
            class_name="inline-actions",
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(
        error_page,
        route=routes.FRANCECONNECT_ERROR,
        title="Connexion avec FranceConnect — Mon Paris",
        on_load=FranceConnectErrorState.load,
    )
