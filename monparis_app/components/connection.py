"""The French notice shown when the page has lost, or could not open, its link to the server.

Every button of a Reflex page goes through one websocket. Without it the page still shows but
nothing reacts, and Reflex's own notices are in English ("Cannot connect to server…", a pulsing
wifi icon with a "Connection Error" tooltip). This replaces Reflex's overlay (app wrap
``(5, "Overlay")``) with one banner: ``role="alert"`` so screen readers announce it when it
appears, fixed at the top of the viewport, gone as soon as the socket reconnects (Reflex clears its
connection errors on ``connect`` and keeps retrying with a growing delay).
"""

from __future__ import annotations

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors

from monparis_app.messages import message_for

CONNECTION_LOST = message_for("browser.connection_lost")

# Inline, so the banner does not depend on the stylesheet loading (it may be what failed).
# Red #ce0500 on white text: contrast 5.9:1 (WCAG AA), readable in light and dark themes.
_STYLE = {
    "position": "fixed",
    "top": "0",
    "left": "0",
    "right": "0",
    "z_index": "9999",
    "margin": "0",
    "padding": "0.75rem 1rem",
    "background": "#ce0500",
    "color": "#ffffff",
    "font_weight": "700",
    "text_align": "center",
}


def connection_banner() -> rx.Component:
    """The banner, rendered only while the websocket has connection errors."""
    return rx.cond(
        has_connection_errors,
        rx.el.div(CONNECTION_LOST, role="alert", id="connexion-interrompue", style=_STYLE),
    )


def connection_overlay(stateful: bool) -> rx.Component | None:
    """Replacement for Reflex's default overlay app wrap (``app.app_wraps[5, "Overlay"]``).

    Like Reflex's, only apps with state (hence a websocket) get it.
    """
    return connection_banner() if stateful else None
