"""Sent to the sign-in page from a page that needs a session: the page says why, once."""

# Reflex types an @rx.event method as an EventNamespace: called on an instance it is a method.
# mypy: disable-error-code="operator"

from __future__ import annotations

import pytest
from reflex import constants
from reflex.istate.data import RouterData

from monparis_app.pages.sign_in.state import SignInState
from monparis_app.web import routes
from tests.pages.states import in_tree

REQUIRED = "Vous devez être connecté·e pour accéder à cette page."


async def arrive(path: str) -> tuple[SignInState, str]:
    """The sign-in page loaded at ``path``; its notice and the effect ``load`` returned."""
    query = dict(part.split("=", 1) for part in path.partition("?")[2].split("&") if part)
    state = in_tree(SignInState)
    state.router = RouterData.from_router_data(
        {constants.RouteVar.PATH: routes.SIGN_IN, constants.RouteVar.ORIGIN: path, "query": query}
    )
    effect = await state.load()
    return state, str(effect)


@pytest.mark.usefixtures("db")
async def test_the_reason_is_said_then_leaves_the_address_bar() -> None:
    state, effect = await arrive(routes.SIGN_IN_REQUIRED)
    assert state.notice == REQUIRED
    assert "history.replaceState" in effect  # a reload does not say it again

    state._show("password", "Courriel ou mot de passe incorrect.")
    assert state.notice == ""  # the answer to what was typed replaces it


@pytest.mark.usefixtures("db")
async def test_only_known_reasons_and_nothing_echoed() -> None:
    assert (await arrive(routes.SIGN_IN))[0].notice == ""
    assert (await arrive(f"{routes.SIGN_IN}?raison=<script>"))[0].notice == ""
    assert (await arrive(f"{routes.SIGN_IN}?raison=autre"))[0].notice == ""
    assert routes.SIGN_IN_REQUIRED == "/connexion?raison=connexion-requise"
