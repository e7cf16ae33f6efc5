"""The page shown at any unknown address: French, inside the usual frame, with a way home.

Reflex serves its ``404`` route for every path no page claims; without this page it showed a
bare English "404: Page not found".
"""

from __future__ import annotations

import reflex as rx

from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.web import routes

TITLE = "Page introuvable"


def not_found_page() -> rx.Component:
    return page_layout(
        rx.el.h1(TITLE),
        rx.el.p(
            "La page que vous cherchez n'existe pas ou a été déplacée. Si vous avez saisi "
            "l'adresse, vérifiez qu'elle est correcte."
        ),
        rx.el.p(app_link("Revenir à l'accueil de Mon Paris", href=routes.HOME)),
        rx.el.p(
            "Besoin d'aide ? ",
            app_link("Contactez-nous", href=routes.CONTACT),
            ".",
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(
        not_found_page,
        route=routes.NOT_FOUND,
        title=f"{TITLE} — Mon Paris",
        description="Cette page n'existe pas sur Mon Paris.",
    )
