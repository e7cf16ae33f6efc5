"""The home page's notices: the account deletion now ends on "Votre compte a été supprimé"."""

# Reflex types an @rx.event method as an EventNamespace: called on an instance it is a method.
# mypy: disable-error-code="operator"

from __future__ import annotations

import re
from typing import Any, TypeVar

import pytest
import reflex as rx
from reflex import constants
from reflex.istate.data import RouterData
from reflex.state import BaseState

from monparis_app.core import sessions
from monparis_app.models import Account
from monparis_app.pages import session as web_session
from monparis_app.pages.account.security import DataSection
from monparis_app.pages.home import HomeState
from tests.helpers import GOOD_PASSWORD, create_account

T = TypeVar("T", bound=BaseState)
DELETED = "Votre compte a été supprimé. Un courriel vous le confirme."


def find(state: BaseState, cls: type[T]) -> T | None:
    if isinstance(state, cls):
        return state
    for sub in state.substates.values():
        found = find(sub, cls)
        if found is not None:
            return found
    return None


def in_tree(cls: type[T]) -> T:
    found = find(rx.State(_reflex_internal_init=True), cls)  # type: ignore[call-arg]
    assert found is not None
    return found


def home_notice(path: str) -> str:
    """What the home page shows when the browser lands on ``path``."""
    query = dict(part.split("=", 1) for part in path.partition("?")[2].split("&") if part)
    home = in_tree(HomeState)
    home.router = RouterData.from_router_data(
        {constants.RouteVar.PATH: "/", constants.RouteVar.ORIGIN: path, "query": query}
    )
    home.load()
    return home.notice


def redirect_path(event: Any) -> str:
    """Where the page sends the browser: a full page load (``window.location.replace``)."""
    script = str(event)
    assert "window.location.replace" in script
    found = re.search(r"/\?notice=\w+", script)
    assert found is not None, script
    return found.group(0)


@pytest.fixture
async def signed_in(db: str, monkeypatch: pytest.MonkeyPatch) -> sessions.SessionView:
    created = await create_account(email="adieu@exemple.fr")
    token = await sessions.open_session(created.id, user_agent="Firefox", client_ip="203.0.113.9")

    async def current(_state: Any) -> sessions.SessionView | None:
        return await sessions.current_session(token)

    monkeypatch.setattr(web_session, "signed_in_session", current)
    session = await current(None)
    assert session is not None
    return session


async def test_deleting_the_account_lands_on_the_deleted_notice(signed_in: Any) -> None:
    section = in_tree(DataSection)
    form = {"delete_password": GOOD_PASSWORD, "delete_confirmation": "SUPPRIMER"}
    await section.delete(form)  # "Êtes-vous sûr·e ?"
    event = await section.delete(form)  # "Supprimer définitivement"
    assert not await Account.exists(id=signed_in.account_id)
    assert redirect_path(event) == "/?notice=deleted"
    assert home_notice(redirect_path(event)) == DELETED


def test_known_notices_only() -> None:
    assert home_notice("/?notice=signed_out") == "Vous êtes déconnecté·e de Mon Paris."
    assert home_notice("/?notice=fallback") == ""
    assert home_notice("/?notice=<script>") == ""
    assert home_notice("/") == ""
