"""Sign-up in three calls: ``register`` (form and captcha), the e-mailed code, ``verifyCode``.

Also the queries the sign-up form needs: the password policy, a captcha, the flow's state.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from graphql import GraphQLError

from monparis_app.adapters.captcha_renderer import LIBRARY_RENDERER
from monparis_app.core import captcha, registration
from monparis_app.core.errors import InvalidInput, RateLimited
from monparis_app.core.password_policy import MAX_LENGTH, MIN_LENGTH, PASSWORD_RULES
from monparis_app.graphql import types as t
from monparis_app.graphql.context import Info
from monparis_app.graphql.types import codes
from monparis_app.messages import message_for

RegisterResult = Annotated[
    t.RegistrationPending | t.FieldErrors | t.RateLimited, strawberry.union("RegisterResult")
]
VerifyCodeResult = Annotated[
    t.AccountCreated
    | t.InvalidCode
    | t.CodeExpired
    | t.TooManyAttempts
    | t.FlowExpired
    | t.FlowCompleted
    | t.FieldErrors
    | t.RateLimited,
    strawberry.union("VerifyCodeResult"),
]
ResendCodeResult = Annotated[
    t.CodeResent | t.ResendLimitReached | t.FlowExpired | t.FlowCompleted | t.RateLimited,
    strawberry.union("ResendCodeResult"),
]


def rate_limited_error(limited: RateLimited) -> GraphQLError:
    """A refusal for a field whose type has no room for one: French message, stable code."""
    return GraphQLError(
        message_for("rate_limited", retry_after=limited.retry_after),
        extensions={"code": RateLimited.code, "retryAfter": limited.retry_after},
    )


@strawberry.type
class SignUpQueries:
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
        description="Un nouveau code de vérification (image et audio en français, à charger "
        "par `imageUrl` et `audioUrl`). Limité par "
        "adresse IP : au-delà, une erreur GraphQL de code `rate_limited` dit dans combien de "
        "secondes (`retryAfter`) réessayer."
    )
    async def captcha(self, info: Info) -> t.CaptchaChallenge:
        try:
            challenge = await captcha.new_challenge(LIBRARY_RENDERER, info.context.client_ip)
        except RateLimited as limited:
            # A GraphQL error, not a union: `captcha: CaptchaChallenge!` is the published
            # contract, and a union would break every client selecting `{ captcha { id } }`.
            raise rate_limited_error(limited) from None
        # Rendering waits for a client to select `image` / `audio` or to fetch the URLs.
        return t.CaptchaChallenge(id=strawberry.ID(str(challenge.id)), challenge=challenge)

    @strawberry.field(description="L'état d'une inscription en cours.")
    async def registration(self, flow_id: strawberry.ID) -> t.RegistrationFlow | None:
        flow = await registration.get_flow(str(flow_id))
        return t.RegistrationFlow.from_core(flow) if flow else None


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


def _verify_result(outcome: registration.VerifyOutcome) -> VerifyCodeResult:
    match outcome:
        case registration.AccountCreated():
            account = t.Account(
                id=strawberry.ID(str(outcome.account_id)),
                email=outcome.email,
                first_names=outcome.first_names,
            )
            return t.AccountCreated(account=account)
        case registration.InvalidCode():
            return codes.invalid_code(outcome.attempts_left)
        case registration.CodeReplaced():
            return codes.code_replaced(outcome.attempts_left)
        case registration.CodeExpired():
            return codes.code_expired(t.RegistrationFlow.from_core(outcome.flow))
        case registration.TooManyAttempts():
            return codes.too_many_attempts(t.RegistrationFlow.from_core(outcome.flow))
        case registration.FlowCompleted():
            return t.FlowCompleted(message=message_for("flow.completed"))
        case _:
            return t.FlowExpired(message=message_for("flow.expired"))


def _resend_result(outcome: registration.ResendOutcome) -> ResendCodeResult:
    match outcome:
        case registration.FlowView():
            return t.CodeResent(flow=t.RegistrationFlow.from_core(outcome))
        case registration.ResendLimitReached():
            return t.ResendLimitReached(message=message_for("code.resend_limit"))
        case registration.FlowCompleted():
            return t.FlowCompleted(message=message_for("flow.completed"))
        case _:
            return t.FlowExpired(message=message_for("flow.expired"))


@strawberry.type
class SignUpMutations:
    @strawberry.mutation(
        description="Étape 1 : vérifie le formulaire et envoie le code par courriel. Le "
        "captcha est jugé avec les autres champs : une seule réponse `FieldErrors` liste toutes "
        "les erreurs, celle de `captchaAnswer` comprise. Une réponse saisie consomme le captcha, "
        "même si d'autres champs sont refusés : demandez-en un nouveau avant de réessayer."
    )
    async def register(self, info: Info, input: t.RegisterInput) -> RegisterResult:
        try:
            flow = await registration.start_registration(_form(input), info.context.client_ip)
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        return t.RegistrationPending(flow=t.RegistrationFlow.from_core(flow))

    @strawberry.mutation(description="Étape 3 : le code reçu crée le compte.")
    async def verify_code(self, info: Info, flow_id: strawberry.ID, code: str) -> VerifyCodeResult:
        try:
            outcome = await registration.verify_code(str(flow_id), code, info.context.client_ip)
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        return _verify_result(outcome)

    @strawberry.mutation(description="Envoie un nouveau code, qui remplace le précédent.")
    async def resend_code(self, info: Info, flow_id: strawberry.ID) -> ResendCodeResult:
        try:
            outcome = await registration.resend_code(str(flow_id), info.context.client_ip)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        return _resend_result(outcome)
