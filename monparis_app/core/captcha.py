"""Captcha challenges: "les caractères lus ou entendus du code de vérification".

A challenge is shown as an image and read aloud in French; its answer is kept only as an HMAC,
checked case-insensitively, once: the first check burns it, right or wrong, so a script cannot
try answers against one challenge. ``MONPARIS_CAPTCHA_TEST_ANSWER`` makes every challenge show
the same text for automated tests; prod mode refuses to start with it. Challenges are limited
per client IP (``MONPARIS_RATE_LIMIT_CAPTCHA``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from monparis_app.core import clock, rate_limits
from monparis_app.core.ports import CaptchaRenderer
from monparis_app.core.secrets_hmac import digest_matches, keyed_digest
from monparis_app.models import CaptchaChallenge
from monparis_app.settings import get_settings

ANSWER_MAX_LENGTH = 32
_PURPOSE = "captcha"


@dataclass(frozen=True)
class Challenge:
    id: UUID
    image_data_url: str
    audio_data_url: str
    expires_at: datetime


def _normalize(answer: str) -> str:
    return "".join(answer.split()).upper()


def _new_text(alphabet: str) -> str:
    settings = get_settings()
    if settings.captcha_test_answer:
        return _normalize(settings.captcha_test_answer)
    return "".join(secrets.choice(alphabet) for _ in range(settings.captcha_length))


async def new_challenge(renderer: CaptchaRenderer, client_ip: str) -> Challenge:
    """A fresh challenge for ``client_ip``; raises ``RateLimited`` past
    ``MONPARIS_RATE_LIMIT_CAPTCHA``.

    Each challenge costs a database row and an image and audio rendering (about 100 kB): the
    per-IP limit, counted before any of that work, keeps one client from flooding the table or
    the CPU. The IP is a required argument so that no door can forget it.
    """
    settings = get_settings()
    await rate_limits.hit_per_ip("captcha", client_ip, settings.rate_limit_captcha)
    text = _new_text(renderer.alphabet)
    expires_at = clock.now() + timedelta(seconds=settings.captcha_ttl_seconds)
    row = await CaptchaChallenge.create(answer_digest="", expires_at=expires_at)
    row.answer_digest = keyed_digest(_PURPOSE, str(row.id), text)
    await row.save(update_fields=["answer_digest"])
    return Challenge(
        row.id, renderer.image_data_url(text), renderer.audio_data_url(text), expires_at
    )


async def consume_answer(challenge_id: str, answer: str) -> bool:
    """True when ``answer`` is right for a live challenge; the challenge is burnt either way."""
    try:
        uuid = UUID(challenge_id)
    except ValueError:
        return False
    if not answer or len(answer) > ANSWER_MAX_LENGTH:
        return False
    now = clock.now()
    row = await CaptchaChallenge.get_or_none(id=uuid, used_at=None, expires_at__gt=now)
    if row is None:
        return False
    claimed = await CaptchaChallenge.filter(id=uuid, used_at=None).update(used_at=now)
    if not claimed:
        return False
    return digest_matches(row.answer_digest, _PURPOSE, str(row.id), _normalize(answer))


async def purge_expired_challenges() -> int:
    return await CaptchaChallenge.filter(expires_at__lte=clock.now()).delete()
