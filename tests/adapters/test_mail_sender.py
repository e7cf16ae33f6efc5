"""The outbox sender: a down SMTP server delays mail but loses none."""

from __future__ import annotations

from monparis_app.adapters.mail_sender import send_due
from monparis_app.core import emails, outbox
from monparis_app.models import OutboxEmail
from tests.conftest import Mailbox, free_port


async def test_down_smtp_server_delays_then_delivers(
    db: str, smtp_server: Mailbox, configure, frozen_clock
) -> None:  # type: ignore[no-untyped-def]
    import os

    working_url = os.environ["MONPARIS_SMTP_URL"]
    configure(SMTP_URL=f"smtp://127.0.0.1:{free_port()}")  # nobody listens there
    await outbox.queue_email("a@exemple.fr", emails.account_deleted())
    assert await send_due() == 0
    row = await OutboxEmail.get(recipient="a@exemple.fr")
    assert (row.attempts, row.sent_at, row.last_error) == (1, None, "SMTPConnectError")
    assert await send_due() == 0  # not due yet: retried after a growing delay
    configure(SMTP_URL=working_url)
    frozen_clock.advance(2)
    assert await send_due() == 1
    [message] = await smtp_server.wait_for("a@exemple.fr")
    assert message["Subject"] == "Votre compte Mon Paris a été supprimé"
    assert await send_due() == 0  # sent once, never twice


async def test_dev_mailbox_keeps_mail_without_smtp(db: str) -> None:
    await outbox.queue_email("b@exemple.fr", emails.account_deleted())
    assert await send_due() == 1
    row = await OutboxEmail.get(recipient="b@exemple.fr")
    assert row.delivered_via == "dev-mailbox"


async def test_mail_is_queued_in_the_callers_transaction(db: str) -> None:
    from tortoise.transactions import in_transaction

    try:
        async with in_transaction() as connection:
            await outbox.queue_email("c@exemple.fr", emails.account_deleted(), connection)
            raise RuntimeError("rollback")
    except RuntimeError:
        pass
    assert await OutboxEmail.filter(recipient="c@exemple.fr").count() == 0
