"""Steps 2-3 in the browser: the code form, resend with its countdown, cancel."""

from __future__ import annotations

from typing import Any

import reflex as rx

from monparis_app.components.resend import ResendCountdown
from monparis_app.core import registration
from monparis_app.core.errors import InvalidInput, RateLimited
from monparis_app.messages import message_for
from monparis_app.pages import session as web_session
from monparis_app.pages.form_events import focus
from monparis_app.pages.signup.form_state import FlowMemory, SignupCompletion
from monparis_app.web import routes


class VerifyCodeState(ResendCountdown, rx.State):
    """``status``: loading, pending, expired (start again) or completed (sign in)."""

    status: str = "loading"
    email: str = ""
    code_error: str = ""
    notice: str = ""
    sends_left: int = 0
    submitting: bool = False

    @rx.event
    async def load(self) -> Any:
        flow = await self._flow()
        if flow is None or flow.status in (
            registration.FlowStatus.EXPIRED,
            registration.FlowStatus.CANCELLED,
        ):
            self.status = "expired"
            return
        if flow.status == registration.FlowStatus.COMPLETED:
            self.status = "completed"
            return
        self.status = "pending"
        self.email = flow.email
        self.sends_left = flow.sends_left
        self.code_error = ""
        self.notice = ""
        return self._countdown_until(flow.next_resend_at)

    async def _flow(self) -> registration.FlowView | None:
        memory = await self.get_state(FlowMemory)
        return await registration.get_flow(memory.flow_id) if memory.flow_id else None

    @rx.event
    async def submit(self, form_data: dict[str, Any]) -> Any:
        memory = await self.get_state(FlowMemory)
        code = str(form_data.get("code", ""))
        self.notice = ""
        try:
            outcome = await registration.verify_code(
                memory.flow_id, code, web_session.client_ip(self)
            )
        except InvalidInput as invalid:
            self.code_error = message_for(invalid.errors[0].code)
            return focus("code")
        except RateLimited as limited:
            self.code_error = message_for("rate_limited", retry_after=limited.retry_after)
            return focus("code")
        return await self._after_verify(outcome)

    async def _after_verify(self, outcome: registration.VerifyOutcome) -> Any:
        match outcome:
            case registration.AccountCreated():
                # The flow id stays: another tab of the same flow then says "déjà créé".
                # Step 4 signs the person in: the cookie is set by an HTTP route, and this
                # tab (only) may then show the congratulation.
                (await self.get_state(SignupCompletion)).account_created = True
                return await web_session.finish_sign_in(
                    self, outcome.account_id, routes.SIGNUP_DONE
                )
            case registration.InvalidCode(attempts_left=left):
                self.code_error = message_for("code.invalid_attempts_left", attempts_left=left)
            case registration.CodeReplaced():
                self.code_error = message_for("code.replaced")
            case registration.CodeExpired():
                self.code_error = message_for("code.expired")
            case registration.TooManyAttempts():
                self.code_error = message_for("code.too_many_attempts")
            case registration.FlowCompleted():
                self.status = "completed"
                return None
            case _:
                self.status = "expired"
                return None
        return focus("code")

    @rx.event
    async def resend(self) -> Any:
        if self._resend_throttled():
            return None
        memory = await self.get_state(FlowMemory)
        try:
            outcome = await registration.resend_code(memory.flow_id, web_session.client_ip(self))
        except RateLimited as limited:
            return self._start_countdown(limited.retry_after)
        match outcome:
            case registration.FlowView():
                self.code_error = ""
                self.sends_left = outcome.sends_left
                self.notice = message_for("code.sent_again", email=outcome.email)
                return self._countdown_until(outcome.next_resend_at)
            case registration.ResendLimitReached():
                self.notice = message_for("code.resend_limit")
            case registration.FlowCompleted():
                self.status = "completed"
            case _:
                self.status = "expired"
        return None

    @rx.event
    async def cancel(self) -> Any:
        memory = await self.get_state(FlowMemory)
        await registration.cancel_registration(memory.flow_id)
        memory.flow_id = ""
        return rx.redirect(routes.SIGNUP)
