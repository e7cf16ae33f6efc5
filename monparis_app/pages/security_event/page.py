"""``/ce-n-etait-pas-moi``: what happened, and one button, "Sécuriser mon compte".

The link's token arrives in the query (``?jeton=``). It is read once at load, kept server-side
(a backend variable, never sent back to the browser) and removed from the address bar, so a
copied address or a later screenshot does not carry it. Opening the page changes nothing: an
e-mail client or a scanner that prefetches the link only sees the description; securing takes
the person's click. Once secured, the forgotten-password page is primed with the code just
e-mailed, so a new password can be chosen at once.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.core import password_reset, security_events
from monparis_app.messages.security_events import (
    describe_event,
    email_not_restored,
    new_password_hint,
    secured_summary,
)
from monparis_app.pages import session as web_session
from monparis_app.pages.forgot_password.state import ForgotPasswordState
from monparis_app.web import routes

TOKEN_PARAMETER = security_events.QUERY_PARAMETER
# Once read, the token leaves the address bar (as the sign-in page forgets its reason).
FORGET_TOKEN = "window.history.replaceState(window.history.state, '', window.location.pathname)"


class NotMeState(rx.State):
    """``step``: "loading", "event" (the button), "secured" or "invalid"."""

    step: str = "loading"
    event_text: str = ""
    securing: bool = False
    done: list[str] = []
    next_step: str = ""
    can_reset: bool = False
    _token: str = ""

    @rx.event
    async def load(self) -> Any:
        """A new link replaces the one kept; a reload without one keeps what was shown."""
        query = self.router.url.query_parameters
        token = query.get(TOKEN_PARAMETER, "")
        if token:
            self._token = token
        if token or self.step != "secured":
            event = await security_events.describe(self._token)
            self.step = "event" if event else "invalid"
            self.event_text = (
                describe_event(event.kind, event.occurred_at, event.device, event.ip_prefix)
                if event
                else ""
            )
        return rx.call_script(FORGET_TOKEN) if TOKEN_PARAMETER in query else None

    @rx.event
    async def secure(self) -> Any:
        if self.securing or self.step != "event":
            return
        self.securing = True
        yield
        try:
            outcome = await security_events.secure_account(
                self._token,
                client_ip=web_session.client_ip(self),
                user_agent=web_session.user_agent(self),
            )
        finally:
            self.securing = False
        self._token = ""
        if isinstance(outcome, security_events.LinkRefused):
            self.step = "invalid"
            return
        await self._show_secured(outcome)

    async def _show_secured(self, secured: security_events.Secured) -> None:
        self.step = "secured"
        self.done = secured_summary(
            passkeys_removed=secured.passkeys_removed,
            franceconnect_unlinked=secured.franceconnect_unlinked,
            restored_email=secured.email if secured.email_restored else None,
        )
        self.can_reset = secured.email_not_restored is None
        if secured.email_not_restored is not None:
            self.next_step = email_not_restored(secured.email_not_restored)
            return
        self.next_step = new_password_hint(secured.email, secured.reset is not None)
        if secured.reset is not None:
            await self._prime_forgot_password(secured.reset)

    async def _prime_forgot_password(self, reset: password_reset.ResetRequested) -> None:
        """The forgotten-password page opens at its code step, for the code just sent."""
        forgot = await self.get_state(ForgotPasswordState)
        forgot.step, forgot.flow_id, forgot.email = "code", str(reset.flow_id), reset.email
        forgot.notice = ""
        forgot._countdown_until(reset.next_resend_at)


S = NotMeState


def event_body() -> rx.Component:
    return rx.fragment(
        rx.el.h1("Ce n’était pas vous ?"),
        rx.el.p(S.event_text),
        rx.el.p(
            "Si vous n’êtes pas à l’origine de cet événement, sécurisez votre compte : toutes "
            "ses sessions seront fermées, les clés d’accès et la liaison FranceConnect ajoutées "
            "depuis seront supprimées, votre courriel de connexion sera rétabli s’il a été "
            "changé, et la connexion par mot de passe sera bloquée jusqu’à ce que vous en "
            "choisissiez un nouveau, grâce à un code envoyé par courriel."
        ),
        rx.el.div(
            rx.el.button(
                rx.cond(S.securing, "Sécurisation en cours…", "Sécuriser mon compte"),
                type="button",
                on_click=S.secure,
                aria_disabled=rx.cond(S.securing, "true", "false"),
                class_name="button-primary",
            ),
            app_link("C’était bien moi", href=routes.HOME, class_name="button-secondary"),
            class_name="inline-actions",
        ),
        rx.el.div(
            rx.cond(S.securing, rx.el.p("Sécurisation de votre compte en cours…"), rx.fragment()),
            role="status",
        ),
    )


def secured_body() -> rx.Component:
    return rx.fragment(
        rx.el.h1("Votre compte est sécurisé"),
        rx.el.div(
            rx.el.ul(rx.foreach(S.done, lambda sentence: rx.el.li(sentence))),
            rx.el.p(S.next_step),
            role="status",
            class_name="notice",
        ),
        rx.cond(
            S.can_reset,
            app_link(
                "Choisir un nouveau mot de passe",
                href=routes.FORGOT_PASSWORD,
                class_name="button-primary",
            ),
            app_link(
                "Contacter la Ville de Paris", href=routes.CONTACT, class_name="button-primary"
            ),
        ),
    )


def invalid_body() -> rx.Component:
    return rx.fragment(
        rx.el.h1("Ce lien n’est plus valable"),
        rx.el.div(
            rx.el.p(
                "Ce lien « Ce n’était pas moi » a déjà servi, a expiré (il est valable 10 jours) "
                "ou est incomplet."
            ),
            role="alert",
            class_name="form-alert",
        ),
        rx.el.p(
            "Si vous pensez que quelqu’un utilise votre compte, choisissez un nouveau mot de "
            "passe avec « Mot de passe oublié ? », puis ",
            app_link("contactez la Ville de Paris", href=routes.CONTACT),
            " : nous vous aiderons à sécuriser votre compte.",
        ),
        rx.el.div(
            app_link(
                "Mot de passe oublié ?", href=routes.FORGOT_PASSWORD, class_name="button-primary"
            ),
            app_link("Contact", href=routes.CONTACT, class_name="button-secondary"),
            class_name="inline-actions",
        ),
    )


def not_me_page() -> rx.Component:
    return page_layout(
        rx.el.p("Sécurité de votre compte", class_name="eyebrow"),
        rx.match(
            S.step,
            ("event", event_body()),
            ("secured", secured_body()),
            ("invalid", invalid_body()),
            rx.el.p("Chargement…", role="status"),
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(
        not_me_page,
        route=routes.NOT_ME,
        title="Ce n’était pas moi — Mon Paris",
        on_load=NotMeState.load,
    )
