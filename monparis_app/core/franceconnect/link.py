"""A FranceConnect identity joins an account that already exists, and can leave it again.

From the sign-in, an e-mail that belongs to a local account is never merged silently: the
person proves that account with its password (``complete_link``) or uses another e-mail.
From the account page, a signed-in person links their own account: the identity coming back
is attached to it whatever its e-mail, since the person has just proven both. ``unlink``
undoes it when the account has a password to fall back on.
"""

from __future__ import annotations

import logging
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from monparis_app.core import audit, emails, outbox, security_events, sign_in
from monparis_app.core.franceconnect.claims import (
    CertifiedIdentity,
    certified_values,
    identity_from_data,
)
from monparis_app.core.franceconnect.config import LINK_TTL_SECONDS
from monparis_app.core.franceconnect.pending import LINK, live_pending, store_pending
from monparis_app.core.franceconnect.results import (
    Linked,
    LinkOutcome,
    LinkRequired,
    Origin,
    PendingLink,
    SignedIn,
    failure,
)
from monparis_app.models import Account, PendingFranceConnectIdentity

logger = logging.getLogger("monparis.franceconnect")


# --- from the sign-in: the local account's password first -----------------------------------


async def offer_link(identity: CertifiedIdentity, owner: Account, id_token: str) -> LinkRequired:
    """Never merge silently; an account already tied to another FranceConnect identity stays so."""
    if owner.fc_sub is not None or owner.password_hash is None:
        raise failure("account_already_linked", "email.belongs_to_other_franceconnect_identity")
    assert identity.email is not None
    token = await store_pending(LINK, identity, id_token, LINK_TTL_SECONDS)
    return LinkRequired(link_token=token, email=identity.email)


async def pending_link(link_token: str) -> PendingLink:
    """What the link page shows: the e-mail concerned, and whether a captcha is needed."""
    row = await live_pending(LINK, link_token)
    email = str(row.identity["email"])
    return PendingLink(email=email, captcha_required=await sign_in.captcha_required_for(email))


async def complete_link(
    link_token: str,
    password: str,
    *,
    client_ip: str,
    user_agent: str,
    captcha_id: str = "",
    captcha_answer: str = "",
) -> LinkOutcome:
    """The person proves the local account with its password; then the certified identity is
    attached to it. Raises ``FranceConnectError`` (link expired) or ``RateLimited``."""
    row = await live_pending(LINK, link_token)
    identity = identity_from_data(row.identity)
    assert identity.email is not None
    result = await sign_in.authenticate(
        identity.email,
        password,
        client_ip=client_ip,
        user_agent=user_agent,
        captcha_id=captcha_id,
        captcha_answer=captcha_answer,
    )
    if isinstance(result, sign_in.SignInRefused):
        return result
    return await _attach_pending(row, identity, result.account_id, Origin(client_ip, user_agent))


async def _attach_pending(
    row: PendingFranceConnectIdentity, identity: CertifiedIdentity, account_id: UUID, where: Origin
) -> SignedIn:
    """fc_sub and certified fields set, the pending link deleted, all or nothing."""
    async with in_transaction() as connection:
        deleted = await PendingFranceConnectIdentity.filter(id=row.id).using_db(connection).delete()
        taken = await Account.filter(fc_sub=identity.sub).using_db(connection).exists()
        if not deleted or taken:
            raise failure("link_expired", "link.already_used")
        await _attach(
            connection,
            identity,
            account_id,
            where,
            if_linked_meanwhile=("account_already_linked", "account.linked_meanwhile"),
        )
        account = await Account.get(id=account_id, using_db=connection)
    outbox.wake_sender()
    logger.info("FranceConnect identity linked to an existing account")
    return SignedIn(account.id, account.email, account.first_names, row.id_token)


# --- from the account page: the signed-in person's own account ------------------------------


