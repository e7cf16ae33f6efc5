"""The account page's "FranceConnect" card: link the signed-in account, or remove the link.

Not linked, the card's one button is "Relier mon compte à FranceConnect"; linked, "Voir" opens
what the link means and "Supprimer mon lien de fédération".

Linking leaves the page (a native POST to the HTTP route that sends the browser to
FranceConnect); the answer comes back as ``?franceconnect=<code>`` on the account page, read
here and shown in French, in this card, opened. Unlinking is a websocket event: the core decides (a password is
required), this state only translates.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from monparis_app.components.links import app_link
from monparis_app.core import franceconnect as fc
from monparis_app.messages import FRANCECONNECT_MESSAGES, franceconnect_message
from monparis_app.pages import session as web_session
from monparis_app.pages.account.cards import card, toggle_button
from monparis_app.pages.account.state import AccountState, to_sign_in
from monparis_app.pages.form_events import focus
from monparis_app.web import routes

CARD = "franceconnect"

QUERY_PARAMETER = "franceconnect"
# Answers that are good news (role=status); any other known code is an error (role=alert).
GOOD_NEWS = ("linked", "unlinked")


class FranceConnectSection(AccountState):
    status: str = ""
    error: str = ""

    @rx.event
    def clear_section(self) -> None:
        """On page load: the answer of a link that just came back, if any (known codes only),
        in this card, opened (after ``load``, which closes every card)."""
        self._reset_section()
        short = self.router.url.query_parameters.get(QUERY_PARAMETER, "")
        code = f"franceconnect.{short}"
        if not short or code not in FRANCECONNECT_MESSAGES:
            return
        self.open_section = CARD
        if short in GOOD_NEWS:
            self.status = franceconnect_message(code)
        else:
            self.error = franceconnect_message(code)

    def _reset_section(self) -> None:
        self.status = self.error = ""

    @rx.event
    async def unlink(self) -> Any:
        """ "Supprimer mon lien de fédération": refused by the core without a password."""
        session = await web_session.signed_in_session(self)
        if session is None:
            return to_sign_in()
        self.status = self.error = ""
        try:
            await fc.unlink(
                session.account_id,
                client_ip=web_session.client_ip(self),
                user_agent=web_session.user_agent(self),
            )
        except fc.FranceConnectError as refused:
            self.error = franceconnect_message(refused.code)
        else:
            self.status = franceconnect_message("franceconnect.unlinked")
        await self._refresh(session)
        # The unlink button is gone with the link: focus to the card's title, by the news.
        return focus(f"{CARD}-title")


A = AccountState
F = FranceConnectSection


def error_alert() -> rx.Component:
    """A refusal, announced when it appears (role=alert), empty otherwise."""
    return rx.el.div(
        rx.cond(F.error != "", rx.el.p(F.error), rx.fragment()),
        role="alert",
        id="franceconnect-error",
        class_name=rx.cond(F.error != "", "form-alert", "form-alert form-alert--empty"),
    )


def link_form() -> rx.Component:
    """A native POST: the HTTP route starts FranceConnect for this account and leaves the page."""
    return rx.el.form(
        rx.el.button(
            "Relier mon compte à FranceConnect", type="submit", class_name="button-primary"
        ),
        action=routes.FRANCECONNECT_LINK_START,
        method="post",
        on_submit=None,  # a plain HTML form: Reflex's handler would prevent the submit
    )


def linked_body() -> rx.Component:
    return rx.fragment(
        rx.el.p(rx.el.strong("Compte relié à FranceConnect")),
        rx.el.p(
            "Vos informations certifiées (sexe, prénoms, nom de naissance, date et lieu de "
            "naissance) viennent de FranceConnect et ne peuvent pas être modifiées ici."
        ),
        rx.cond(
            A.has_password,
            rx.el.button(
                "Supprimer mon lien de fédération",
                type="button",
                id="franceconnect-unlink",
                on_click=F.unlink,
                class_name="button-secondary",
            ),
            rx.el.p(
                "Pour supprimer ce lien, créez d'abord un mot de passe avec ",
                app_link("Mot de passe oublié ?", href=routes.FORGOT_PASSWORD),
                " : sans lui, vous ne pourriez plus vous connecter.",
            ),
        ),
    )


def summary() -> rx.Component:
    return rx.cond(
        A.franceconnect_linked,
        rx.el.p("FranceConnect : relié", id="franceconnect-summary"),
        rx.fragment(
            rx.el.p("FranceConnect : non relié", id="franceconnect-summary"),
            rx.el.p(
                "Reliez votre compte pour vous connecter avec un compte que vous connaissez déjà "
                "(impots.gouv.fr, ameli.fr…) et faire certifier vos informations sans fournir "
                "de justificatif.",
                class_name="field-hint",
            ),
        ),
    )


def franceconnect_section() -> rx.Component:
    """Not linked, nothing to open: the card's button is the link itself."""
    return card(
        CARD,
        "FranceConnect",
        summary(),
        rx.cond(
            A.franceconnect_linked,
            toggle_button(CARD, "Voir", "FranceConnect", "franceconnect-unlink"),
            link_form(),
        ),
        status=F.status,
        extra=(error_alert(),),
        details=rx.cond(A.franceconnect_linked, linked_body(), rx.fragment()),
    )
