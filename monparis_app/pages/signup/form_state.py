"""The sign-up door for the browser: each handler reads input, calls the core, maps the result.

No rule lives here. The password and confirmation are never stored in the state (it may be
pickled to disk or Redis); they pass through a handler and are gone: only the core's verdicts
on them are kept.

A field's error is judged again each time the person changes or leaves that field (the core's
``registration.check_field``, the very rules of the submit), so an error never outlives its
cause, and the summary above the form counts the errors shown now, not those of the last
submit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import reflex as rx

from monparis_app.adapters.captcha_renderer import LIBRARY_RENDERER
from monparis_app.components.password_fields import PasswordVisibility
from monparis_app.core import captcha, registration
from monparis_app.core.errors import FieldError, InvalidInput, RateLimited
from monparis_app.core.password_policy import PASSWORD_RULES, generate_password, rule_verdicts
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
CAPTCHA_INPUT = "captcha_answer"
PERSONAL_FIELDS = ("first_name", "last_name", "email")
SERVER_RULES = tuple(rule.id for rule in PASSWORD_RULES if not rule.client_side)


class FlowMemory(rx.State):
    """The id of the sign-up in progress, kept by the browser so a reload or a new tab finds it."""

    flow_id: str = rx.LocalStorage("", name="monparis_signup_flow", sync=True)


class SignupCompletion(rx.State):
    """Set in this tab at the moment its code created the account: only then does
    ``/inscription/compte-cree`` congratulate (anyone else is sent to the form)."""

    account_created: bool = False

    @rx.event
    def open_done_page(self) -> Any:
        return None if self.account_created else rx.redirect(routes.SIGNUP)


class SignupState(rx.State):
    errors: dict[str, str] = {}
    form_message: str = ""  # about the whole form, not a field (a rate limit)
    # A submit was refused: the summary counts the errors still shown, until none is left.
    summary_shown: bool = False
    captcha_id: str = ""
    captcha_image: str = ""
    captcha_audio: str = ""
    proposed_password: str = ""
    submitting: bool = False
    # Known names and e-mail, so the password check can refuse them too.
    personal_info: dict[str, str] = {}
    # The core's verdict on the typed password, rule by rule (never the password itself).
    password_verdicts: dict[str, bool] = {}

    @rx.var
    def error_for(self) -> dict[str, str]:
        return {name: self.errors.get(name, "") for name in FORM_FIELDS}

    @rx.var
    def summary(self) -> str:
        """The form alert: the form's own message, else how many errors are left to fix."""
        if self.form_message:
            return self.form_message
        if self.summary_shown and self.errors:
            return message_for("signup.form_errors", count=len(self.errors))
        return ""

    @rx.var
    def server_verdicts(self) -> dict[str, bool]:
        return {rule: self.password_verdicts.get(rule, False) for rule in SERVER_RULES}

    @rx.var
    def password_verdict_status(self) -> str:
        """Read out once the browser's rules are met: what the core says of the rest."""
        verdicts = self.password_verdicts
        if not verdicts or not all(
            met for rule, met in verdicts.items() if rule not in SERVER_RULES
        ):
            return ""
        unmet = [rule for rule in SERVER_RULES if not verdicts.get(rule, False)]
        return (
            message_for(f"password.{unmet[0]}") if unmet else message_for("password.all_rules_met")
        )

    @rx.event
    async def load(self) -> Any:
        self.errors = {}
        self.form_message = ""
        self.summary_shown = False
        self.proposed_password = ""
        self.password_verdicts = {}
        (await self.get_state(SignupCompletion)).account_created = False
        return await self._renew_captcha()

    @rx.event
    async def new_captcha(self) -> Any:
        """ "Afficher un autre code": a new image, and the answer to the old one is cleared."""
        return await self._renew_captcha()

    async def _renew_captcha(self) -> Any:
        """A new challenge; the answer field is emptied with it (an answer typed for the old
        image can only be wrong for the new one)."""
        try:
            challenge = await captcha.new_challenge(LIBRARY_RENDERER, web_session.client_ip(self))
        except RateLimited as limited:
            # Shown under the captcha field, where the person is looking for a new code.
            self.errors = {
                **self.errors,
                "captcha": message_for("rate_limited", retry_after=limited.retry_after),
            }
            return None
        self.captcha_id = str(challenge.id)
        self.captcha_image = challenge.image_url
        self.captcha_audio = challenge.audio_url
        return rx.set_value(CAPTCHA_INPUT, "")

    def _personal(self) -> list[str]:
        return list(self.personal_info.values())

    @rx.event
    def check_field(self, field: str, value: str, password: str = "") -> None:
        """Leaving (or changing) a field: show its error now rather than after submit.

        ``password`` is the password field's value when a name or the e-mail is left, so the
        password's "not personal" verdict follows the names it must not contain.
        """
        if field in PERSONAL_FIELDS:
            self.personal_info[field] = value
            if password:
                self._judge_password(password, errors_shown_only=True)
        self._set_field_error(field, registration.check_field(field, value, self._personal()))

    @rx.event
    def check_terms(self, accepted: bool) -> None:
        self._set_field_error(
            "accept_terms", registration.check_field("accept_terms", "true" if accepted else "")
        )

    @rx.event
    def recheck_captcha(self, answer: str) -> None:
        """Leaving the captcha block: an error shown there is judged again (only whether an
        answer is typed: the answer itself is judged once, at submit)."""
        if "captcha" in self.errors:
            self._set_field_error("captcha", registration.check_field("captcha", answer))

    @rx.event
    def leave_password(self, password: str, confirmation: str) -> None:
        """Leaving the password: its error now; the confirmation's if it was typed."""
        self._judge_password(password, errors_shown_only=False)
        if confirmation or "password_confirmation" in self.errors:
            self._judge_confirmation(password, confirmation)

    @rx.event
    def leave_confirmation(self, confirmation: str, password: str) -> None:
        self._judge_confirmation(password, confirmation)

    @rx.event
    def password_typed(self, password: str, confirmation: str) -> None:
        """Typing in either field (debounced): the checklist's verdict lines follow the core,
        and an error already shown under either field is judged again (none is added while
        the person is still typing)."""
        self._judge_password(password, errors_shown_only=True)
        if "password_confirmation" in self.errors:
            self._judge_confirmation(password, confirmation)

    def _judge_password(self, password: str, *, errors_shown_only: bool) -> None:
        personal = self._personal()
        self.password_verdicts = rule_verdicts(password, personal)
        if not errors_shown_only or "password" in self.errors:
            self._set_field_error(
                "password", registration.check_field("password", password, personal)
            )

    def _judge_confirmation(self, password: str, confirmation: str) -> None:
        self._set_field_error(
            "password_confirmation",
            registration.check_field("password_confirmation", confirmation, password=password),
        )

    def _set_field_error(self, field: str, errors: list[FieldError]) -> None:
        updated = {k: v for k, v in self.errors.items() if k != field}
        if errors:
            updated[field] = message_for(errors[0].code)
        self.errors = updated

    @rx.event
    async def propose_password(self) -> Any:
        """Fill both password fields with a random proposal and show it so it can be copied."""
        self.proposed_password = generate_password()
        self.password_verdicts = rule_verdicts(self.proposed_password, self._personal())
        (await self.get_state(PasswordVisibility)).shown = True
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
            # The captcha was used by this attempt (or is to be typed): a new one, emptied.
            focus_first = self._show_errors(invalid.errors)
            yield [event for event in (focus_first, await self._renew_captcha()) if event]
            return
        except RateLimited as limited:
            self.form_message = message_for("rate_limited", retry_after=limited.retry_after)
            yield await self._renew_captcha()
            return
        finally:
            self.submitting = False
        memory = await self.get_state(FlowMemory)
        memory.flow_id = str(flow.id)
        self.proposed_password = ""
        self.errors, self.summary_shown = {}, False
        yield rx.redirect(routes.SIGNUP_CODE)

    def _show_errors(self, errors: Iterable[FieldError]) -> Any:
        shown: dict[str, str] = {}
        for error in errors:
            shown.setdefault(error.field, message_for(error.code))
        self.errors = shown
        self.form_message = ""
        self.summary_shown = True
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
        captcha_answer=text(CAPTCHA_INPUT),
    )
