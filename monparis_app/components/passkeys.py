"""What the passkey ("clé d’accès") journeys share in the page: the hidden form the browser's
answer comes back through, and the script calls that hand the server's options to it.

``assets/monparis.js`` (``window.monparisPasskey``) asks the authenticator, then writes its
answer (the credential's JSON, or ``error:<name>``) into the hidden form and submits it, so the
answer reaches the state as an ordinary form event.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from monparis_app.web import routes

# What the browser says when no passkey was produced ("error:<DOMException name>").
BROWSER_REFUSALS = {
    "error:NotAllowedError": "L’utilisation de la clé d’accès a été annulée ou le délai est dépassé.",
    "error:NotSupportedError": "Ce navigateur ne permet pas d’utiliser une clé d’accès.",
    "error:InvalidStateError": "Cette clé d’accès est déjà enregistrée sur cet appareil.",
    "error:SecurityError": "La clé d’accès ne peut pas être utilisée depuis cette adresse.",
}
UNKNOWN_BROWSER_REFUSAL = "La clé d’accès n’a pas pu être utilisée. Réessayez."


def browser_refusal(outcome: str) -> str | None:
    """None when ``outcome`` is a credential; else what to tell the person."""
    if not outcome.startswith("error:"):
        return None
    return BROWSER_REFUSALS.get(outcome, UNKNOWN_BROWSER_REFUSAL)


def passkey_answer_form(form_id: str, on_submit: Any) -> rx.Component:
    """Invisible and out of the tab order: only the script submits it."""
    return rx.el.form(
        rx.el.input(type="hidden", name="credential", value=""),
        rx.el.input(type="hidden", name="challenge", value=""),
        id=form_id,
        on_submit=on_submit,
        # Never a GET: without the page's script nothing submits it, but no field may ever
        # travel in a URL (the no-JavaScript fallback answers a POST).
        method="post",
        action=routes.NO_JAVASCRIPT,
        hidden=True,
        aria_hidden="true",
    )


def ask_to_create(options_json: str, form_id: str, challenge_id: str) -> Any:
    args = ", ".join(json.dumps(a) for a in (options_json, form_id, challenge_id))
    return rx.call_script(f"window.monparisPasskey.startCreate({args})")


def ask_to_get(options_json: str, form_id: str, challenge_id: str, *, conditional: bool) -> Any:
    flag = "true" if conditional else "false"
    args = ", ".join(
        (json.dumps(options_json), flag, json.dumps(form_id), json.dumps(challenge_id))
    )
    return rx.call_script(f"window.monparisPasskey.startGet({args})")
