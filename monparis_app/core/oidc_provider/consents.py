""" "Services connectés": what each City service may read, and taking that access back.

The account page and the GraphQL API both list and revoke through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from tortoise.transactions import in_transaction

from monparis_app.core import audit, clock
from monparis_app.core.oidc_provider import store
from monparis_app.core.oidc_provider.clients import find_client
from monparis_app.models import OidcConsent, OidcToken


@dataclass(frozen=True)
class ConnectedService:
    client_id: str
    name: str
    scopes: tuple[str, ...]
    granted_at: datetime
    last_used_at: datetime | None


async def connected_services(account_id: UUID) -> list[ConnectedService]:
    """Every service this person allowed, still registered, oldest consent first."""
    services = []
    for row in await store.consents_of(account_id):
        client = find_client(row.client_id)
        if client is None:
            continue  # a service removed from the configuration can no longer use its access
        scopes = tuple(s for s in row.scope.split() if s != "openid")
        services.append(
            ConnectedService(row.client_id, client.name, scopes, row.granted_at, row.last_used_at)
        )
    return services


async def revoke_service(
    account_id: UUID, client_id: str, *, client_ip: str = "", user_agent: str = ""
) -> bool:
    """ "Retirer l’accès": the consent and every token of that service for this person go at
    once, so its next request is refused and its next sign-in asks again. False when there was
    nothing to revoke (another tab did it, or the id is unknown)."""
    async with in_transaction() as connection:
        removed = (
            await OidcConsent.filter(account_id=account_id, client_id=client_id)
            .using_db(connection)
            .delete()
        )
        await (
            OidcToken.filter(account_id=account_id, client_id=client_id, revoked_at=None)
            .using_db(connection)
            .update(revoked_at=clock.now())
        )
        if removed:
            client = find_client(client_id)
            await audit.record(
                account_id,
                "service_revoked",
                client_ip=client_ip,
                user_agent=user_agent,
                detail=client.name if client else client_id,
                connection=connection,
            )
    return bool(removed)
