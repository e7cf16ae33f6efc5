""" "Services connectés" through the API: the City services the signed-in account allowed, and
taking an access back, with the same rule and the same French sentences as the account page."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from monparis_app.core.oidc_provider import consents
from monparis_app.core.sessions import SessionView
from monparis_app.graphql import types as t
from monparis_app.graphql.context import Info
from monparis_app.graphql.permissions import signed_in
from monparis_app.messages import message_for
from monparis_app.messages.oidc import scope_labels


@strawberry.type(description="Un service de la Ville qui utilise le compte Mon Paris.")
class ConnectedService:
    client_id: str = strawberry.field(description="Identifiant du service (client OpenID Connect).")
    name: str = strawberry.field(description="Nom du service, tel que la personne le voit.")
    scopes: list[str] = strawberry.field(
        description="Portées autorisées, sans « openid » (profile, email, phone, address, birth)."
    )
    scope_labels: list[str] = strawberry.field(
        description="Les données partagées, en français (l’identité d’abord)."
    )
    granted_at: datetime = strawberry.field(description="Date de l’autorisation.")
    last_used_at: datetime | None = strawberry.field(
        description="Dernière connexion de la personne à ce service (vide s’il n’y en a pas eu)."
    )

    @classmethod
    def from_core(cls, service: consents.ConnectedService) -> ConnectedService:
        return cls(
            client_id=service.client_id,
            name=service.name,
            scopes=list(service.scopes),
            scope_labels=scope_labels(service.scopes),
            granted_at=service.granted_at,
            last_used_at=service.last_used_at,
        )


@strawberry.type(description="Ce service n’a pas (ou plus) accès aux données de ce compte.")
class ServiceNotConnected:
    message: str


RevokeServiceResult = Annotated[
    t.Done | ServiceNotConnected | t.NotSignedIn, strawberry.union("RevokeServiceResult")
]


@strawberry.type
class ConnectedServicesQueries:
    @strawberry.field(
        description=(
            "Les services de la Ville qui utilisent le compte connecté et les données que "
            "chacun peut lire (vide sans session)."
        )
    )
    async def connected_services(self, info: Info) -> list[ConnectedService]:
        current = await info.context.session()
        if current is None:
            return []
        found = await consents.connected_services(current.account_id)
        return [ConnectedService.from_core(service) for service in found]


@strawberry.type
class ConnectedServicesMutations:
    @strawberry.mutation(
        description=(
            "Retire l’accès d’un service : son autorisation est supprimée et ses jetons sont "
            "révoqués ; il redemandera l’accord de la personne à sa prochaine connexion."
        )
    )
    @signed_in
    async def revoke_service(
        self, info: Info, session: SessionView, client_id: str
    ) -> RevokeServiceResult:
        # The name is read before: once revoked, the service is no longer in the list.
        names = {s.client_id: s.name for s in await consents.connected_services(session.account_id)}
        revoked = await consents.revoke_service(
            session.account_id,
            client_id,
            client_ip=info.context.client_ip,
            user_agent=info.context.user_agent,
        )
        if not revoked:
            return ServiceNotConnected(message=message_for("services.already_revoked"))
        name = names.get(client_id, client_id)
        return t.Done(message=message_for("services.revoked", name=name))
