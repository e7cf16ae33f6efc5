"""Passkeys ("clés d’accès") through the API: listing, adding, renaming and removing those of
the signed-in account, and signing in with one, with the core's rules and French sentences.

The WebAuthn options travel as JSON strings: the partner passes them to
``PublicKeyCredential.parseCreationOptionsFromJSON`` (or ``…RequestOptionsFromJSON``) and sends
back the credential's ``toJSON()``, as a string too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from monparis_app.core import passkeys, sessions
from monparis_app.core.errors import FieldError as CoreFieldError
from monparis_app.core.errors import RateLimited
from monparis_app.core.sessions import SessionView
from monparis_app.graphql import types as t
from monparis_app.graphql.context import Info
from monparis_app.graphql.mutations.sign_in import SignedIn
from monparis_app.graphql.permissions import signed_in
from monparis_app.graphql.types.profile import load_profile
from monparis_app.messages import message_for


@strawberry.type(description="Une clé d’accès du compte (jamais la clé publique elle-même).")
class Passkey:
    id: strawberry.ID
    name: str = strawberry.field(description="Nom choisi par la personne, modifiable.")
    credential_id: str = strawberry.field(description="Identifiant WebAuthn, en base64url.")
    created_at: datetime
    last_used_at: datetime | None = strawberry.field(
        description="Dernière connexion avec cette clé (vide si elle n’a jamais servi)."
    )
    backed_up: bool = strawberry.field(
        description="Vrai si la clé est sauvegardée (synchronisée entre plusieurs appareils)."
    )

    @classmethod
    def from_core(cls, view: passkeys.PasskeyView) -> Passkey:
        return cls(
            id=strawberry.ID(str(view.id)),
            name=view.name,
            credential_id=view.credential_id,
            created_at=view.created_at,
            last_used_at=view.last_used_at,
            backed_up=view.backed_up,
        )


@strawberry.type(description="Les options WebAuthn à passer au navigateur, et leur défi.")
class PasskeyOptions:
    challenge_id: strawberry.ID = strawberry.field(
        description="À renvoyer avec la réponse du navigateur (valable 5 minutes, une fois)."
    )
    options: str = strawberry.field(
        description="Le membre publicKey des options, en JSON (parseCreationOptionsFromJSON "
        "ou parseRequestOptionsFromJSON)."
    )


@strawberry.type(description="La demande sur la clé d’accès a été refusée.")
class PasskeyRefused:
    code: str
    message: str


PasskeyOptionsResult = Annotated[
    PasskeyOptions | t.FieldErrors | PasskeyRefused | t.NotSignedIn,
    strawberry.union("PasskeyOptionsResult"),
]
# Signing in needs no session: this union has no NotSignedIn.
PasskeySignInOptionsResult = Annotated[
    PasskeyOptions | t.RateLimited, strawberry.union("PasskeySignInOptionsResult")
]
PasskeyRegisterResult = Annotated[
    Passkey | t.FieldErrors | PasskeyRefused | t.NotSignedIn,
    strawberry.union("PasskeyRegisterResult"),
]
PasskeySignInResult = Annotated[
    SignedIn | PasskeyRefused | t.RateLimited, strawberry.union("PasskeySignInResult")
]
RenamePasskeyResult = Annotated[
    Passkey | t.FieldErrors | PasskeyRefused | t.NotSignedIn,
    strawberry.union("RenamePasskeyResult"),
]
RemovePasskeyResult = Annotated[
    t.Done | PasskeyRefused | t.NotSignedIn, strawberry.union("RemovePasskeyResult")
]


def _refused(outcome: passkeys.PasskeyRefused) -> t.FieldErrors | PasskeyRefused:
    """A refusal about one input (the password, the name) points at it; others stand alone."""
    if outcome.field is not None:
        return t.FieldErrors.from_core([CoreFieldError(outcome.field, outcome.code)])
    return PasskeyRefused(code=outcome.code, message=message_for(outcome.code))


@strawberry.type
class PasskeysQueries:
    @strawberry.field(description="Les clés d’accès du compte connecté (vide sans session).")
    async def passkeys(self, info: Info) -> list[Passkey]:
        current = await info.context.session()
        if current is None:
            return []
        return [Passkey.from_core(v) for v in await passkeys.list_passkeys(current.account_id)]


@strawberry.type
class PasskeysMutations:
    @strawberry.mutation(
        description=(
            "Commence l’ajout d’une clé d’accès : le mot de passe actuel est demandé (un compte "
            "sans mot de passe doit s’être connecté il y a moins de 5 minutes). Au plus 10 clés "
            "par compte."
        )
    )
    @signed_in
    async def passkey_registration_options(
        self, info: Info, session: SessionView, password: str | None = None
    ) -> PasskeyOptionsResult:
        outcome = await passkeys.start_registration(
            session.account_id, password=password, session_created_at=session.created_at
        )
        if isinstance(outcome, passkeys.PasskeyRefused):
            return _refused(outcome)
        return PasskeyOptions(
            challenge_id=strawberry.ID(str(outcome.challenge_id)), options=outcome.options_json
        )

    @strawberry.mutation(
        description=(
            "Termine l’ajout : credential est le JSON de PublicKeyCredential.toJSON(). Sans "
            "nom, la clé s’appelle « Clé d’accès du <date> »."
        )
    )
    @signed_in
    async def passkey_register(
        self,
        info: Info,
        session: SessionView,
        challenge_id: strawberry.ID,
        credential: str,
        name: str | None = None,
    ) -> PasskeyRegisterResult:
        outcome = await passkeys.finish_registration(
            session.account_id,
            str(challenge_id),
            credential,
            name=name,
            client_ip=info.context.client_ip,
            user_agent=info.context.user_agent,
        )
        if isinstance(outcome, passkeys.PasskeyRefused):
            return _refused(outcome)
        return Passkey.from_core(outcome)

    @strawberry.mutation(
        description="Commence une connexion par clé d’accès (aucun courriel à saisir)."
    )
    async def passkey_sign_in_options(self, info: Info) -> PasskeySignInOptionsResult:
        try:
            start = await passkeys.start_authentication(client_ip=info.context.client_ip)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        return PasskeyOptions(
            challenge_id=strawberry.ID(str(start.challenge_id)), options=start.options_json
        )

    @strawberry.mutation(
        description=(
            "Termine la connexion : credential est le JSON de PublicKeyCredential.toJSON(). "
            "Ouvre une session, comme login."
        )
    )
    async def passkey_sign_in(
        self, info: Info, challenge_id: strawberry.ID, credential: str
    ) -> PasskeySignInResult:
        ctx = info.context
        outcome = await passkeys.finish_authentication(
            str(challenge_id), credential, client_ip=ctx.client_ip, user_agent=ctx.user_agent
        )
        if isinstance(outcome, passkeys.PasskeyRefused):
            return PasskeyRefused(code=outcome.code, message=message_for(outcome.code))
        token = await sessions.open_session(
            outcome.account_id, user_agent=ctx.user_agent, client_ip=ctx.client_ip
        )
        profile = await load_profile(outcome.account_id)
        assert profile is not None
        return SignedIn(session_token=token, account=profile)

    @strawberry.mutation(description="Change le nom d’une clé d’accès du compte.")
    @signed_in
    async def rename_passkey(
        self, info: Info, session: SessionView, id: strawberry.ID, name: str
    ) -> RenamePasskeyResult:
        outcome = await passkeys.rename_passkey(
            session.account_id,
            str(id),
            name,
            client_ip=info.context.client_ip,
            user_agent=info.context.user_agent,
        )
        if isinstance(outcome, passkeys.PasskeyRefused):
            return _refused(outcome)
        return Passkey.from_core(outcome)

    @strawberry.mutation(
        description=(
            "Supprime une clé d’accès du compte, sauf si c’est le dernier moyen de connexion "
            "(ni mot de passe, ni FranceConnect, ni autre clé)."
        )
    )
    @signed_in
    async def remove_passkey(
        self, info: Info, session: SessionView, id: strawberry.ID
    ) -> RemovePasskeyResult:
        outcome = await passkeys.remove_passkey(
            session.account_id,
            str(id),
            client_ip=info.context.client_ip,
            user_agent=info.context.user_agent,
        )
        if isinstance(outcome, passkeys.PasskeyRefused):
            return PasskeyRefused(code=outcome.code, message=message_for(outcome.code))
        return t.Done(message=message_for("passkey.removed", name=outcome.name))
