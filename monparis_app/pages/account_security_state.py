"""The account page's security sections: sessions, data download, account deletion."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from uuid import UUID

import reflex as rx

from monparis_app.auth_routes.account_export import EXPORT_FILENAME, EXPORT_PATH
from monparis_app.core import account, sessions
from monparis_app.core.errors import InvalidInput
from monparis_app.pages import routes
from monparis_app.pages.account_state import (
    AccountState,
    field_messages,
    focus_first,
    form_text,
)
from monparis_app.pages.auth_state import client_ip, signed_in_session, user_agent

DELETE_FIELDS = ("delete_password", "delete_confirmation")
SESSION_ENDED = "La session a été terminée."
NO_SUCH_SESSION = "Cette session était déjà terminée."
DATA_DOWNLOADED = "Le téléchargement de vos données a commencé (fichier {filename})."


def others_ended(count: int) -> str:
    if count == 0:
        return "Aucune autre session n'était ouverte."
    if count == 1:
        return "Votre autre session a été terminée."
    return f"Vos {count} autres sessions ont été terminées."


class SessionsSection(AccountState):
    status: str = ""

    @rx.event
    def clear_section(self) -> None:
        self.status = ""

    @rx.event
    async def end_session(self, session_id: str) -> Any:
        """Ending the one in use is sign-out, done by the "Se déconnecter" form instead."""
        session = await signed_in_session(self)
        if session is None:
            return rx.redirect(routes.SIGN_IN)
        try:
            target = UUID(session_id)
        except ValueError:
            return None
        if target == session.id:
            return None
        ended = await sessions.revoke_session(
            session.account_id, target, client_ip=client_ip(self), user_agent=user_agent(self)
        )
        self.status = SESSION_ENDED if ended else NO_SUCH_SESSION
        await self._refresh(session)
        return None

    @rx.event
    async def end_other_sessions(self) -> Any:
        session = await signed_in_session(self)
        if session is None:
            return rx.redirect(routes.SIGN_IN)
        count = await sessions.revoke_all_sessions(
            session.account_id,
            session.id,
            audit_kind="sessions_ended",
            client_ip=client_ip(self),
            user_agent=user_agent(self),
        )
        self.status = others_ended(count)
        await self._refresh(session)
        return None


class DataSection(AccountState):
    errors: dict[str, str] = dict.fromkeys(DELETE_FIELDS, "")
    status: str = ""

    @rx.event
    def clear_section(self) -> None:
        self.errors, self.status = dict.fromkeys(DELETE_FIELDS, ""), ""

    @rx.event
    def download(self) -> Any:
        """The browser fetches the file over HTTP (no websocket size cap), then the activity
        list is refreshed to show the export it recorded."""
        self.status = DATA_DOWNLOADED.format(filename=EXPORT_FILENAME)
        return [
            rx.call_script(f"window.monparis.download({json.dumps(EXPORT_PATH)})"),
            DataSection.refresh_after_download,
        ]

    @rx.event(background=True)
    async def refresh_after_download(self) -> None:
        await asyncio.sleep(1.5)
        async with self:
            session = await signed_in_session(self)
            if session is not None:
                await self._refresh(session)

    @rx.event
    async def delete(self, form_data: dict[str, Any]) -> Any:
        """The sessions are deleted with the account: the cookie left behind opens nothing."""
        session = await signed_in_session(self)
        if session is None:
            return rx.redirect(routes.SIGN_IN)
        password, confirmation = (form_text(form_data, name) for name in DELETE_FIELDS)
        try:
            await account.delete_account(session.account_id, password, confirmation)
        except InvalidInput as invalid:
            rename = {"password": "delete_password", "confirmation": "delete_confirmation"}
            self.errors = field_messages(DELETE_FIELDS, invalid.errors, rename)
            self.status = ""
            return focus_first(self.errors)
        self._forget()
        return rx.redirect(routes.HOME)
