"""Time as a replaceable part: every expiry in the core reads ``now()`` from here.

Tests move a ``FrozenClock`` forward instead of sleeping, so limits at their edge are exact.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from monparis_app.core.ports import Clock


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


class ShiftedClock:
    """The real time plus an offset that only grows: the end-to-end build runs on it
    (``MONPARIS_TEST_CLOCK=on``, dev only) so that a browser test jumps past an expiry
    instead of sleeping through it, while the app's own timers keep ticking."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=max(0.0, seconds))


_clock: Clock = SystemClock()


def now() -> datetime:
    return _clock.now()


def current() -> Clock:
    return _clock


def use_clock(clock: Clock) -> Clock:
    """Install ``clock`` and return the previous one (tests restore it)."""
    global _clock
    previous, _clock = _clock, clock
    return previous
