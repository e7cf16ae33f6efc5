"""4-digit verification codes: drawn with ``secrets``, stored as an HMAC, checked in constant time.

Four digits are only 10,000 values, which is why a code lives 10 minutes, burns after 3 wrong
tries, and why the number of codes sent per flow and per address is capped (see registration).
"""

from __future__ import annotations

import re
import secrets

from monparis_app.core.secrets_hmac import digest_matches, keyed_digest

CODE_LENGTH = 4
_CODE_FORMAT = re.compile(rf"^[0-9]{{{CODE_LENGTH}}}$")


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"


def normalize_code(candidate: str) -> str | None:
    """The code as typed, without spaces; None when it cannot be a code at all."""
    code = "".join(candidate.split())
    return code if _CODE_FORMAT.match(code) else None


def code_digest(purpose: str, context: str, code: str) -> str:
    return keyed_digest(purpose, context, code)


def code_matches(digest: str, purpose: str, context: str, candidate: str) -> bool:
    return digest_matches(digest, purpose, context, candidate)


def unguessable_digest() -> str:
    """A digest that no 4-digit code matches: used where no code was sent."""
    return secrets.token_hex(32)
