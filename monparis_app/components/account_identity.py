"""The account page's edit sections: login e-mail, password, personal information.

Inputs are uncontrolled (no round trip per keystroke): they start from the state's values, and
a form's ``key`` changes after a save so it is rebuilt from the saved values.
"""

from __future__ import annotations

import reflex as rx

from monparis_app.components.account_fields import code_field, section, status_message
from monparis_app.components.fields import field_error, required_mark, text_field
from monparis_app.components.forms import app_form
from monparis_app.components.password_fields import new_password_fields
from monparis_app.pages import routes
from monparis_app.pages.account_edit_state import EmailSection, PasswordSection, ProfileSection
from monparis_app.pages.account_state import AccountState

A = AccountState
CERTIFIED = "Certifié par FranceConnect"


# --- "Connexion à votre compte" -------------------------------------------------------------

M = EmailSection


def email_change_form() -> rx.Component:
    return app_form(
        text_field(
            "new_email",
            "Nouveau courriel",
            M.errors["new_email"],
            hint="Il deviendra votre identifiant de connexion. Par exemple : nom@exemple.fr",
            input_type="email",
            autocomplete="email",
            max_length=254,
        ),
        rx.el.div(
            rx.el.button(
                "Recevoir un code de validation", type="submit", class_name="button-primary"
            ),
            rx.el.button(
                "Annuler", type="button", on_click=M.clear_section, class_name="button-secondary"
            ),
            class_name="inline-actions",
        ),
        on_submit=M.request_change,
        reset_on_submit=False,
        no_validate=True,
        aria_label="Modifier votre adresse de courriel",
        class_name="form",
    )


def email_code_step() -> rx.Component:
    return rx.el.div(
        rx.el.h3("Valider votre courriel de connexion Mon Paris", id="email-code-title"),
        rx.el.p(
            "Nous avons envoyé un courriel à ",
            rx.el.strong(M.pending_email),
            " pour que nous puissions procéder à la vérification de votre adresse de courriel. "
            "Après validation, votre courriel de connexion sera modifié.",
        ),
        rx.el.p(
            "Si vous ne le trouvez pas, pensez à vérifier dans vos courriels indésirables "
            "(spam), ou ",
            rx.el.button(
                "renvoyez le message", type="button", on_click=M.resend, class_name="button-link"
            ),
            ".",
        ),
        app_form(
            code_field("email_code", M.errors["email_code"]),
            rx.el.div(
                rx.el.button("Valider", type="submit", class_name="button-primary"),
                rx.el.button(
                    "Annuler",
                    type="button",
                    on_click=M.clear_section,
                    class_name="button-secondary",
                ),
                class_name="inline-actions",
            ),
            on_submit=M.confirm,
            reset_on_submit=False,
            no_validate=True,
            aria_labelledby="email-code-title",
            class_name="form",
        ),
    )


def login_section() -> rx.Component:
    return section(
        "connexion-title",
        "Connexion à votre compte",
        rx.el.p("Courriel de connexion : ", rx.el.strong(A.email, id="login-email")),
        status_message(M.status),
        rx.match(
            M.step,
            ("edit", email_change_form()),
            ("code", email_code_step()),
            rx.el.button(
                "Modifier votre adresse de courriel",
                type="button",
                on_click=M.edit,
                class_name="button-secondary",
            ),
        ),
    )


# --- "Modifier votre mot de passe" ----------------------------------------------------------

P = PasswordSection


def password_form() -> rx.Component:
    """The new password keeps the sign-up ids, so the browser-side checklist applies."""
    return app_form(
        text_field(
            "current_password",
            "Mot de passe actuel",
            P.errors["current_password"],
            input_type="password",
            autocomplete="current-password",
            max_length=1024,
        ),
        new_password_fields(
            "Nouveau mot de passe",
            "Confirmation du nouveau mot de passe",
            P.errors["password"],
            P.errors["password_confirmation"],
        ),
        rx.el.button("Modifier mon mot de passe", type="submit", class_name="button-primary"),
        key=P.version,
        on_submit=P.change,
        reset_on_submit=False,
        no_validate=True,
        aria_label="Modifier votre mot de passe",
        class_name="form",
    )


