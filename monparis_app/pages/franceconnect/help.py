""" "Comment l'utiliser ?": the guide's four FranceConnect steps."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.franceconnect import franceconnect_button
from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.web import routes

PROVIDERS = [
    ("impots.gouv.fr", "https://www.impots.gouv.fr/"),
    ("ameli.fr", "https://www.ameli.fr/"),
    ("Identité Numérique La Poste", "https://lidentitenumerique.laposte.fr/"),
    ("msa.fr", "https://www.msa.fr/"),
    ("Yris", "https://www.yris.fr/"),
]


def help_page() -> rx.Component:
    return page_layout(
        rx.el.h1("Comment l'utiliser ?"),
        rx.el.ol(
            rx.el.li(
                "Lors de ma démarche en ligne, je clique sur le bouton ",
                rx.el.strong("FranceConnect"),
                ".",
            ),
            rx.el.li(
                "Je choisis un compte que je connais parmi ceux disponibles. Vous pourrez utiliser "
                "au choix : ",
                *[
                    item
                    for index, (name, href) in enumerate(PROVIDERS)
                    for item in (
                        [rx.el.a(name, href=href)]
                        + ([", "] if index < len(PROVIDERS) - 1 else ["."])
                    )
                ],
            ),
            rx.el.li(
                "FranceConnect me redirige vers la page de connexion pour ",
                rx.el.strong("rentrer mes identifiants"),
                ".",
            ),
            rx.el.li(
                "FranceConnect me confirme que la connexion est établie ! Il ne vous reste plus "
                "qu'à cliquer pour accéder à votre espace et poursuivre votre démarche."
            ),
            class_name="steps",
            # Numbered as the guide numbers them, whatever a stylesheet's reset does to lists.
            style={"list_style": "decimal", "padding_left": "1.5rem"},
        ),
        rx.el.p("Vous pouvez également vous connecter via le dispositif FranceConnect :"),
        franceconnect_button(),
        app_link("Revenir à la création de compte", href=routes.SIGNUP),
    )


def register(app: rx.App) -> None:
    app.add_page(
        help_page,
        route=routes.FRANCECONNECT_HELP,
        title="FranceConnect : comment l'utiliser ? — Mon Paris",
    )
