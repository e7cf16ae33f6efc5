"""The account page's "Connexion à votre compte" section: the login e-mail, changed by a code.

``step`` is "view" (the address and a button), "edit" (the new address form) or "code" (the
code sent to the new address). The code passes through a handler and is never kept in the state.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from monparis_app.components.code_step import code_form, code_lifetime, code_sent_to
from monparis_app.components.fields import text_field
from monparis_app.components.forms import (
    form_actions,
    journey_form,
    secondary_button,
    submit_button,
)
from monparis_app.components.sections import section, status_message
from monparis_app.core import email_change
from monparis_app.core.code_checks import CodeRefused
from monparis_app.core.errors import FieldError, InvalidInput, RateLimited
from monparis_app.core.identity_fields import EMAIL_MAX_LENGTH
from monparis_app.messages import message_for
from monparis_app.pages import session as web_session
from monparis_app.pages.account.state import AccountState
from monparis_app.pages.form_events import field_messages, focus, focus_first, form_text
from monparis_app.web import routes

EMAIL_FIELDS = ("new_email", "email_code")
CHANGE_EXPIRED = message_for("email_change.sends_exhausted")


def email_changed(new_email: str | None) -> str:
    """None: the request expired or was used elsewhere; the person starts again."""
    if new_email is None:
        return message_for("email_change.expired")
    return message_for("email_change.done", email=new_email)


class EmailSection(AccountState):
    """``step``: "view", "edit" (new address form) or "code" (the code sent to it)."""

    step: str = "view"
    errors: dict[str, str] = dict.fromkeys(EMAIL_FIELDS, "")
    status: str = ""
    flow_id: str = ""
    pending_email: str = ""

    @rx.event
    def clear_section(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self.step, self.flow_id, self.pending_email, self.status = "view", "", "", ""
        self.errors = dict.fromkeys(EMAIL_FIELDS, "")

    @rx.event
    def edit(self) -> Any:
        self._clear()
        self.step = "edit"
        return focus("new_email")

    @rx.event
    async def request_change(self, form_data: dict[str, Any]) -> Any:
        session = await web_session.signed_in_session(self)
        if session is None:
            return rx.redirect(routes.SIGN_IN)
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
        return focus("email_code")

    @rx.event
    async def confirm(self, form_data: dict[str, Any]) -> Any:
        session = await web_session.signed_in_session(self)
        if session is None:
            return rx.redirect(routes.SIGN_IN)
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
        self._clear()
        self.status = email_changed(new_email)
        await self._refresh(session)
        return None

    @rx.event
    async def resend(self) -> Any:
        """ "renvoyez le message": a new code to the new address, throttled like sign-up."""
        session = await web_session.signed_in_session(self)
        if session is None:
            return rx.redirect(routes.SIGN_IN)
        try:
            sent = await email_change.resend_email_change_code(
                session.account_id, self.flow_id, web_session.client_ip(self)
            )
        except RateLimited as limited:
            return self._show_limited("email_code", limited.retry_after)
        self.errors = dict.fromkeys(EMAIL_FIELDS, "")
        self.status = (
            message_for("code.sent_again", email=self.pending_email) if sent else CHANGE_EXPIRED
        )
        return focus("email_code")

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
            secondary_button("Annuler", M.clear_section),
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
        rx.el.p(
            "Si vous ne le trouvez pas, pensez à vérifier dans vos courriels indésirables "
            "(spam), ou ",
            rx.el.button(
                "renvoyez le message", type="button", on_click=M.resend, class_name="button-link"
            ),
            ".",
        ),
        code_form(
            "email_code",
            M.errors["email_code"],
            submit_label="Valider",
            on_submit=M.confirm,
            cancel=("Annuler", M.clear_section),
            labelled_by="email-code-title",
        ),
    )


def login_section() -> rx.Component:
    return section(
        "connexion-title",
        "Connexion à votre compte",
        rx.el.p("Courriel de connexion : ", rx.el.strong(AccountState.email, id="login-email")),
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
