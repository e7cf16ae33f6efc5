"""Results shared by the three journeys that check an e-mailed code.

Sign-up (``verifyCode``), forgotten password (``resetPassword``) and login e-mail change
(``confirmEmailChange``) grew apart: sign-up answers one type per refusal, the password reset one
``CodeRefused`` with a ``code``. Changing what either answers would break published clients, so
they now share the ``CodeRefusal`` interface instead: a client reads ``code``, ``message`` and
``attemptsLeft`` the same way whichever journey it is in. Rate limits are ``RateLimited`` in all
three.
"""

from __future__ import annotations

import strawberry

from monparis_app.graphql.types.signup import RegistrationFlow
from monparis_app.messages import message_for

CODE_INVALID = "code.invalid"
CODE_EXPIRED = "code.expired"
CODE_TOO_MANY_ATTEMPTS = "code.too_many_attempts"
CODE_REPLACED = "code.replaced"
FLOW_EXPIRED = "flow.expired"


@strawberry.interface(
    description="Un code refusé, dans n'importe quel parcours à code : `code` vaut "
    "`code.invalid`, `code.replaced` (le code d'un courriel précédent, remplacé par un renvoi), "
    "`code.expired`, `code.too_many_attempts` ou `flow.expired`."
)
class CodeRefusal:
    code: str
    message: str
    attempts_left: int = strawberry.field(description="Essais restants avec ce code.")


@strawberry.type
class InvalidCode(CodeRefusal):
    pass


@strawberry.type
class CodeExpired(CodeRefusal):
    flow: RegistrationFlow


@strawberry.type
class TooManyAttempts(CodeRefusal):
    flow: RegistrationFlow


@strawberry.type
class CodeRefused(CodeRefusal):
    pass


@strawberry.type
class FlowExpired:
    message: str


@strawberry.type
class FlowCompleted:
    message: str


@strawberry.type
class ResendLimitReached:
    message: str


def invalid_code_message(attempts_left: int) -> str:
    """The pages' sentence for a wrong code: it counts the tries left, so a partner's user
    reads what a browser user reads ("… Il vous reste 2 essais.")."""
    if attempts_left > 0:
        return message_for("code.invalid_attempts_left", attempts_left=attempts_left)
    return message_for(CODE_INVALID)


def invalid_code(attempts_left: int) -> InvalidCode:
    return InvalidCode(
        code=CODE_INVALID, message=invalid_code_message(attempts_left), attempts_left=attempts_left
    )


def code_replaced(attempts_left: int) -> InvalidCode:
    """The code of an earlier e-mail: a wrong code (``InvalidCode``, a try spent) whose
    ``code`` and message say that a newer one was sent, as the pages say it."""
    return InvalidCode(
        code=CODE_REPLACED, message=message_for(CODE_REPLACED), attempts_left=attempts_left
    )


def code_expired(flow: RegistrationFlow) -> CodeExpired:
    return CodeExpired(
        code=CODE_EXPIRED,
        message=message_for(CODE_EXPIRED),
        attempts_left=flow.attempts_left,
        flow=flow,
    )


def too_many_attempts(flow: RegistrationFlow) -> TooManyAttempts:
    return TooManyAttempts(
        code=CODE_TOO_MANY_ATTEMPTS,
        message=message_for(CODE_TOO_MANY_ATTEMPTS),
        attempts_left=0,
        flow=flow,
    )


def code_refused(code: str, attempts_left: int, *, request_expired: str) -> CodeRefused:
    """``request_expired`` is the journey's own text for a request that is over: the
    catalogue's ``flow.expired`` speaks of a sign-up, which a password reset is not."""
    if code == FLOW_EXPIRED:
        message = request_expired
    elif code == CODE_INVALID:
        message = invalid_code_message(attempts_left)
    else:
        message = message_for(code)
    return CodeRefused(code=code, message=message, attempts_left=attempts_left)
