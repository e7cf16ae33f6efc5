"""Domain errors: a stable ``code`` per failure, never a message.

The French text for each code lives in ``monparis_app.messages``, shared by pages, GraphQL and
e-mails, so a wording is changed in one place and no door invents its own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field; ``code`` keys the French message."""

    field: str
    code: str


class DomainError(Exception):
    """Base of every failure the core reports on purpose."""

    code = "error"


class InvalidInput(DomainError):
    """The input breaks one or more rules; nothing was changed."""

    code = "invalid_input"

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(", ".join(f"{e.field}:{e.code}" for e in errors))
        self.errors = errors


class RateLimited(DomainError):
    """Too many requests for one key; the caller may retry after ``retry_after`` seconds."""

    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after}s")
        self.retry_after = max(1, retry_after)
