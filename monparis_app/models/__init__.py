"""Tortoise models only: the rows the core reads and writes. No rule lives here."""

from monparis_app.models.accounts import Account
from monparis_app.models.captcha import CaptchaChallenge
from monparis_app.models.code_flows import CodeFlow, CodeFlowPurpose
from monparis_app.models.franceconnect import (
    FranceConnectLogin,
    PendingFranceConnectIdentity,
    PendingIdentityPurpose,
)
from monparis_app.models.oidc import (
    OidcAuthorizationCode,
    OidcConsent,
    OidcPendingAuthorization,
    OidcSigningKey,
    OidcToken,
)
from monparis_app.models.outbox import OutboxEmail
from monparis_app.models.passkeys import Passkey, PasskeyChallenge
from monparis_app.models.registration import RegistrationFlow, RegistrationState
from monparis_app.models.security_events import KnownDevice, SecurityEventLink
from monparis_app.models.sessions import AuditEvent, Session, SignInThrottle, SignInTicket

__all__ = [
    "Account",
    "AuditEvent",
    "CaptchaChallenge",
    "CodeFlow",
    "CodeFlowPurpose",
    "FranceConnectLogin",
    "KnownDevice",
    "OidcAuthorizationCode",
    "OidcConsent",
    "OidcPendingAuthorization",
    "OidcSigningKey",
    "OidcToken",
    "OutboxEmail",
    "Passkey",
    "PasskeyChallenge",
    "PendingFranceConnectIdentity",
    "PendingIdentityPurpose",
    "RegistrationFlow",
    "RegistrationState",
    "SecurityEventLink",
    "Session",
    "SignInThrottle",
    "SignInTicket",
]
