"""The sign-in door for the browser: read the form, ask the core, map its answer.

The brute-force rules (captcha after a few failures, delays after more, one answer for an
unknown address and a wrong password) are the core's; this state only shows what the core
decides. The password passes through ``submit`` and is never kept in the state.
"""

from __future__ import annotations

import contextlib
from typing import Any

import reflex as rx

from monparis_app.adapters.captcha_renderer import LIBRARY_RENDERER
from monparis_app.components.passkeys import ask_to_get, browser_refusal
from monparis_app.core import captcha, passkeys, sign_in
from monparis_app.core import oidc_provider as oidc
from monparis_app.core.errors import RateLimited
from monparis_app.messages import message_for
from monparis_app.pages import session as web_session
from monparis_app.pages.form_events import focus, form_text
from monparis_app.web import routes
from monparis_app.web.cookies import OIDC_REQUEST_COOKIE

FIELDS = ("email", "password", "captcha")
PASSKEY_FORM = "passkey-sign-in-answer"
# Presence is checked here so an empty submit is not counted as a failed sign-in.
TICKET_EXPIRED = message_for("sign_in.ticket_expired")
# ``?raison=<word>``: the notice said on arrival (known words only, nothing echoed from the URL).
REASONS = {
    routes.SIGN_IN_REASON_REQUIRED: message_for("session.required"),
    routes.SIGN_IN_REASON_SERVICE: "",  # the waiting service is named by ``sign_in_for_service``
}
# Once read, the reason leaves the address bar: a reload or a copied link does not repeat it.
FORGET_REASON = "window.history.replaceState(window.history.state, '', window.location.pathname)"
# Where each refusal is shown: the field it is tied to ("" = the whole form).
REFUSAL_FIELD = {
    "sign_in.invalid": "password",
    "sign_in.email_required": "email",
    "email.invalid": "email",
    "sign_in.password_required": "password",
    "sign_in.captcha_required": "captcha",
    "captcha.invalid": "captcha",
    "sign_in.blocked": "",
    # A secured account ("Ce n'était pas moi"): the way out is a new password, not a retry.
    "sign_in.must_reset_password": "",
}


def _no_errors() -> dict[str, str]:
    return dict.fromkeys(FIELDS, "")


