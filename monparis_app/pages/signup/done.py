"""Step 4 of the guide: "Votre compte a bien été créé !".

Only the tab whose code just created the account sees it (``SignupCompletion``); anyone else
who opens the address is sent to the sign-up form, and nothing congratulates before that is
known (the prerendered page shows the loading line).
"""

from __future__ import annotations

import reflex as rx

from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.pages.oidc.waiting import WaitingServiceState, continue_to_service
from monparis_app.pages.signup.form_state import SignupCompletion
from monparis_app.web import routes


def signup_done_page() -> rx.Component:
    return page_layout(
        rx.cond(
            SignupCompletion.account_created,
            congratulation(),
            rx.el.p("Chargement…", role="status"),
        )
    )


def congratulation() -> rx.Component:
    return rx.fragment(
        rx.el.p("Création de compte Mon Paris", class_name="eyebrow"),
        rx.el.h1("Votre compte a bien été créé !"),
        rx.el.p(
            "Un nouveau courriel vous a été envoyé pour confirmer la création de votre compte Mon Paris."
        ),
        continue_to_service(),
        rx.el.section(
            rx.el.h2("Un compte unique"),
            rx.el.p(
                "Votre compte unique vous permet de bénéficier de l'ensemble des services "
                "numériques Parisiens. Conservez bien vos identifiants."
            ),
        ),
        rx.el.section(
            rx.el.h2("Gérer vos données personnelles"),
            rx.el.p(
                "Vous pouvez dès maintenant gérer vos données personnelles sur ",
                app_link("Mon Paris", href=routes.ACCOUNT),
                ".",
            ),
        ),
        rx.el.section(
            rx.el.h2("Besoin d'aide ?"),
            rx.el.p(
                "Pour aller plus loin et en savoir plus sur les services connectés, rendez-vous sur ",
                rx.el.a("paris.fr", href="https://www.paris.fr/"),
                ".",
            ),
            rx.el.p(
                "Si vous avez des questions ou pour toute autre demande, ",
                rx.el.a("contactez-nous", href="https://www.paris.fr/contact"),
                ".",
            ),
        ),
        rx.el.p("L'équipe Mon Paris"),
    )


def register(app: rx.App) -> None:
    app.add_page(
        signup_done_page,
        route=routes.SIGNUP_DONE,
        title="Compte créé — Mon Paris",
        on_load=[SignupCompletion.open_done_page, WaitingServiceState.load],
    )
