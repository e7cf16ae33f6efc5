"""Steps 2-3 of the guide: "Valider votre courriel de connexion Mon Paris"."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.code_step import code_form, code_lifetime, code_sent_to, resend_hint
from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.components.sections import status_message
from monparis_app.messages import message_for
from monparis_app.pages.signup.code_state import VerifyCodeState
from monparis_app.web import routes

V = VerifyCodeState


def pending_view() -> rx.Component:
    return rx.fragment(
        code_sent_to(V.email),
        code_lifetime(),
        resend_hint(V.resend_wait, V.resend_round, V.resend),
        status_message(V.notice),
        code_form(
            "code",
            V.code_error,
            submit_label="Valider mon compte",
            on_submit=V.submit,
            cancel=("Annuler", V.cancel),
            label="Valider votre courriel",
        ),
    )


def ended_view(message: str, link_text: str, href: str) -> rx.Component:
    return rx.el.div(
        rx.el.p(message), app_link(link_text, href=href, class_name="button-primary"), role="status"
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
