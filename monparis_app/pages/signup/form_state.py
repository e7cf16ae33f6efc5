"""The sign-up door for the browser: each handler reads input, calls the core, maps the result.

No rule lives here. The password and confirmation are never stored in the state (it may be
pickled to disk or Redis); they pass through a handler and are gone.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from monparis_app.adapters.captcha_renderer import LIBRARY_RENDERER
from monparis_app.core import captcha, registration
from monparis_app.core.errors import FieldError, InvalidInput, RateLimited
from monparis_app.core.password_policy import generate_password
from monparis_app.messages import message_for
from monparis_app.pages import session as web_session
from monparis_app.pages.form_events import focus, form_text
from monparis_app.web import routes

FORM_FIELDS = (
    "sex",
    "first_name",
    "last_name",
    "email",
    "phone",
    "password",
    "password_confirmation",
    "accept_terms",
    "captcha",
)
# Where focus goes for each field's error (a radio group is focused through its fieldset).
FOCUS_TARGET = {"captcha": "captcha_answer", "sex": "sex-female"}


class FlowMemory(rx.State):
    """The id of the sign-up in progress, kept by the browser so a reload or a new tab finds it."""

    flow_id: str = rx.LocalStorage("", name="monparis_signup_flow", sync=True)


class SignupState(rx.State):
    errors: dict[str, str] = {}
    form_message: str = ""
    captcha_id: str = ""
    captcha_image: str = ""
    captcha_audio: str = ""
    proposed_password: str = ""
    submitting: bool = False
    # Known names and e-mail, so the password check on blur can refuse them too.
    personal_info: dict[str, str] = {}

    @rx.var
    def error_for(self) -> dict[str, str]:
        return {name: self.errors.get(name, "") for name in FORM_FIELDS}

    @rx.event
    async def load(self) -> None:
        self.errors = {}
        self.form_message = ""
        self.proposed_password = ""
        await self.new_captcha()

    @rx.event
    async def new_captcha(self) -> None:
        try:
            challenge = await captcha.new_challenge(LIBRARY_RENDERER, web_session.client_ip(self))
        except RateLimited as limited:
            # Shown under the captcha field, where the person is looking for a new code.
            self._set_captcha_error(message_for("rate_limited", retry_after=limited.retry_after))
            return
        self.captcha_id = str(challenge.id)
        self.captcha_image = challenge.image_data_url
        self.captcha_audio = challenge.audio_data_url

    def _set_captcha_error(self, text: str) -> None:
        self.errors = {**self.errors, "captcha": text}

    @rx.event
    def check_field(self, field: str, value: str) -> None:
        """Leaving a field: show its error now rather than after submit."""
        if field in ("first_name", "last_name", "email"):
            self.personal_info[field] = value
        errors = registration.check_field(field, value, list(self.personal_info.values()))
        self._set_field_error(field, errors)

    def _set_field_error(self, field: str, errors: list[FieldError]) -> None:
        updated = {k: v for k, v in self.errors.items() if k != field}
        if errors:
            updated[field] = message_for(errors[0].code)
        self.errors = updated

    @rx.event
    def propose_password(self) -> Any:
        """Fill both password fields with a random proposal and show it so it can be copied."""
        self.proposed_password = generate_password()
        return rx.call_script(f"window.monparis.fillPassword({json.dumps(self.proposed_password)})")

    @rx.event
    def copy_proposal(self) -> Any:
        return rx.set_clipboard(self.proposed_password)

    @rx.event
    async def submit(self, form_data: dict[str, Any]) -> Any:
        if self.submitting:
            return
        self.submitting = True
        yield
        try:
            flow = await registration.start_registration(
                _form(form_data, self.captcha_id), web_session.client_ip(self)
            )
        except InvalidInput as invalid:
            yield self._show_errors(invalid.errors)
            await self.new_captcha()
            return
        except RateLimited as limited:
            self.form_message = message_for("rate_limited", retry_after=limited.retry_after)
            await self.new_captcha()
            return
        finally:
            self.submitting = False
        memory = await self.get_state(FlowMemory)
        memory.flow_id = str(flow.id)
        self.proposed_password = ""
        yield rx.redirect(routes.SIGNUP_CODE)

    def _show_errors(self, errors: list[FieldError]) -> Any:
        shown: dict[str, str] = {}
        for error in errors:
            shown.setdefault(error.field, message_for(error.code))
        self.errors = shown
        self.form_message = message_for("signup.form_errors", count=len(shown))
        first = next(name for name in FORM_FIELDS if name in shown)
        return focus(FOCUS_TARGET.get(first, first))


def _form(data: dict[str, Any], captcha_id: str) -> registration.RegistrationForm:
    """The submitted form as the core reads it; a missing or odd value reads as empty."""

    def text(name: str) -> str:
        return form_text(data, name)

    return registration.RegistrationForm(
        sex=text("sex"),
        first_name=text("first_name"),
        last_name=text("last_name"),
        email=text("email"),
        phone=text("phone") or None,
        password=text("password"),
        password_confirmation=text("password_confirmation"),
        accept_terms=data.get("accept_terms") in (True, "on", "true"),
        captcha_id=captcha_id,
        captcha_answer=text("captcha_answer"),
    )
