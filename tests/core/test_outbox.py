"""The outbox's rules: rows know their account, sent rows are purged after the retention
period, and a burst of sender passes sends each row once."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from monparis_app.adapters.mail_sender import send_due
from monparis_app.core import (
    data_rights,
    email_change,
    emails,
    maintenance,
    outbox,
    password_change,
)
from monparis_app.core.clock import FrozenClock
from monparis_app.models import OutboxEmail
from tests.conftest import Mailbox
from tests.helpers import GOOD_PASSWORD, code_in, create_account

# A security notice needs its "Ce n'était pas moi" link; any link does here.
NOT_ME = "https://monparis.exemple.fr/ce-n-etait-pas-moi?jeton=t"

IP = "192.0.2.40"


async def test_sent_mail_is_purged_after_the_retention_period(
    db: str, configure, frozen_clock: FrozenClock
) -> None:  # type: ignore[no-untyped-def]
    configure(MAIL_RETENTION_DAYS="30")
    kept = await outbox.queue_email(
        "k@exemple.fr", emails.password_changed(NOT_ME), account_id=None
    )
    assert await send_due() == 1
    pending = await outbox.queue_email(
        "l@exemple.fr", emails.password_changed(NOT_ME), account_id=None
    )
    frozen_clock.advance(timedelta(days=29, hours=23, minutes=59).total_seconds())
    assert await outbox.purge_old_emails() == 0
    assert await OutboxEmail.filter(id=kept.id).exists()
    frozen_clock.advance(60)  # exactly 30 days after it was sent
    assert await maintenance.purge_once() >= 1
    assert not await OutboxEmail.filter(id=kept.id).exists()
    assert await OutboxEmail.filter(id=pending.id).exists()  # never sent: not purged


async def test_given_up_mail_is_purged_too(db: str, frozen_clock: FrozenClock) -> None:
    row = await outbox.queue_email(
        "m@exemple.fr", emails.registration_code("4729", 10), account_id=None
    )
    frozen_clock.advance(600)
    assert await outbox.expire_codes() == 1
    frozen_clock.advance(timedelta(days=30).total_seconds())
    assert await outbox.purge_old_emails() == 1
    assert not await OutboxEmail.filter(id=row.id).exists()


async def test_export_and_deletion_cover_an_earlier_address(db: str, smtp_server: Mailbox) -> None:
    account = await create_account("ancien@exemple.fr")
    await password_change.change_password(
        account.id, GOOD_PASSWORD, "Zq8!mNv4rT", "Zq8!mNv4rT", keep_session_id=None
    )
    pending = await email_change.request_email_change(account.id, "nouveau@exemple.fr", IP)
    await send_due()
    [message] = await smtp_server.wait_for("nouveau@exemple.fr")
    code = code_in(message)
    assert await email_change.confirm_email_change(account.id, str(pending.flow_id), code)
    await send_due()
    # Someone else's sign-up code to another address is not this account's.
    await outbox.queue_email(
        "autre@exemple.fr", emails.registration_code("1111", 10), account_id=None
    )

    data = await data_rights.export_data(account.id)
    sent = {(m["to"], m["subject"]) for m in data["emails_sent"]}
    assert ("ancien@exemple.fr", emails.password_changed(NOT_ME).subject) in sent
    assert ("ancien@exemple.fr", emails.email_changed("x", NOT_ME).subject) in sent
    assert ("nouveau@exemple.fr", emails.email_change_code("x", 10).subject) in sent
    assert len(sent) == 3
    assert code not in json.dumps(data)  # the code was delivered: the export cannot show it

    await data_rights.delete_account(account.id, "Zq8!mNv4rT", "SUPPRIMER")
    left = await OutboxEmail.all().values_list("recipient", "kind")
    assert sorted(left) == [
        ("autre@exemple.fr", "registration_code"),
        ("nouveau@exemple.fr", "account_deleted"),
    ]
    assert await OutboxEmail.filter(account_id=account.id).count() == 0


async def test_each_row_belongs_to_its_account(db: str, smtp_server: Mailbox) -> None:
    """A notice to a taken address belongs to that address's owner, not to the requester,
    whose export would otherwise reveal that the address has an account."""
    requester = await create_account("demandeur@exemple.fr")
    owner = await create_account("pris@exemple.fr")
    await email_change.request_email_change(requester.id, "pris@exemple.fr", IP)
    await email_change.request_email_change(requester.id, "libre@exemple.fr", IP)
    rows = {r.recipient: r.account_id for r in await OutboxEmail.all()}
    assert rows == {"pris@exemple.fr": owner.id, "libre@exemple.fr": requester.id}


async def test_a_burst_of_sender_passes_sends_each_row_once(db: str, smtp_server: Mailbox) -> None:
    addresses = [f"rafale{i}@exemple.fr" for i in range(10)]
    for i, address in enumerate(addresses):
        content = (
            emails.registration_code(f"{i:04d}", 10) if i % 2 else emails.password_changed(NOT_ME)
        )
        await outbox.queue_email(address, content, account_id=None)
    delivered = await asyncio.gather(*(send_due() for _ in range(10)))
    assert sum(delivered) == 10
    await asyncio.sleep(0.2)
    assert sorted(str(m["To"]) for m in smtp_server.messages) == sorted(addresses)
    assert await OutboxEmail.filter(sent_at=None).count() == 0
