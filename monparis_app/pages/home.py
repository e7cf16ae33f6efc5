"""Home page: the way into sign-up and sign-in, and the notice after signing out."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.messages import MESSAGES, message_for
from monparis_app.web import routes

# ``?notice=<code>`` shows the catalogue's ``notice.<code>``.
NOTICES = {
    key.removeprefix("notice."): message_for(key) for key in MESSAGES if key.startswith("notice.")
}


class HomeState(rx.State):
    notice: str = ""

    @rx.event
    def load(self) -> None:
        """Only known notice codes are shown: nothing from the URL is echoed as is."""
        self.notice = NOTICES.get(self.router.url.query_parameters.get("notice", ""), "")


def home_page() -> rx.Component:
    return page_layout(
        rx.el.div(
            rx.cond(HomeState.notice != "", rx.el.p(HomeState.notice), rx.fragment()),
            role="status",
            class_name="notice",
        ),
        rx.el.h1("Mon Paris"),
        rx.el.p(
            "Un compte Mon Paris vous permet d'accéder facilement à tous les services de la Ville, "
            "de suivre vos demandes et de retrouver des conseillers à votre écoute.",
            class_name="lead",
        ),
        rx.el.p(app_link("En savoir plus sur le compte Mon Paris", href=routes.ABOUT)),
        rx.el.div(
            rx.el.section(
                rx.el.h2("Vous avez un compte ?"),
                app_link("Se connecter", href=routes.SIGN_IN, class_name="button-secondary"),
                class_name="card",
            ),
            rx.el.section(
                rx.el.h2("Vous n'avez pas encore de compte ?"),
                app_link(
                    "Créer votre compte Mon Paris", href=routes.SIGNUP, class_name="button-primary"
                ),
                class_name="card",
            ),
            class_name="home-actions",
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(home_page, route=routes.HOME, title="Mon Paris — Accueil", on_load=HomeState.load)
