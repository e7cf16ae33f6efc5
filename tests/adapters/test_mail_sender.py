"""The outbox sender: a down SMTP server delays mail but loses none; codes arrive while they
are valid or not at all, and leave the database once delivered."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

from monparis_app.adapters import mail_sender
from monparis_app.adapters.mail_sender import CODE_RETRY_MAX_SECONDS, DELIVERY_LANES, send_due
from monparis_app.core import emails, outbox
from monparis_app.core.clock import FrozenClock
from monparis_app.models import OutboxEmail
from monparis_app.settings import get_settings
from monparis_app.web import routes
from tests.conftest import Mailbox, free_port, text_of

# A security notice needs its "Ce n'était pas moi" link; any link does here.
NOT_ME = "https://monparis.exemple.fr/ce-n-etait-pas-moi?jeton=t"

CODE = "4729"  # appears nowhere else in the e-mail's text or HTML


async def test_down_smtp_server_delays_then_delivers(
    db: str, smtp_server: Mailbox, configure, frozen_clock
) -> None:  # type: ignore[no-untyped-def]
    import os

    working_url = os.environ["MONPARIS_SMTP_URL"]
    configure(SMTP_URL=f"smtp://127.0.0.1:{free_port()}")  # nobody listens there
    await outbox.queue_email("a@exemple.fr", emails.account_deleted(), account_id=None)
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
    await outbox.queue_email("b@exemple.fr", emails.account_deleted(), account_id=None)
    assert await send_due() == 1
    row = await OutboxEmail.get(recipient="b@exemple.fr")
    assert row.delivered_via == "dev-mailbox"


async def test_mail_is_queued_in_the_callers_transaction(db: str) -> None:
    from tortoise.transactions import in_transaction

    try:
        async with in_transaction() as connection:
            await outbox.queue_email(
                "c@exemple.fr", emails.account_deleted(), connection, account_id=None
            )
            raise RuntimeError("rollback")
    except RuntimeError:
        pass
    assert await OutboxEmail.filter(recipient="c@exemple.fr").count() == 0


def html_of(message) -> str:  # type: ignore[no-untyped-def]
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())


async def test_code_leaves_the_row_once_delivered(db: str, smtp_server: Mailbox) -> None:
    await outbox.queue_email("d@exemple.fr", emails.registration_code(CODE, 10), account_id=None)
    queued = await OutboxEmail.get(recipient="d@exemple.fr")
    assert CODE not in queued.text_body + queued.html_body  # not even before delivery
    assert await send_due() == 1
    [message] = await smtp_server.wait_for("d@exemple.fr")
    assert CODE in text_of(message) and CODE in html_of(message)
    assert emails.CODE_MASK not in text_of(message) + html_of(message)
    row = await OutboxEmail.get(recipient="d@exemple.fr")
    assert CODE not in row.text_body and CODE not in row.html_body
    assert emails.CODE_MASK in row.text_body and emails.CODE_MASK in row.html_body
    assert (row.code, row.delivered_via) == (None, "smtp")


async def test_expired_code_is_not_sent_after_an_outage(
    db: str, smtp_server: Mailbox, configure, frozen_clock: FrozenClock, caplog
) -> None:  # type: ignore[no-untyped-def]
    working_url = os.environ["MONPARIS_SMTP_URL"]
    configure(SMTP_URL=f"smtp://127.0.0.1:{free_port()}", CODE_TTL_SECONDS="600")
    await outbox.queue_email("e@exemple.fr", emails.password_reset_code(CODE, 10), account_id=None)
    assert await send_due() == 0
    frozen_clock.advance(600)  # the code has just expired; the server comes back
    configure(SMTP_URL=working_url)
    with caplog.at_level(logging.ERROR, logger="monparis.mail"):
        assert await send_due() == 0
        assert await send_due() == 0
    assert smtp_server.to("e@exemple.fr") == []
    row = await OutboxEmail.get(recipient="e@exemple.fr")
    assert row.sent_at is None and row.gave_up_at is not None
    assert (row.code, row.last_error) == (None, outbox.CODE_EXPIRED)
    assert CODE not in row.text_body + row.html_body
    [line] = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert "password_reset_code" in line and str(row.id) in line
    assert "e@exemple.fr" not in line and CODE not in line


async def test_code_is_retried_every_few_seconds_until_the_server_is_back(
    db: str, smtp_server: Mailbox, configure, frozen_clock: FrozenClock
) -> None:  # type: ignore[no-untyped-def]
    working_url = os.environ["MONPARIS_SMTP_URL"]
    configure(SMTP_URL=f"smtp://127.0.0.1:{free_port()}", MAIL_MAX_ATTEMPTS="20")
    await outbox.queue_email("f@exemple.fr", emails.email_change_code(CODE, 10), account_id=None)
    outage_start = frozen_clock.now()
    while (frozen_clock.now() - outage_start).total_seconds() < 9 * 60:  # a 9-minute outage
        assert await send_due() == 0
        row = await OutboxEmail.get(recipient="f@exemple.fr")
        wait = (row.next_attempt_at - frozen_clock.now()).total_seconds()
        assert 0 < wait <= CODE_RETRY_MAX_SECONDS
        frozen_clock.current = row.next_attempt_at
    assert row.attempts > 20  # a code e-mail is bounded by its expiry, not by a try count
    assert row.gave_up_at is None
    configure(SMTP_URL=working_url)
    assert await send_due() == 1
    [message] = await smtp_server.wait_for("f@exemple.fr")
    assert CODE in text_of(message)


async def test_other_mail_backs_off_then_is_abandoned_with_one_error_line(
    db: str, configure, frozen_clock: FrozenClock, caplog
) -> None:  # type: ignore[no-untyped-def]
    configure(SMTP_URL=f"smtp://127.0.0.1:{free_port()}", MAIL_MAX_ATTEMPTS="4")
    queued = await outbox.queue_email(
        "g@exemple.fr", emails.password_changed(NOT_ME), account_id=None
    )
    waits = []
    with caplog.at_level(logging.WARNING, logger="monparis.mail"):
        for _ in range(4):
            assert await send_due() == 0
            row = await OutboxEmail.get(id=queued.id)
            waits.append((row.next_attempt_at - frozen_clock.now()).total_seconds())
            frozen_clock.advance(3600)
        assert await send_due() == 0  # nothing left to try, and no second error line
    assert waits[:3] == [2, 4, 8]  # growing back-off; the fourth try was the last
    row = await OutboxEmail.get(id=queued.id)
    assert (row.attempts, row.sent_at) == (4, None) and row.gave_up_at is not None
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "password_changed" in errors[0] and str(row.id) in errors[0]
    assert "g@exemple.fr" not in caplog.text


async def test_rows_over_the_try_limit_are_abandoned_not_skipped(
    db: str, configure, caplog
) -> None:  # type: ignore[no-untyped-def]
    """A row left at the limit (by an older version, or a lowered setting) is logged."""
    queued = await outbox.queue_email(
        "h@exemple.fr", emails.sign_in_blocked(NOT_ME), account_id=None
    )
    await OutboxEmail.filter(id=queued.id).update(attempts=25, last_error="SMTPConnectError")
    configure(MAIL_MAX_ATTEMPTS="20")
    with caplog.at_level(logging.ERROR, logger="monparis.mail"):
        assert await send_due() == 0
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "sign_in_blocked" in record.getMessage() and str(queued.id) in record.getMessage()
    assert (await OutboxEmail.get(id=queued.id)).gave_up_at is not None


async def test_dev_mailbox_shows_the_code_until_it_expires(
    db: str, frozen_clock: FrozenClock
) -> None:
    from monparis_app.http.dev_mailbox import dev_mailbox

    await outbox.queue_email("i@exemple.fr", emails.registration_code(CODE, 10), account_id=None)
    assert await send_due() == 1
    row = await OutboxEmail.get(recipient="i@exemple.fr")
    assert row.delivered_via == "dev-mailbox" and CODE not in row.text_body + row.html_body
    page = await dev_mailbox(None)  # type: ignore[arg-type]
    assert CODE in bytes(page.body).decode()
    frozen_clock.advance(600)
    await outbox.expire_codes()
    assert (await OutboxEmail.get(recipient="i@exemple.fr")).code is None
    page = await dev_mailbox(None)  # type: ignore[arg-type]
    assert CODE not in bytes(page.body).decode() and emails.CODE_MASK in bytes(page.body).decode()


@pytest.mark.parametrize("kind", ["registration_code", "account_created"])
async def test_html_escapes_nothing_into_the_code(db: str, kind: str) -> None:
    content = (
        emails.registration_code(CODE, 10)
        if kind == "registration_code"
        else emails.account_created("A")
    )
    row = await outbox.queue_email("j@exemple.fr", content, account_id=None)
    text, html = outbox.delivered_bodies(row)
    assert (CODE in text, CODE in html) == ((kind == "registration_code",) * 2)


async def test_smtp_gets_multipart_alternative_with_both_parts(
    db: str, smtp_server: Mailbox
) -> None:
    """What a mail client receives: text/plain then text/html, the code filled in both."""
    await outbox.queue_email("k@exemple.fr", emails.registration_code(CODE, 10), account_id=None)
    await outbox.queue_email("k@exemple.fr", emails.account_created("<Zoé>"), account_id=None)
    assert await send_due() == 2
    code_mail, created = await smtp_server.wait_for("k@exemple.fr", 2)
    for message in (code_mail, created):
        assert message.get_content_type() == "multipart/alternative"
        parts = [part.get_content_type() for part in message.iter_parts()]
        assert parts == ["text/plain", "text/html"]  # the last one is the preferred one
        assert message["Auto-Submitted"] == "auto-generated"
    assert CODE in text_of(code_mail).splitlines()
    assert f">{CODE}</span>" in html_of(code_mail)
    assert "Ville de Paris" in html_of(created) and "&lt;Zoé&gt;" in html_of(created)
    assert "<Zoé>" not in html_of(created)
    assert f'href="{get_settings().base_url}{routes.CONTACT}"' in html_of(created)


def test_a_long_accented_subject_reads_back_exactly() -> None:
    """What a mail client shows is the subject we wrote, even once folded and encoded."""
    from email import message_from_bytes, policy

    from monparis_app.adapters.mail_sender import build_message

    subject = "Votre compte Mon Paris : connexion bloquée temporairement"
    row = OutboxEmail(recipient="angele@exemple.fr", subject=subject)
    parsed = message_from_bytes(
        build_message(row, "é", "<p>é</p>").as_bytes(), policy=policy.default
    )
    assert parsed["Subject"] == subject
    assert parsed.get_content_type() == "multipart/alternative"


@contextlib.contextmanager
def _serving(relay: Mailbox, configure) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """``relay`` as a real SMTP server (aiosmtpd), the app's SMTP URL pointing at it."""
    port = free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        configure(SMTP_URL=f"smtp://127.0.0.1:{port}")
        yield
    finally:
        controller.stop()


