"""The signed-in account: read it (``me``), edit the profile, change the password."""

from __future__ import annotations

from typing import Annotated

import strawberry

from monparis_app.core import password_change
from monparis_app.core import profile as profiles
from monparis_app.core.errors import InvalidInput
from monparis_app.core.sessions import SessionView
from monparis_app.graphql import types as t
from monparis_app.graphql.context import Info
from monparis_app.graphql.permissions import signed_in
from monparis_app.graphql.types.profile import load_profile
from monparis_app.messages import message_for


@strawberry.input
class ProfileInput:
    sex: t.Sex | None = None
    first_names: str | None = None
    birth_name: str | None = None
    usage_name: str | None = None
    birth_date: str | None = None
    birth_place: str | None = None
    birth_country: str | None = None
    phone: str | None = None
    address_line: str | None = None
    address_postcode: str | None = None
    address_city: str | None = None
    address_country: str | None = None


UpdateProfileResult = Annotated[
    t.ProfileUpdated | t.FieldErrors | t.NotSignedIn, strawberry.union("UpdateProfileResult")
]
ChangePasswordResult = Annotated[
    t.Done | t.FieldErrors | t.NotSignedIn, strawberry.union("ChangePasswordResult")
]


def _changes(data: ProfileInput) -> dict[str, object]:
    """Only the fields the partner sent; the sex as the core spells it."""
    return {
        k: (v.value if isinstance(v, t.Sex) else v) for k, v in vars(data).items() if v is not None
    }


@strawberry.type
class ProfileQueries:
    @strawberry.field(description="Le compte connecté, ou null sans session.")
    async def me(self, info: Info) -> t.Profile | None:
        session = await info.context.session()
        return await load_profile(session.account_id) if session else None


@strawberry.type
class ProfileMutations:
    @strawberry.mutation
    @signed_in
    async def update_profile(
        self, info: Info, session: SessionView, input: ProfileInput
    ) -> UpdateProfileResult:
        try:
            profile = await profiles.update_profile(
                session.account_id,
                _changes(input),
                client_ip=info.context.client_ip,
                user_agent=info.context.user_agent,
            )
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        return t.ProfileUpdated(account=t.Profile.from_core(profile))


@strawberry.type
class PasswordChangeMutations:
    """Its own class only so that ``changePassword`` keeps its place in the published SDL."""

    @strawberry.mutation
    @signed_in
    async def change_password(
        self,
        info: Info,
        session: SessionView,
        current_password: str,
        new_password: str,
        new_password_confirmation: str,
    ) -> ChangePasswordResult:
        try:
            await password_change.change_password(
                session.account_id,
                current_password,
                new_password,
                new_password_confirmation,
                keep_session_id=session.id,
                client_ip=info.context.client_ip,
                user_agent=info.context.user_agent,
            )
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        return t.Done(message=message_for("password_change.done"))
