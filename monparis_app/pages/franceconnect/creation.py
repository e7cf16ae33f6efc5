""" "Finaliser la création de votre compte Mon Paris": the terms page of a FranceConnect sign-up.

A new FranceConnect identity creates no account until the person accepts the terms of use, as
on the e-mail sign-up. The callback route keeps the certified identity server-side and sets an
HttpOnly cookie holding only a token (never in a URL); this state reads it from the websocket's
cookies, shows the certified names and the e-mail, and asks the core to create the account. A
websocket cannot set the session cookie, so success sends the browser to
``/auth/session/complete`` with a one-time ticket (a full page load), as the link page does.
"Annuler" is a native POST form to the route that forgets the identity and its cookie.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from monparis_app.components.fields import terms_checkbox
from monparis_app.components.forms import journey_form, required_fields_hint, submit_button
from monparis_app.core import franceconnect as fc
from monparis_app.core.errors import InvalidInput
from monparis_app.messages import message_for
from monparis_app.pages import session as web_session
from monparis_app.pages.form_events import focus
from monparis_app.pages.franceconnect.common import pending_page
from monparis_app.web import routes
from monparis_app.web.cookies import CREATION_COOKIE

TERMS_FIELD = "accept_terms"


class FranceConnectCreationState(rx.State):
    email: str = ""
    first_names: str = ""
    birth_name: str = ""
    expired: bool = False
    loaded: bool = False
    terms_error: str = ""
    submitting: bool = False

    def _creation_token(self) -> str:
        return web_session.cookie(self, CREATION_COOKIE)

    @rx.event
    async def load(self) -> None:
        self.terms_error = ""
        try:
            pending = await fc.pending_creation(self._creation_token())
        except fc.FranceConnectError:
            self.expired, self.email, self.first_names, self.birth_name = True, "", "", ""
        else:
            self.expired = False
            self.email, self.first_names = pending.email, pending.first_names
            self.birth_name = pending.birth_name
        self.loaded = True

    @rx.event
    async def submit(self, form_data: dict[str, Any]) -> Any:
        """The core decides (terms required, token alive, one account); this only translates."""
        if self.submitting:
            return
        self.terms_error = ""
        self.submitting = True
        yield
        try:
            outcome = await fc.accept_terms(
                self._creation_token(),
                form_data.get(TERMS_FIELD) in (True, "on", "true"),
                client_ip=web_session.client_ip(self),
                user_agent=web_session.user_agent(self),
            )
        except InvalidInput as invalid:
            self.terms_error = message_for(invalid.errors[0].code)
            yield focus(TERMS_FIELD)
            return
        except fc.FranceConnectError:
            self.expired = True
            return
        finally:
            self.submitting = False
        yield await web_session.finish_sign_in(
            self, outcome.account_id, routes.ACCOUNT, fc_id_token=outcome.id_token
        )


C = FranceConnectCreationState


def identity_summary() -> rx.Component:
    """The certified identity as a description list (read as label/value pairs)."""
    label = {"font_weight": "600", "margin_top": "0.5rem"}
    value = {"margin_left": "0"}
    return rx.el.dl(
        rx.el.dt("Prénom(s)", style=label),
        rx.el.dd(C.first_names, style=value),
        rx.el.dt("Nom de naissance", style=label),
        rx.el.dd(C.birth_name, style=value),
        rx.el.dt("Courriel", style=label),
        rx.el.dd(C.email, style=value),
        style={"margin": "1rem 0 1.5rem"},
    )


def creation_body() -> rx.Component:
    return rx.fragment(
        rx.el.p(
            "FranceConnect nous a transmis votre identité certifiée. Votre compte Mon Paris sera "
            "créé avec ces informations dès que vous aurez accepté les conditions d'utilisation."
        ),
        identity_summary(),
        journey_form(
            required_fields_hint(),
            terms_checkbox(C.terms_error, TERMS_FIELD),
            submit_button("Créer mon compte", C.submitting, "Création en cours…"),
            on_submit=C.submit,
            label="Créer mon compte Mon Paris",
        ),
        rx.el.form(
            rx.el.button("Annuler", type="submit", class_name="button-secondary"),
            action=routes.FRANCECONNECT_CANCEL_CREATION,
            method="post",
            on_submit=None,  # a plain HTML form: the route forgets the identity and its cookie
            style={"margin_top": "0.75rem"},
        ),
    )


def creation_page() -> rx.Component:
    return pending_page(
        "Finaliser la création de votre compte Mon Paris",
        C.loaded,
        C.expired,
        "franceconnect.creation_expired",
        creation_body(),
    )


def register(app: rx.App) -> None:
    app.add_page(
        creation_page,
        route=routes.FRANCECONNECT_CREATION,
        title="Finaliser la création de votre compte — Mon Paris",
        on_load=FranceConnectCreationState.load,
    )
