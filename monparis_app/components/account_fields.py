"""Small pieces the signed-in pages share: a titled section, a status line, the code field."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.fields import field_error, required_mark


def status_message(message: rx.Var[str]) -> rx.Component:
    """A section's outcome, read out without moving focus (role=status)."""
    return rx.el.div(
        rx.cond(message != "", rx.el.p(message), rx.fragment()),
        role="status",
        class_name="notice",
    )


def section(title_id: str, title: str, *children: rx.Component) -> rx.Component:
    return rx.el.section(
        rx.el.h2(title, id=title_id, class_name="section-title"),
        *children,
        aria_labelledby=title_id,
        class_name="account-section",
    )


def code_field(field_id: str, error: rx.Var[str]) -> rx.Component:
    return rx.el.div(
        rx.el.label("Code de validation", required_mark(), html_for=field_id),
        rx.el.p(
            "Saisissez ici le code de validation à 4 chiffres.",
            id=f"{field_id}-hint",
            class_name="field-hint",
        ),
        rx.el.input(
            id=field_id,
            name=field_id,
            type="text",
            input_mode="numeric",
            auto_complete="one-time-code",
            pattern="[0-9]{4}",
            max_length=4,
            required=True,
            aria_required="true",
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=f"{field_id}-hint {field_id}-error",
            class_name="field-input field-input--code",
        ),
        field_error(field_id, error),
        class_name=rx.cond(error != "", "field field--invalid", "field"),
    )
