"""Result types every journey shares: field errors, rate limits, "done", "not signed in"."""

from __future__ import annotations

from enum import Enum

import strawberry

from monparis_app.core.errors import FieldError as CoreFieldError
from monparis_app.messages import message_for

# Core field names → the GraphQL input names a partner sent, so it can point at its own field.
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
        """Each core error with its French text, under the name of the input the partner sent."""
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
class Done:
    message: str


@strawberry.type
class NotSignedIn:
    message: str = message_for("session.required")
