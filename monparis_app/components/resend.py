""" "renvoyez le message": the link and its countdown, the same on every code page.

The countdown runs in the browser (``assets/monparis.js``): the state sends the wait the core
gave once, with a new ``resend_round`` each time, and the script counts it down and enables the
link, with no websocket frame a second. The server keeps the moment itself and refuses an early
click without asking the core; the core refuses it anyway if a click gets through.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import reflex as rx
from reflex.vars.base import Var

from monparis_app.core import clock


class ResendCountdown(rx.State, mixin=True):
    """Mixed into a code page's state: ``resend_wait`` seconds before the link is enabled."""

    resend_wait: int = 0
    resend_round: int = 0
    _resend_allowed_at: float = 0.0

    def _countdown_until(self, moment: datetime) -> None:
        """Count down to the moment the core gives for the next send (whole seconds, rounded
        up: the link is never enabled before the core accepts)."""
        self._start_countdown(math.ceil((moment - clock.now()).total_seconds()))

    def _start_countdown(self, seconds: int) -> None:
        self.resend_wait = max(0, seconds)
        self.resend_round += 1
        allowed = clock.now() + timedelta(seconds=self.resend_wait)
        self._resend_allowed_at = allowed.timestamp()

    def _reset_countdown(self) -> None:
        self._start_countdown(0)

    def _resend_throttled(self) -> bool:
        return clock.now().timestamp() < self._resend_allowed_at


def resend_button(wait: Var[int], round_: Var[int], on_click: Any) -> rx.Component:
    """The script disables the button the moment it appears or starts a new round (a mutation
    observer, before the next paint), fills its countdown and enables it when ``wait`` is over.
    React is never given ``disabled``: it would swallow the clicks of a button its props call
    disabled, whatever the script did since."""
    return rx.el.button(
        "renvoyez le message",
        rx.el.span(class_name="resend-countdown"),
        type="button",
        on_click=on_click,
        custom_attrs={"data-resend-wait": wait, "data-resend-round": round_},
        class_name="button-link",
    )
