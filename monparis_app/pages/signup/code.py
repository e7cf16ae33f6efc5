"""Steps 2-3 of the guide: "Valider votre courriel de connexion Mon Paris"."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.fields import code_field
from monparis_app.components.forms import app_form
from monparis_app.components.layout import page_layout
from monparis_app.components.resend import resend_button
from monparis_app.components.sections import status_message
from monparis_app.messages import message_for
from monparis_app.pages.signup.code_state import VerifyCodeState
from monparis_app.web import routes

V = VerifyCodeState


def code_form() -> rx.Component:
    return app_form(
        code_field("code", V.code_error),
        rx.el.div(
            rx.el.button("Valider mon compte", type="submit", class_name="button-primary"),
            rx.el.button(
                "Annuler", type="button", on_click=V.cancel, class_name="button-secondary"
            ),
            class_name="inline-actions",
        ),
        on_submit=V.submit,
        reset_on_submit=False,
        no_validate=True,
        aria_label="Valider votre courriel",
        class_name="form",
    )


def pending_view() -> rx.Component:
    return rx.fragment(
        rx.el.p(
            "Nous avons envoyé un courriel à ",
            rx.el.strong(V.email),
            " pour que nous puissions procéder à la vérification de votre adresse de courriel.",
        ),
        rx.el.p(
            "Vous disposez d'un délai de 10 minutes pour la saisie du code. Au-delà de ce délai, "
            "demandez le renvoi du message pour qu'un nouveau code vous soit envoyé."
        ),
        rx.el.p(
            "Si vous ne le trouvez pas, pensez à vérifier dans vos courriels indésirables (spam), ou ",
            resend_button(V.resend_wait, V.resend),
            ".",
        ),
        status_message(V.notice),
        code_form(),
    )


def ended_view(message: str, link_text: str, href: str) -> rx.Component:
    return rx.el.div(
        rx.el.p(message), rx.link(link_text, href=href, class_name="button-primary"), role="status"
    )


def verify_code_page() -> rx.Component:
    return page_layout(
        rx.el.h1("Valider votre courriel de connexion Mon Paris"),
        rx.match(
            V.status,
            ("pending", pending_view()),
            (
                "expired",
                ended_view(
                    message_for("flow.expired"),
                    "Recommencer votre inscription",
                    routes.SIGNUP,
                ),
            ),
            (
                "completed",
                ended_view(message_for("flow.completed"), "Se connecter", routes.SIGN_IN),
            ),
            rx.el.p("Chargement…", role="status"),
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(
        verify_code_page,
        route=routes.SIGNUP_CODE,
        title="Valider votre courriel — Mon Paris",
        on_load=VerifyCodeState.load,
    )
