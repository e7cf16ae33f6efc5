"""Forgotten password: no hint about the address, same code rules, sessions revoked."""

from __future__ import annotations

import pytest

from monparis_app.adapters.mail_sender import send_due
from monparis_app.core import password_reset, sessions, sign_in
from monparis_app.core.errors import InvalidInput
from monparis_app.models import CodeFlow
from tests.conftest import Mailbox, text_of
from tests.helpers import GOOD_PASSWORD, code_in, create_account

IP = "192.0.2.20"
UA = "Mozilla/5.0 Chrome/120.0"
EMAIL = "compte@exemple.fr"
NEW = "Nouveau!Mot2Passe"


async def reset(flow_id, code, password=NEW, confirmation=NEW):  # type: ignore[no-untyped-def]
    return await password_reset.reset_password(
        str(flow_id), code, password, confirmation, client_ip=IP, user_agent=UA
    )


async def test_reset_end_to_end(db: str, smtp_server: Mailbox) -> None:
    account = await create_account()
    token = await sessions.open_session(account.id, user_agent=UA, client_ip=IP)
    requested = await password_reset.request_password_reset(EMAIL, IP)
    await send_due()
    [message] = await smtp_server.wait_for(EMAIL)
    assert "Réinitialisez" in message["Subject"]
    outcome = await reset(requested.flow_id, code_in(message))
    assert outcome == password_reset.PasswordResetDone(account.id)
    assert await sessions.current_session(token) is None
    assert isinstance(
        await sign_in.authenticate(EMAIL, NEW, client_ip=IP, user_agent=UA), sign_in.SignedIn
    )
    await send_due()
    notice = (await smtp_server.wait_for(EMAIL, 2))[-1]
    assert "modifié" in notice["Subject"]
    again = await reset(requested.flow_id, code_in(message))
    assert again == password_reset.CodeRefused("flow.expired")


async def test_unknown_address_gets_the_same_answer_and_no_mail(
    db: str, smtp_server: Mailbox
) -> None:
    await create_account()
    known = await password_reset.request_password_reset(EMAIL, IP)
    unknown = await password_reset.request_password_reset("personne@exemple.fr", IP)
    assert type(known) is type(unknown)
    await send_due()
    assert smtp_server.to("personne@exemple.fr") == []
    for guess in ["0000", "1111"]:
        assert (await reset(unknown.flow_id, guess)).code in (
            "code.invalid",
            "code.too_many_attempts",
        )  # type: ignore[union-attr]


async def test_policy_and_format_are_checked_before_counting_a_try(db: str) -> None:
    await create_account()
    requested = await password_reset.request_password_reset(EMAIL, IP)
    with pytest.raises(InvalidInput) as raised:
        await reset(requested.flow_id, "12", "Azerty123!", "Azerty123!")
    assert {e.code for e in raised.value.errors} == {"code.format", "password.not_common"}
    flow = await CodeFlow.get(id=requested.flow_id)
    assert flow.code_attempts == 0


async def test_three_wrong_codes_burn_it(db: str, smtp_server: Mailbox) -> None:
    await create_account()
    requested = await password_reset.request_password_reset(EMAIL, IP)
    await send_due()
    code = code_in((await smtp_server.wait_for(EMAIL))[0])
    wrong = f"{(int(code) + 1) % 10000:04d}"
    assert (await reset(requested.flow_id, wrong)).attempts_left == 2  # type: ignore[union-attr]
    await reset(requested.flow_id, wrong)
    assert (await reset(requested.flow_id, wrong)).code == "code.too_many_attempts"  # type: ignore[union-attr]
    assert (await reset(requested.flow_id, code)).code == "code.too_many_attempts"  # type: ignore[union-attr]
    assert "Ce code est valable" in text_of((await smtp_server.wait_for(EMAIL))[0])
    _ = GOOD_PASSWORD
