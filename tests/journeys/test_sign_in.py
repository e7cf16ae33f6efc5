"""Sign-in through both doors: a wrong password is refused in the same words, the right one
opens a session."""

from __future__ import annotations

from monparis_app.core import sessions
from monparis_app.models import Session
from tests.helpers import GOOD_PASSWORD, create_account
from tests.journeys.doors import Door, expect

EMAIL = "connexion@exemple.fr"
INVALID = "Courriel ou mot de passe incorrect."


async def test_a_wrong_password_then_the_right_one(door: Door) -> None:
    account = await create_account(email=EMAIL)
    expect(door, await door.sign_in(EMAIL, "Faux-Passe-9"), "refused", INVALID)
    assert await Session.filter(account_id=account.id).count() == 0
    expect(door, await door.sign_in(EMAIL, GOOD_PASSWORD), "signed_in")
    assert len(await sessions.list_sessions(account.id)) == 1


async def test_an_unknown_address_reads_like_a_wrong_password(door: Door) -> None:
    expect(door, await door.sign_in("personne@exemple.fr", GOOD_PASSWORD), "refused", INVALID)
