"""What the sign-up journey answers at each step (``core.registration``), in one place.

A page or a partner app learns the state of a flow from ``FlowView`` (never the code, never the
password hash) and each step's outcome from the types below. A code that is not accepted is a
``code_checks.CodeRefused``, as in every code journey; its three kinds keep their own names here
because sign-up shows the flow again with an expired or burnt code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from monparis_app.core.code_checks import CodeRefused


class FlowStatus(StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class FlowView:
    """What a page or partner may know of a flow: never the code, never the password hash."""

    id: UUID
    status: FlowStatus
    email: str
    code_expires_at: datetime
    next_resend_at: datetime
    sends_left: int
    attempts_left: int
    expires_at: datetime


@dataclass(frozen=True)
class AccountCreated:
    account_id: UUID
    email: str
    first_names: str


@dataclass(frozen=True)
class InvalidCode(CodeRefused):
    """A wrong code; ``attempts_left`` tries remain on this one."""

    code: str = "code.invalid"


@dataclass(frozen=True)
class CodeReplaced(CodeRefused):
    """The code a resend replaced: it spent a try like a wrong one, and the person is told to
    type the newest code received."""

    code: str = "code.replaced"


@dataclass(frozen=True, kw_only=True)
class CodeExpired(CodeRefused):
    """The code is past its 10 minutes; ``flow`` says when a new one may be sent."""

    code: str = "code.expired"
    flow: FlowView


@dataclass(frozen=True, kw_only=True)
class TooManyAttempts(CodeRefused):
    """Three wrong tries burnt the code; only a new one can finish the flow."""

    code: str = "code.too_many_attempts"
    flow: FlowView


@dataclass(frozen=True)
class FlowExpired:
    pass


@dataclass(frozen=True)
class FlowCompleted:
    pass


@dataclass(frozen=True)
class ResendLimitReached:
    pass


VerifyOutcome = (
    AccountCreated
    | InvalidCode
    | CodeReplaced
    | CodeExpired
    | TooManyAttempts
    | FlowExpired
    | FlowCompleted
)
ResendOutcome = FlowView | ResendLimitReached | FlowExpired | FlowCompleted
