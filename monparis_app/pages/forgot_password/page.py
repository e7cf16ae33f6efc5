"""``/mot-de-passe-oublie``: "Mot de passe oublié ?", by a code sent by e-mail."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.code_step import code_form, code_lifetime, resend_hint
from monparis_app.components.fields import text_field
from monparis_app.components.forms import (
    form_actions,
    journey_form,
    required_fields_hint,
    submit_button,
)
from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.components.password_fields import new_password_fields
from monparis_app.components.sections import status_message
from monparis_app.core.identity_fields import EMAIL_MAX_LENGTH
from monparis_app.messages import message_for
from monparis_app.pages.forgot_password.state import ForgotPasswordState
from monparis_app.web import routes

F = ForgotPasswordState
E = ForgotPasswordState.errors

NO_HINT_NOTICE = message_for("password_reset.requested")


def email_step() -> rx.Component:
    return rx.fragment(
        rx.el.p(
            "Saisissez le courriel de votre compte Mon Paris : nous vous enverrons un code de "
            "validation pour choisir un nouveau mot de passe."
        ),
        status_message(F.notice),
        journey_form(
            text_field(
                "email",
                "Courriel",
                E["email"],
                hint="Par exemple : nom@exemple.fr",
                input_type="email",
                autocomplete="email",
                max_length=EMAIL_MAX_LENGTH,
            ),
            form_actions(
                submit_button("Recevoir un code"),
                app_link("Revenir à la connexion", href=routes.SIGN_IN),
            ),
            on_submit=F.request_code,
            label="Recevoir un code",
        ),
    )


def code_step() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.p(NO_HINT_NOTICE),
            rx.el.p("Adresse saisie : ", rx.el.strong(F.email), "."),
            role="status",
        ),
        code_lifetime(),
        resend_hint(F.resend_wait, F.resend_round, F.resend),
        status_message(F.notice),
        required_fields_hint(),
        code_form(
            "code",
            E["code"],
            submit_label="Modifier mon mot de passe",
            on_submit=F.reset_password,
            cancel=("Modifier l'adresse de courriel", F.restart),
            label="Choisir un nouveau mot de passe",
            more_fields=(
                new_password_fields(
                    "Nouveau mot de passe",
                    "Confirmation du mot de passe",
                    E["password"],
                    E["password_confirmation"],
                ),
            ),
        ),
        class_name="form",  # the same spacing between the explanations and the form
    )


def done_step() -> rx.Component:
    return rx.el.div(
        rx.el.h2("Votre mot de passe a été modifié", class_name="section-title"),
        rx.el.p(
            "Vous pouvez maintenant vous connecter avec votre nouveau mot de passe. Par "
            "sécurité, toutes vos sessions ouvertes ont été terminées et un courriel vous a été "
            "envoyé."
        ),
        app_link("Se connecter", href=routes.SIGN_IN, class_name="button-primary"),
        role="status",
    )


def forgot_password_page() -> rx.Component:
    return page_layout(
        rx.el.h1("Mot de passe oublié ?"),
        rx.match(
            F.step,
            ("code", code_step()),
            ("done", done_step()),
            email_step(),
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(
        forgot_password_page,
        route=routes.FORGOT_PASSWORD,
        title="Mot de passe oublié — Mon Paris",
        on_load=F.load,
    )
