"""``/autoriser-un-service/erreur``: a City service's request that cannot be answered to it.

When the service or its return address is unknown, nothing may be sent back to it (that would
be an open redirect): the person lands here instead. Only an error code travels in the URL.
"""

from __future__ import annotations

import reflex as rx

from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.web import routes

GENERIC = (
    "Le service n’a pas pu être joint",
    "La demande de connexion envoyée par ce service est incorrecte. Retournez sur son site et "
    "réessayez ; si le problème continue, contactez le service concerné.",
)
TEXTS = {
    "expired": (
        "Cette demande a expiré",
        "La demande du service n’est plus valable. Retournez sur le site du service et cliquez "
        "à nouveau sur « Se connecter avec Mon Paris ».",
    ),
    "invalid_client": (
        "Service inconnu",
        "Ce service n’est pas autorisé à utiliser la connexion avec Mon Paris. Aucune donnée ne "
        "lui a été transmise.",
    ),
    "logout_invalid": (
        "Déconnexion impossible depuis ce service",
        "La demande de déconnexion est incorrecte. Vous pouvez vous déconnecter de Mon Paris "
        "depuis votre compte.",
    ),
}


class OidcErrorState(rx.State):
    title: str = GENERIC[0]
    message: str = GENERIC[1]

    @rx.event
    def load(self) -> None:
        """Known codes only; anything else reads as the generic error."""
        code = self.router.url.query_parameters.get("code", "")
        self.title, self.message = TEXTS.get(code, GENERIC)


def error_page() -> rx.Component:
    return page_layout(
        rx.el.p("Se connecter avec Mon Paris", class_name="eyebrow"),
        rx.el.h1(OidcErrorState.title),
        rx.el.div(rx.el.p(OidcErrorState.message), role="alert", class_name="form-alert"),
        app_link("Aller à l’accueil de Mon Paris", href=routes.HOME, class_name="button-secondary"),
    )


def register(app: rx.App) -> None:
    app.add_page(
        error_page,
        route=routes.OIDC_ERROR,
        title="Connexion d’un service — Mon Paris",
        on_load=OidcErrorState.load,
    )
