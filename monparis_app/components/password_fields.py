"""New-password fields, the same on sign-up, password reset and password change.

The ids (``password``, ``password_confirmation``, ``password-rules``, ``password-match``) are
what ``assets/monparis.js`` listens to: the checklist ticks and the confirmation match update
in the browser at every keystroke, from the rule patterns the core publishes.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars.base import Var

from monparis_app.components.fields import text_field
from monparis_app.core.password_policy import MAX_LENGTH, PASSWORD_RULES
from monparis_app.messages import message_for

PASSWORD_HINT = message_for("password.hint")
CONFIRMATION_HINT = message_for("password.confirmation_hint")


def password_checklist() -> rx.Component:
    """Ticked in the browser at every keystroke, from the patterns the core publishes."""
    return rx.el.ul(
        *[
            rx.el.li(rule.label, data_rule=rule.id, data_pattern=rule.pattern, data_met="false")
            for rule in PASSWORD_RULES
            if rule.client_side
        ],
        id="password-rules",
        class_name="password-rules",
        aria_label="Règles du mot de passe",
    )


def visibility_toggle() -> rx.Component:
    return rx.el.button(
        "Afficher les mots de passe",
        type="button",
        id="toggle-password-visibility",
        aria_pressed="false",
        class_name="button-link",
    )


def new_password_fields(
    password_label: str,
    confirmation_label: str,
    password_error: Var[str],
    confirmation_error: Var[str],
    *,
    on_blur: Any = None,
    extra_actions: tuple[rx.Component, ...] = (),
    proposal: rx.Component | None = None,
) -> rx.Component:
    return rx.fragment(
        text_field(
            "password",
            password_label,
            password_error,
            hint=PASSWORD_HINT,
            input_type="password",
            autocomplete="new-password",
            on_blur=on_blur,
            max_length=MAX_LENGTH,
        ),
        password_checklist(),
        rx.el.p(id="password-rules-status", class_name="sr-only", aria_live="polite"),
        rx.el.div(*extra_actions, visibility_toggle(), class_name="inline-actions"),
        proposal if proposal is not None else rx.fragment(),
        text_field(
            "password_confirmation",
            confirmation_label,
            confirmation_error,
            hint=CONFIRMATION_HINT,
            input_type="password",
            autocomplete="new-password",
            max_length=MAX_LENGTH,
        ),
        rx.el.p(id="password-match", class_name="password-match", aria_live="polite"),
    )