async def link_signed_in_account(
    identity: CertifiedIdentity, account_id: UUID, id_token: str, where: Origin
) -> Linked:
    """The e-mail does not matter here: the person is signed in and has just proven the
    identity. An identity already carried by another account is refused (one account per
    identity); coming back twice with the same identity is not an error."""
    try:
        async with in_transaction() as connection:
            holder = await Account.get_or_none(fc_sub=identity.sub, using_db=connection)
            if holder is not None and holder.id != account_id:
                raise failure("identity_linked_elsewhere", "link.sub_on_other_account")
            if holder is not None:
                return Linked(account_id, id_token)
            await _attach(
                connection,
                identity,
                account_id,
                where,
                if_linked_meanwhile=("already_linked", "link.account_linked_meanwhile"),
            )
    except IntegrityError:  # the same identity linked to another account at the same moment
        raise failure("identity_linked_elsewhere", "link.sub_taken_meanwhile") from None
    outbox.wake_sender()
    logger.info("FranceConnect identity linked from the account page")
    return Linked(account_id, id_token)


async def _attach(
    connection: BaseDBAsyncClient,
    identity: CertifiedIdentity,
    account_id: UUID,
    where: Origin,
    *,
    if_linked_meanwhile: tuple[str, str],
) -> None:
    """The one write of a link, both ways: only onto an account still without an identity
    (a conditional update, so a concurrent link cannot slip between), audited.
    ``if_linked_meanwhile`` is the failure (code, reason) when the account got one meanwhile."""
    updated = (
        await Account.filter(id=account_id, fc_sub=None)
        .using_db(connection)
        .update(fc_sub=identity.sub, **certified_values(identity))
    )
    if not updated:
        raise failure(*if_linked_meanwhile)
    await audit.record(
        account_id,
        "franceconnect_linked",
        client_ip=where.client_ip,
        user_agent=where.user_agent,
        connection=connection,
    )
    await _tell_owner(
        connection,
        account_id,
        security_events.FRANCECONNECT_LINKED,
        where.client_ip,
        where.user_agent,
    )


async def _tell_owner(
    connection: BaseDBAsyncClient, account_id: UUID, kind: str, client_ip: str, user_agent: str
) -> None:
    """The owner hears of a link or an unlink, with "Ce n'était pas moi", in its transaction
    (the caller wakes the sender once it has committed)."""
    account = await Account.get(id=account_id, using_db=connection)
    not_me = await security_events.link_for(
        account_id, kind, client_ip=client_ip, user_agent=user_agent, connection=connection
    )
    content = (
        emails.franceconnect_linked(not_me)
        if kind == security_events.FRANCECONNECT_LINKED
        else emails.franceconnect_unlinked(not_me)
    )
    await outbox.queue_email(account.email, content, connection, account_id=account_id)


async def unlink(account_id: UUID, *, client_ip: str = "", user_agent: str = "") -> None:
    """Remove the FranceConnect identity; the certified fields become editable again.

    Only with a password: without one, the person could no longer sign in at all. The check
    and the change are one conditional update, so a concurrent change cannot slip between.
    """
    async with in_transaction() as connection:
        updated = (
            await Account.filter(id=account_id, fc_sub__not_isnull=True)
            .exclude(password_hash=None)
            .using_db(connection)
            .update(fc_sub=None, certified_fields=[])
        )
        if not updated:
            account = await Account.get_or_none(id=account_id, using_db=connection)
            if account is None or account.fc_sub is None:
                raise failure("not_linked", "unlink.not_linked")
            raise failure("unlink_needs_password", "unlink.no_password")
        await audit.record(
            account_id,
            "franceconnect_unlinked",
            client_ip=client_ip,
            user_agent=user_agent,
            connection=connection,
        )
        await _tell_owner(
            connection, account_id, security_events.FRANCECONNECT_UNLINKED, client_ip, user_agent
        )
    outbox.wake_sender()
    logger.info("FranceConnect identity unlinked from an account")
