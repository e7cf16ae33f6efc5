"""The app's forms: never a password or a code in a URL, even before hydration.

A ``<form>`` without ``method`` is a GET: submitted before Reflex hydrates the page (slow phone,
JavaScript off), the browser would go to ``/connexion/?email=…&password=…``, and that URL lands
in the history, the server and proxy logs, the ``Referer``. Every form handled by a Reflex event
is built here instead: ``method="post"`` towards a route that reads nothing and says, in French,
that JavaScript is needed. Hydrated, Reflex's ``onSubmit`` calls ``preventDefault`` first.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from monparis_app.messages import message_for
from monparis_app.web.routes import NO_JAVASCRIPT as NO_JAVASCRIPT_PATH

NOSCRIPT_MESSAGE = message_for("browser.noscript")


def app_form(*children: rx.Component, **props: Any) -> rx.Component:
    """A form whose submit is a Reflex event (``on_submit`` is required)."""
    if props.get("on_submit") is None:
        raise ValueError("app_form: a Reflex on_submit is required (native forms use rx.el.form)")
    return rx.el.form(*children, method="post", action=NO_JAVASCRIPT_PATH, **props)


def noscript_notice() -> rx.Component:
    """Shown by the browser only when JavaScript is off."""
    return rx.el.noscript(rx.el.p(NOSCRIPT_MESSAGE, class_name="form-alert noscript-alert"))
