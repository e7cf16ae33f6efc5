"""Login e-mail change: a code to the new address, then ``confirmEmailChange`` with it.

A wrong, expired or spent code is answered as ``FieldErrors`` on the ``code`` field (the published
contract; the other code journeys answer a ``CodeRefusal``), an ended request as ``FlowExpired``.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from monparis_app.core import email_change
from monparis_app.core.code_checks import CodeRefused
from monparis_app.core.errors import InvalidInput, RateLimited
from monparis_app.core.sessions import SessionView
from monparis_app.graphql import types as t
from monparis_app.graphql.context import Info
from monparis_app.graphql.permissions import signed_in
from monparis_app.graphql.types.profile import load_profile
from monparis_app.messages import message_for


@strawberry.type
class EmailChangeRequested:
    flow_id: strawberry.ID
    new_email: str


RequestEmailChangeResult = Annotated[
    EmailChangeRequested | t.FieldErrors | t.RateLimited | t.NotSignedIn,
    strawberry.union("RequestEmailChangeResult"),
]
ConfirmEmailChangeResult = Annotated[
    t.ProfileUpdated | t.FieldErrors | t.FlowExpired | t.RateLimited | t.NotSignedIn,
    strawberry.union("ConfirmEmailChangeResult"),
]


@strawberry.type
class EmailChangeMutations:
    @strawberry.mutation
    @signed_in
    async def request_email_change(
        self, info: Info, session: SessionView, new_email: str
    ) -> RequestEmailChangeResult:
        try:
            pending = await email_change.request_email_change(
                session.account_id, new_email, info.context.client_ip
            )
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        return EmailChangeRequested(
            flow_id=strawberry.ID(str(pending.flow_id)), new_email=pending.new_email
        )

    @strawberry.mutation
    @signed_in
    async def confirm_email_change(
        self, info: Info, session: SessionView, flow_id: strawberry.ID, code: str
    ) -> ConfirmEmailChangeResult:
        try:
            changed = await email_change.confirm_email_change(
                session.account_id,
                str(flow_id),
                code,
                client_ip=info.context.client_ip,
                user_agent=info.context.user_agent,
            )
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        if isinstance(changed, CodeRefused):
            return t.FieldErrors.from_core(changed.field_errors())
        if changed is None:
            return t.FlowExpired(message=message_for("email_change.expired"))
        profile = await load_profile(session.account_id)
        assert profile is not None
        return t.ProfileUpdated(account=profile)
