"""Home page: the way into sign-up and sign-in."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.layout import page_layout
from monparis_app.pages import routes


def home_page() -> rx.Component:
    return page_layout(
        rx.heading("Mon Paris", as_="h1", size="8"),
        rx.text(
            "Un compte Mon Paris vous permet d'accéder facilement à tous les services de la Ville, "
            "de suivre vos demandes et de retrouver des conseillers à votre écoute."
        ),
        rx.heading("Vous n'avez pas encore de compte ?", as_="h2", size="5"),
        rx.link("Créer votre compte Mon Paris", href=routes.SIGNUP, class_name="button-primary"),
    )


def register(app: rx.App) -> None:
    app.add_page(home_page, route=routes.HOME, title="Mon Paris — Accueil")
