"""GraphQL for a signed-in partner user: login, sessions, profile, e-mail, password, data.

Every field that needs a session answers ``NotSignedIn`` without one; each resolver maps input,
calls the core, and maps the result to a union member.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import strawberry

from monparis_app.core import account as accounts
from monparis_app.core import audit, password_reset, sessions, sign_in
from monparis_app.core.errors import InvalidInput, RateLimited
from monparis_app.graphql import types as t
from monparis_app.graphql.context import Info
from monparis_app.messages import message_for


@strawberry.type
class Profile:
    id: strawberry.ID
    email: str
    sex: t.Sex
    first_names: str
    birth_name: str
    usage_name: str | None
    birth_date: date | None
    birth_place: str | None
    birth_country: str | None
    phone: str | None
    address_line: str | None
    address_postcode: str | None
    address_city: str | None
    address_country: str | None
    certified_fields: list[str]
    franceconnect_linked: bool
    password_changed_at: datetime | None

    @classmethod
    def from_core(cls, p: accounts.Profile) -> Profile:
        return cls(
            id=strawberry.ID(str(p.id)),
            email=p.email,
            sex=t.Sex(p.sex),
            first_names=p.first_names,
            birth_name=p.birth_name,
            usage_name=p.usage_name,
            birth_date=p.birth_date,
            birth_place=p.birth_place,
            birth_country=p.birth_country,
            phone=p.phone,
            address_line=p.address_line,
            address_postcode=p.address_postcode,
            address_city=p.address_city,
            address_country=p.address_country,
            certified_fields=p.certified_fields,
            franceconnect_linked=p.franceconnect_linked,
            password_changed_at=p.password_changed_at,
        )


@strawberry.type
class Session:
    id: strawberry.ID
    device: str
    ip_prefix: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


@strawberry.type
class ActivityEntry:
    kind: str
    label: str
    at: datetime
    device: str


@strawberry.type
class NotSignedIn:
    message: str = message_for("session.required")


@strawberry.type
class SignedIn:
    session_token: str = strawberry.field(description="À envoyer en en-tête Authorization: Bearer.")
    account: Profile


@strawberry.type
class LoginRefused:
    code: str
    message: str
    captcha_required: bool
    retry_after: int | None


@strawberry.type
class Done:
    message: str


@strawberry.type
class ProfileUpdated:
    account: Profile


@strawberry.type
class EmailChangeRequested:
    flow_id: strawberry.ID
    new_email: str


@strawberry.type
class PasswordResetRequested:
    flow_id: strawberry.ID
    message: str


@strawberry.type
class CodeRefused:
    code: str
    message: str
    attempts_left: int


@strawberry.type
class DataExport:
    json: str
    filename: str


@strawberry.input
class ProfileInput:
    sex: t.Sex | None = None
    first_names: str | None = None
    birth_name: str | None = None
    usage_name: str | None = None
    birth_date: str | None = None
    birth_place: str | None = None
    birth_country: str | None = None
    phone: str | None = None
    address_line: str | None = None
    address_postcode: str | None = None
    address_city: str | None = None
    address_country: str | None = None


LoginResult = Annotated[SignedIn | LoginRefused | t.RateLimited, strawberry.union("LoginResult")]
LogoutResult = Annotated[Done | NotSignedIn, strawberry.union("LogoutResult")]
UpdateProfileResult = Annotated[
    ProfileUpdated | t.FieldErrors | NotSignedIn, strawberry.union("UpdateProfileResult")
]
RequestEmailChangeResult = Annotated[
    EmailChangeRequested | t.FieldErrors | t.RateLimited | NotSignedIn,
    strawberry.union("RequestEmailChangeResult"),
]
ConfirmEmailChangeResult = Annotated[
    ProfileUpdated | t.FieldErrors | t.FlowExpired | t.RateLimited | NotSignedIn,
    strawberry.union("ConfirmEmailChangeResult"),
]
ChangePasswordResult = Annotated[
    Done | t.FieldErrors | NotSignedIn, strawberry.union("ChangePasswordResult")
]
RequestPasswordResetResult = Annotated[
    PasswordResetRequested | t.FieldErrors | t.RateLimited,
    strawberry.union("RequestPasswordResetResult"),
]
ResetPasswordResult = Annotated[
    Done | CodeRefused | t.FieldErrors | t.RateLimited, strawberry.union("ResetPasswordResult")
]
RevokeSessionResult = Annotated[
    Done | t.FlowExpired | NotSignedIn, strawberry.union("RevokeSessionResult")
]
ExportResult = Annotated[DataExport | NotSignedIn, strawberry.union("ExportResult")]
DeleteAccountResult = Annotated[
    Done | t.FieldErrors | NotSignedIn, strawberry.union("DeleteAccountResult")
]


async def _profile(account_id: UUID) -> Profile | None:
    profile = await accounts.get_profile(account_id)
    return Profile.from_core(profile) if profile else None


@strawberry.type
class AccountQueries:
    @strawberry.field(description="Le compte connecté, ou null sans session.")
    async def me(self, info: Info) -> Profile | None:
        session = await info.context.session()
        return await _profile(session.account_id) if session else None

    @strawberry.field(description="Les sessions ouvertes du compte connecté (vide sans session).")
    async def sessions(self, info: Info) -> list[Session]:
        current = await info.context.session()
        if current is None:
            return []
        return [
            Session(
                id=strawberry.ID(str(s.id)),
                device=s.device,
                ip_prefix=s.ip_prefix,
                created_at=s.created_at,
                last_seen_at=s.last_seen_at,
                current=s.id == current.id,
            )
            for s in await sessions.list_sessions(current.account_id)
        ]

    @strawberry.field(description="Activité récente du compte connecté (vide sans session).")
    async def recent_activity(self, info: Info) -> list[ActivityEntry]:
        current = await info.context.session()
        if current is None:
            return []
        return [
            ActivityEntry(kind=e.kind, label=e.label, at=e.created_at, device=e.device)
            for e in await audit.recent(current.account_id)
        ]


def _done(code_message: str) -> Done:
    return Done(message=code_message)


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Connexion par courriel et mot de passe.")
    async def login(
        self,
        info: Info,
        email: str,
        password: str,
        captcha_id: strawberry.ID | None = None,
        captcha_answer: str | None = None,
    ) -> LoginResult:
        ctx = info.context
        try:
            outcome = await sign_in.authenticate(
                email,
                password,
                client_ip=ctx.client_ip,
                user_agent=ctx.user_agent,
                captcha_id=str(captcha_id or ""),
                captcha_answer=captcha_answer or "",
            )
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        if isinstance(outcome, sign_in.SignInRefused):
            message = message_for(outcome.code, retry_after=outcome.retry_after or 0)
            return LoginRefused(
                code=outcome.code,
                message=message,
                captcha_required=outcome.captcha_required,
                retry_after=outcome.retry_after,
            )
        token = await sessions.open_session(
            outcome.account_id, user_agent=ctx.user_agent, client_ip=ctx.client_ip
        )
        profile = await _profile(outcome.account_id)
        assert profile is not None
        return SignedIn(session_token=token, account=profile)

    @strawberry.mutation(description="Termine la session utilisée pour cette requête.")
    async def logout(self, info: Info) -> LogoutResult:
        session = await sessions.close_session(info.context.session_token())
        if session is None:
            return NotSignedIn()
        await audit.record(
            session.account_id,
            "signed_out",
            client_ip=info.context.client_ip,
            user_agent=info.context.user_agent,
        )
        return _done("Vous êtes déconnecté·e.")

    @strawberry.mutation
    async def update_profile(self, info: Info, input: ProfileInput) -> UpdateProfileResult:
        session = await info.context.session()
        if session is None:
            return NotSignedIn()
        changes = {
            k: (v.value if isinstance(v, t.Sex) else v)
            for k, v in vars(input).items()
            if v is not None
        }
        try:
            profile = await accounts.update_profile(
                session.account_id,
                changes,
                client_ip=info.context.client_ip,
                user_agent=info.context.user_agent,
            )
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        return ProfileUpdated(account=Profile.from_core(profile))

    @strawberry.mutation
    async def request_email_change(self, info: Info, new_email: str) -> RequestEmailChangeResult:
        session = await info.context.session()
        if session is None:
            return NotSignedIn()
        try:
            pending = await accounts.request_email_change(
                session.account_id, new_email, info.context.client_ip
            )
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        return EmailChangeRequested(
            flow_id=strawberry.ID(str(pending.flow_id)), new_email=pending.new_email
        )

    @strawberry.mutation
    async def confirm_email_change(
        self, info: Info, flow_id: strawberry.ID, code: str
    ) -> ConfirmEmailChangeResult:
        session = await info.context.session()
        if session is None:
            return NotSignedIn()
        try:
            changed = await accounts.confirm_email_change(
                session.account_id,
                str(flow_id),
                code,
                client_ip=info.context.client_ip,
                user_agent=info.context.user_agent,
            )
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        if changed is None:
            return t.FlowExpired(message=message_for("email_change.expired"))
        profile = await _profile(session.account_id)
        assert profile is not None
        return ProfileUpdated(account=profile)

    @strawberry.mutation
    async def change_password(
        self, info: Info, current_password: str, new_password: str, new_password_confirmation: str
    ) -> ChangePasswordResult:
        session = await info.context.session()
        if session is None:
            return NotSignedIn()
        try:
            await accounts.change_password(
                session.account_id,
                current_password,
                new_password,
                new_password_confirmation,
                keep_session_id=session.id,
                client_ip=info.context.client_ip,
                user_agent=info.context.user_agent,
            )
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        return _done("Votre mot de passe a été modifié. Vos autres sessions ont été fermées.")

    @strawberry.mutation(description="Envoie un code si un compte existe, sans dire s'il existe.")
    async def request_password_reset(self, info: Info, email: str) -> RequestPasswordResetResult:
        try:
            requested = await password_reset.request_password_reset(email, info.context.client_ip)
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        return PasswordResetRequested(
            flow_id=strawberry.ID(str(requested.flow_id)),
            message="Si un compte existe pour cette adresse, un code de validation vient d'y être envoyé.",
        )

    @strawberry.mutation
    async def reset_password(
        self,
        info: Info,
        flow_id: strawberry.ID,
        code: str,
        password: str,
        password_confirmation: str,
    ) -> ResetPasswordResult:
        try:
            outcome = await password_reset.reset_password(
                str(flow_id),
                code,
                password,
                password_confirmation,
                client_ip=info.context.client_ip,
                user_agent=info.context.user_agent,
            )
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        if isinstance(outcome, password_reset.CodeRefused):
            return CodeRefused(
                code=outcome.code,
                message=message_for(outcome.code),
                attempts_left=outcome.attempts_left,
            )
        return _done("Votre mot de passe a été modifié. Connectez-vous avec le nouveau.")

    @strawberry.mutation
    async def revoke_session(self, info: Info, session_id: strawberry.ID) -> RevokeSessionResult:
        current = await info.context.session()
        if current is None:
            return NotSignedIn()
        try:
            target = UUID(str(session_id))
        except ValueError:
            return t.FlowExpired(message="Cette session n'existe pas ou est déjà terminée.")
        ended = await sessions.revoke_session(
            current.account_id,
            target,
            client_ip=info.context.client_ip,
            user_agent=info.context.user_agent,
        )
        if not ended:
            return t.FlowExpired(message="Cette session n'existe pas ou est déjà terminée.")
        return _done("La session a été terminée.")

    @strawberry.mutation(description="Toutes vos données, au format JSON (droit d'accès RGPD).")
    async def export_my_data(self, info: Info) -> ExportResult:
        current = await info.context.session()
        if current is None:
            return NotSignedIn()
        data = await accounts.export_data(
            current.account_id, client_ip=info.context.client_ip, user_agent=info.context.user_agent
        )
        return DataExport(
            json=json.dumps(data, ensure_ascii=False, indent=2),
            filename="mes-donnees-mon-paris.json",
        )

    @strawberry.mutation
    async def delete_account(
        self, info: Info, password: str, confirmation: str
    ) -> DeleteAccountResult:
        current = await info.context.session()
        if current is None:
            return NotSignedIn()
        try:
            await accounts.delete_account(current.account_id, password, confirmation)
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        return _done("Votre compte a été supprimé.")
