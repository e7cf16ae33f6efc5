"""What the core asks of the outside world, as Protocols: one file to read to know its ports.

The core never imports an adapter. Each port is filled at start-up (or by a test) with
whatever satisfies it: the system clock or a frozen one, the FranceConnect HTTP client or a
fake, the ``captcha`` library or a stub, Prometheus or nothing. The registration functions
live next to the rules that use them (``clock.use_clock``, ``franceconnect.use_client``,
``metrics.use_sink``); the captcha renderer is passed by the door at each call.

There is no mail-sender port: the core only queues e-mails in the outbox (``core.outbox``),
in the transaction of the change they tell about; the sender adapter reads that table itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # the config module imports this one through the franceconnect package
    from monparis_app.core.franceconnect.config import FranceConnectConfig


class Clock(Protocol):
    """Every expiry in the core reads ``now()``; tests move a frozen clock instead of sleeping."""

    def now(self) -> datetime: ...


@dataclass(frozen=True)
class TokenSet:
    """What FranceConnect's token endpoint returned, before any of it is trusted."""

    access_token: str
    id_token: str


class OidcClient(Protocol):
    """What the FranceConnect journeys need from FranceConnect; each method raises
    ``FranceConnectError`` with a stable reason (``token.invalid_grant``, ``id_token.nonce``…),
    so a fake and the real client fail the same way."""

    @property
    def config(self) -> FranceConnectConfig: ...

    async def authorization_url(self, *, redirect_uri: str, state: str, nonce: str) -> str: ...

    async def exchange_code(self, code: str, *, redirect_uri: str) -> TokenSet: ...

    async def verify_id_token(
        self, id_token: str, *, nonce: str, access_token: str
    ) -> dict[str, Any]: ...

    async def fetch_userinfo(self, access_token: str, *, expected_sub: str) -> dict[str, Any]: ...

    async def end_session_url(self, *, id_token: str, state: str) -> str: ...

    async def requires_iss_parameter(self) -> bool: ...


class CaptchaRenderer(Protocol):
    """Turns the challenge text into what a person sees and hears: PNG and WAV bytes (served
    by URL, on request), or the same as data URLs (for pages that inline them)."""

    alphabet: str

    def png(self, text: str) -> bytes: ...

    def wav(self, text: str) -> bytes: ...

    def image_data_url(self, text: str) -> str: ...

    def audio_data_url(self, text: str) -> str: ...


# Where operational counts go: ``(event, labels)``; labels never name a person.
MetricsSink = Callable[[str, Mapping[str, str]], None]
