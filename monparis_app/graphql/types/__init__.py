"""GraphQL types shared by several journeys; a type only one journey answers lives with it."""

from monparis_app.graphql.types.codes import (
    CodeExpired,
    CodeRefusal,
    CodeRefused,
    FlowCompleted,
    FlowExpired,
    InvalidCode,
    ResendLimitReached,
    TooManyAttempts,
)
from monparis_app.graphql.types.common import (
    Account,
    Done,
    FieldError,
    FieldErrors,
    NotSignedIn,
    RateLimited,
    Sex,
)
from monparis_app.graphql.types.profile import Profile, ProfileUpdated
from monparis_app.graphql.types.signup import (
    AccountCreated,
    CaptchaChallenge,
    CodeResent,
    FlowStatus,
    PasswordPolicy,
    PasswordRule,
    RegisterInput,
    RegistrationFlow,
    RegistrationPending,
)

__all__ = [
    "Account",
    "AccountCreated",
    "CaptchaChallenge",
    "CodeExpired",
    "CodeRefusal",
    "CodeRefused",
    "CodeResent",
    "Done",
    "FieldError",
    "FieldErrors",
    "FlowCompleted",
    "FlowExpired",
    "FlowStatus",
    "InvalidCode",
    "NotSignedIn",
    "PasswordPolicy",
    "PasswordRule",
    "Profile",
    "ProfileUpdated",
    "RateLimited",
    "RegisterInput",
    "RegistrationFlow",
    "RegistrationPending",
    "ResendLimitReached",
    "Sex",
    "TooManyAttempts",
]
