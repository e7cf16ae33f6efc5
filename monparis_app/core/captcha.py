"""Captcha challenges: "les caractères lus ou entendus du code de vérification".

A challenge is shown as an image and read aloud in French; its answer is kept only as an HMAC,
checked case-insensitively, once: the first check burns it, right or wrong, so a script cannot
try answers against one challenge. ``MONPARIS_CAPTCHA_TEST_ANSWER`` makes every challenge show
the same text for automated tests; prod mode refuses to start with it. Challenges are limited
per client IP (``MONPARIS_RATE_LIMIT_CAPTCHA``).

Nothing is drawn or spoken when a challenge is created: that costs one database row and two
HMACs. The image and the audio are rendered when someone asks for them (``/captcha/<id>/…``,
or the lazy ``image_data_url`` / ``audio_data_url``), most people never play the audio. Their
text is not stored: it is *derived* from the challenge id with an HMAC of the service's secret
key (``challenge_text``), so any process can render it later from the id alone, nobody without
the key can compute it from the id the page shows, and the database holds no answer in clear
(the row keeps the answer's keyed digest, checked once by ``consume_answer``).
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from uuid import UUID

from monparis_app.core import clock, rate_limits
from monparis_app.core.ports import CaptchaRenderer
from monparis_app.core.secrets_hmac import digest_matches, keyed_digest
from monparis_app.models import CaptchaChallenge
from monparis_app.settings import get_settings
from monparis_app.web import routes

ANSWER_MAX_LENGTH = 32
_PURPOSE = "captcha"
_TEXT_PURPOSE = b"captcha-text\x00"


@dataclass(frozen=True)
class Challenge:
    """A live challenge. ``image_url`` / ``audio_url`` render on request; the data URLs render
    on first access only (for pages that still inline them)."""

    id: UUID
    expires_at: datetime
    renderer: CaptchaRenderer = field(repr=False, compare=False)

    @property
    def image_url(self) -> str:
        return routes.CAPTCHA_IMAGE.format(challenge_id=self.id)

    @property
    def audio_url(self) -> str:
        return routes.CAPTCHA_AUDIO.format(challenge_id=self.id)

    @cached_property
    def image_data_url(self) -> str:
        return self.renderer.image_data_url(challenge_text(self.id, self.renderer.alphabet))

    @cached_property
    def audio_data_url(self) -> str:
        return self.renderer.audio_data_url(challenge_text(self.id, self.renderer.alphabet))


def _normalize(answer: str) -> str:
    return "".join(answer.split()).upper()


def challenge_text(challenge_id: UUID, alphabet: str) -> str:
    """The characters of challenge ``challenge_id``: ``captcha_length`` letters of ``alphabet``
    read from HMAC-SHA256(secret key, id), or the fixed test answer when one is set.

    256 bits give far more letters than needed; each is the next base-``len(alphabet)`` digit of
    the digest, whose bias is below 2^-200 for any alphabet this size.
    """
    settings = get_settings()
    if settings.captcha_test_answer:
        return _normalize(settings.captcha_test_answer)
    key = settings.secret_key.encode()
    number = int.from_bytes(
        hmac.new(key, _TEXT_PURPOSE + challenge_id.bytes, hashlib.sha256).digest()
    )
    letters = []
    for _ in range(settings.captcha_length):
        number, index = divmod(number, len(alphabet))
        letters.append(alphabet[index])
    return "".join(letters)


async def new_challenge(renderer: CaptchaRenderer, client_ip: str) -> Challenge:
    """A fresh challenge for ``client_ip``; raises ``RateLimited`` past
    ``MONPARIS_RATE_LIMIT_CAPTCHA``.

    Each challenge costs one database row (one INSERT: the id is chosen here, so the answer's
    digest is known before the row is written); rendering happens on request. The per-IP
    limit, counted first, keeps one client from flooding the table. The IP is a required
    argument so that no door can forget it.
    """
    settings = get_settings()
    await rate_limits.hit_per_ip("captcha", client_ip, settings.rate_limit_captcha)
    challenge_id = uuid.uuid4()
    digest = keyed_digest(
        _PURPOSE, str(challenge_id), challenge_text(challenge_id, renderer.alphabet)
    )
    expires_at = clock.now() + timedelta(seconds=settings.captcha_ttl_seconds)
    await CaptchaChallenge.create(id=challenge_id, answer_digest=digest, expires_at=expires_at)
    return Challenge(challenge_id, expires_at, renderer)


async def text_to_render(challenge_id: str, alphabet: str) -> tuple[str, int] | None:
    """The text of a live, unused challenge and its seconds left (what a cache may keep it);
    None for an unknown, used or expired one, so an old link renders nothing."""
    try:
        uuid_ = UUID(challenge_id)
    except ValueError:
        return None
    now = clock.now()
    row = await CaptchaChallenge.get_or_none(id=uuid_, used_at=None, expires_at__gt=now)
    if row is None:
        return None
    seconds_left = max(1, int((row.expires_at - now).total_seconds()))
    return challenge_text(uuid_, alphabet), seconds_left


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
