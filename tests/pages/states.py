"""Page states without a browser: the state tree built in memory, as Reflex builds it per tab."""

from __future__ import annotations

from typing import Any, TypeVar

import pytest
import reflex as rx
from reflex.state import BaseState

from monparis_app.core import sessions
from monparis_app.pages import session as web_session
from tests.helpers import create_account

T = TypeVar("T", bound=BaseState)
UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"


def find(state: BaseState, cls: type[T]) -> T:
    """The instance of ``cls`` in the tree under ``state``."""
    if isinstance(state, cls):
        return state
    for sub in state.substates.values():
        found = find(sub, cls)
        if found is not None:
            return found
    return None  # type: ignore[return-value]


def tree() -> rx.State:
    return rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]


def in_tree(cls: type[T]) -> T:
    """A fresh tab's instance of ``cls``."""
    return find(tree(), cls)


async def sign_in_as(email: str, monkeypatch: pytest.MonkeyPatch) -> sessions.SessionView:
    """An account and its session, returned wherever a page state asks who is signed in (the
    states call ``session.signed_in_session`` through its module: one double serves them all)."""
    account = await create_account(email=email)
    token = await sessions.open_session(account.id, user_agent=UA, client_ip="203.0.113.9")
    session = await sessions.current_session(token)
    assert session is not None

    async def current(_state: Any) -> sessions.SessionView | None:
        return await sessions.current_session(token)

    monkeypatch.setattr(web_session, "signed_in_session", current)
    return session
