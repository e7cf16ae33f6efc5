"""The account page's edit sections: login e-mail, password, personal information.

Each handler reads its form, calls one core function, and maps the answer to a status message
(``role=status``) or to errors tied to the page's field ids. Passwords and codes pass through a
handler and are never kept in the state.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from monparis_app.core import account
from monparis_app.core.errors import FieldError, InvalidInput, RateLimited
from monparis_app.messages import message_for
from monparis_app.pages import routes
from monparis_app.pages.account_state import (
    PROFILE_FIELDS,
    AccountState,
    field_messages,
    focus,
    focus_first,
    form_text,
)
from monparis_app.pages.auth_state import client_ip, signed_in_session, user_agent

EMAIL_FIELDS = ("new_email", "email_code")
PASSWORD_FIELDS = ("current_password", "password", "password_confirmation")
CHANGE_EXPIRED = (
    "Cette demande ne peut plus recevoir de nouveau code. Annulez puis recommencez la demande."
)
PROFILE_SAVED = "Vos informations ont été enregistrées."
PASSWORD_CHANGED = (
    "Votre mot de passe a été modifié. Vos autres sessions ont été terminées et un courriel "
    "de confirmation vous a été envoyé."
)


def email_changed(new_email: str | None) -> str:
    """None: the request expired or was used elsewhere; the person starts again."""
    if new_email is None:
        return message_for("email_change.expired")
    return f"Votre courriel de connexion est maintenant {new_email}."


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
        session = await signed_in_session(self)
        if session is None:
            return rx.redirect(routes.SIGN_IN)
        address = form_text(form_data, "new_email")
        try:
            pending = await account.request_email_change(
                session.account_id, address, client_ip(self)
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
        session = await signed_in_session(self)
        if session is None:
            return rx.redirect(routes.SIGN_IN)
        try:
            new_email = await account.confirm_email_change(
                session.account_id, self.flow_id, form_text(form_data, "email_code"),
                client_ip=client_ip(self), user_agent=user_agent(self),
            )  # fmt: skip
        except InvalidInput as invalid:
            return self._show(invalid.errors)
        except RateLimited as limited:
            return self._show_limited("email_code", limited.retry_after)
        self._clear()
        self.status = email_changed(new_email)
        await self._refresh(session)
        return None

    @rx.event
    async def resend(self) -> Any:
        """ "renvoyez le message": a new code to the new address, throttled like sign-up."""
        session = await signed_in_session(self)
        if session is None:
            return rx.redirect(routes.SIGN_IN)
        try:
            sent = await account.resend_email_change_code(
                session.account_id, self.flow_id, client_ip(self)
            )
        except RateLimited as limited:
            return self._show_limited("email_code", limited.retry_after)
        self.errors = dict.fromkeys(EMAIL_FIELDS, "")
        self.status = (
            f"Un nouveau code a été envoyé à {self.pending_email}." if sent else CHANGE_EXPIRED
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


class PasswordSection(AccountState):
    errors: dict[str, str] = dict.fromkeys(PASSWORD_FIELDS, "")
    status: str = ""
    version: int = 0

    @rx.event
    def clear_section(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self.errors, self.status = dict.fromkeys(PASSWORD_FIELDS, ""), ""

    @rx.event
    async def change(self, form_data: dict[str, Any]) -> Any:
        """The session in use stays open; every other one ends (the core does it)."""
        session = await signed_in_session(self)
        if session is None:
            return rx.redirect(routes.SIGN_IN)
        try:
            await account.change_password(
                session.account_id, *(form_text(form_data, name) for name in PASSWORD_FIELDS),
                keep_session_id=session.id, client_ip=client_ip(self), user_agent=user_agent(self),
            )  # fmt: skip
        except InvalidInput as invalid:
            self.errors, self.status = field_messages(PASSWORD_FIELDS, invalid.errors), ""
            return focus_first(self.errors)
        self._clear()
        self.status, self.version = PASSWORD_CHANGED, self.version + 1
        await self._refresh(session)
        return None


class ProfileSection(AccountState):
    errors: dict[str, str] = dict.fromkeys(PROFILE_FIELDS, "")
    status: str = ""
    version: int = 0

    @rx.event
    def clear_section(self) -> None:
        """On page load, after ``load``: the form's inputs are uncontrolled, so a new key
        remounts them with the values just read (the tab's state may hold older ones, e.g.
        the certified identity a FranceConnect link has just brought)."""
        self._clear()
        self.version += 1

    def _clear(self) -> None:
        self.errors, self.status = dict.fromkeys(PROFILE_FIELDS, ""), ""

    @rx.event
    async def save(self, form_data: dict[str, Any]) -> Any:
        """Certified fields are shown read-only and not sent: the core would refuse them."""
        session = await signed_in_session(self)
        if session is None:
            return rx.redirect(routes.SIGN_IN)
        changes = {
            name: form_text(form_data, name) for name in PROFILE_FIELDS if not self.certified[name]
        }
        try:
            await account.update_profile(
                session.account_id, changes, client_ip=client_ip(self), user_agent=user_agent(self)
            )
        except InvalidInput as invalid:
            self.errors, self.status = field_messages(PROFILE_FIELDS, invalid.errors), ""
            return focus_first(self.errors, {"sex": "sex-female"})
        self._clear()
        self.status, self.version = PROFILE_SAVED, self.version + 1
        await self._refresh(session)
        return None
