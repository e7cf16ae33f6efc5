"""The account page's "Clés d’accès" card: sign in with the device's screen lock instead of a
password. "Ajouter une clé d’accès" asks for the current password (a recent proof, the core's
rule), then the browser's authenticator; each key can be renamed and removed.

The browser's answer comes back through a hidden form (``components.passkeys``); the core
verifies everything (``core.passkeys``), this state only translates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from monparis_app.components.fields import text_field
from monparis_app.components.forms import app_form, form_actions
from monparis_app.components.passkeys import ask_to_create, browser_refusal, passkey_answer_form
from monparis_app.core import passkeys
from monparis_app.core.current_password import MAX_CHECKED_LENGTH
from monparis_app.messages import message_for
from monparis_app.pages import session as web_session
from monparis_app.pages.account.cards import card, toggle_button
from monparis_app.pages.account.state import AccountState, to_sign_in, when
from monparis_app.pages.form_events import focus, form_text

CARD = "passkeys"
TITLE = "Clés d’accès"
ANSWER_FORM = "passkey-register-answer"
FIELDS = ("passkey_password", "passkey_name")


@dataclass
class PasskeyRow:
    id: str = ""
    name: str = ""
    created: str = ""
    last_used: str = ""
    remove_label: str = ""


def passkey_row(view: passkeys.PasskeyView) -> PasskeyRow:
    return PasskeyRow(
        id=str(view.id),
        name=view.name,
        created=when(view.created_at),
        last_used=when(view.last_used_at) if view.last_used_at else "jamais",
        remove_label=f"Supprimer la clé d’accès {view.name}",
    )


def summary_of(rows: list[PasskeyRow]) -> str:
    if not rows:
        return "Aucune clé d’accès : vous vous connectez avec votre mot de passe ou FranceConnect."
    return f"{len(rows)} clé(s) d’accès : " + ", ".join(row.name for row in rows) + "."


class PasskeysSection(AccountState):
    keys: list[PasskeyRow] = []
    keys_summary: str = ""
    status: str = ""
    error: str = ""
    errors: dict[str, str] = dict.fromkeys(FIELDS, "")
    form_version: int = 0
    _challenge: str = ""
    _pending_name: str = ""

    @rx.event
    async def clear_section(self) -> None:
        self._reset_section()
        session = await web_session.signed_in_session(self)
        await self._load(session)

    def _reset_section(self) -> None:
        self.status = self.error = ""
        self.errors = dict.fromkeys(FIELDS, "")

    async def _load(self, session: Any, *, changed: bool = False) -> None:
        """``changed``: the activity card and the page's other summaries are read again too."""
        if changed and session is not None:
            await self._refresh(session)
        found = await passkeys.list_passkeys(session.account_id) if session else []
        self.keys = [passkey_row(view) for view in found]
        self.keys_summary = summary_of(self.keys)

    @rx.event
    async def start_adding(self, form_data: dict[str, Any]) -> Any:
        """The recent proof first (the current password), then the browser's authenticator."""
        session = await web_session.signed_in_session(self)
        if session is None:
            return to_sign_in()
        self._reset_section()
        password = form_text(form_data, "passkey_password") or None
        started = await passkeys.start_registration(
            session.account_id, password=password, session_created_at=session.created_at
        )
        if isinstance(started, passkeys.PasskeyRefused):
            return self._refused(started)
        self._challenge = str(started.challenge_id)
        self._pending_name = form_text(form_data, "passkey_name")
        return ask_to_create(started.options_json, ANSWER_FORM, self._challenge)

    def _refused(self, refused: passkeys.PasskeyRefused) -> Any:
        text = message_for(refused.code)
        if refused.field:
            self.errors = {**dict.fromkeys(FIELDS, ""), "passkey_" + refused.field: text}
            return focus("passkey_" + refused.field)
        self.error = text
        return focus(f"{CARD}-title")

    @rx.event
    async def added(self, form_data: dict[str, Any]) -> Any:
        session = await web_session.signed_in_session(self)
        if session is None:
            return to_sign_in()
        outcome = form_text(form_data, "credential")
        refusal = browser_refusal(outcome)
        if refusal is not None:
            self.error = refusal
            return focus(f"{CARD}-title")
        finished = await passkeys.finish_registration(
            session.account_id, self._challenge, outcome, name=self._pending_name or None,
            client_ip=web_session.client_ip(self), user_agent=web_session.user_agent(self),
        )  # fmt: skip
        self._challenge = ""
        if isinstance(finished, passkeys.PasskeyRefused):
            return self._refused(finished)
        self.status = f"La clé d’accès « {finished.name} » a été ajoutée."
        self.form_version += 1
        await self._load(session, changed=True)
        return focus(f"{CARD}-title")

    @rx.event
    async def remove(self, passkey_id: str) -> Any:
        session = await web_session.signed_in_session(self)
        if session is None:
            return to_sign_in()
        self._reset_section()
        names = {row.id: row.name for row in self.keys}
        removed = await passkeys.remove_passkey(
            session.account_id, passkey_id,
            client_ip=web_session.client_ip(self), user_agent=web_session.user_agent(self),
        )  # fmt: skip
        if isinstance(removed, passkeys.PasskeyRefused):
            await self._load(session)
            return self._refused(removed)
        self.status = message_for("passkey.removed", name=names.get(passkey_id, ""))
        await self._load(session, changed=True)
        return focus(f"{CARD}-title")

    @rx.event
    async def rename(self, form_data: dict[str, Any]) -> Any:
        """One form per key; the key's id rides in a hidden field (the core checks it is
        this account's)."""
        passkey_id = form_text(form_data, "passkey_id")
        session = await web_session.signed_in_session(self)
        if session is None:
            return to_sign_in()
        self._reset_section()
        renamed = await passkeys.rename_passkey(
            session.account_id, passkey_id, form_text(form_data, "name"),
            client_ip=web_session.client_ip(self), user_agent=web_session.user_agent(self),
        )  # fmt: skip
        if isinstance(renamed, passkeys.PasskeyRefused):
            return self._refused(renamed)
        self.status = f"La clé d’accès s’appelle maintenant « {renamed.name} »."
        await self._load(session, changed=True)
        return focus(f"{CARD}-title")


