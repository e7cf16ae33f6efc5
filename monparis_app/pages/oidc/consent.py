"""``/autoriser-un-service``: a City service asks, once, for the data it needs.

The authorization request is paused server-side; this state reads only its token, from the
HttpOnly cookie the websocket carries, and shows the service's name and the data it asks for
in French. "Autoriser" and "Refuser" are native POST forms to ``/auth/oidc/consent``: only an
HTTP response can send the browser back to the service, and a cross-site POST carries neither
the session nor the request cookie (SameSite=Lax).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.core import oidc_provider as oidc
from monparis_app.messages.oidc import scope_labels
from monparis_app.pages import session as web_session
from monparis_app.web import routes
from monparis_app.web.cookies import OIDC_REQUEST_COOKIE


class ConsentState(rx.State):
    loaded: bool = False
    expired: bool = False
    service_name: str = ""
    data_asked: list[str] = []

    @rx.event
    async def load(self) -> Any:
        """Signed out (the session ended meanwhile): sign in first, the request waits."""
        if await web_session.signed_in_session(self) is None:
            return rx.redirect(routes.SIGN_IN_FOR_SERVICE)
        request = await oidc.consent_request(web_session.cookie(self, OIDC_REQUEST_COOKIE))
        self.expired = request is None
        self.service_name = request.client_name if request else ""
        self.data_asked = scope_labels(request.scopes) if request else []
        self.loaded = True
        return None


S = ConsentState


def decision_form(label: str, decision: str, primary: bool) -> rx.Component:
    """A plain HTML form: Reflex's default submit handler would keep the browser here."""
    return rx.el.form(
        rx.el.input(type="hidden", name="decision", value=decision),
        rx.el.button(
            label, type="submit", class_name="button-primary" if primary else "button-secondary"
        ),
        action=routes.OIDC_CONSENT_DECISION,
        method="post",
        on_submit=None,
    )


def consent_body() -> rx.Component:
    return rx.fragment(
        rx.el.h1("« ", S.service_name, " » souhaite accéder à vos données"),
        rx.el.p(
            "Ce service de la Ville de Paris vous propose de vous connecter avec votre compte "
            "Mon Paris. En l’autorisant, vous lui transmettez :"
        ),
        rx.el.ul(rx.foreach(S.data_asked, lambda label: rx.el.li(label))),
        rx.el.p(
            "Il ne reçoit jamais votre mot de passe. Vous pourrez retirer cet accès à tout moment "
            "dans « Gérer vos données personnelles », rubrique « Services connectés »."
        ),
        rx.el.div(
            decision_form("Autoriser", "allow", primary=True),
            decision_form("Refuser", "deny", primary=False),
            class_name="inline-actions",
        ),
    )


def expired_body() -> rx.Component:
    return rx.fragment(
        rx.el.h1("Cette demande a expiré"),
        rx.el.div(
            rx.el.p(
                "La demande du service n’est plus valable. Retournez sur le site du service et "
                "cliquez à nouveau sur « Se connecter avec Mon Paris »."
            ),
            role="alert",
            class_name="form-alert",
        ),
        app_link(
            "Aller à mon compte Mon Paris", href=routes.ACCOUNT, class_name="button-secondary"
        ),
    )


def consent_page() -> rx.Component:
    return page_layout(
        rx.el.p("Se connecter avec Mon Paris", class_name="eyebrow"),
        rx.cond(
            S.loaded,
            rx.cond(S.expired, expired_body(), consent_body()),
            rx.el.p("Chargement…", role="status"),
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(
        consent_page,
        route=routes.OIDC_CONSENT,
        title="Autoriser un service — Mon Paris",
        on_load=ConsentState.load,
    )
