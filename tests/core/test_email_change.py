"""Changing the login e-mail by a code sent to the new address; a taken one reveals nothing."""

from __future__ import annotations

import pytest

from monparis_app.adapters.mail_sender import send_due
from monparis_app.core import email_change, sign_in
from monparis_app.core.code_checks import CodeRefused
from monparis_app.core.errors import InvalidInput, RateLimited
from monparis_app.models import Account
from tests.conftest import Mailbox, text_of
from tests.helpers import GOOD_PASSWORD, code_in, create_account

IP = "192.0.2.30"
UA = "Mozilla/5.0 Chrome/120.0"


async def test_email_change_by_code(db: str, smtp_server: Mailbox) -> None:
    account = await create_account("ancien@exemple.fr")
    pending = await email_change.request_email_change(account.id, "Nouveau@Exemple.fr", IP)
    assert pending.new_email == "nouveau@exemple.fr"
    assert (await Account.get(id=account.id)).email == "ancien@exemple.fr"  # kept until the code
    await send_due()
    [message] = await smtp_server.wait_for("nouveau@exemple.fr")
    assert "Après validation, votre courriel de connexion sera modifié." in text_of(message)
    with pytest.raises(InvalidInput):  # no code at all: no try counted
        await email_change.confirm_email_change(account.id, str(pending.flow_id), "12")
    wrong = "0000" if code_in(message) != "0000" else "1111"
    refused = await email_change.confirm_email_change(account.id, str(pending.flow_id), wrong)
    assert refused == CodeRefused("code.invalid", attempts_left=2)
    assert (
        await email_change.confirm_email_change(account.id, str(pending.flow_id), code_in(message))
        == "nouveau@exemple.fr"
    )
    await send_due()
    [notice] = await smtp_server.wait_for("ancien@exemple.fr")
    assert "nouveau@exemple.fr" in text_of(notice)
    assert isinstance(
        await sign_in.authenticate(
            "nouveau@exemple.fr", GOOD_PASSWORD, client_ip=IP, user_agent=UA
        ),
        sign_in.SignedIn,
    )


async def test_email_change_to_a_taken_address_reveals_nothing(
    db: str, smtp_server: Mailbox
) -> None:
    account = await create_account("moi@exemple.fr")
    await create_account("pris@exemple.fr")
    pending = await email_change.request_email_change(account.id, "pris@exemple.fr", IP)
    await send_due()
    [notice] = await smtp_server.wait_for("pris@exemple.fr")
    assert "déjà un compte" in text_of(notice)
    refused = await email_change.confirm_email_change(account.id, str(pending.flow_id), "1234")
    assert isinstance(refused, CodeRefused)  # no code was sent: none can match
    assert (await Account.get(id=account.id)).email == "moi@exemple.fr"


async def test_email_change_code_can_be_resent_after_the_wait(
    db: str, smtp_server: Mailbox, frozen_clock
) -> None:  # type: ignore[no-untyped-def]
    account = await create_account("ancien@exemple.fr")
    pending = await email_change.request_email_change(account.id, "nouveau@exemple.fr", IP)
    with pytest.raises(RateLimited):
        await email_change.resend_email_change_code(account.id, str(pending.flow_id), IP)
    frozen_clock.advance(60)
    assert await email_change.resend_email_change_code(account.id, str(pending.flow_id), IP)
    await send_due()
    first, second = await smtp_server.wait_for("nouveau@exemple.fr", 2)
    new_email = await email_change.confirm_email_change(
        account.id, str(pending.flow_id), code_in(second)
    )
    assert new_email == "nouveau@exemple.fr"
    assert not await email_change.resend_email_change_code(account.id, str(pending.flow_id), IP)
    assert first is not second
