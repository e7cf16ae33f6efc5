"""Home page: the way into sign-up and sign-in, and the notice after signing out."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.layout import page_layout
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
        rx.heading("Mon Paris", as_="h1", size="8"),
        rx.text(
            "Un compte Mon Paris vous permet d'accéder facilement à tous les services de la Ville, "
            "de suivre vos demandes et de retrouver des conseillers à votre écoute."
        ),
        rx.heading("Vous avez un compte ?", as_="h2", size="5"),
        rx.link("Se connecter", href=routes.SIGN_IN, class_name="button-secondary"),
        rx.heading("Vous n'avez pas encore de compte ?", as_="h2", size="5"),
        rx.link("Créer votre compte Mon Paris", href=routes.SIGNUP, class_name="button-primary"),
    )


def register(app: rx.App) -> None:
    app.add_page(home_page, route=routes.HOME, title="Mon Paris — Accueil", on_load=HomeState.load)
