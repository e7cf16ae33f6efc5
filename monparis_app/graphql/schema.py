"""The GraphQL schema partners use: each resolver maps input, calls the core, maps the result."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError, ValidationRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)

from monparis_app.adapters.captcha_renderer import LIBRARY_RENDERER
from monparis_app.core import captcha, registration
from monparis_app.core.errors import InvalidInput, RateLimited
from monparis_app.core.password_policy import MAX_LENGTH, MIN_LENGTH, PASSWORD_RULES
from monparis_app.graphql import types as t
from monparis_app.graphql.account import AccountMutations, AccountQueries
from monparis_app.graphql.context import Info
from monparis_app.graphql.franceconnect import FranceConnectMutations
from monparis_app.graphql.validation import NoIntrospection, OneGuessPerRequest
from monparis_app.messages import message_for
from monparis_app.settings import get_settings

MAX_DEPTH = 8
MAX_TOKENS = 2000
MAX_ALIASES = 10


@strawberry.type
class Query(AccountQueries):
    @strawberry.field(description="Les règles du mot de passe, pour les vérifier en direct.")
    def password_policy(self) -> t.PasswordPolicy:
        return t.PasswordPolicy(
            min_length=MIN_LENGTH,
            max_length=MAX_LENGTH,
            rules=[
                t.PasswordRule(id=r.id, label=r.label, pattern=r.pattern, client_side=r.client_side)
                for r in PASSWORD_RULES
            ],
        )

    @strawberry.field(
        description="Un nouveau code de vérification (image et audio en français). Limité par "
        "adresse IP : au-delà, une erreur GraphQL de code `rate_limited` dit dans combien de "
        "secondes (`retryAfter`) réessayer."
    )
    async def captcha(self, info: Info) -> t.CaptchaChallenge:
        try:
            challenge = await captcha.new_challenge(LIBRARY_RENDERER, info.context.client_ip)
        except RateLimited as limited:
            # A GraphQL error, not a union: `captcha: CaptchaChallenge!` is the published
            # contract, and a union would break every client selecting `{ captcha { id } }`.
            # Same shape as franceConnectStart's refusal.
            raise _rate_limited_error(limited) from None
        return t.CaptchaChallenge(
            id=strawberry.ID(str(challenge.id)),
            image=challenge.image_data_url,
            audio=challenge.audio_data_url,
            expires_at=challenge.expires_at,
        )

    @strawberry.field(description="L'état d'une inscription en cours.")
    async def registration(self, flow_id: strawberry.ID) -> t.RegistrationFlow | None:
        flow = await registration.get_flow(str(flow_id))
        return t.RegistrationFlow.from_core(flow) if flow else None


def _rate_limited_error(limited: RateLimited) -> GraphQLError:
    """A refusal for a field whose type has no room for one: French message, stable code."""
    return GraphQLError(
        message_for("rate_limited", retry_after=limited.retry_after),
        extensions={"code": RateLimited.code, "retryAfter": limited.retry_after},
    )


def _form(data: t.RegisterInput) -> registration.RegistrationForm:
    return registration.RegistrationForm(
        sex=data.sex.value,
        first_name=data.first_name,
        last_name=data.last_name,
        email=data.email,
        phone=data.phone,
        password=data.password,
        password_confirmation=data.password_confirmation,
        accept_terms=data.accept_terms,
        captcha_id=str(data.captcha_id),
        captcha_answer=data.captcha_answer,
    )


def _verify_result(outcome: registration.VerifyOutcome) -> t.VerifyCodeResult:
    match outcome:
        case registration.AccountCreated():
            account = t.Account(
                id=strawberry.ID(str(outcome.account_id)),
                email=outcome.email,
                first_names=outcome.first_names,
            )
            return t.AccountCreated(account=account)
        case registration.InvalidCode():
            return t.InvalidCode(
                attempts_left=outcome.attempts_left, message=message_for("code.invalid")
            )
        case registration.CodeExpired():
            return t.CodeExpired(
                flow=t.RegistrationFlow.from_core(outcome.flow), message=message_for("code.expired")
            )
        case registration.TooManyAttempts():
            return t.TooManyAttempts(
                flow=t.RegistrationFlow.from_core(outcome.flow),
                message=message_for("code.too_many_attempts"),
            )
        case registration.FlowCompleted():
            return t.FlowCompleted(message=message_for("flow.completed"))
        case _:
            return t.FlowExpired(message=message_for("flow.expired"))


@strawberry.type
class Mutation(AccountMutations, FranceConnectMutations):
    @strawberry.mutation(
        description="Étape 1 : vérifie le formulaire et envoie le code par courriel."
    )
    async def register(self, info: Info, input: t.RegisterInput) -> t.RegisterResult:
        try:
            flow = await registration.start_registration(_form(input), info.context.client_ip)
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        return t.RegistrationPending(flow=t.RegistrationFlow.from_core(flow))

    @strawberry.mutation(description="Étape 3 : le code reçu crée le compte.")
    async def verify_code(
        self, info: Info, flow_id: strawberry.ID, code: str
    ) -> t.VerifyCodeResult:
        try:
            outcome = await registration.verify_code(str(flow_id), code, info.context.client_ip)
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        return _verify_result(outcome)

    @strawberry.mutation(description="Envoie un nouveau code, qui remplace le précédent.")
    async def resend_code(self, info: Info, flow_id: strawberry.ID) -> t.ResendCodeResult:
        try:
            outcome = await registration.resend_code(str(flow_id), info.context.client_ip)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        match outcome:
            case registration.FlowView():
                return t.CodeResent(flow=t.RegistrationFlow.from_core(outcome))
            case registration.ResendLimitReached():
                return t.ResendLimitReached(message=message_for("code.resend_limit"))
            case registration.FlowCompleted():
                return t.FlowCompleted(message=message_for("flow.completed"))
            case _:
                return t.FlowExpired(message=message_for("flow.expired"))


def _is_unexpected(error: GraphQLError) -> bool:
    """Mask what a bug raised; keep what GraphQL itself says about a bad query."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


def _extensions() -> list[Any]:
    settings = get_settings()
    extensions: list[Any] = [
        QueryDepthLimiter(max_depth=MAX_DEPTH),
        MaxTokensLimiter(max_token_count=MAX_TOKENS),
        MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
    ]
    rules: list[type[ValidationRule]] = [OneGuessPerRequest]
    if not settings.graphql_introspection_enabled:
        # Partners read the published schema.graphql; a prod server gives scanners no map.
        rules.append(NoIntrospection)
    extensions.append(AddValidationRules(rules))
    if not settings.is_dev:
        extensions.append(MaskErrors(should_mask_error=_is_unexpected))
    return extensions


def build_schema() -> strawberry.Schema:
    """The schema with the extensions the current settings ask for (read once, at build)."""
    return strawberry.Schema(query=Query, mutation=Mutation, extensions=_extensions())


schema = build_schema()
