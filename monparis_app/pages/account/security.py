"""The account page's security cards: sessions, recent activity, data download, account
deletion, sign-out. Ending a session, downloading and deleting are websocket events; signing
out is a native POST, because only an HTTP response can clear the HttpOnly cookie.

Deleting asks twice: the form (password, and SUPPRIMER typed in capitals, the core's rule,
checked first) then "Êtes-vous sûr·e ? Cette action est définitive" with "Supprimer
définitivement" / "Annuler"; only the second submit reaches ``delete_account``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from uuid import UUID

import reflex as rx
from reflex.vars import ObjectVar

from monparis_app.components.fields import text_field
from monparis_app.components.forms import app_form, form_actions
from monparis_app.core import sessions
from monparis_app.core.current_password import MAX_CHECKED_LENGTH
from monparis_app.core.data_rights import (
    DELETE_CONFIRMATION,
    confirmation_refusal,
    delete_account,
)
from monparis_app.core.errors import InvalidInput
from monparis_app.messages import message_for
from monparis_app.pages import session as web_session
from monparis_app.pages.account.cards import card, toggle_button
from monparis_app.pages.account.state import AccountState, leave_for, to_sign_in
from monparis_app.pages.form_events import field_messages, focus, focus_first, form_text
from monparis_app.web import routes
from monparis_app.web.routes import EXPORT_FILENAME

DELETE_FIELDS = ("delete_password", "delete_confirmation")
DELETE_RENAME = {"password": "delete_password", "confirmation": "delete_confirmation"}
ARE_YOU_SURE = message_for("delete.are_you_sure")
SESSIONS, ACTIVITY, DATA, DELETION = "sessions", "activite", "donnees", "suppression"
SESSION_ENDED = message_for("sessions.ended_one")
NO_SUCH_SESSION = message_for("sessions.already_ended")
# Room for a slip around "SUPPRIMER" (the core compares it); longer is no confirmation.
CONFIRMATION_MAX_LENGTH = 20
# The home page's ``notice.deleted``: said once the account is gone.
AFTER_DELETION = f"{routes.HOME}?notice=deleted"


def others_ended(count: int) -> str:
    return message_for("sessions.ended_others", count=count)


class SessionsSection(AccountState):
    status: str = ""

    @rx.event
    def clear_section(self) -> None:
        self._reset_section()

    def _reset_section(self) -> None:
        self.status = ""

    @rx.event
    async def end_session(self, session_id: str) -> Any:
        """Ending the one in use is sign-out, done by the "Se déconnecter" form instead."""
        session = await web_session.signed_in_session(self)
        if session is None:
            return to_sign_in()
        try:
            target = UUID(session_id)
        except ValueError:
            return None
        if target == session.id:
            return None
        ended = await sessions.revoke_session(
            session.account_id,
            target,
            client_ip=web_session.client_ip(self),
            user_agent=web_session.user_agent(self),
        )
        self.status = SESSION_ENDED if ended else NO_SUCH_SESSION
        await self._refresh(session)
        return None

    @rx.event
    async def end_other_sessions(self) -> Any:
        session = await web_session.signed_in_session(self)
        if session is None:
            return to_sign_in()
        count = await sessions.revoke_all_sessions(
            session.account_id,
            session.id,
            audit_kind="sessions_ended",
            client_ip=web_session.client_ip(self),
            user_agent=web_session.user_agent(self),
        )
        self.status = others_ended(count)
        await self._refresh(session)
        return None


class DataSection(AccountState):
    """The download's status, and the deletion: ``confirming`` once the form was accepted and
    "Êtes-vous sûr·e ?" is asked."""

    errors: dict[str, str] = dict.fromkeys(DELETE_FIELDS, "")
    status: str = ""
    confirming: bool = False
    version: int = 0

    @rx.event
    def clear_section(self) -> None:
        self._reset_section()

    def _reset_section(self) -> None:
        """Also empties the deletion form (a new key remounts its inputs)."""
        self.errors, self.status, self.confirming = dict.fromkeys(DELETE_FIELDS, ""), "", False
        self.version += 1

    @rx.event
    def download(self) -> Any:
        """The browser fetches the file over HTTP (no websocket size cap), then the activity
        list is refreshed to show the export it recorded."""
        self.status = message_for("data.downloaded", filename=EXPORT_FILENAME)
        return [
            rx.call_script(f"window.monparis.download({json.dumps(routes.ACCOUNT_EXPORT)})"),
            DataSection.refresh_after_download,
        ]

    @rx.event(background=True)
    async def refresh_after_download(self) -> None:
        await asyncio.sleep(1.5)
        async with self:
            session = await web_session.signed_in_session(self)
            if session is not None:
                await self._refresh(session)

    @rx.event
    async def delete(self, form_data: dict[str, Any]) -> Any:
        """First submit (or Enter in a field): the word is checked, then "are you sure?" is
        asked; only a submit while ``confirming`` deletes. The sessions are deleted with the
        account: the cookie left behind opens nothing."""
        session = await web_session.signed_in_session(self)
        if session is None:
            return to_sign_in()
        password, confirmation = (form_text(form_data, name) for name in DELETE_FIELDS)
        if not self.confirming:
            return self._ask_confirmation(confirmation)
        self.confirming = False
        try:
            await delete_account(session.account_id, password, confirmation)
        except InvalidInput as invalid:
            return self._show(field_messages(DELETE_FIELDS, invalid.errors, DELETE_RENAME))
        self._forget()
        return leave_for(AFTER_DELETION)

    def _ask_confirmation(self, confirmation: str) -> Any:
        """The word is the core's rule (no try of the password budget is spent on it); the
        password is checked once, by ``delete_account``."""
        if wrong := confirmation_refusal(confirmation):
            return self._show(field_messages(DELETE_FIELDS, [wrong], DELETE_RENAME))
        self.errors, self.status, self.confirming = dict.fromkeys(DELETE_FIELDS, ""), "", True
        return focus("delete-confirm-title")

    def _show(self, errors: dict[str, str]) -> Any:
        self.errors, self.status = errors, ""
        return focus_first(self.errors)

    @rx.event
    def keep_account(self) -> Any:
        """ "Annuler" on "are you sure?": back to the form, as it was typed."""
        self.confirming = False
        return focus("delete-submit")


A = AccountState
S = SessionsSection
D = DataSection
# Until styles.css has ``.session-item``: each session reads as its own block.
SESSION_ITEM_STYLE = {
    "padding": ".75rem 0",
    "borderBottom": "1px solid var(--mp-border)",
}


def sign_out_form(button_class: str = "button-secondary") -> rx.Component:
    """A native POST: the HTTP route ends the session and clears the HttpOnly cookie."""
    return rx.el.form(
        rx.el.button("Se déconnecter", type="submit", class_name=button_class),
        action=routes.LOGOUT,
        method="post",
        on_submit=None,  # a plain HTML form: Reflex's handler would prevent the submit
        class_name="sign-out-form",
    )


# --- "Mes sessions" -------------------------------------------------------------------------


def session_item(row: ObjectVar[dict[str, str]]) -> rx.Component:
    description_id = "session-" + row["id"].to(str)
    return rx.el.li(
        rx.el.p(
            rx.el.strong(row["device"]),
            rx.cond(row["current"] == "true", rx.el.span(" — Cette session"), rx.fragment()),
            id=description_id,
        ),
        rx.el.p("Adresse IP (réseau) : ", row["ip_prefix"]),
        rx.el.p("Ouverte le ", row["created"], ", dernière activité le ", row["last_seen"], "."),
        rx.cond(
            row["current"] == "true",
            rx.fragment(),
            rx.el.button(
                "Terminer cette session",
                type="button",
                on_click=S.end_session(row["id"].to(str)),
                aria_describedby=description_id,
                class_name="button-secondary",
            ),
        ),
        class_name="session-item",
        data_current=row["current"],
        style=SESSION_ITEM_STYLE,
    )


def sessions_details() -> rx.Component:
    return rx.fragment(
        rx.el.h3(
            "Les appareils connectés à votre compte Mon Paris en ce moment",
            id="sessions-details-title",
            tab_index=-1,
        ),
        rx.el.ul(
            rx.foreach(A.session_rows, session_item),
            class_name="session-list",
            style={"listStyle": "none", "padding": "0"},
        ),
        rx.cond(
            A.has_other_sessions,
            rx.el.button(
                "Terminer toutes les autres sessions",
                type="button",
                on_click=S.end_other_sessions,
                class_name="button-secondary",
            ),
            rx.fragment(),
        ),
    )


def sessions_section() -> rx.Component:
    return card(
        SESSIONS,
        "Mes sessions",
        rx.el.p(A.sessions_summary, id="sessions-summary"),
        toggle_button(SESSIONS, "Voir", "Mes sessions", "sessions-details-title"),
        status=S.status,
        details=sessions_details(),
    )


# --- "Activité récente" ---------------------------------------------------------------------


def activity_row(entry: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.tr(
        rx.el.td(entry["when"]),
        rx.el.td(entry["label"]),
        rx.el.td(entry["device"]),
        rx.el.td(entry["ip_prefix"]),
    )


def activity_details() -> rx.Component:
    return rx.fragment(
        rx.el.p(
            "Si vous ne reconnaissez pas un de ces événements, modifiez votre mot de passe et "
            "terminez vos autres sessions.",
            id="activity-details-intro",
            tab_index=-1,
        ),
        rx.el.div(
            rx.el.table(
                rx.el.caption("Activité récente de votre compte", class_name="sr-only"),
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th("Date", scope="col"),
                        rx.el.th("Événement", scope="col"),
                        rx.el.th("Appareil", scope="col"),
                        rx.el.th("Adresse IP (réseau)", scope="col"),
                    )
                ),
                rx.el.tbody(rx.foreach(A.activity, activity_row)),
                id="activity",
            ),
            class_name="table-scroll",
            style={"overflowX": "auto"},
            tab_index=0,
            role="region",
            aria_label="Activité récente (tableau)",
        ),
    )


def activity_summary() -> rx.Component:
    latest = A.activity[0]
    return rx.el.p(
        rx.cond(
            A.activity,
            rx.fragment("Dernier événement : ", latest["label"], ", le ", latest["when"], "."),
            "Aucun événement enregistré.",
        ),
        id="activity-summary",
    )


def activity_section() -> rx.Component:
    return card(
        ACTIVITY,
        "Activité récente",
        activity_summary(),
        toggle_button(ACTIVITY, "Voir", "Activité récente", "activity-details-intro"),
        details=activity_details(),
    )


# --- "Télécharger mes données" and "Supprimer mon compte" -----------------------------------


def download_section() -> rx.Component:
    """Nothing to open: the card's button is the download."""
    return card(
        DATA,
        "Télécharger mes données",
        rx.el.p(
            "Un fichier JSON avec tout ce que nous conservons sur vous : vos informations, vos "
            "sessions, votre activité et les courriels que nous vous avons envoyés."
        ),
        rx.el.button(
            "Télécharger mes données",
            type="button",
            on_click=D.download,
            class_name="button-secondary",
        ),
        status=D.status,
    )


