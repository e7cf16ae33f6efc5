"""Login e-mail change through both doors: a code to the new address, a wrong code refused on
the code field, the right one switches the address the person signs in with."""

from __future__ import annotations

from monparis_app.messages import message_for
from tests.conftest import Mailbox
from tests.helpers import GOOD_PASSWORD, code_in, create_account
from tests.journeys.doors import Door, expect

EMAIL = "ancien@exemple.fr"
NEW_EMAIL = "nouveau@exemple.fr"


def wrong(code: str) -> str:
    return f"{(int(code) + 5) % 10000:04d}"


async def test_wrong_code_then_right_code(door: Door, mail_sender: Mailbox) -> None:
    await create_account(email=EMAIL)
    expect(door, await door.sign_in(EMAIL, GOOD_PASSWORD), "signed_in")
    expect(door, await door.request_email_change(NEW_EMAIL), "email_change_requested")
    code = code_in((await mail_sender.wait_for(NEW_EMAIL))[-1])

    refused = await door.confirm_email_change(wrong(code))
    expect(door, refused, "field_errors", errors={"code": message_for("code.invalid")})
    changed = await door.confirm_email_change(code)
    expect(door, changed, "email_changed", message_for("email_change.done", email=NEW_EMAIL))

    expect(door, await door.sign_in(NEW_EMAIL, GOOD_PASSWORD), "signed_in")
    old = await door.sign_in(EMAIL, GOOD_PASSWORD)
    expect(door, old, "refused", "Courriel ou mot de passe incorrect.")


async def test_the_same_address_is_refused(door: Door) -> None:
    await create_account(email=EMAIL)
    expect(door, await door.sign_in(EMAIL, GOOD_PASSWORD), "signed_in")
    same = await door.request_email_change(EMAIL)
    expect(door, same, "field_errors", errors={"new_email": message_for("new_email.same")})
