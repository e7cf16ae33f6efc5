"""The account page, "Gérer vos données personnelles": what it shows, read from the core.

``AccountState`` holds the read side (profile, sessions, activity); each section of the page is
a substate, in the module of its view (``email``, ``password``, ``profile``, ``franceconnect``,
``security``), with its own errors and status, so one section's message never clears another's.
Every handler asks the cookie who is signed in (``session.signed_in_session``, called through
its module so one test double serves them all): a session revoked elsewhere is refused at the
next click, not at the next page load.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import reflex as rx

from monparis_app.core import audit, sessions
from monparis_app.core.identity_fields import phone_for_display
from monparis_app.core.profile import EDITABLE_FIELDS, Profile, get_profile
from monparis_app.pages import session as web_session
from monparis_app.web import routes

PROFILE_FIELDS: tuple[str, ...] = EDITABLE_FIELDS
PARIS = ZoneInfo("Europe/Paris")


def when(moment: datetime | None) -> str:
    """ "27/11/2026 à 20:45", Paris time: how a person reads a date on this page."""
    if moment is None:
        return ""
    return moment.astimezone(PARIS).strftime("%d/%m/%Y à %H:%M")


def _profile_values(profile: Profile) -> dict[str, str]:
    values = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    values["phone"] = phone_for_display(profile.phone)
    return {name: "" if v is None else str(v) for name, v in values.items()}


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
    email: str = ""
    profile: dict[str, str] = dict.fromkeys(PROFILE_FIELDS, "")
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
        if session is None:
            self._forget()
            return rx.redirect(routes.SIGN_IN)
        await self._refresh(session)
        return None

    def _forget(self) -> None:
        """Nothing of a previous session stays in the tab's state once it has ended."""
        self.loaded, self.email, self.session_rows, self.activity = False, "", [], []
        self.profile = dict.fromkeys(PROFILE_FIELDS, "")

    async def _refresh(self, session: sessions.SessionView) -> None:
        profile = await get_profile(session.account_id)
        if profile is None:
            self._forget()
            return
        self.email = profile.email
        self.profile = _profile_values(profile)
        self.certified = {name: name in profile.certified_fields for name in PROFILE_FIELDS}
        self.has_password = profile.has_password
        self.franceconnect_linked = profile.franceconnect_linked
        self.password_changed = when(profile.password_changed_at or profile.created_at)
        rows = await sessions.list_sessions(session.account_id)
        self.session_rows = [_session_row(row, session.id) for row in rows]
        self.has_other_sessions = len(rows) > 1
        entries = await audit.recent(session.account_id)
        self.activity = [_activity_row(entry) for entry in entries]
        self.loaded = True
