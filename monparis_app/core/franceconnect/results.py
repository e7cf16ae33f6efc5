"""What a FranceConnect journey answers: its failure, and the outcome of each step.

A failure is one exception type whose ``code`` keys the French message, so every door (the
browser routes, GraphQL, the pages) shows the same words for the same problem.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from uuid import UUID

from monparis_app.core import sign_in
from monparis_app.core.errors import DomainError

logger = logging.getLogger("monparis.franceconnect")

# FranceConnect's own error codes that get a dedicated message; others become "provider_error".
KNOWN_PROVIDER_ERRORS = (
    "access_denied",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable",
)


class FranceConnectError(DomainError):
    """A FranceConnect step failed. ``code`` keys the French message (stable, public);
    ``reason`` says precisely why, for logs and tests, and never holds personal data.
    ``during_link`` tells the door the person was linking their signed-in account, so the
    answer belongs on the account page rather than on the sign-in error page."""

    code = "franceconnect.error"

    def __init__(self, code: str, reason: str = "") -> None:
        super().__init__(f"{code} ({reason})" if reason else code)
        self.code = code
        self.reason = reason or code
        self.during_link = False

    @property
    def short_code(self) -> str:
        """The code without its prefix: what an error page URL carries."""
        return self.code.removeprefix("franceconnect.")


def failure(code: str, reason: str = "") -> FranceConnectError:
    """Log why (no personal data) and build the error to raise."""
    logger.warning("FranceConnect failure: %s (%s)", code, reason or code)
    return FranceConnectError(f"franceconnect.{code}", reason)


def provider_error(error: str) -> FranceConnectError:
    """FranceConnect sent ``error=`` back: an honest message per known code."""
    known = error if error in KNOWN_PROVIDER_ERRORS else "provider_error"
    return failure(known, f"callback.error.{known}")


@dataclass(frozen=True)
class Started:
    """Where to send the browser, and the state the caller must keep (a partner app does)."""

    authorization_url: str
    state: str


@dataclass(frozen=True)
class SignedIn:
    """Signed in (account found by ``sub``, just created, or just linked)."""

    account_id: UUID
    email: str
    first_names: str
    id_token: str
    created: bool = False


@dataclass(frozen=True)
class LinkRequired:
    """The e-mail belongs to a local account: its password must be proven first."""

    link_token: str
    email: str


@dataclass(frozen=True)
class TermsRequired:
    """A new identity: the account is created only once the person accepts the terms of use."""

    creation_token: str
    email: str


@dataclass(frozen=True)
class PendingCreation:
    """What the terms page shows: the certified names and the e-mail of the future account."""

    email: str
    first_names: str
    birth_name: str


@dataclass(frozen=True)
class PendingLink:
    """What the link page shows: the account's e-mail, and whether a captcha is due."""

    email: str
    captcha_required: bool


@dataclass(frozen=True)
class Linked:
    """The signed-in account now carries this FranceConnect identity."""

    account_id: UUID
    id_token: str


FinishOutcome = SignedIn | LinkRequired | TermsRequired | Linked
LinkOutcome = SignedIn | sign_in.SignInRefused


@dataclass(frozen=True)
class Origin:
    """Where a request came from, for the audit log (truncated there, never stored whole)."""

    client_ip: str = ""
    user_agent: str = ""
