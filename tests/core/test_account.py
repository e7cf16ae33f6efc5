"""The account page's rules: certified fields, e-mail change by code, export, deletion."""

from __future__ import annotations

import json

import pytest

from monparis_app.adapters.mail_sender import send_due
from monparis_app.core import account as accounts
from monparis_app.core import sessions, sign_in
from monparis_app.core.errors import InvalidInput
from monparis_app.models import Account, AuditEvent, Session
from tests.conftest import Mailbox, text_of
from tests.helpers import GOOD_PASSWORD, code_in, create_account

IP = "192.0.2.30"
UA = "Mozilla/5.0 Chrome/120.0"


async def test_profile_update_normalises_and_audits(db: str) -> None:
    account = await create_account()
    profile = await accounts.update_profile(
        account.id,
        {
            "usage_name": "Martin",
            "birth_date": "1980-02-29",
            "phone": "06 12 34 56 78",
            "address_line": "4 rue Lobau",
            "address_postcode": "75004",
            "address_city": "Paris",
        },
    )
    assert (profile.usage_name, profile.phone, str(profile.birth_date)) == (
        "Martin",
        "+33612345678",
        "1980-02-29",
    )
    assert await AuditEvent.filter(account_id=account.id, kind="profile_updated").count() == 1


async def test_bad_profile_input_changes_nothing(db: str) -> None:
    account = await create_account()
    with pytest.raises(InvalidInput) as raised:
        await accounts.update_profile(
            account.id,
            {"usage_name": "Martin", "birth_date": "2999-01-01", "phone": "12", "email": "x@y.fr"},
        )
    assert {(e.field, e.code) for e in raised.value.errors} == {
        ("birth_date", "birth_date.invalid"),
        ("phone", "phone.invalid"),
        ("email", "profile.unknown_field"),
    }
    assert (await Account.get(id=account.id)).usage_name is None


async def test_certified_fields_are_locked(db: str) -> None:
    account = await create_account(certified_fields=["first_names", "birth_name"], fc_sub="abc")
    with pytest.raises(InvalidInput) as raised:
        await accounts.update_profile(account.id, {"first_names": "Autre"})
    assert raised.value.errors[0].code == "profile.certified"


async def test_change_password_needs_the_current_one_and_revokes_others(db: str) -> None:
    account = await create_account()
    keep = await sessions.open_session(account.id, user_agent=UA, client_ip=IP)
    other = await sessions.open_session(account.id, user_agent=UA, client_ip=IP)
    kept = await sessions.current_session(keep)
    with pytest.raises(InvalidInput) as raised:
        await accounts.change_password(
            account.id,
            "Faux!123x",
            "Nouveau!Mot2Passe",
            "Nouveau!Mot2Passe",
            keep_session_id=kept.id if kept else None,
        )
    assert raised.value.errors[0].code == "current_password.invalid"
    await accounts.change_password(
        account.id,
        GOOD_PASSWORD,
        "Nouveau!Mot2Passe",
        "Nouveau!Mot2Passe",
        keep_session_id=kept.id if kept else None,
    )
    assert await sessions.current_session(keep)
    assert await sessions.current_session(other) is None


async def test_email_change_by_code(db: str, smtp_server: Mailbox) -> None:
    account = await create_account("ancien@exemple.fr")
    pending = await accounts.request_email_change(account.id, "Nouveau@Exemple.fr", IP)
    assert pending.new_email == "nouveau@exemple.fr"
    assert (await Account.get(id=account.id)).email == "ancien@exemple.fr"  # kept until the code
    await send_due()
    [message] = await smtp_server.wait_for("nouveau@exemple.fr")
    assert "Après validation, votre courriel de connexion sera modifié." in text_of(message)
    with pytest.raises(InvalidInput):
        await accounts.confirm_email_change(account.id, str(pending.flow_id), "12")
    assert (
        await accounts.confirm_email_change(account.id, str(pending.flow_id), code_in(message))
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
    pending = await accounts.request_email_change(account.id, "pris@exemple.fr", IP)
    await send_due()
    [notice] = await smtp_server.wait_for("pris@exemple.fr")
    assert "déjà un compte" in text_of(notice)
    with pytest.raises(InvalidInput):
        await accounts.confirm_email_change(account.id, str(pending.flow_id), "1234")
    assert (await Account.get(id=account.id)).email == "moi@exemple.fr"


async def test_export_contains_everything_we_hold(db: str, smtp_server: Mailbox) -> None:
    account = await create_account()
    await sessions.open_session(account.id, user_agent=UA, client_ip=IP)
    await accounts.request_email_change(account.id, "autre@exemple.fr", IP)
    await accounts.update_profile(account.id, {"usage_name": "Martin"})
    data = await accounts.export_data(account.id)
    text = json.dumps(data)
    assert (
        data["account"]["email"] == "compte@exemple.fr"
        and data["account"]["usage_name"] == "Martin"
    )
    assert len(data["sessions"]) == 1 and data["sessions"][0]["ip_prefix"] == "192.0.2.0/24"
    assert {e["event"] for e in data["activity"]} >= {"profile_updated"}
    assert "password_hash" not in text and "argon2" not in text


async def test_delete_account(db: str, smtp_server: Mailbox) -> None:
    account = await create_account()
    token = await sessions.open_session(account.id, user_agent=UA, client_ip=IP)
    with pytest.raises(InvalidInput) as raised:
        await accounts.delete_account(account.id, "Faux!123x", "oui")
    assert {e.field for e in raised.value.errors} == {"password", "confirmation"}
    await accounts.delete_account(account.id, GOOD_PASSWORD, "supprimer")
    assert await Account.filter(id=account.id).count() == 0
    assert await Session.filter(account_id=account.id).count() == 0
    assert await sessions.current_session(token) is None
    await send_due()
    [goodbye] = await smtp_server.wait_for("compte@exemple.fr")
    assert "supprimé" in goodbye["Subject"]
    assert isinstance(
        await sign_in.authenticate("compte@exemple.fr", GOOD_PASSWORD, client_ip=IP, user_agent=UA),
        sign_in.SignInRefused,
    )
    await create_account()  # the address can sign up again


async def test_email_change_code_can_be_resent_after_the_wait(
    db: str, smtp_server: Mailbox, frozen_clock
) -> None:  # type: ignore[no-untyped-def]
    from monparis_app.core.errors import RateLimited

    account = await create_account("ancien@exemple.fr")
    pending = await accounts.request_email_change(account.id, "nouveau@exemple.fr", IP)
    with pytest.raises(RateLimited):
        await accounts.resend_email_change_code(account.id, str(pending.flow_id), IP)
    frozen_clock.advance(60)
    assert await accounts.resend_email_change_code(account.id, str(pending.flow_id), IP)
    await send_due()
    first, second = await smtp_server.wait_for("nouveau@exemple.fr", 2)
    new_email = await accounts.confirm_email_change(
        account.id, str(pending.flow_id), code_in(second)
    )
    assert new_email == "nouveau@exemple.fr"
    assert not await accounts.resend_email_change_code(account.id, str(pending.flow_id), IP)
    assert first is not second
