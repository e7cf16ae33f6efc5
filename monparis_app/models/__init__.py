"""Tortoise models only: the rows the core reads and writes. No rule lives here."""

from monparis_app.models.accounts import Account
from monparis_app.models.captcha import CaptchaChallenge
from monparis_app.models.outbox import OutboxEmail
from monparis_app.models.registration import RegistrationFlow, RegistrationState

__all__ = [
    "Account",
    "CaptchaChallenge",
    "OutboxEmail",
    "RegistrationFlow",
    "RegistrationState",
]