def password_section() -> rx.Component:
    return section(
        "mot-de-passe-title",
        "Modifier votre mot de passe",
        status_message(P.status),
        rx.cond(
            A.has_password,
            rx.fragment(
                rx.el.p("Dernière modification : ", rx.el.span(A.password_changed), "."),
                password_form(),
            ),
            rx.el.p(
                "Vous vous connectez avec FranceConnect : votre compte n'a pas de mot de passe. "
                "Pour en créer un, utilisez ",
                rx.link("Mot de passe oublié ?", href=routes.FORGOT_PASSWORD),
                ".",
            ),
        ),
    )


# --- "Mes informations" ---------------------------------------------------------------------

R = ProfileSection


def profile_field(
    name: str,
    label: str,
    autocomplete: str,
    *,
    hint: str = "",
    required: bool = False,
    input_type: str = "text",
    max_length: int = 200,
) -> rx.Component:
    """Certified by FranceConnect: said in the hint, and the input is read-only."""
    error = R.errors[name]
    return rx.el.div(
        rx.el.label(label, required_mark() if required else rx.fragment(), html_for=name),
        rx.el.p(
            rx.cond(A.certified[name], CERTIFIED, hint),
            id=f"{name}-hint",
            class_name="field-hint",
        ),
        rx.el.input(
            id=name,
            name=name,
            type=input_type,
            default_value=A.profile[name],
            read_only=A.certified[name],
            auto_complete=autocomplete,
            required=required,
            aria_required="true" if required else "false",
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=f"{name}-hint {name}-error",
            max_length=max_length,
            class_name="field-input",
        ),
        field_error(name, error),
        class_name=rx.cond(error != "", "field field--invalid", "field"),
    )


def civility_field() -> rx.Component:
    error = R.errors["sex"]
    options = [("FEMALE", "Madame"), ("MALE", "Monsieur")]
    return rx.el.fieldset(
        rx.el.legend("Civilité", required_mark()),
        rx.el.p(
            rx.cond(A.certified["sex"], CERTIFIED, "Tel qu'indiqué sur vos papiers d'identité."),
            id="sex-hint",
            class_name="field-hint",
        ),
        rx.el.div(
            *[
                rx.el.div(
                    rx.el.input(
                        type="radio",
                        id=f"sex-{value.lower()}",
                        name="sex",
                        value=value,
                        default_checked=A.profile["sex"] == value,
                        disabled=A.certified["sex"],
                        aria_invalid=rx.cond(error != "", "true", "false"),
                        aria_describedby="sex-hint sex-error",
                    ),
                    rx.el.label(text, html_for=f"sex-{value.lower()}"),
                    class_name="radio-option",
                )
                for value, text in options
            ],
            class_name="radio-options",
        ),
        field_error("sex", error),
        id="sex",
        class_name=rx.cond(error != "", "field field--invalid", "field"),
    )


def identity_fields() -> rx.Component:
    return rx.fragment(
        civility_field(),
        profile_field("first_names", "Prénoms", "given-name", required=True, max_length=100),
        profile_field(
            "birth_name", "Nom de naissance", "family-name", required=True, max_length=100
        ),
        profile_field(
            "usage_name",
            "Nom d'usage",
            "off",
            hint="Facultatif. Par exemple, nom d'épouse.",
            max_length=100,
        ),
        profile_field("birth_date", "Date de naissance", "bday", input_type="date"),
        profile_field("birth_place", "Lieu de naissance", "off", hint="Commune de naissance."),
        profile_field("birth_country", "Pays de naissance", "off"),
    )


def contact_fields() -> rx.Component:
    return rx.fragment(
        profile_field(
            "phone",
            "Téléphone",
            "tel",
            input_type="tel",
            max_length=30,
            hint="Par exemple : 06 12 34 56 78.",
        ),
        rx.el.fieldset(
            rx.el.legend("Adresse postale"),
            profile_field("address_line", "Adresse", "street-address"),
            profile_field("address_postcode", "Code postal", "postal-code", max_length=10),
            profile_field("address_city", "Commune", "address-level2"),
            profile_field("address_country", "Pays", "country-name"),
            class_name="form",
        ),
    )


def profile_section() -> rx.Component:
    return section(
        "informations-title",
        "Mes informations",
        rx.el.p("Les champs avec * sont obligatoires", class_name="field-hint"),
        app_form(
            identity_fields(),
            contact_fields(),
            status_message(R.status),
            rx.el.button(
                "Enregistrer mes informations", type="submit", class_name="button-primary"
            ),
            key=R.version,
            on_submit=R.save,
            reset_on_submit=False,
            no_validate=True,
            aria_label="Mes informations",
            class_name="form",
        ),
    )
