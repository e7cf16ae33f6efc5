"""One way for a resolver to require a session: ``@signed_in``.

The published contract answers ``NotSignedIn`` as a member of each result union (never a
GraphQL error, which a partner would have to parse apart from a bad query), so this is a
decorator rather than a Strawberry permission class: without a live session it returns
``NotSignedIn()``; with one, it calls the resolver with the session as third argument. The
resolver's GraphQL arguments are the ones after ``session``: it is hidden from the schema.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Concatenate, ParamSpec, TypeVar, cast

from monparis_app.core.sessions import SessionView
from monparis_app.graphql.context import Info
from monparis_app.graphql.types.common import NotSignedIn

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S")

SESSION_PARAMETER = "session"


def signed_in(
    resolver: Callable[Concatenate[S, Info, SessionView, P], Awaitable[R]],
) -> Callable[Concatenate[S, Info, P], Awaitable[R | NotSignedIn]]:
    """``resolver(self, info, session, ...)`` becomes a resolver ``(self, info, ...)`` that
    answers ``NotSignedIn`` without a session; its return union must hold ``NotSignedIn``."""

    @functools.wraps(resolver)
    async def wrapper(self: S, info: Info, *args: P.args, **kwargs: P.kwargs) -> R | NotSignedIn:
        # Strawberry passes ``info`` by name and the GraphQL arguments by name.
        session = await info.context.session()
        if session is None:
            return NotSignedIn()
        return await resolver(self, info, session, *args, **kwargs)

    wrapper.__signature__ = _without_session(resolver)  # type: ignore[attr-defined]
    # ``self`` and ``info`` may come by name (Strawberry sends ``info=``), which the
    # positional-only ``Concatenate`` cannot say; the call shape is the same.
    return cast("Callable[Concatenate[S, Info, P], Awaitable[R | NotSignedIn]]", wrapper)


def _without_session(resolver: Callable[..., object]) -> inspect.Signature:
    """What Strawberry reads to build the field's arguments: the signature minus ``session``."""
    signature = inspect.signature(resolver)
    parameters = list(signature.parameters.values())
    if len(parameters) < 3 or parameters[2].name != SESSION_PARAMETER:
        raise TypeError(f"{resolver.__qualname__}: the third parameter must be `session`")
    return signature.replace(parameters=parameters[:2] + parameters[3:])
