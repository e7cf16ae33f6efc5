"""Forgotten password: a code by e-mail if the address has an account (never saying whether),
then ``resetPassword`` with the code and the new password."""

from __future__ import annotations

from typing import Annotated

import strawberry

from monparis_app.core import password_reset
from monparis_app.core.errors import InvalidInput, RateLimited
from monparis_app.graphql import types as t
from monparis_app.graphql.context import Info
from monparis_app.graphql.types import codes
from monparis_app.messages import message_for


@strawberry.type
class PasswordResetRequested:
    flow_id: strawberry.ID
    message: str


RequestPasswordResetResult = Annotated[
    PasswordResetRequested | t.FieldErrors | t.RateLimited,
    strawberry.union("RequestPasswordResetResult"),
]
ResetPasswordResult = Annotated[
    t.Done | t.CodeRefused | t.FieldErrors | t.RateLimited, strawberry.union("ResetPasswordResult")
]


@strawberry.type
class PasswordResetMutations:
    @strawberry.mutation(description="Envoie un code si un compte existe, sans dire s'il existe.")
    async def request_password_reset(self, info: Info, email: str) -> RequestPasswordResetResult:
        try:
            requested = await password_reset.request_password_reset(email, info.context.client_ip)
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        return PasswordResetRequested(
            flow_id=strawberry.ID(str(requested.flow_id)),
            message=message_for("password_reset.requested"),
        )

    @strawberry.mutation
    async def reset_password(
        self,
        info: Info,
        flow_id: strawberry.ID,
        code: str,
        password: str,
        password_confirmation: str,
    ) -> ResetPasswordResult:
        try:
            outcome = await password_reset.reset_password(
                str(flow_id),
                code,
                password,
                password_confirmation,
                client_ip=info.context.client_ip,
                user_agent=info.context.user_agent,
            )
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        if isinstance(outcome, password_reset.CodeRefused):
            # The page's words for an ended request, not the catalogue's sign-up flow.expired.
            expired = message_for("password_reset.flow_expired")
            return codes.code_refused(outcome.code, outcome.attempts_left, request_expired=expired)
        return t.Done(message=message_for("password_reset.done"))
