"""What a page state does with a submitted form: read its text, tie the core's errors to the
page's field ids, and move focus to the first field in error (RGAA 11.10, 11.11).

The core answers with field names and message codes; a page's ids may differ (``rename``) and
its order decides which field is focused first.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from monparis_app.core.errors import FieldError
from monparis_app.messages import message_for


def form_text(data: dict[str, Any], name: str) -> str:
    """A text input's value; anything else a hostile client sends reads as empty."""
    value = data.get(name, "")
    return value if isinstance(value, str) else ""


def focus(field_id: str) -> Any:
    """Move focus to a field (``assets/monparis.js``), so its error is read with its label."""
    return rx.call_script(f"window.monparis.focusField({json.dumps(field_id)})")


def field_messages(
    fields: tuple[str, ...], errors: list[FieldError], rename: dict[str, str] | None = None
) -> dict[str, str]:
    """One French message per field id of the page (the first error of each field wins)."""
    shown = dict.fromkeys(fields, "")
    for error in errors:
        name = (rename or {}).get(error.field, error.field)
        if name in shown and not shown[name]:
            shown[name] = message_for(error.code)
    return shown


def focus_first(shown: dict[str, str], targets: dict[str, str] | None = None) -> Any:
    """Focus goes to the first field in error, in the order of the page; ``targets`` names what
    to focus for a field that is not an input (a radio group: its first radio)."""
    first = next((name for name, text in shown.items() if text), "")
    return focus((targets or {}).get(first, first)) if first else None
