"""Changing one's password while signed in: only with the current one, under the same policy.

On success every other session ends (whoever else held one is out) and the owner is told by
e-mail, in the transaction that changes the password.
"""

from __future__ import annotations

from uuid import UUID

from tortoise.transactions import in_transaction

from monparis_app.core import (
    audit,
    clock,
    current_password,
    emails,
    outbox,
    security_events,
    sessions,
)
from monparis_app.core.errors import FieldError, InvalidInput
from monparis_app.core.password_hashing import hash_password
from monparis_app.core.password_policy import check_new_password
from monparis_app.models import Account


async def change_password(
    account_id: UUID,
    current: str,
    new: str,
    confirmation: str,
    *,
    keep_session_id: UUID | None,
    client_ip: str = "",
    user_agent: str = "",
) -> None:
    """Raises ``InvalidInput``; on success other sessions end and the owner is told."""
    account = await Account.get(id=account_id)
    errors: list[FieldError] = []
    if not account.password_hash:
        errors.append(FieldError("current_password", "current_password.invalid"))
    elif wrong := await current_password.refusal(account, current, "current_password"):
        errors.append(wrong)
    errors += check_new_password(
        new, confirmation, [account.first_names, account.birth_name, account.email]
    )
    if errors:
        raise InvalidInput(errors)
    password_hash = await hash_password(new, refuse_when_full=False)
    async with in_transaction() as connection:
        await (
            Account.filter(id=account_id)
            .using_db(connection)
            .update(password_hash=password_hash, password_changed_at=clock.now())
        )
        not_me = await security_events.link_for(
            account_id,
            security_events.PASSWORD_CHANGED,
            client_ip=client_ip,
            user_agent=user_agent,
            connection=connection,
        )
        await outbox.queue_email(
            account.email, emails.password_changed(not_me), connection, account_id=account.id
        )
        await audit.record(
            account_id,
            "password_changed",
            client_ip=client_ip,
            user_agent=user_agent,
            connection=connection,
        )
    outbox.wake_sender()
    await sessions.revoke_all_sessions(account_id, except_session_id=keep_session_id)
