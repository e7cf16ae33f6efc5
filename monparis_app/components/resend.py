""" "renvoyez le message": the link and its countdown, the same on every code page.

The countdown runs on the server (one event a second while throttled) from the wait the core
gives, so the link is enabled exactly when the core will accept a resend.
"""

from __future__ import annotations

import asyncio
import math
from datetime import datetime
from typing import Any

import reflex as rx
from reflex.vars.base import Var

from monparis_app.core import clock


class ResendCountdown(rx.State, mixin=True):
    """Mixed into a code page's state: ``resend_wait`` seconds before the link is enabled."""

    resend_wait: int = 0

    def _countdown_until(self, moment: datetime) -> Any:
        """Count down to the moment the core gives for the next send (whole seconds, rounded
        up: the link is never enabled before the core accepts)."""
        return self._start_countdown(math.ceil((moment - clock.now()).total_seconds()))

    def _start_countdown(self, seconds: int) -> Any:
        self.resend_wait = max(0, seconds)
        return type(self).tick if self.resend_wait > 0 else None

    @rx.event(background=True)
    async def tick(self) -> None:
        while True:
            await asyncio.sleep(1)
            async with self:
                self.resend_wait = max(0, self.resend_wait - 1)
                if self.resend_wait == 0:
                    return


def resend_button(wait: Var[int], on_click: Any) -> rx.Component:
    return rx.el.button(
        rx.cond(
            wait > 0,
            rx.el.span("renvoyez le message (possible dans ", wait, " s)"),
            "renvoyez le message",
        ),
        type="button",
        on_click=on_click,
        disabled=wait > 0,
        aria_disabled=rx.cond(wait > 0, "true", "false"),
        class_name="button-link",
    )
