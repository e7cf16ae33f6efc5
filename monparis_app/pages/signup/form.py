"""Step 1 of the sign-up guide: "Créer un compte Mon Paris", the form, with the guide's texts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from monparis_app.components.captcha import captcha_block
from monparis_app.components.fields import form_alert, radio_group, terms_checkbox, text_field
from monparis_app.components.forms import app_form
from monparis_app.components.franceconnect import franceconnect_block
from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.components.password_fields import (
    LIVE_CHECK_DELAY_MS,
    new_password_fields,
    value_of,
)
from monparis_app.core.identity_fields import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PHONE_MAX_LENGTH
from monparis_app.pages.signup.form_state import CAPTCHA_INPUT, SignupState
from monparis_app.web import routes

S = SignupState
E = SignupState.error_for

PHONE_HINT = (
    "Facultatif. Il vous permet de recevoir des informations de la Ville de Paris "
    "(confirmation de rendez-vous…). Par exemple : 06 12 34 56 78."
)


def judge(field: str) -> Callable[[rx.Var[str]], Any]:
    """Leaving ``field`` (or choosing a radio) judges it at once, with the submit's rules: an
    error appears, changes or goes (the value is the input's, sent by the browser)."""
    return lambda value: S.check_field(field, value)


def judge_personal(field: str) -> Callable[[rx.Var[str]], Any]:
    """A name or the e-mail: the password is judged again against it (it must not contain it)."""
    return lambda value: S.check_field(field, value, value_of("password"))


def password_proposal() -> rx.Component:
    return rx.cond(
        S.proposed_password != "",
        rx.el.div(
            rx.el.p(
                "Mot de passe proposé : ", rx.el.code(S.proposed_password, id="proposed-password")
            ),
            rx.el.button(
                "Copier le mot de passe proposé",
                type="button",
                on_click=S.copy_proposal,
                class_name="button-secondary",
            ),
            class_name="proposal",
            role="status",
        ),
        rx.fragment(),
    )


def password_fields() -> rx.Component:
    return new_password_fields(
        "Créer un mot de passe",
        "Confirmation du mot de passe",
        E["password"],
        E["password_confirmation"],
        on_blur=lambda value: S.leave_password(value, value_of("password_confirmation")),
        on_confirmation_blur=lambda value: S.leave_confirmation(value, value_of("password")),
        on_input=lambda _value: S.password_typed(
            value_of("password"), value_of("password_confirmation")
        ).debounce(LIVE_CHECK_DELAY_MS),
        server_verdicts=S.server_verdicts,
        server_status=S.password_verdict_status,
        extra_actions=(
            rx.el.button(
                "Proposition de mot de passe aléatoire",
                type="button",
                on_click=S.propose_password,
                class_name="button-link",
            ),
        ),
        proposal=password_proposal(),
    )


def captcha() -> rx.Component:
    """Focus leaving the block (React's blur bubbles) judges a captcha error again."""
    return rx.el.div(
        captcha_block(S.captcha_image, S.captcha_audio, E["captcha"], S.new_captcha),
        on_blur=S.recheck_captcha(value_of(CAPTCHA_INPUT)),
    )


def signup_form() -> rx.Component:
    return app_form(
        rx.el.h2("Remplissez vos informations :", class_name="section-title"),
        rx.el.p("Les champs avec * sont obligatoires", class_name="field-hint"),
        form_alert(S.summary),
        radio_group(
            "sex",
            "Sexe",
            "Tel qu'indiqué sur vos papiers d'identité.",
            [("FEMALE", "Femme"), ("MALE", "Homme")],
            E["sex"],
            on_change=judge("sex"),
        ),
        text_field(
            "first_name",
            "Prénom",
            E["first_name"],
            hint="Veillez saisir votre/vos prénom(s).",
            autocomplete="given-name",
            on_blur=judge_personal("first_name"),
            max_length=NAME_MAX_LENGTH,
        ),
        text_field(
            "last_name",
            "Nom",
            E["last_name"],
            hint="Veillez saisir votre nom de naissance.",
            autocomplete="family-name",
            on_blur=judge_personal("last_name"),
            max_length=NAME_MAX_LENGTH,
        ),
        text_field(
            "email",
            "Courriel",
            E["email"],
            hint="Il vous servira d'identifiant de connexion. Par exemple : nom@exemple.fr",
            input_type="email",
            autocomplete="email",
            on_blur=judge_personal("email"),
            max_length=EMAIL_MAX_LENGTH,
        ),
        text_field(
            "phone",
            "Téléphone",
            E["phone"],
            hint=PHONE_HINT,
            required=False,
            input_type="tel",
            autocomplete="tel",
            on_blur=judge("phone"),
            max_length=PHONE_MAX_LENGTH,
        ),
        password_fields(),
        terms_checkbox(E["accept_terms"], on_change=S.check_terms),
        captcha(),
        rx.el.button(
            rx.cond(S.submitting, "Envoi en cours…", "Continuer"),
            type="submit",
            class_name="button-primary",
            disabled=S.submitting,
        ),
        on_submit=S.submit,
        no_validate=True,
        aria_label="Créer un compte Mon Paris",
        class_name="form",
    )


def signup_page() -> rx.Component:
    return page_layout(
        rx.el.h1("Créer un compte Mon Paris"),
        rx.el.p(
            "Un compte Mon Paris vous permet d'accéder facilement à tous les services de la "
            "Ville, de suivre vos demandes et de retrouver des conseillers à votre écoute."
        ),
        app_link("En savoir plus sur le compte Mon Paris", href=routes.ABOUT),
        rx.el.p("Vous avez déjà un compte ? ", app_link("Se connecter", href=routes.SIGN_IN)),
        franceconnect_block("Utilisez FranceConnect pour créer votre compte :"),
        rx.el.p("Ou", class_name="separator"),
        signup_form(),
    )


def register(app: rx.App) -> None:
    app.add_page(
        signup_page,
        route=routes.SIGNUP,
        title="Créer un compte Mon Paris",
        on_load=SignupState.load,
    )
