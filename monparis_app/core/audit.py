"""The audit log: every security-relevant event, shown to the person as "Activité récente"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from monparis_app.core import clock
from monparis_app.core.client_info import describe_device, truncate_ip
from monparis_app.models import AuditEvent

# Kinds of event, and their French wording for the person.
EVENT_LABELS = {
    "created": "Compte créé",
    "signed_in": "Connexion",
    "sign_in_failed": "Tentative de connexion échouée",
    "locked": "Connexion bloquée temporairement après plusieurs échecs",
    "signed_out": "Déconnexion",
    "password_changed": "Mot de passe modifié",
    "password_reset": "Mot de passe réinitialisé",
    "email_changed": "Courriel de connexion modifié",
    "profile_updated": "Données personnelles modifiées",
    "session_ended": "Session terminée",
    "sessions_ended": "Autres sessions terminées",
    "data_exported": "Données téléchargées",
    "franceconnect_linked": "Compte relié à FranceConnect",
    "franceconnect_unlinked": "Lien avec FranceConnect supprimé",
    "deleted": "Compte supprimé",
    # With the service's name as detail: "Données transmises à Demande de stationnement résident".
    "data_shared": "Données transmises à",
    "service_revoked": "Accès retiré à",
    "account_secured": "Compte sécurisé (« Ce n’était pas moi »)",
    # With the passkey's name as detail: "Clé d’accès ajoutée : iPhone de Zoé".
    "passkey_added": "Clé d’accès ajoutée :",
    "passkey_used": "Connexion avec la clé d’accès",
    "passkey_renamed": "Clé d’accès renommée :",
    "passkey_removed": "Clé d’accès supprimée :",
}


@dataclass(frozen=True)
class AuditEntry:
    kind: str
    label: str
    created_at: datetime
    device: str
    ip_prefix: str
    detail: str = ""


async def record(
    account_id: UUID,
    kind: str,
    *,
    client_ip: str = "",
    user_agent: str = "",
    detail: str = "",
    connection: BaseDBAsyncClient | None = None,
) -> None:
    await AuditEvent.create(
        detail=detail[:200],
        account_id=account_id,
        kind=kind,
        created_at=clock.now(),
        device=describe_device(user_agent) if user_agent else "",
        ip_prefix=truncate_ip(client_ip),
        using_db=connection,
    )


async def recent(account_id: UUID, limit: int = 20) -> list[AuditEntry]:
    rows = (
        await AuditEvent.filter(account_id=account_id).order_by("-created_at", "-id").limit(limit)
    )
    return [
        AuditEntry(r.kind, _label(r.kind, r.detail), r.created_at, r.device, r.ip_prefix, r.detail)
        for r in rows
    ]


def _label(kind: str, detail: str) -> str:
    label = EVENT_LABELS.get(kind, kind)
    return f"{label} {detail}" if detail else label
