"""GraphQL object types: thin mirrors of the core's results, with French messages attached."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from monparis_app.core import registration
from monparis_app.core.errors import FieldError as CoreFieldError
from monparis_app.messages import message_for

# Core field names → the GraphQL input names a partner sent.
_INPUT_NAMES = {
    "first_name": "firstName",
    "last_name": "lastName",
    "password_confirmation": "passwordConfirmation",
    "accept_terms": "acceptTerms",
    "captcha": "captchaAnswer",
}


@strawberry.enum
class Sex(Enum):
    FEMALE = "FEMALE"
    MALE = "MALE"


@strawberry.enum
class FlowStatus(Enum):
    PENDING = "pending"
    COMPLETED = "completed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


@strawberry.type
class PasswordRule:
    id: str
    label: str
    pattern: str | None = strawberry.field(
        description="Expression régulière (JavaScript et Python) qui doit trouver une correspondance."
    )
    client_side: bool


@strawberry.type
class PasswordPolicy:
    min_length: int
    max_length: int
    rules: list[PasswordRule]


@strawberry.type
class CaptchaChallenge:
    id: strawberry.ID
    image: str = strawberry.field(description="Image PNG en data URL.")
    audio: str = strawberry.field(description="Lecture audio en français, WAV en data URL.")
    expires_at: datetime


@strawberry.type
class RegistrationFlow:
    id: strawberry.ID
    status: FlowStatus
    email: str
    code_expires_at: datetime
    next_resend_at: datetime
    sends_left: int
    attempts_left: int
    expires_at: datetime

    @classmethod
    def from_core(cls, flow: registration.FlowView) -> RegistrationFlow:
        return cls(
            id=strawberry.ID(str(flow.id)),
            status=FlowStatus(flow.status.value),
            email=flow.email,
            code_expires_at=flow.code_expires_at,
            next_resend_at=flow.next_resend_at,
            sends_left=flow.sends_left,
            attempts_left=flow.attempts_left,
            expires_at=flow.expires_at,
        )


@strawberry.type
class Account:
    id: strawberry.ID
    email: str
    first_names: str


@strawberry.type
class FieldError:
    field: str
    code: str
    message: str


@strawberry.type
class FieldErrors:
    errors: list[FieldError]

    @classmethod
    def from_core(cls, errors: list[CoreFieldError]) -> FieldErrors:
        return cls(
            errors=[
                FieldError(
                    field=_INPUT_NAMES.get(e.field, e.field),
                    code=e.code,
                    message=message_for(e.code),
                )
                for e in errors
            ]
        )


@strawberry.type
class RateLimited:
    retry_after: int = strawberry.field(description="Secondes à attendre avant de réessayer.")
    message: str

    @classmethod
    def after(cls, seconds: int) -> RateLimited:
        return cls(retry_after=seconds, message=message_for("rate_limited", retry_after=seconds))


@strawberry.type
class RegistrationPending:
    flow: RegistrationFlow


@strawberry.type
class AccountCreated:
    account: Account


@strawberry.type
class InvalidCode:
    attempts_left: int
    message: str


@strawberry.type
class CodeExpired:
    flow: RegistrationFlow
    message: str


@strawberry.type
class TooManyAttempts:
    flow: RegistrationFlow
    message: str


@strawberry.type
class FlowExpired:
    message: str


@strawberry.type
class FlowCompleted:
    message: str


@strawberry.type
class CodeResent:
    flow: RegistrationFlow


@strawberry.type
class ResendLimitReached:
    message: str


RegisterResult = Annotated[
    RegistrationPending | FieldErrors | RateLimited, strawberry.union("RegisterResult")
]
VerifyCodeResult = Annotated[
    AccountCreated
    | InvalidCode
    | CodeExpired
    | TooManyAttempts
    | FlowExpired
    | FlowCompleted
    | FieldErrors
    | RateLimited,
    strawberry.union("VerifyCodeResult"),
]
ResendCodeResult = Annotated[
    CodeResent | ResendLimitReached | FlowExpired | FlowCompleted | RateLimited,
    strawberry.union("ResendCodeResult"),
]


@strawberry.input
class RegisterInput:
    sex: Sex
    first_name: str
    last_name: str
    email: str
    phone: str | None = None
    password: str
    password_confirmation: str
    accept_terms: bool
    captcha_id: strawberry.ID
    captcha_answer: str
