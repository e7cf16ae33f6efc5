"""The City service a person is signing in for, shown on the sign-in and sign-up pages.

A service's request paused for the sign-in (or the four sign-up steps) is named here so the
person knows where they will land; the name comes from the server, looked up by the token of
the HttpOnly cookie, never from the URL.
"""

from __future__ import annotations

import reflex as rx

from monparis_app.core import oidc_provider as oidc
from monparis_app.pages import session as web_session
from monparis_app.web import routes
from monparis_app.web.cookies import OIDC_REQUEST_COOKIE


class WaitingServiceState(rx.State):
    service_name: str = ""
    asks_again: bool = False  # the service wants a sign-in made for it, even if one exists

    @rx.event
    async def load(self) -> None:
        token = web_session.cookie(self, OIDC_REQUEST_COOKIE)
        request = await oidc.consent_request(token)
        self.service_name = request.client_name if request else ""
        self.asks_again = bool(request) and await oidc.asks_fresh_sign_in(token)


W = WaitingServiceState


def sign_in_for_service() -> rx.Component:
    """On "Se connecter": which service is waiting, and that sign-up leads back to it."""
    return rx.cond(
        W.service_name != "",
        rx.el.div(
            rx.el.p(
                "Pour continuer vers « ",
                W.service_name,
                rx.cond(
                    W.asks_again,
                    " », ce service vous demande de vous connecter à nouveau, même si vous "
                    "l’êtes déjà sur cet appareil.",
                    " », connectez-vous avec votre compte Mon Paris. Pas encore de compte ? "
                    "Créez-le : vous reviendrez ensuite au service.",
                ),
            ),
            class_name="notice",
        ),
        rx.fragment(),
    )


def continue_to_service() -> rx.Component:
    """On "Votre compte a bien été créé !": the way back into the waiting service.

    A native GET form (a full page load): the continue route is HTTP, not a page of this app,
    and the single-page router would answer a plain link with its "Page introuvable".
    """
    return rx.cond(
        W.service_name != "",
        rx.el.form(
            rx.el.button(
                "Continuer vers « ", W.service_name, " »",
                type="submit",
                class_name="button-primary",
            ),
            action=routes.OIDC_CONTINUE,
            method="get",
            on_submit=None,  # a plain HTML form: Reflex's default handler would prevent it
        ),
        rx.fragment(),
    )  # fmt: skip
