"""The account page, "Gérer vos données personnelles": what it shows, read from the core.

``AccountState`` holds the read side (profile, sessions, activity) and ``open_section``, the
one card whose form or details are open: opening a card closes the others. Each section of the
page is a substate, in the module of its view (``email``, ``password``, ``profile``,
``franceconnect``, ``security``), with its own errors and status, shown in its own card only;
opening a card clears every section's messages (``_reset_section``), so they never pile up.
Every handler asks the cookie who is signed in (``session.signed_in_session``, called through
its module so one test double serves them all): a session revoked elsewhere is refused at the
next click, not at the next page load.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import reflex as rx

from monparis_app.core import audit, sessions
from monparis_app.core.identity_fields import phone_for_display
from monparis_app.core.profile import EDITABLE_FIELDS, Profile, get_profile
from monparis_app.messages import message_for
from monparis_app.pages import session as web_session
from monparis_app.pages.form_events import focus
from monparis_app.web import routes

PROFILE_FIELDS: tuple[str, ...] = EDITABLE_FIELDS
PARIS = ZoneInfo("Europe/Paris")


def when(moment: datetime | None) -> str:
    """ "27/11/2026 à 20:45", Paris time: how a person reads a date on this page."""
    if moment is None:
        return ""
    return moment.astimezone(PARIS).strftime("%d/%m/%Y à %H:%M")


def leave_for(url: str) -> Any:
    """A full page load, not a client-side change of route: the next page's ``on_load`` reads
    its query (``?notice=…``, ``?raison=…``) from the address it was loaded at, as after the
    HTTP redirects, and the tab starts afresh, keeping nothing of the account it showed."""
    return rx.call_script(f"window.location.replace({json.dumps(url)})")


def to_sign_in() -> Any:
    """The session ended (or never was): to the sign-in page, which says why."""
    return leave_for(routes.SIGN_IN_REQUIRED)


def _profile_values(profile: Profile) -> dict[str, str]:
    """What the form shows: the birthplace and country by name (a FranceConnect identity
    certifies COG codes such as "75107"), the phone as people write it in France."""
    values = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    values["phone"] = phone_for_display(profile.phone)
    values["birth_place"] = profile.birth_place_name
    values["birth_country"] = profile.birth_country_name
    return {name: "" if v is None else str(v) for name, v in values.items()}


def _joined(*parts: str | None, separator: str = " ") -> str:
    return separator.join(part for part in parts if part)


def _profile_summary(profile: Profile) -> dict[str, str]:
    """The profile card's lines: name, birth, address (empty when nothing is known)."""
    born = profile.birth_date.strftime("%d/%m/%Y") if profile.birth_date else ""
    city = _joined(profile.address_postcode, profile.address_city)
    return {
        "name": _joined(profile.first_names, profile.usage_name or profile.birth_name),
        "birth": _joined(
            born, profile.birth_place_name, profile.birth_country_name, separator=", "
        ),
        "address": _joined(profile.address_line, city, profile.address_country, separator=", "),
    }


def _session_row(row: sessions.SessionView, current_id: Any) -> dict[str, str]:
    return {
        "id": str(row.id),
        "device": row.device or "Appareil inconnu",
        "ip_prefix": row.ip_prefix or "inconnu",
        "created": when(row.created_at),
        "last_seen": when(row.last_seen_at),
        "current": "true" if row.id == current_id else "",
    }


def _activity_row(entry: audit.AuditEntry) -> dict[str, str]:
    return {
        "label": entry.label,
        "when": when(entry.created_at),
        "device": entry.device or "—",
        "ip_prefix": entry.ip_prefix or "—",
    }


class AccountState(rx.State):
    loaded: bool = False
    open_section: str = ""
    email: str = ""
    profile: dict[str, str] = dict.fromkeys(PROFILE_FIELDS, "")
    profile_summary: dict[str, str] = {"name": "", "birth": "", "address": ""}
    sessions_summary: str = ""
    certified: dict[str, bool] = dict.fromkeys(PROFILE_FIELDS, False)
    has_password: bool = True
    franceconnect_linked: bool = False
    password_changed: str = ""
    session_rows: list[dict[str, str]] = []
    has_other_sessions: bool = False
    activity: list[dict[str, str]] = []

    @rx.event
    async def load(self) -> Any:
        """Not signed in (or the session ended): to the sign-in page."""
        session = await web_session.signed_in_session(self)
        self.open_section = ""
        if session is None:
            self._forget()
            return to_sign_in()
        await self._refresh(session)
        return None

    @rx.event
    async def toggle_section(self, name: str, first_focus: str) -> Any:
        """Open the card ``name`` (closing any other) and move focus to ``first_focus``, its
        form's first field or its heading; on an open card, close it and give focus back to
        its button (``<name>-toggle``). Either way every section's messages and errors are
        cleared: a message is about the last thing done, in the card it was done in."""
        opening = self.open_section != name
        for section in type(self).get_substates():
            state = await self.get_state(section)
            if isinstance(state, AccountState):
                state._reset_section()
        self.open_section = name if opening else ""
        return focus(first_focus if opening else f"{name}-toggle")

    def _reset_section(self) -> None:
        """A section's own messages, errors and steps back to their start (each overrides)."""

    def _close_after_success(self, name: str) -> Any:
        """A form done: its card closes, its status says what happened, focus goes back to the
        card's button (the status is read out there, role=status)."""
        if self.open_section == name:
            self.open_section = ""
        return focus(f"{name}-toggle")

    def _forget(self) -> None:
        """Nothing of a previous session stays in the tab's state once it has ended."""
        self.loaded, self.email, self.session_rows, self.activity = False, "", [], []
        self.profile = dict.fromkeys(PROFILE_FIELDS, "")
        self.profile_summary = {"name": "", "birth": "", "address": ""}
        self.open_section = ""

    async def _refresh(self, session: sessions.SessionView) -> None:
        profile = await get_profile(session.account_id)
        if profile is None:
            self._forget()
            return
        self.email = profile.email
        self.profile = _profile_values(profile)
        self.profile_summary = _profile_summary(profile)
        self.certified = {name: name in profile.certified_fields for name in PROFILE_FIELDS}
        self.has_password = profile.has_password
        self.franceconnect_linked = profile.franceconnect_linked
        self.password_changed = when(profile.password_changed_at or profile.created_at)
        rows = await sessions.list_sessions(session.account_id)
        self.session_rows = [_session_row(row, session.id) for row in rows]
        self.has_other_sessions = len(rows) > 1
        self.sessions_summary = message_for("sessions.summary", count=len(rows))
        entries = await audit.recent(session.account_id)
        self.activity = [_activity_row(entry) for entry in entries]
        self.loaded = True
