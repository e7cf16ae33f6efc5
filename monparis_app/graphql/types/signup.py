"""Sign-up types: the password policy, the captcha, and the registration flow a partner follows."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from monparis_app.core import captcha, registration
from monparis_app.graphql.types.common import Account, Sex
from monparis_app.settings import get_settings

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
    """Nothing is rendered unless asked: ``image`` and ``audio`` render when selected; the URLs
    render when fetched (the audio only if the person listens)."""

    id: strawberry.ID
    challenge: strawberry.Private[captcha.Challenge]

    @strawberry.field(description="Image PNG en data URL (préférer `imageUrl`).")
    def image(self) -> str:
        return self.challenge.image_data_url

    @strawberry.field(
        description="Lecture audio en français, WAV en data URL (préférer `audioUrl`)."
    )
    def audio(self) -> str:
        return self.challenge.audio_data_url

    @strawberry.field
    def expires_at(self) -> datetime:
        return self.challenge.expires_at

    @strawberry.field(
        description="Adresse de l'image PNG, à charger tant que le code est valable "
        "(404 ensuite) ; le navigateur peut la garder en cache jusqu'à `expiresAt`."
    )
    def image_url(self) -> str:
        return get_settings().base_url + self.challenge.image_url

    @strawberry.field(
        description="Adresse de la lecture audio en français (WAV), à charger seulement "
        "quand la personne demande à l'écouter."
    )
    def audio_url(self) -> str:
        return get_settings().base_url + self.challenge.audio_url


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