class _SlowRelay(Mailbox):
    """A relay that takes its time over each message and notes how many it holds at once."""

    def __init__(self) -> None:
        super().__init__()
        self.in_progress = 0
        self.most_at_once = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]  # noqa: N802
        self.in_progress += 1
        self.most_at_once = max(self.most_at_once, self.in_progress)
        await asyncio.sleep(0.2)
        self.in_progress -= 1
        return await super().handle_DATA(server, session, envelope)


async def test_a_burst_of_codes_goes_out_over_several_connections_at_once(
    db: str, configure
) -> None:  # type: ignore[no-untyped-def]
    relay = _SlowRelay()
    with _serving(relay, configure):
        burst = 2 * DELIVERY_LANES + 1
        for i in range(burst):
            content = emails.registration_code(CODE, 10)
            await outbox.queue_email(f"p{i}@exemple.fr", content, account_id=None)
        assert await send_due() == burst
        assert relay.most_at_once == DELIVERY_LANES  # not one after the other, not unbounded
        assert sorted(str(m["To"]) for m in relay.messages) == sorted(
            f"p{i}@exemple.fr" for i in range(burst)
        )  # each once
        assert await send_due() == 0


class _NamingRelay(Mailbox):
    """Notes the name each client gave in its EHLO."""

    def __init__(self) -> None:
        super().__init__()
        self.ehlo_names: list[str] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]  # noqa: N802
        self.ehlo_names.append(session.host_name)
        return await super().handle_DATA(server, session, envelope)


async def test_the_ehlo_name_is_looked_up_once_not_at_every_connection(
    db: str, configure, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(mail_sender.socket, "getfqdn", lambda name="": "expediteur.exemple.fr")
    mail_sender._local_hostname.cache_clear()
    relay = _NamingRelay()
    try:
        with _serving(relay, configure):
            for i in range(3):  # three passes, three connections
                content = emails.account_deleted()
                await outbox.queue_email(f"n{i}@exemple.fr", content, account_id=None)
                assert await send_due() == 1
        assert relay.ehlo_names == ["expediteur.exemple.fr"] * 3
        assert mail_sender._local_hostname.cache_info().misses == 1  # one lookup for three
    finally:
        mail_sender._local_hostname.cache_clear()


def test_the_expiry_sweep_runs_at_most_once_a_second(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    now = [1000.0]
    monkeypatch.setattr(mail_sender.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(mail_sender, "_next_sweep", 0.0)
    assert mail_sender.sweep_due()
    assert not mail_sender.sweep_due()
    now[0] += mail_sender.EXPIRY_SWEEP_SECONDS - 0.001
    assert not mail_sender.sweep_due()
    now[0] += 0.001
    assert mail_sender.sweep_due()
