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
from reflex.vars.base import Var

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


def journey_form(
    *children: rx.Component, on_submit: Any, label: str | None = None, labelled_by: str = ""
) -> rx.Component:
    """The form of every journey step: what was typed stays after a refused submit (the errors
    speak of it), and the browser's own validation is off because ours speaks French and ties
    each message to its field. Named by ``label`` or by the id of a visible title."""
    named: dict[str, str] = {"aria_label": label} if label else {"aria_labelledby": labelled_by}
    return app_form(
        *children,
        on_submit=on_submit,
        reset_on_submit=False,
        no_validate=True,
        class_name="form",
        **named,
    )


def required_fields_hint() -> rx.Component:
    return rx.el.p("Les champs avec * sont obligatoires", class_name="field-hint")


def submit_button(
    label: str, busy: Var[bool] | None = None, busy_label: str = "Envoi en cours…"
) -> rx.Component:
    """The primary action; while ``busy`` it says so and cannot be pressed twice."""
    if busy is None:
        return rx.el.button(label, type="submit", class_name="button-primary")
    return rx.el.button(
        rx.cond(busy, busy_label, label), type="submit", class_name="button-primary", disabled=busy
    )


def secondary_button(label: str, on_click: Any) -> rx.Component:
    return rx.el.button(label, type="button", on_click=on_click, class_name="button-secondary")


def form_actions(*actions: rx.Component) -> rx.Component:
    """The primary action first, then the ways out, side by side (stacked on a phone)."""
    return rx.el.div(*actions, class_name="inline-actions")


def loading_until(loaded: Var[bool], view: rx.Component) -> rx.Component:
    """``view`` once the page's state has loaded; a polite "Chargement…" until then."""
    return rx.cond(loaded, view, rx.el.p("Chargement…", role="status"))