K = PasskeysSection


def key_item(row: ObjectVar[PasskeyRow]) -> rx.Component:
    rename_id = "rename-" + row.id.to(str)
    return rx.el.li(
        rx.el.h3(row.name),
        rx.el.p("Ajoutée le ", row.created, " · dernière utilisation : ", row.last_used),
        app_form(
            rx.el.input(type="hidden", name="passkey_id", value=row.id),
            rx.el.label("Nouveau nom", html_for=rename_id),
            rx.el.input(id=rename_id, name="name", type="text", max_length=60, class_name="field-input"),
            rx.el.button("Renommer", type="submit", class_name="button-secondary"),
            on_submit=K.rename,
            reset_on_submit=False,
            class_name="inline-actions",
        ),
        rx.el.button(
            "Supprimer",
            type="button",
            aria_label=row.remove_label,
            on_click=K.remove(row.id.to(str)),
            class_name="button-secondary",
        ),
        style={"padding": ".75rem 0", "borderBottom": "1px solid var(--mp-border)"},
    )  # fmt: skip


def add_form() -> rx.Component:
    return app_form(
        rx.el.h3("Ajouter une clé d’accès", id="passkeys-details-title", tab_index=-1),
        rx.el.p(
            "Une clé d’accès vous connecte avec le verrouillage de cet appareil (empreinte, "
            "visage, code) ou une clé de sécurité, sans mot de passe. Confirmez d’abord votre "
            "mot de passe actuel."
        ),
        rx.cond(
            AccountState.has_password,
            text_field(
                "passkey_password", "Mot de passe actuel", K.errors["passkey_password"],
                input_type="password", autocomplete="current-password",
                max_length=MAX_CHECKED_LENGTH,
            ),
            rx.fragment(),
        ),
        text_field(
            "passkey_name", "Nom de la clé", K.errors["passkey_name"],
            hint="Facultatif. Par exemple : Mon téléphone", required=False, max_length=60,
        ),
        form_actions(
            rx.el.button("Ajouter une clé d’accès", type="submit", class_name="button-primary"),
        ),
        key=K.form_version,
        on_submit=K.start_adding,
        reset_on_submit=False,
        no_validate=True,
        aria_label="Ajouter une clé d’accès",
        class_name="form",
    )  # fmt: skip


def passkeys_details() -> rx.Component:
    return rx.fragment(
        rx.cond(
            K.keys,
            rx.el.ul(rx.foreach(K.keys, key_item), style={"listStyle": "none", "padding": "0"}),
            rx.fragment(),
        ),
        add_form(),
        passkey_answer_form(ANSWER_FORM, K.added),
    )


def passkeys_section() -> rx.Component:
    return card(
        CARD,
        TITLE,
        rx.el.p(K.keys_summary, id="passkeys-summary"),
        toggle_button(CARD, "Gérer", TITLE, "passkeys-details-title"),
        status=K.status,
        details=passkeys_details(),
        extra=(
            rx.el.div(
                rx.cond(K.error != "", rx.el.p(K.error), rx.fragment()),
                role="alert",
                class_name=rx.cond(K.error != "", "form-alert", ""),
            ),
        ),
    )
