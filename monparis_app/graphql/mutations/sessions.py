"""The signed-in account's open sessions and recent activity, and ending one of its sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import strawberry

from monparis_app.core import audit, sessions
from monparis_app.core.sessions import SessionView
from monparis_app.graphql import types as t
from monparis_app.graphql.context import Info
from monparis_app.graphql.permissions import signed_in
from monparis_app.messages import message_for


@strawberry.type
class Session:
    id: strawberry.ID
    device: str
    ip_prefix: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


@strawberry.type
class ActivityEntry:
    kind: str
    label: str
    at: datetime
    device: str


RevokeSessionResult = Annotated[
    t.Done | t.FlowExpired | t.NotSignedIn, strawberry.union("RevokeSessionResult")
]


@strawberry.type
class SessionsQueries:
    @strawberry.field(description="Les sessions ouvertes du compte connecté (vide sans session).")
    async def sessions(self, info: Info) -> list[Session]:
        current = await info.context.session()
        if current is None:
            return []
        return [
            Session(
                id=strawberry.ID(str(s.id)),
                device=s.device,
                ip_prefix=s.ip_prefix,
                created_at=s.created_at,
                last_seen_at=s.last_seen_at,
                current=s.id == current.id,
            )
            for s in await sessions.list_sessions(current.account_id)
        ]

    @strawberry.field(description="Activité récente du compte connecté (vide sans session).")
    async def recent_activity(self, info: Info) -> list[ActivityEntry]:
        current = await info.context.session()
        if current is None:
            return []
        return [
            ActivityEntry(kind=e.kind, label=e.label, at=e.created_at, device=e.device)
            for e in await audit.recent(current.account_id)
        ]


def _session_id(value: strawberry.ID) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


@strawberry.type
class SessionsMutations:
    @strawberry.mutation
    @signed_in
    async def revoke_session(
        self, info: Info, session: SessionView, session_id: strawberry.ID
    ) -> RevokeSessionResult:
        target = _session_id(session_id)
        ended = target is not None and await sessions.revoke_session(
            session.account_id,
            target,
            client_ip=info.context.client_ip,
            user_agent=info.context.user_agent,
        )
        if not ended:
            return t.FlowExpired(message=message_for("sessions.already_ended"))
        return t.Done(message=message_for("sessions.ended_one"))