class SignInState(rx.State):
    errors: dict[str, str] = _no_errors()
    form_message: str = ""
    captcha_required: bool = False
    captcha_id: str = ""
    captcha_image: str = ""
    captcha_audio: str = ""
    submitting: bool = False
    notice: str = ""
    passkey_error: str = ""

    @rx.event
    async def load(self) -> Any:
        """A signed-in person has nothing to do here, unless a City service waits for a new
        sign-in (``prompt=login``, ``max_age``); a stale ticket says so."""
        if await web_session.signed_in_session(self) is not None and not (
            await oidc.asks_fresh_sign_in(web_session.cookie(self, OIDC_REQUEST_COOKIE))
        ):
            return rx.redirect(routes.ACCOUNT)
        self.errors = _no_errors()
        query = self.router.url.query_parameters
        expired = query.get("expire") == "1"
        self.form_message = TICKET_EXPIRED if expired else ""
        self.notice = REASONS.get(query.get(routes.SIGN_IN_REASON, ""), "")
        self.captcha_required = False
        self.passkey_error = ""
        effects = []
        with contextlib.suppress(RateLimited):  # the autofill offer is a courtesy, not a need
            effects.append(await self._offer_passkey(conditional=True))
        if routes.SIGN_IN_REASON in query:
            effects.append(rx.call_script(FORGET_REASON))
        return effects

    async def _offer_passkey(self, *, conditional: bool) -> Any:
        """Options for a discoverable passkey: with ``conditional`` the e-mail field's autofill
        offers it; without, the browser asks at once ("Se connecter avec une clé d’accès")."""
        start = await passkeys.start_authentication(client_ip=web_session.client_ip(self))
        challenge = str(start.challenge_id)
        return ask_to_get(start.options_json, PASSKEY_FORM, challenge, conditional=conditional)

    @rx.event
    async def sign_in_with_passkey(self) -> Any:
        self.passkey_error = ""
        try:
            return await self._offer_passkey(conditional=False)
        except RateLimited as limited:
            self.passkey_error = message_for("rate_limited", retry_after=limited.retry_after)
            return None

    @rx.event
    async def passkey_answered(self, form_data: dict[str, Any]) -> Any:
        """The browser's answer: a credential the core verifies, or why there is none."""
        outcome = form_text(form_data, "credential")
        refusal = browser_refusal(outcome)
        if refusal is not None:
            self.passkey_error = refusal
            return None
        # The answer names its challenge (the autofill's and the button's requests may cross);
        # the core checks it is a live sign-in challenge, used once, that the browser signed.
        finished = await passkeys.finish_authentication(
            form_text(form_data, "challenge"), outcome,
            client_ip=web_session.client_ip(self), user_agent=web_session.user_agent(self),
        )  # fmt: skip
        if isinstance(finished, passkeys.SignedInWithPasskey):
            return await web_session.finish_sign_in(self, finished.account_id, routes.ACCOUNT)
        self.passkey_error = message_for(finished.code)
        return None

    @rx.event
    async def new_captcha(self) -> None:
        try:
            challenge = await captcha.new_challenge(LIBRARY_RENDERER, web_session.client_ip(self))
        except RateLimited as limited:
            # Shown under the captcha field, where the person is looking for a new code.
            text = message_for("rate_limited", retry_after=limited.retry_after)
            self.errors = {**self.errors, "captcha": text}
            return
        self.captcha_id = str(challenge.id)
        self.captcha_image = challenge.image_url
        self.captcha_audio = challenge.audio_url

    @rx.event
    async def check_email(self, email: str) -> None:
        """Leaving the e-mail field: show the captcha now if this address needs one."""
        if email.strip() and await sign_in.captcha_required_for(email):
            await self._require_captcha()

    async def _require_captcha(self) -> None:
        if not self.captcha_required or not self.captcha_id:
            self.captcha_required = True
            await self.new_captcha()

    @rx.event
    async def submit(self, form_data: dict[str, Any]) -> Any:
        if self.submitting:
            return
        self.submitting = True
        yield
        try:
            yield await self._authenticate(form_data)
        finally:
            self.submitting = False

    async def _authenticate(self, form_data: dict[str, Any]) -> Any:
        email, password = form_text(form_data, "email"), form_text(form_data, "password")
        try:
            outcome = await sign_in.authenticate(
                email, password, client_ip=web_session.client_ip(self), user_agent=web_session.user_agent(self),
                captcha_id=self.captcha_id, captcha_answer=form_text(form_data, "captcha_answer"),
            )  # fmt: skip
        except RateLimited as limited:
            return self._show("", message_for("rate_limited", retry_after=limited.retry_after))
        if isinstance(outcome, sign_in.SignedIn):
            return await web_session.finish_sign_in(self, outcome.account_id, routes.ACCOUNT)
        return await self._refused(outcome)

    async def _refused(self, refused: sign_in.SignInRefused) -> Any:
        """A used captcha is burnt: a new one is shown with every refusal that needs one."""
        text = message_for(refused.code, retry_after=refused.retry_after or 0)
        effect = self._show(REFUSAL_FIELD.get(refused.code, ""), text)
        if refused.captcha_required:
            # After ``_show``, which resets the errors: a refused new captcha says so.
            self.captcha_required = True
            await self.new_captcha()
        if refused.retry_after and refused.code == "sign_in.invalid":
            # This failure started a delay: say so now, not at the next try.
            self.form_message = message_for("sign_in.blocked", retry_after=refused.retry_after)
        return effect

    def _show(self, field: str, text: str) -> Any:
        self.notice = ""  # the arrival notice gives way to the answer to what was typed
        errors = _no_errors()
        if field:
            errors[field] = text
        self.errors, self.form_message = errors, "" if field else text
        return focus({"captcha": "captcha_answer", "": "email"}.get(field, field))
