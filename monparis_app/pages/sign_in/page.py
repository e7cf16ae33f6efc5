"""``/connexion``, "Se connecter": e-mail and password, a captcha once the core asks for one."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.captcha import captcha_block
from monparis_app.components.fields import form_alert, text_field
from monparis_app.components.forms import journey_form, required_fields_hint, submit_button
from monparis_app.components.franceconnect import SIGN_IN_DESCRIPTION, franceconnect_block
from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.components.passkeys import passkey_answer_form
from monparis_app.components.sections import status_message
from monparis_app.core.current_password import MAX_CHECKED_LENGTH
from monparis_app.core.identity_fields import EMAIL_MAX_LENGTH
from monparis_app.pages.oidc.waiting import WaitingServiceState, sign_in_for_service
from monparis_app.pages.sign_in.state import PASSKEY_FORM, SignInState
from monparis_app.web import routes

S = SignInState
E = SignInState.errors

CAPTCHA_INTRO = (
    "Après plusieurs tentatives de connexion échouées, nous devons vérifier que vous n'êtes pas "
    "une machine."
)
CAPTCHA_HINT = (
    "Saisissez les caractères lus ou entendus du code de vérification qui s'affiche ci-dessus."
)


def captcha() -> rx.Component:
    return rx.el.div(
        rx.el.p(CAPTCHA_INTRO),
        captcha_block(S.captcha_image, S.captcha_audio, E["captcha"], S.new_captcha),
    )


def sign_in_form() -> rx.Component:
    return journey_form(
        form_alert(S.form_message),
        text_field(
            "email",
            "Courriel",
            E["email"],
            hint="Par exemple : nom@exemple.fr",
            input_type="email",
            autocomplete="email webauthn",  # the autofill also offers passkeys
            on_blur=S.check_email,
            max_length=EMAIL_MAX_LENGTH,
        ),
        text_field(
            "password",
            "Mot de passe",
            E["password"],
            input_type="password",
            autocomplete="current-password",
            max_length=MAX_CHECKED_LENGTH,
        ),
        rx.el.p(app_link("Mot de passe oublié ?", href=routes.FORGOT_PASSWORD)),
        rx.cond(S.captcha_required, captcha(), rx.fragment()),
        submit_button("Se connecter", S.submitting, "Connexion en cours…"),
        on_submit=S.submit,
        label="Se connecter avec votre courriel",
    )


def passkey_block() -> rx.Component:
    """Sign in with no e-mail or password: the browser offers this device's passkeys."""
    return rx.el.div(
        rx.el.h2("Se connecter avec une clé d’accès", class_name="section-title"),
        rx.el.p(
            "Utilisez le verrouillage de votre téléphone ou de votre ordinateur (empreinte, "
            "visage, code) ou une clé de sécurité, si vous avez ajouté une clé d’accès à votre compte."
        ),
        rx.el.button(
            "Se connecter avec une clé d’accès",
            type="button",
            on_click=S.sign_in_with_passkey,
            class_name="button-secondary",
            aria_describedby="passkey-error",
        ),
        rx.el.div(
            rx.cond(S.passkey_error != "", rx.el.p(S.passkey_error), rx.fragment()),
            id="passkey-error",
            role="alert",
        ),
        passkey_answer_form(PASSKEY_FORM, S.passkey_answered),
    )


def sign_in_page() -> rx.Component:
    return page_layout(
        rx.el.h1("Se connecter"),
        sign_in_for_service(),
        status_message(S.notice),  # e.g. "Vous devez être connecté·e…" after a redirect
        franceconnect_block("Utilisez FranceConnect pour vous connecter :", SIGN_IN_DESCRIPTION),
        rx.el.p("Ou", class_name="separator"),
        passkey_block(),
        rx.el.p("Ou", class_name="separator"),
        rx.el.h2("Se connecter avec votre courriel", class_name="section-title"),
        required_fields_hint(),
        sign_in_form(),
        rx.el.h2("Vous n'avez pas encore de compte ?", class_name="section-title"),
        rx.el.p(app_link("Créer votre compte Mon Paris", href=routes.SIGNUP)),
    )


def register(app: rx.App) -> None:
    app.add_page(
        sign_in_page,
        route=routes.SIGN_IN,
        title="Se connecter — Mon Paris",
        on_load=[S.load, WaitingServiceState.load],
    )
