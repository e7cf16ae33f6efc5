"""``@signed_in``: the one way a resolver requires a session, invisible in the schema."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

import pytest
from graphql import GraphQLUnionType, get_named_type

from monparis_app.core.sessions import SessionView
from monparis_app.graphql.context import Info
from monparis_app.graphql.permissions import signed_in
from monparis_app.graphql.schema import schema
from monparis_app.graphql.types import Done, NotSignedIn


def _fields_that_answer_not_signed_in() -> dict[str, list[str]]:
    mutation = schema._schema.mutation_type
    assert mutation is not None
    found = {}
    for name, field in mutation.fields.items():
        result = get_named_type(field.type)
        if isinstance(result, GraphQLUnionType) and "NotSignedIn" in {
            member.name for member in result.types
        }:
            found[name] = list(field.args)
    return found


def test_the_session_is_never_a_graphql_argument() -> None:
    fields = _fields_that_answer_not_signed_in()
    assert set(fields) == {
        "logout",
        "updateProfile",
        "requestEmailChange",
        "confirmEmailChange",
        "changePassword",
        "revokeSession",
        "exportMyData",
        "deleteAccount",
        "passkeyRegistrationOptions",
        "passkeyRegister",
        "renamePasskey",
        "removePasskey",
        "revokeService",
    }
    assert fields["confirmEmailChange"] == ["flowId", "code"]
    assert all("session" not in args for args in fields.values())


def test_a_resolver_must_take_the_session_third() -> None:
    async def forgot_it(self: object, info: Info, code: str) -> Done:
        return Done(message=code)

    with pytest.raises(TypeError, match="third parameter must be `session`"):
        signed_in(forgot_it)  # type: ignore[arg-type]


def _info(session: SessionView | None) -> Any:
    """Just what ``@signed_in`` reads: ``info.context.session()``."""

    async def current() -> SessionView | None:
        return session

    return SimpleNamespace(context=SimpleNamespace(session=current))


async def test_the_resolver_runs_only_with_a_session() -> None:
    async def whose(self: object, info: Info, session: SessionView, suffix: str) -> Done:
        return Done(message=f"{session.device}{suffix}")

    now = datetime.now(UTC)
    view = SessionView(
        id=uuid4(),
        account_id=uuid4(),
        created_at=now,
        last_seen_at=now,
        device="Firefox",
        ip_prefix="",
        fc_id_token=None,
    )
    wrapped: Any = signed_in(whose)
    assert await wrapped(None, info=_info(view), suffix=" !") == Done(message="Firefox !")
    assert isinstance(await wrapped(None, info=_info(None), suffix=""), NotSignedIn)
