"""Keyed digests for short secrets (verification codes, captcha answers).

A 4-digit code hashed without a key is reversed by trying 10,000 values; an HMAC with the
service's secret key and a per-row context cannot be, even with the database in hand.
"""

from __future__ import annotations

import hashlib
import hmac

from monparis_app.settings import get_settings


def keyed_digest(purpose: str, context: str, value: str) -> str:
    key = get_settings().secret_key.encode()
    message = f"{purpose}\x00{context}\x00{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def digest_matches(expected_digest: str, purpose: str, context: str, candidate: str) -> bool:
    """Constant-time comparison, so timing reveals nothing about the stored value."""
    return hmac.compare_digest(expected_digest, keyed_digest(purpose, context, candidate))
