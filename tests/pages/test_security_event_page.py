""" "Ce n'était pas moi" without a browser: the link read and forgotten, the event said, one
click secures, and the forgotten-password page opens at its code step."""

# Reflex types an @rx.event method as an EventNamespace: called on an instance it is a method.
# mypy: disable-error-code="operator"

from __future__ import annotations

from typing import Any

from reflex import constants
from reflex.istate.data import RouterData

from monparis_app.core import security_events
from monparis_app.models import Account
from monparis_app.pages.forgot_password.state import ForgotPasswordState
from monparis_app.pages.security_event.page import NotMeState
from monparis_app.web import routes
from tests.helpers import create_account
from tests.pages.states import find, tree

EMAIL = "compte@exemple.fr"


def arrive(state: NotMeState, token: str | None) -> None:
    """The page loaded from the e-mail's link (or reloaded, ``token`` None)."""
    query = {} if token is None else {"jeton": token}
    origin = routes.NOT_ME if token is None else f"{routes.NOT_ME}?jeton={token}"
    state.router = RouterData.from_router_data(
        {constants.RouteVar.PATH: routes.NOT_ME, constants.RouteVar.ORIGIN: origin, "query": query}
    )


async def run(event: Any) -> None:
    """An event handler written as a generator (it yields to show "en cours")."""
    async for _ in event:
        pass


async def test_the_link_is_said_then_secures_once(db: str) -> None:
    account = await create_account(EMAIL)
    url = await security_events.issue_link(
        account.id,
        security_events.PASSWORD_CHANGED,
        device="Firefox sur Windows",
        ip_prefix="203.0.113.0/24",
    )
    root = tree()
    state = find(root, NotMeState)
    arrive(state, url.rpartition("=")[2])
    effect = await state.load()
    assert "history.replaceState" in str(effect)  # the token leaves the address bar
    assert state.step == "event"
    assert state.event_text.startswith(
        "Ce qui s’est passé : le mot de passe de votre compte a été modifié, le "
    )
    assert state.event_text.endswith(
        ", depuis Firefox sur Windows (adresse proche de 203.0.113.0/24)."
    )
    assert state._token and state._token not in str(state.get_delta())  # kept server-side

    await run(state.secure())
    assert state.step == "secured"
    assert state.done[0] == "Toutes les sessions ouvertes sur votre compte ont été fermées."
    assert EMAIL in state.next_step and state.can_reset
    assert (await Account.get(id=account.id)).must_reset_password is True
    forgot = find(root, ForgotPasswordState)
    assert (forgot.step, forgot.email) == ("code", EMAIL) and forgot.flow_id

    arrive(state, None)  # a reload after securing keeps the answer
    await state.load()
    assert state.step == "secured"
    arrive(state, url.rpartition("=")[2])  # the same link again: spent
    await state.load()
    assert state.step == "invalid"


async def test_an_unknown_link_says_it_is_no_longer_valid(db: str) -> None:
    state = find(tree(), NotMeState)
    arrive(state, "inconnu")
    await state.load()
    assert state.step == "invalid"
    await run(state.secure())  # nothing to secure: the button is not even shown
    assert state.step == "invalid"
