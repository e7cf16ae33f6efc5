"""``/franceconnect/lier-mon-compte``: the e-mail certified by FranceConnect already has an account.

Nothing is merged until the person proves that account with its password (and a captcha once
the sign-in rules ask for one); or they continue with another e-mail. The link token rides in
an HttpOnly cookie set by the callback route; the state reads it from the websocket's cookies.
A websocket cannot set the session cookie, so a successful link ends with ``finish_sign_in``.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from monparis_app.adapters.captcha_renderer import LIBRARY_RENDERER
from monparis_app.components.captcha import captcha_block
from monparis_app.components.fields import form_alert, text_field
from monparis_app.components.forms import journey_form, submit_button
from monparis_app.core import captcha, sign_in
from monparis_app.core import franceconnect as fc
from monparis_app.core.errors import RateLimited
from monparis_app.core.password_policy import MAX_LENGTH
from monparis_app.messages import message_for
from monparis_app.pages import session as web_session
from monparis_app.pages.form_events import focus
from monparis_app.pages.franceconnect.common import pending_page, secondary_link
from monparis_app.web import routes
from monparis_app.web.cookies import LINK_COOKIE


class FranceConnectLinkState(rx.State):
    email: str = ""
    expired: bool = False
    loaded: bool = False
    password_error: str = ""
    captcha_error: str = ""
    form_message: str = ""
    submitting: bool = False
    captcha_required: bool = False
    captcha_id: str = ""
    captcha_image: str = ""
    captcha_audio: str = ""

    def _link_token(self) -> str:
        return web_session.cookie(self, LINK_COOKIE)

    @rx.event
    async def load(self) -> None:
        self.password_error = self.captcha_error = self.form_message = ""
        try:
            pending = await fc.pending_link(self._link_token())
        except fc.FranceConnectError:
            self.expired, self.email = True, ""
        else:
            self.expired, self.email = False, pending.email
            if pending.captcha_required:
                await self._new_captcha()
        self.loaded = True

    async def _new_captcha(self) -> None:
        self.captcha_required = True
        try:
            challenge = await captcha.new_challenge(LIBRARY_RENDERER, web_session.client_ip(self))
        except RateLimited as limited:
            # Shown under the captcha field, where the person is looking for a new code.
            self.captcha_error = message_for("rate_limited", retry_after=limited.retry_after)
            return
        self.captcha_id = str(challenge.id)
        self.captcha_image = challenge.image_url
        self.captcha_audio = challenge.audio_url

    @rx.event
    async def new_captcha(self) -> None:
        await self._new_captcha()

    @rx.event
    async def submit(self, form_data: dict[str, Any]) -> Any:
        """Prove the local account with its password; nothing is linked otherwise."""
        if self.submitting:
            return
        password = str(form_data.get("link_password") or "")
        self.password_error = self.captcha_error = self.form_message = ""
        self.submitting = True
        yield
        try:
            outcome = await fc.complete_link(
                self._link_token(),
                password,
                client_ip=web_session.client_ip(self),
                user_agent=web_session.user_agent(self),
                captcha_id=self.captcha_id,
                captcha_answer=str(form_data.get("captcha_answer") or ""),
            )
        except fc.FranceConnectError:
            self.expired = True
            return
        except RateLimited as limited:
            self.form_message = message_for("rate_limited", retry_after=limited.retry_after)
            return
        finally:
            self.submitting = False
        if isinstance(outcome, sign_in.SignInRefused):
            yield await self._refused(outcome)
            return
        yield await web_session.finish_sign_in(
            self, outcome.account_id, routes.ACCOUNT, fc_id_token=outcome.id_token
        )

    async def _refused(self, refused: sign_in.SignInRefused) -> Any:
        message = message_for(refused.code, retry_after=refused.retry_after or 0)
        target = "link_password"
        if refused.code == "captcha.invalid" or refused.code == "sign_in.captcha_required":
            self.captcha_error, target = message, "captcha_answer"
        else:
            self.password_error = message
        if refused.captcha_required:
            await self._new_captcha()
        return focus(target)


L = FranceConnectLinkState


def link_captcha() -> rx.Component:
    return captcha_block(L.captcha_image, L.captcha_audio, L.captcha_error, L.new_captcha)


def link_form() -> rx.Component:
    return journey_form(
        form_alert(L.form_message),
        text_field(
            "link_password",
            "Mot de passe de votre compte Mon Paris",
            L.password_error,
            input_type="password",
            autocomplete="current-password",
            max_length=MAX_LENGTH,
        ),
        rx.cond(L.captcha_required, link_captcha(), rx.fragment()),
        submit_button("Relier mon compte à FranceConnect", L.submitting, "Vérification…"),
        on_submit=L.submit,
        label="Relier mon compte à FranceConnect",
    )


def link_body() -> rx.Component:
    return rx.fragment(
        rx.el.p(
            "FranceConnect nous a transmis le courriel ",
            rx.el.strong(L.email),
            ". Un compte Mon Paris utilise déjà ce courriel.",
        ),
        rx.el.p(
            "Pour utiliser FranceConnect avec ce compte, saisissez son mot de passe. Vos "
            "informations certifiées par FranceConnect (sexe, prénoms, nom de naissance, date et "
            "lieu de naissance) remplaceront alors celles du compte. Rien n'est modifié sans "
            "votre mot de passe."
        ),
        link_form(),
        rx.el.h2("Ce compte n'est pas le vôtre ?", class_name="section-title"),
        rx.el.p("Vous pouvez créer un compte Mon Paris avec une autre adresse de courriel."),
        secondary_link("Continuer avec un autre courriel", routes.SIGNUP),
    )


def link_page() -> rx.Component:
    return pending_page(
        "Un compte Mon Paris existe déjà avec ce courriel",
        L.loaded,
        L.expired,
        "franceconnect.link_expired",
        link_body(),
    )


def register(app: rx.App) -> None:
    app.add_page(
        link_page,
        route=routes.FRANCECONNECT_LINK,
        title="Relier votre compte à FranceConnect — Mon Paris",
        on_load=FranceConnectLinkState.load,
    )
