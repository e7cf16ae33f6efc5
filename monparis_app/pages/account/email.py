"""The account page's "Connexion à votre compte" card: the login e-mail, changed by a code.

The card shows the address; "Modifier" opens the new address form (``step`` "edit"), then the
code sent to the new address (``step`` "code"), whose "renvoyez le message" counts down to the
moment the core accepts a resend, as on the sign-up and forgotten-password pages. The code
passes through a handler and is never kept in the state.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import reflex as rx

from monparis_app.components.code_step import code_form, code_lifetime, code_sent_to, resend_hint
from monparis_app.components.fields import text_field
from monparis_app.components.forms import (
    form_actions,
    journey_form,
    secondary_button,
    submit_button,
)
from monparis_app.components.resend import ResendCountdown
from monparis_app.core import email_change
from monparis_app.core.code_checks import CodeRefused
from monparis_app.core.errors import FieldError, InvalidInput, RateLimited
from monparis_app.core.identity_fields import EMAIL_MAX_LENGTH
from monparis_app.messages import message_for
from monparis_app.pages import session as web_session
from monparis_app.pages.account.cards import card, is_open, toggle_button
from monparis_app.pages.account.state import AccountState, to_sign_in
from monparis_app.pages.form_events import field_messages, focus, focus_first, form_text

CARD = "connexion"
EMAIL_FIELDS = ("new_email", "email_code")
CHANGE_EXPIRED = message_for("email_change.sends_exhausted")


def email_changed(new_email: str | None) -> str:
    """None: the request expired or was used elsewhere; the person starts again."""
    if new_email is None:
        return message_for("email_change.expired")
    return message_for("email_change.done", email=new_email)


class EmailSection(ResendCountdown, AccountState):
    """``step``: "edit" (new address form) or "code" (the code sent to it)."""

    step: str = "edit"
    errors: dict[str, str] = dict.fromkeys(EMAIL_FIELDS, "")
    status: str = ""
    flow_id: str = ""
    pending_email: str = ""

    @rx.event
    def clear_section(self) -> None:
        self._reset_section()

    def _reset_section(self) -> None:
        """Opening the card starts a new change; a code step left open is abandoned (its flow
        expires on its own)."""
        self.step, self.flow_id, self.pending_email, self.status = "edit", "", "", ""
        self.errors = dict.fromkeys(EMAIL_FIELDS, "")
        self._reset_countdown()

    @rx.event
    async def request_change(self, form_data: dict[str, Any]) -> Any:
        session = await web_session.signed_in_session(self)
        if session is None:
            return to_sign_in()
        address = form_text(form_data, "new_email")
        try:
            pending = await email_change.request_email_change(
                session.account_id, address, web_session.client_ip(self)
            )
        except InvalidInput as invalid:
            return self._show(invalid.errors)
        except RateLimited as limited:
            return self._show_limited("new_email", limited.retry_after)
        self.flow_id, self.pending_email, self.step = (
            str(pending.flow_id),
            pending.new_email,
            "code",
        )
        self.errors = dict.fromkeys(EMAIL_FIELDS, "")
        return self._focus_code_and_count_down(pending.next_resend_at)

    @rx.event
    async def confirm(self, form_data: dict[str, Any]) -> Any:
        session = await web_session.signed_in_session(self)
        if session is None:
            return to_sign_in()
        try:
            new_email = await email_change.confirm_email_change(
                session.account_id, self.flow_id, form_text(form_data, "email_code"),
                client_ip=web_session.client_ip(self), user_agent=web_session.user_agent(self),
            )  # fmt: skip
        except InvalidInput as invalid:
            return self._show(invalid.errors)
        except RateLimited as limited:
            return self._show_limited("email_code", limited.retry_after)
        if isinstance(new_email, CodeRefused):
            return self._show(new_email.field_errors())
        self._reset_section()
        self.status = email_changed(new_email)
        await self._refresh(session)
        return self._close_after_success(CARD)

    @rx.event
    async def resend(self) -> Any:
        """ "renvoyez le message": a new code to the new address, throttled like sign-up; the
        link counts down to the next moment the core accepts one."""
        if self._resend_throttled():
            return None
        session = await web_session.signed_in_session(self)
        if session is None:
            return to_sign_in()
        try:
            next_resend_at = await email_change.resend_email_change_code(
                session.account_id, self.flow_id, web_session.client_ip(self)
            )
        except RateLimited as limited:
            return self._start_countdown(limited.retry_after)
        self.errors = dict.fromkeys(EMAIL_FIELDS, "")
        if next_resend_at is None:
            self.status = CHANGE_EXPIRED
            return focus("email_code")
        self.status = message_for("code.sent_again", email=self.pending_email)
        return self._focus_code_and_count_down(next_resend_at)

    @rx.event
    def cancel(self) -> Any:
        """ "Annuler": the card closes, focus back to its button."""
        self._reset_section()
        self.open_section = ""
        return focus(f"{CARD}-toggle")

    def _focus_code_and_count_down(self, next_resend_at: datetime) -> list[Any]:
        self._countdown_until(next_resend_at)
        return [focus("email_code")]

    def _show(self, errors: list[FieldError]) -> Any:
        shown = field_messages(EMAIL_FIELDS, errors, rename={"code": "email_code"})
        self.errors, self.status = shown, ""
        return focus_first(shown)

    def _show_limited(self, field_id: str, retry_after: int) -> Any:
        text = message_for("rate_limited", retry_after=retry_after)
        self.errors, self.status = dict.fromkeys(EMAIL_FIELDS, "") | {field_id: text}, ""
        return focus(field_id)


M = EmailSection


def email_change_form() -> rx.Component:
    return journey_form(
        text_field(
            "new_email",
            "Nouveau courriel",
            M.errors["new_email"],
            hint="Il deviendra votre identifiant de connexion. Par exemple : nom@exemple.fr",
            input_type="email",
            autocomplete="email",
            max_length=EMAIL_MAX_LENGTH,
        ),
        form_actions(
            submit_button("Recevoir un code de validation"),
            secondary_button("Annuler", M.cancel),
        ),
        on_submit=M.request_change,
        label="Modifier votre adresse de courriel",
    )


def email_code_step() -> rx.Component:
    return rx.el.div(
        rx.el.h3("Valider votre courriel de connexion Mon Paris", id="email-code-title"),
        code_sent_to(
            M.pending_email, "Après validation, votre courriel de connexion sera modifié."
        ),
        code_lifetime(),
        resend_hint(M.resend_wait, M.resend_round, M.resend),
        code_form(
            "email_code",
            M.errors["email_code"],
            submit_label="Valider",
            on_submit=M.confirm,
            cancel=("Annuler", M.cancel),
            labelled_by="email-code-title",
        ),
    )


def login_section() -> rx.Component:
    return card(
        CARD,
        "Connexion à votre compte",
        rx.el.p("Courriel de connexion : ", rx.el.strong(AccountState.email, id="login-email")),
        toggle_button(CARD, "Modifier", "Connexion à votre compte", "new_email"),
        status=M.status,
        details=rx.cond(is_open(CARD) & (M.step == "code"), email_code_step(), email_change_form()),
    )
