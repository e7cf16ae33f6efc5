"""Sign-up types: the password policy, the captcha, and the registration flow a partner follows."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from monparis_app.core import registration
from monparis_app.graphql.types.common import Account, Sex

FLOW_ID_DESCRIPTION = (
    "L'identifiant de la demande, à renvoyer en `flowId` : le même nom dans les trois parcours "
    "à code (inscription, mot de passe oublié, changement de courriel)."
)


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
class RegistrationPending:
    flow: RegistrationFlow

    @strawberry.field(description=FLOW_ID_DESCRIPTION)
    def flow_id(self) -> strawberry.ID:
        return self.flow.id


@strawberry.type
class AccountCreated:
    account: Account


@strawberry.type
class CodeResent:
    flow: RegistrationFlow

    @strawberry.field(description=FLOW_ID_DESCRIPTION)
    def flow_id(self) -> strawberry.ID:
        return self.flow.id


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