def are_you_sure() -> rx.Component:
    """The second confirmation, in the form: "Supprimer définitivement" submits it again."""
    return rx.el.div(
        rx.el.p(rx.el.strong(ARE_YOU_SURE), id="delete-confirm-title", tab_index=-1),
        form_actions(
            rx.el.button(
                "Supprimer définitivement",
                type="submit",
                id="delete-final",
                class_name="button-danger",
            ),
            rx.el.button(
                "Annuler",
                type="button",
                on_click=D.keep_account,
                class_name="button-secondary",
            ),
        ),
        role="group",
        aria_labelledby="delete-confirm-title",
        class_name="delete-confirmation",
    )


def delete_form() -> rx.Component:
    return app_form(
        rx.cond(
            A.has_password,
            text_field(
                "delete_password",
                "Mot de passe",
                D.errors["delete_password"],
                input_type="password",
                autocomplete="current-password",
                max_length=MAX_CHECKED_LENGTH,
            ),
            rx.fragment(),
        ),
        text_field(
            "delete_confirmation",
            f"Pour confirmer, saisissez {DELETE_CONFIRMATION}",
            D.errors["delete_confirmation"],
            hint="En majuscules.",
            autocomplete="off",
            max_length=CONFIRMATION_MAX_LENGTH,
            auto_capitalize="characters",
            spell_check=False,
        ),
        rx.cond(
            D.confirming,
            are_you_sure(),
            rx.el.div(
                rx.el.button(
                    "Supprimer mon compte",
                    type="submit",
                    id="delete-submit",
                    class_name="button-danger",
                ),
            ),
        ),
        key=D.version,
        on_submit=D.delete,
        reset_on_submit=False,
        no_validate=True,
        aria_label="Supprimer mon compte",
        class_name="form",
    )


def delete_section() -> rx.Component:
    return card(
        DELETION,
        "Supprimer mon compte",
        rx.el.p(
            "La suppression est définitive : vos informations, vos sessions et votre activité "
            "sont effacées. Un dernier courriel vous confirmera la suppression."
        ),
        toggle_button(
            DELETION,
            "Supprimer",
            "Supprimer mon compte",
            rx.cond(A.has_password, "delete_password", "delete_confirmation"),
            danger=True,
        ),
        details=delete_form(),
    )


def sign_out_section() -> rx.Component:
    return card(
        "deconnexion",
        "Déconnexion",
        rx.el.p("Terminez la session de ce navigateur quand vous avez fini."),
        sign_out_form(),
    )
