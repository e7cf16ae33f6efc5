""" "Mes informations": the personal information card of the account page.

The card says the name, birth (the commune and country by name: FranceConnect certifies COG
codes) and postal address; "Modifier" opens the form.

Inputs are uncontrolled (no round trip per keystroke): they start from the state's values, and
the form's ``key`` changes after a save so it is rebuilt from the saved values. Fields certified
by FranceConnect are read-only and not sent. The input limits are the core's own.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from monparis_app.components.fields import field_error, required_mark
from monparis_app.components.forms import app_form, form_actions, secondary_button
from monparis_app.core.errors import InvalidInput
from monparis_app.core.identity_fields import NAME_MAX_LENGTH, PHONE_MAX_LENGTH, SEXES
from monparis_app.core.profile import FREE_TEXT_MAX, POSTCODE_MAX_LENGTH, update_profile
from monparis_app.messages import message_for
from monparis_app.pages import session as web_session
from monparis_app.pages.account.cards import card, toggle_button
from monparis_app.pages.account.state import PROFILE_FIELDS, AccountState, to_sign_in
from monparis_app.pages.form_events import field_messages, focus, focus_first, form_text

CARD = "informations"

PROFILE_SAVED = message_for("profile.saved")
CERTIFIED = "Certifié par FranceConnect"
CIVILITY = {"FEMALE": "Madame", "MALE": "Monsieur"}


class ProfileSection(AccountState):
    errors: dict[str, str] = dict.fromkeys(PROFILE_FIELDS, "")
    status: str = ""
    version: int = 0

    @rx.event
    def clear_section(self) -> None:
        """On page load, after ``load``: the form's inputs are uncontrolled, so a new key
        remounts them with the values just read (the tab's state may hold older ones, e.g.
        the certified identity a FranceConnect link has just brought)."""
        self._reset_section()

    def _reset_section(self) -> None:
        """A new key also puts back the saved values over anything typed and not saved."""
        self.errors, self.status = dict.fromkeys(PROFILE_FIELDS, ""), ""
        self.version += 1

    @rx.event
    def cancel(self) -> Any:
        self._reset_section()
        self.open_section = ""
        return focus(f"{CARD}-toggle")

    @rx.event
    async def save(self, form_data: dict[str, Any]) -> Any:
        """Certified fields are shown read-only and not sent: the core would refuse them."""
        session = await web_session.signed_in_session(self)
        if session is None:
            return to_sign_in()
        changes = {
            name: form_text(form_data, name) for name in PROFILE_FIELDS if not self.certified[name]
        }
        try:
            await update_profile(
                session.account_id, changes, client_ip=web_session.client_ip(self),
                user_agent=web_session.user_agent(self),
            )  # fmt: skip
        except InvalidInput as invalid:
            self.errors, self.status = field_messages(PROFILE_FIELDS, invalid.errors), ""
            return focus_first(self.errors, {"sex": "sex-female"})
        await self._refresh(session)
        self._reset_section()
        self.status = PROFILE_SAVED
        return self._close_after_success(CARD)


A = AccountState
R = ProfileSection


def profile_field(
    name: str,
    label: str,
    autocomplete: str,
    *,
    hint: str = "",
    required: bool = False,
    input_type: str = "text",
    max_length: int = FREE_TEXT_MAX,
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


def civility_option(value: str) -> rx.Component:
    """A certified civility is shown checked but disabled (a disabled radio is not sent)."""
    return rx.el.div(
        rx.el.input(
            type="radio",
            id=f"sex-{value.lower()}",
            name="sex",
            value=value,
            default_checked=A.profile["sex"] == value,
            disabled=A.certified["sex"],
            aria_invalid=rx.cond(R.errors["sex"] != "", "true", "false"),
            aria_describedby="sex-hint sex-error",
        ),
        rx.el.label(CIVILITY[value], html_for=f"sex-{value.lower()}"),
        class_name="radio-option",
    )


def civility_field() -> rx.Component:
    error = R.errors["sex"]
    return rx.el.fieldset(
        rx.el.legend("Civilité", required_mark()),
        rx.el.p(
            rx.cond(A.certified["sex"], CERTIFIED, "Tel qu'indiqué sur vos papiers d'identité."),
            id="sex-hint",
            class_name="field-hint",
        ),
        rx.el.div(*[civility_option(value) for value in SEXES], class_name="radio-options"),
        field_error("sex", error),
        id="sex",
        class_name=rx.cond(error != "", "field field--invalid", "field"),
    )


def identity_fields() -> rx.Component:
    return rx.fragment(
        civility_field(),
        profile_field(
            "first_names", "Prénoms", "given-name", required=True, max_length=NAME_MAX_LENGTH
        ),
        profile_field(
            "birth_name",
            "Nom de naissance",
            "family-name",
            required=True,
            max_length=NAME_MAX_LENGTH,
        ),
        profile_field(
            "usage_name",
            "Nom d'usage",
            "off",
            hint="Facultatif. Par exemple, nom d'épouse.",
            max_length=NAME_MAX_LENGTH,
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
            max_length=PHONE_MAX_LENGTH,
            hint="Par exemple : 06 12 34 56 78.",
        ),
        rx.el.fieldset(
            rx.el.legend("Adresse postale"),
            profile_field("address_line", "Adresse", "street-address"),
            profile_field(
                "address_postcode", "Code postal", "postal-code", max_length=POSTCODE_MAX_LENGTH
            ),
            profile_field("address_city", "Commune", "address-level2"),
            profile_field("address_country", "Pays", "country-name"),
            class_name="form",
        ),
    )


def profile_summary() -> rx.Component:
    summary = A.profile_summary
    return rx.fragment(
        rx.el.p(rx.el.strong(summary["name"]), id="profile-summary-name"),
        rx.el.p(
            "Naissance : ",
            rx.cond(summary["birth"] != "", summary["birth"], "non renseignée"),
            id="profile-summary-birth",
        ),
        rx.el.p(
            "Adresse postale : ",
            rx.cond(summary["address"] != "", summary["address"], "non renseignée"),
            id="profile-summary-address",
        ),
    )


def profile_form() -> rx.Component:
    return app_form(
        rx.el.p("Les champs avec * sont obligatoires", class_name="field-hint"),
        identity_fields(),
        contact_fields(),
        form_actions(
            rx.el.button(
                "Enregistrer mes informations", type="submit", class_name="button-primary"
            ),
            secondary_button("Annuler", R.cancel),
        ),
        key=R.version,
        on_submit=R.save,
        reset_on_submit=False,
        no_validate=True,
        aria_label="Mes informations",
        class_name="form",
    )


# The first field that takes focus: a certified civility is a pair of disabled radios.
FIRST_FIELD = rx.cond(A.certified["sex"], "first_names", "sex-female")


def profile_section() -> rx.Component:
    return card(
        CARD,
        "Mes informations",
        profile_summary(),
        toggle_button(CARD, "Modifier", "Mes informations", FIRST_FIELD),
        status=R.status,
        details=profile_form(),
    )
