"""Forgotten password in the browser: e-mail, then code and new password, then done.

Step 1 always leads to the same step 2, whether or not the address has an account: the core
creates a flow either way and only a real account gets a code. Only the flow id and the address
typed are kept here; the code and passwords pass through a handler and are gone.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from monparis_app.components.resend import ResendCountdown
from monparis_app.core import password_reset
from monparis_app.core.errors import FieldError, InvalidInput, RateLimited
from monparis_app.messages import message_for
from monparis_app.pages.auth_state import client_ip, user_agent
from monparis_app.settings import get_settings

FIELDS = ("email", "code", "password", "password_confirmation")
FLOW_EXPIRED = "Votre demande a expiré. Saisissez de nouveau votre courriel pour recevoir un code."
SENDS_EXHAUSTED = (
    "Vous avez demandé trop de codes pour cette demande. Saisissez de nouveau votre courriel."
)
NEW_CODE_SENT = "Si un compte existe pour cette adresse, un nouveau code vous a été envoyé."


def _no_errors() -> dict[str, str]:
    return dict.fromkeys(FIELDS, "")


def _focus(field_id: str) -> Any:
    return rx.call_script(f"window.monparis.focusField({json.dumps(field_id)})")


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name, "")
    return value if isinstance(value, str) else ""


class ForgotPasswordState(ResendCountdown, rx.State):
    """``step``: "email", "code" or "done"."""

    step: str = "email"
    flow_id: str = ""
    email: str = ""
    errors: dict[str, str] = _no_errors()
    notice: str = ""

    @rx.event
    def load(self) -> None:
        """A reload keeps a code step in progress; a finished reset starts over."""
        if self.step == "done":
            self.step, self.flow_id = "email", ""
        self.errors = _no_errors()

    @rx.event
    async def request_code(self, form_data: dict[str, Any]) -> Any:
        email = _text(form_data, "email")
        try:
            flow = await password_reset.request_password_reset(email, client_ip(self))
        except InvalidInput as invalid:
            return self._show_errors(invalid.errors, rename={"new_email": "email"})
        except RateLimited as limited:
            return self._show_errors([FieldError("email", "rate_limited")], limited.retry_after)
        self.flow_id, self.email, self.step = str(flow.flow_id), flow.email, "code"
        self.errors, self.notice = _no_errors(), ""
        return self._start_countdown(get_settings().code_resend_interval_seconds)

    @rx.event
    async def reset_password(self, form_data: dict[str, Any]) -> Any:
        try:
            outcome = await password_reset.reset_password(
                self.flow_id, _text(form_data, "code"), _text(form_data, "password"),
                _text(form_data, "password_confirmation"),
                client_ip=client_ip(self), user_agent=user_agent(self),
            )  # fmt: skip
        except InvalidInput as invalid:
            return self._show_errors(invalid.errors)
        except RateLimited as limited:
            return self._show_errors([FieldError("code", "rate_limited")], limited.retry_after)
        if isinstance(outcome, password_reset.PasswordResetDone):
            self.step, self.flow_id, self.notice = "done", "", ""
            return None
        return self._refused(outcome)

    def _refused(self, refused: password_reset.CodeRefused) -> Any:
        if refused.code == "flow.expired":
            return self._start_over(FLOW_EXPIRED)
        text = message_for(refused.code)
        if refused.code == "code.invalid" and refused.attempts_left:
            left = refused.attempts_left
            text += f" Il vous reste {left} essai{'s' if left > 1 else ''}."
        self.errors = _no_errors() | {"code": text}
        return _focus("code")

    def _start_over(self, notice: str = "") -> Any:
        self.step, self.flow_id, self.notice, self.errors = "email", "", notice, _no_errors()
        return _focus("email")

    @rx.event
    def restart(self) -> Any:
        """The "change the address" link: back to step 1, the flow left to expire."""
        return self._start_over()

    @rx.event
    async def resend(self) -> Any:
        if self.resend_wait > 0:
            return None
        try:
            sent = await password_reset.resend_reset_code(self.flow_id, client_ip(self))
        except RateLimited as limited:
            return self._start_countdown(limited.retry_after)
        if not sent:
            return self._start_over(SENDS_EXHAUSTED)
        self.notice, self.errors = NEW_CODE_SENT, _no_errors()
        return self._start_countdown(get_settings().code_resend_interval_seconds)

    def _show_errors(
        self, errors: list[FieldError], retry_after: int = 0, rename: dict[str, str] | None = None
    ) -> Any:
        shown = _no_errors()
        for error in reversed(errors):
            field = (rename or {}).get(error.field, error.field)
            shown[field if field in shown else "code"] = message_for(
                error.code, retry_after=retry_after
            )
        self.errors = shown
        return _focus(next(name for name in FIELDS if shown[name]))
