"""New-password fields, the same on sign-up, password reset and password change.

The ids (``password``, ``password_confirmation``, ``password-rules``, ``password-match``) are
what ``assets/monparis.js`` listens to: the checklist's pattern rules tick and the confirmation
match updates in the browser at every keystroke, from the rule patterns the core publishes.

The rules the browser cannot test (the dictionaries of common passwords, the person's own
names) are lines of the same checklist when the page passes ``server_verdicts``: the core's
``rule_verdicts`` judges them, on input after a pause, so the list never shows a password as
fine that the server will refuse.

Whether the passwords are shown is state (``PasswordVisibility``), and the inputs' ``type`` is
rendered from it: React sets an input's ``type`` from its props at every re-render, so a type
changed behind its back (by a script) would be masked again by the next keystroke's update.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx
from reflex.vars.base import Var

from monparis_app.components.fields import text_field
from monparis_app.core.password_policy import MAX_LENGTH, PASSWORD_RULES
from monparis_app.messages import message_for

PASSWORD_HINT = message_for("password.hint")
CONFIRMATION_HINT = message_for("password.confirmation_hint")
# Long enough that typing does not send a check per keystroke, short enough to feel live.
LIVE_CHECK_DELAY_MS = 400


class PasswordVisibility(rx.State):
    """Whether the new-password fields show their text, for the tab's current form."""

    shown: bool = False

    @rx.event
    def toggle(self) -> None:
        self.shown = not self.shown

    @rx.event
    def show(self) -> None:
        self.shown = True

    @rx.event
    def hide(self) -> None:
        """A form that appears starts masked, whatever the previous form of the tab showed."""
        self.shown = False


def value_of(field_id: str) -> Var[str]:
    """The current value of another input of the page, read in the browser when an event
    fires (the password and its confirmation are judged together, and kept nowhere)."""
    expression = f"(document.getElementById({json.dumps(field_id)})?.value ?? '')"
    return Var(_js_expr=expression, _var_type=str)


def password_checklist(server_verdicts: Var[dict[str, bool]] | None = None) -> rx.Component:
    """The pattern rules, ticked in the browser; with ``server_verdicts``, the other rules too,
    ticked from the core's verdict (they carry no pattern, so the browser leaves them alone)."""
    browser_lines = [
        rx.el.li(rule.label, data_rule=rule.id, data_pattern=rule.pattern, data_met="false")
        for rule in PASSWORD_RULES
        if rule.client_side
    ]
    verdicts = server_verdicts.to(dict) if server_verdicts is not None else None
    server_lines = (
        [
            rx.el.li(
                rule.label,
                data_rule=rule.id,
                data_met=rx.cond(verdicts[rule.id], "true", "false"),
            )
            for rule in PASSWORD_RULES
            if not rule.client_side
        ]
        if verdicts is not None
        else []
    )
    return rx.el.ul(
        *browser_lines,
        *server_lines,
        id="password-rules",
        class_name="password-rules",
        aria_label="Règles du mot de passe",
    )


def visibility_toggle() -> rx.Component:
    """Its label and ``aria-pressed`` come from the same state as the inputs' type."""
    shown = PasswordVisibility.shown
    return rx.el.button(
        rx.cond(shown, "Masquer les mots de passe", "Afficher les mots de passe"),
        type="button",
        id="password-visibility",
        aria_pressed=rx.cond(shown, "true", "false"),
        aria_controls="password password_confirmation",
        on_click=PasswordVisibility.toggle,
        on_mount=PasswordVisibility.hide,
        class_name="button-link",
    )


def password_input_type() -> Var[str]:
    return rx.cond(PasswordVisibility.shown, "text", "password")


def new_password_fields(
    password_label: str,
    confirmation_label: str,
    password_error: Var[str],
    confirmation_error: Var[str],
    *,
    on_blur: Any = None,
    on_confirmation_blur: Any = None,
    on_input: Any = None,
    server_verdicts: Var[dict[str, bool]] | None = None,
    server_status: Var[str] | None = None,
    extra_actions: tuple[rx.Component, ...] = (),
    proposal: rx.Component | None = None,
) -> rx.Component:
    """``on_blur`` / ``on_confirmation_blur`` receive the field's value as the person leaves
    it; ``on_input`` fires on either field (debounce it: ``LIVE_CHECK_DELAY_MS``);
    ``server_verdicts`` and ``server_status`` are what the core said of the typed password."""
    return rx.fragment(
        text_field(
            "password",
            password_label,
            password_error,
            hint=PASSWORD_HINT,
            input_type=password_input_type(),
            autocomplete="new-password",
            on_blur=on_blur,
            on_change=on_input,
            max_length=MAX_LENGTH,
        ),
        password_checklist(server_verdicts),
        rx.el.p(id="password-rules-status", class_name="sr-only", aria_live="polite"),
        rx.el.p(
            server_status if server_status is not None else "",
            id="password-verdict-status",
            class_name="sr-only",
            aria_live="polite",
        ),
        rx.el.div(*extra_actions, visibility_toggle(), class_name="inline-actions"),
        proposal if proposal is not None else rx.fragment(),
        text_field(
            "password_confirmation",
            confirmation_label,
            confirmation_error,
            hint=CONFIRMATION_HINT,
            input_type=password_input_type(),
            autocomplete="new-password",
            on_blur=on_confirmation_blur,
            on_change=on_input,
            max_length=MAX_LENGTH,
        ),
        rx.el.p(id="password-match", class_name="password-match", aria_live="polite"),
    )
