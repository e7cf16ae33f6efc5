"""``/mot-de-passe-oublie``: "Mot de passe oublié ?", by a code sent by e-mail."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.fields import code_field, text_field
from monparis_app.components.forms import app_form
from monparis_app.components.layout import page_layout
from monparis_app.components.password_fields import new_password_fields
from monparis_app.components.resend import resend_button
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
        app_form(
            text_field(
                "email",
                "Courriel",
                E["email"],
                hint="Par exemple : nom@exemple.fr",
                input_type="email",
                autocomplete="email",
                max_length=EMAIL_MAX_LENGTH,
            ),
            rx.el.div(
                rx.el.button("Recevoir un code", type="submit", class_name="button-primary"),
                rx.link("Revenir à la connexion", href=routes.SIGN_IN),
                class_name="inline-actions",
            ),
            on_submit=F.request_code,
            reset_on_submit=False,
            no_validate=True,
            aria_label="Recevoir un code",
            class_name="form",
        ),
    )


def code_step() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.p(NO_HINT_NOTICE),
            rx.el.p("Adresse saisie : ", rx.el.strong(F.email), "."),
            role="status",
        ),
        rx.el.p(
            "Le code est valable 10 minutes. Si vous ne le trouvez pas, pensez à vérifier dans "
            "vos courriels indésirables (spam), ou ",
            resend_button(F.resend_wait, F.resend),
            ".",
        ),
        status_message(F.notice),
        app_form(
            rx.el.p("Les champs avec * sont obligatoires", class_name="field-hint"),
            code_field("code", E["code"]),
            new_password_fields(
                "Nouveau mot de passe",
                "Confirmation du mot de passe",
                E["password"],
                E["password_confirmation"],
            ),
            rx.el.div(
                rx.el.button(
                    "Modifier mon mot de passe", type="submit", class_name="button-primary"
                ),
                rx.el.button(
                    "Modifier l'adresse de courriel",
                    type="button",
                    on_click=F.restart,
                    class_name="button-secondary",
                ),
                class_name="inline-actions",
            ),
            on_submit=F.reset_password,
            reset_on_submit=False,
            no_validate=True,
            aria_label="Choisir un nouveau mot de passe",
            class_name="form",
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
        rx.link("Se connecter", href=routes.SIGN_IN, class_name="button-primary"),
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
