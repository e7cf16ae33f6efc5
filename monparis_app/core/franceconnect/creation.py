"""A new FranceConnect identity becomes an account only once the person accepts the terms.

As on the e-mail sign-up, nothing is created before that: the certified identity waits
server-side (``TermsRequired``) and ``accept_terms`` creates the account, all or nothing.
Refusing forgets the identity at once.
"""

from __future__ import annotations

import logging

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from monparis_app.core import audit, clock, emails, outbox
from monparis_app.core.errors import FieldError, InvalidInput
from monparis_app.core.franceconnect.claims import (
    CertifiedIdentity,
    certified_values,
    identity_from_data,
)
from monparis_app.core.franceconnect.config import CREATION_TTL_SECONDS
from monparis_app.core.franceconnect.pending import (
    CREATION,
    bounded,
    digest,
    live_pending,
    store_pending,
)
from monparis_app.core.franceconnect.results import (
    Origin,
    PendingCreation,
    SignedIn,
    TermsRequired,
    failure,
)
from monparis_app.models import Account, PendingFranceConnectIdentity

logger = logging.getLogger("monparis.franceconnect")


async def offer_creation(identity: CertifiedIdentity, id_token: str) -> TermsRequired:
    """No account yet: the identity waits server-side; only a token goes to the browser."""
    assert identity.email is not None
    token = await store_pending(CREATION, identity, id_token, CREATION_TTL_SECONDS)
    return TermsRequired(creation_token=token, email=identity.email)


async def pending_creation(creation_token: str) -> PendingCreation:
    """What the terms page shows. Raises ``FranceConnectError`` (``creation_expired``)."""
    row = await live_pending(CREATION, creation_token)
    identity = identity_from_data(row.identity)
    assert identity.email is not None
    return PendingCreation(
        email=identity.email, first_names=identity.first_names, birth_name=identity.birth_name
    )


async def accept_terms(
    creation_token: str, accept: bool, *, client_ip: str = "", user_agent: str = ""
) -> SignedIn:
    """The person accepted the terms: the account is created, all or nothing, and signed in.

    Unchecked terms raise ``InvalidInput`` (field ``accept_terms``) and change nothing, so the
    person may still accept. The pending row is deleted in the account's transaction, so two
    concurrent acceptances create one account; the loser gets ``creation_expired``.
    """
    row = await live_pending(CREATION, creation_token)
    if not accept:
        raise InvalidInput([FieldError("accept_terms", "accept_terms.required")])
    identity = identity_from_data(row.identity)
    try:
        account = await _create_account(row, identity, Origin(client_ip, user_agent))
    except IntegrityError:
        # The e-mail or the identity got an account meanwhile: start again to be offered the
        # right path (sign-in or link); the rolled-back transaction kept nothing.
        await PendingFranceConnectIdentity.filter(id=row.id).delete()
        raise failure("creation_expired", "creation.email_or_sub_taken_meanwhile") from None
    await audit.record(account.id, "signed_in", client_ip=client_ip, user_agent=user_agent)
    return SignedIn(account.id, account.email, account.first_names, row.id_token, created=True)


async def cancel_creation(creation_token: str) -> None:
    """The person refused: the certified identity is forgotten at once, nothing is created."""
    token_digest = digest(bounded(creation_token, "creation"))
    await PendingFranceConnectIdentity.filter(token_digest=token_digest, purpose=CREATION).delete()


async def _create_account(
    row: PendingFranceConnectIdentity, identity: CertifiedIdentity, where: Origin
) -> Account:
    """Pending row consumed, account (terms accepted now), audit entry and confirmation
    e-mail in one transaction."""
    assert identity.email is not None
    async with in_transaction() as connection:
        consumed = (
            await PendingFranceConnectIdentity.filter(id=row.id).using_db(connection).delete()
        )
        if not consumed:
            raise failure("creation_expired", "creation.already_used")
        account = await Account.create(
            email=identity.email,
            fc_sub=identity.sub,
            usage_name=identity.usage_name,
            terms_accepted_at=clock.now(),
            using_db=connection,
            **certified_values(identity),
        )
        await audit.record(
            account.id,
            "created",
            client_ip=where.client_ip,
            user_agent=where.user_agent,
            connection=connection,
        )
        content = emails.account_created(identity.first_names)
        await outbox.queue_email(identity.email, content, connection, account_id=account.id)
    outbox.wake_sender()
    logger.info("FranceConnect account created")
    return account
