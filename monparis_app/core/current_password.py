"""The proof asked before a signed-in change: the current password, with a budget of tries.

Whoever holds a stolen session could otherwise guess the password through "Modifier mon mot de
passe" or "Supprimer mon compte" as fast as argon2 allows, and then own the account for good.
Each check spends one try of the account's budget (``MONPARIS_RATE_LIMIT_CURRENT_PASSWORD``)
*before* the hash is computed, atomically in the shared limiter, so a parallel burst gets no
more checks than the same tries in a row.
"""

from __future__ import annotations

from monparis_app.core import rate_limits
from monparis_app.core.errors import FieldError, RateLimited
from monparis_app.core.password_hashing import verify_password
from monparis_app.models import Account
from monparis_app.settings import get_settings

# Longer input is not a password anyone typed: it is not hashed (a cheap way to load the CPU).
MAX_CHECKED_LENGTH = 1024


async def refusal(account: Account, candidate: str, field: str) -> FieldError | None:
    """None when ``candidate`` is the account's password; else the error to show on ``field``.

    An account with no password (created through FranceConnect) has nothing to prove here.
    """
    if not account.password_hash:
        return None
    try:
        spec = get_settings().rate_limit_current_password
        await rate_limits.hit("current-password", str(account.id), spec)
    except RateLimited:
        return FieldError(field, "current_password.too_many")
    checked = candidate[:MAX_CHECKED_LENGTH]
    if await verify_password(account.password_hash, checked, refuse_when_full=False):
        return None
    return FieldError(field, "current_password.invalid")
