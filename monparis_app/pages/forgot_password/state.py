"""Forgotten password in the browser: e-mail, then code and new password, then done.

Step 1 always leads to the same step 2, whether or not the address has an account: the core
creates a flow either way and only a real account gets a code. Only the flow id and the address
typed are kept here; the code and passwords pass through a handler and are gone.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from monparis_app.components.resend import ResendCountdown
from monparis_app.core import password_reset
from monparis_app.core.errors import FieldError, InvalidInput, RateLimited
from monparis_app.messages import message_for
from monparis_app.pages import session as web_session
from monparis_app.pages.form_events import focus, form_text

FIELDS = ("email", "code", "password", "password_confirmation")
FLOW_EXPIRED = message_for("password_reset.flow_expired")
SENDS_EXHAUSTED = message_for("password_reset.sends_exhausted")
NEW_CODE_SENT = message_for("password_reset.code_sent_again")


def _no_errors() -> dict[str, str]:
    return dict.fromkeys(FIELDS, "")


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
        email = form_text(form_data, "email")
        try:
            flow = await password_reset.request_password_reset(email, web_session.client_ip(self))
        except InvalidInput as invalid:
            return self._show_errors(invalid.errors, rename={"new_email": "email"})
        except RateLimited as limited:
            return self._show_errors([FieldError("email", "rate_limited")], limited.retry_after)
        self.flow_id, self.email, self.step = str(flow.flow_id), flow.email, "code"
        self.errors, self.notice = _no_errors(), ""
        return self._countdown_until(flow.next_resend_at)

    @rx.event
    async def reset_password(self, form_data: dict[str, Any]) -> Any:
        try:
            outcome = await password_reset.reset_password(
                self.flow_id, form_text(form_data, "code"), form_text(form_data, "password"),
                form_text(form_data, "password_confirmation"),
                client_ip=web_session.client_ip(self), user_agent=web_session.user_agent(self),
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
            text = message_for("code.invalid_attempts_left", attempts_left=refused.attempts_left)
        self.errors = _no_errors() | {"code": text}
        return focus("code")

    def _start_over(self, notice: str = "") -> Any:
        self.step, self.flow_id, self.notice, self.errors = "email", "", notice, _no_errors()
        return focus("email")

    @rx.event
    def restart(self) -> Any:
        """The "change the address" link: back to step 1, the flow left to expire."""
        return self._start_over()

    @rx.event
    async def resend(self) -> Any:
        if self._resend_throttled():
            return None
        try:
            next_resend_at = await password_reset.resend_reset_code(
                self.flow_id, web_session.client_ip(self)
            )
        except RateLimited as limited:
            return self._start_countdown(limited.retry_after)
        if next_resend_at is None:
            return self._start_over(SENDS_EXHAUSTED)
        self.notice, self.errors = NEW_CODE_SENT, _no_errors()
        return self._countdown_until(next_resend_at)

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
        return focus(next(name for name in FIELDS if shown[name]))
