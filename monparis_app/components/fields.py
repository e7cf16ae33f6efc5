"""Accessible form fields: visible label, hint and error tied by ``aria-describedby``.

Every field renders its error container even when empty, so ``aria-describedby`` always points
at something that exists, and the container is a polite live region: an error that appears when
the person leaves a field is read out without moving focus.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars.base import Var

from monparis_app.components.links import app_link
from monparis_app.core.verification_codes import CODE_LENGTH
from monparis_app.web import routes


def required_mark() -> rx.Component:
    return rx.el.span(" *", class_name="required-mark", aria_hidden="true")


def field_error(field_id: str, message: Var[str]) -> rx.Component:
    return rx.el.p(message, id=f"{field_id}-error", class_name="field-error", aria_live="polite")


def described_by(field_id: str, hint: bool) -> str:
    return f"{field_id}-hint {field_id}-error" if hint else f"{field_id}-error"


def text_field(
    field_id: str,
    label: str,
    error: Var[str],
    *,
    hint: str | rx.Component | None = None,
    required: bool = True,
    input_type: str | Var[str] = "text",
    autocomplete: str = "off",
    on_blur: Any = None,
    **input_props: Any,
) -> rx.Component:
    """A labelled input; ``on_blur`` receives the value when the person leaves the field."""
    hint_component = rx.el.p(hint, id=f"{field_id}-hint", class_name="field-hint") if hint else None
    return rx.el.div(
        rx.el.label(label, required_mark() if required else rx.fragment(), html_for=field_id),
        hint_component or rx.fragment(),
        rx.el.input(
            id=field_id,
            name=field_id,
            type=input_type,
            auto_complete=autocomplete,
            required=required,
            aria_required="true" if required else "false",
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=described_by(field_id, hint is not None),
            on_blur=on_blur,
            class_name="field-input",
            **input_props,
        ),
        field_error(field_id, error),
        class_name=rx.cond(error != "", "field field--invalid", "field"),
    )


def radio_group(
    name: str,
    legend: str,
    hint: str,
    options: list[tuple[str, str]],
    error: Var[str],
    on_change: Any = None,
) -> rx.Component:
    """A fieldset of native radios: arrow keys move between options, the legend names the group;
    ``on_change`` receives the chosen value."""
    return rx.el.fieldset(
        rx.el.legend(legend, required_mark()),
        rx.el.p(hint, id=f"{name}-hint", class_name="field-hint"),
        rx.el.div(
            *[
                rx.el.div(
                    rx.el.input(
                        type="radio",
                        id=f"{name}-{value.lower()}",
                        name=name,
                        value=value,
                        required=True,
                        aria_invalid=rx.cond(error != "", "true", "false"),
                        aria_describedby=described_by(name, True),
                        on_change=on_change,
                    ),
                    rx.el.label(text, html_for=f"{name}-{value.lower()}"),
                    class_name="radio-option",
                )
                for value, text in options
            ],
            class_name="radio-options",
        ),
        field_error(name, error),
        id=name,
        tab_index=-1,
        class_name=rx.cond(error != "", "field field--invalid", "field"),
    )


def form_alert(message: Var[str]) -> rx.Component:
    """A message about the whole form (not one field), announced when it appears."""
    return rx.el.div(
        rx.cond(message != "", rx.el.p(message), rx.fragment()),
        role="alert",
        class_name=rx.cond(message != "", "form-alert", "form-alert form-alert--empty"),
    )


def code_field(field_id: str, error: Var[str]) -> rx.Component:
    """The e-mailed code: its length is the core's (``CODE_LENGTH``), so the hint, the pattern
    and the input's limit cannot drift from what the core accepts."""
    return rx.el.div(
        rx.el.label("Code de validation", required_mark(), html_for=field_id),
        rx.el.p(
            f"Saisissez ici le code de validation à {CODE_LENGTH} chiffres.",
            id=f"{field_id}-hint",
            class_name="field-hint",
        ),
        rx.el.input(
            id=field_id,
            name=field_id,
            type="text",
            input_mode="numeric",
            auto_complete="one-time-code",
            pattern=f"[0-9]{{{CODE_LENGTH}}}",
            max_length=CODE_LENGTH,
            required=True,
            aria_required="true",
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=f"{field_id}-hint {field_id}-error",
            class_name="field-input field-input--code",
        ),
        field_error(field_id, error),
        class_name=rx.cond(error != "", "field field--invalid", "field"),
    )


def terms_checkbox(
    error: Var[str], field_id: str = "accept_terms", on_change: Any = None
) -> rx.Component:
    """The terms of use, the same words on every sign-up (e-mail or FranceConnect); the error is
    tied to the box by ``aria-describedby``; ``on_change`` receives whether it is ticked."""
    return rx.el.div(
        rx.el.div(
            rx.el.input(
                type="checkbox",
                id=field_id,
                name=field_id,
                required=True,
                aria_invalid=rx.cond(error != "", "true", "false"),
                aria_describedby=f"{field_id}-error",
                on_change=on_change,
            ),
            rx.el.label(
                "J'accepte les ",
                app_link("Conditions Générales d'Utilisation", href=routes.TERMS, is_external=True),
                " et certifie avoir pris connaissance de la ",
                app_link(
                    "politique de gestion des données à caractère personnel",
                    href=routes.PRIVACY,
                    is_external=True,
                ),
                required_mark(),
                html_for=field_id,
            ),
            class_name="checkbox-option",
        ),
        field_error(field_id, error),
        class_name=rx.cond(error != "", "field field--invalid", "field"),
    )
