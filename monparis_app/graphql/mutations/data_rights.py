"""RGPD rights of the signed-in person: a copy of every datum (access), and erasure."""

from __future__ import annotations

import json
from typing import Annotated

import strawberry

from monparis_app.core import data_rights
from monparis_app.core.errors import InvalidInput
from monparis_app.core.sessions import SessionView
from monparis_app.graphql import types as t
from monparis_app.graphql.context import Info
from monparis_app.graphql.permissions import signed_in
from monparis_app.messages import message_for

EXPORT_FILENAME = "mes-donnees-mon-paris.json"


@strawberry.type
class DataExport:
    json: str
    filename: str


ExportResult = Annotated[DataExport | t.NotSignedIn, strawberry.union("ExportResult")]
DeleteAccountResult = Annotated[
    t.Done | t.FieldErrors | t.NotSignedIn, strawberry.union("DeleteAccountResult")
]


@strawberry.type
class DataRightsMutations:
    @strawberry.mutation(description="Toutes vos données, au format JSON (droit d'accès RGPD).")
    @signed_in
    async def export_my_data(self, info: Info, session: SessionView) -> ExportResult:
        data = await data_rights.export_data(
            session.account_id, client_ip=info.context.client_ip, user_agent=info.context.user_agent
        )
        return DataExport(
            json=json.dumps(data, ensure_ascii=False, indent=2), filename=EXPORT_FILENAME
        )

    @strawberry.mutation(
        description=(
            f"Supprime définitivement le compte : le mot de passe actuel et, dans "
            f"confirmation, le mot {data_rights.DELETE_CONFIRMATION} en majuscules (la même "
            "règle que la page « Supprimer mon compte »)."
        )
    )
    @signed_in
    async def delete_account(
        self, info: Info, session: SessionView, password: str, confirmation: str
    ) -> DeleteAccountResult:
        try:
            await data_rights.delete_account(session.account_id, password, confirmation)
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        return t.Done(message=message_for("notice.deleted"))
