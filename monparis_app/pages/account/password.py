"""The account page's "Mot de passe" card: changed only with the current password.

The new password keeps the sign-up ids, so the browser-side checklist applies; the passwords
pass through ``change`` and are never kept in the state. An account created with FranceConnect
has no password: the section then points to "Mot de passe oublié ?" to create one.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from monparis_app.components.fields import text_field
from monparis_app.components.forms import app_form, form_actions, secondary_button
from monparis_app.components.links import app_link
from monparis_app.components.password_fields import new_password_fields
from monparis_app.core.current_password import MAX_CHECKED_LENGTH
from monparis_app.core.errors import InvalidInput
from monparis_app.core.password_change import change_password
from monparis_app.messages import message_for
from monparis_app.pages import session as web_session
from monparis_app.pages.account.cards import card, toggle_button
from monparis_app.pages.account.state import AccountState, to_sign_in
from monparis_app.pages.form_events import field_messages, focus, focus_first, form_text
from monparis_app.web import routes

CARD = "mot-de-passe"
PASSWORD_FIELDS = ("current_password", "password", "password_confirmation")
PASSWORD_CHANGED = message_for("password_change.done")


class PasswordSection(AccountState):
    errors: dict[str, str] = dict.fromkeys(PASSWORD_FIELDS, "")
    status: str = ""
    version: int = 0

    @rx.event
    def clear_section(self) -> None:
        self._reset_section()

    def _reset_section(self) -> None:
        """Also empties the fields (a new ``key`` remounts the uncontrolled inputs)."""
        self.errors, self.status = dict.fromkeys(PASSWORD_FIELDS, ""), ""
        self.version += 1

    @rx.event
    def cancel(self) -> Any:
        self._reset_section()
        self.open_section = ""
        return focus(f"{CARD}-toggle")

    @rx.event
    async def change(self, form_data: dict[str, Any]) -> Any:
        """The session in use stays open; every other one ends (the core does it)."""
        session = await web_session.signed_in_session(self)
        if session is None:
            return to_sign_in()
        try:
            await change_password(
                session.account_id, *(form_text(form_data, name) for name in PASSWORD_FIELDS),
                keep_session_id=session.id, client_ip=web_session.client_ip(self),
                user_agent=web_session.user_agent(self),
            )  # fmt: skip
        except InvalidInput as invalid:
            self.errors, self.status = field_messages(PASSWORD_FIELDS, invalid.errors), ""
            return focus_first(self.errors)
        self._reset_section()
        self.status = PASSWORD_CHANGED
        await self._refresh(session)
        return self._close_after_success(CARD)


P = PasswordSection


def password_form() -> rx.Component:
    """A new ``key`` after a change empties the (uncontrolled) inputs."""
    return app_form(
        text_field(
            "current_password",
            "Mot de passe actuel",
            P.errors["current_password"],
            input_type="password",
            autocomplete="current-password",
            max_length=MAX_CHECKED_LENGTH,
        ),
        new_password_fields(
            "Nouveau mot de passe",
            "Confirmation du nouveau mot de passe",
            P.errors["password"],
            P.errors["password_confirmation"],
        ),
        form_actions(
            rx.el.button("Modifier mon mot de passe", type="submit", class_name="button-primary"),
            secondary_button("Annuler", P.cancel),
        ),
        key=P.version,
        on_submit=P.change,
        reset_on_submit=False,
        no_validate=True,
        aria_label="Modifier votre mot de passe",
        class_name="form",
    )


def no_password() -> rx.Component:
    """An account created with FranceConnect: nothing to change, a way to create one."""
    return rx.el.p(
        "Vous vous connectez avec FranceConnect : votre compte n'a pas de mot de passe. "
        "Pour en créer un, utilisez ",
        app_link("Mot de passe oublié ?", href=routes.FORGOT_PASSWORD),
        ".",
    )


def password_section() -> rx.Component:
    return rx.cond(
        AccountState.has_password,
        card(
            CARD,
            "Mot de passe",
            rx.el.p(
                "Mot de passe modifié le ",
                rx.el.span(AccountState.password_changed, id="password-changed"),
                ".",
            ),
            toggle_button(CARD, "Modifier", "Mot de passe", "current_password"),
            status=P.status,
            details=password_form(),
        ),
        card(CARD, "Mot de passe", no_password(), rx.fragment(), status=P.status),
    )
