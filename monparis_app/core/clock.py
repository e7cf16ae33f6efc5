"""Time as a replaceable part: every expiry in the core reads ``now()`` from here.

Tests move a ``FrozenClock`` forward instead of sleeping, so limits at their edge are exact.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime.now(UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


_clock: Clock = SystemClock()


def now() -> datetime:
    return _clock.now()


def use_clock(clock: Clock) -> Clock:
    """Install ``clock`` and return the previous one (tests restore it)."""
    global _clock
    previous, _clock = _clock, clock
    return previous
