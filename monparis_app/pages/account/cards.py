"""A card of the account page: title, a one-line summary, one button, and what it opens.

The page is a column of these, so a person scans it before acting: each card says what is known
(the login e-mail, the last password change, the name and address…) and offers one button that
opens its form or details; ``AccountState.open_section`` keeps one card open at a time. The
details stay in the page when closed (hidden), so the button's ``aria-controls`` always points
at something; the card's status line sits outside them, so it is seen after the form closes.

Classes: ``card`` (``card--open`` when open), ``card-title``, ``card-summary``,
``card-actions``, ``card-details``. The details are hidden with ``hidden`` *and* an inline
``display: none``: no stylesheet rule (``.form { display: flex }``…) can show a closed card.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars.base import Var

from monparis_app.components.sections import status_message
from monparis_app.pages.account.state import AccountState


def is_open(name: str) -> Var[bool]:
    opened: Var[bool] = AccountState.open_section == name  # type: ignore[assignment]
    return opened


def toggle_button(
    name: str, label: str, context: str, first_focus: str | Var[str], *, danger: bool = False
) -> rx.Component:
    """The card's one button: "Modifier", "Voir"… (and "Fermer" once open), named with its
    card for screen readers ("Modifier (Connexion à votre compte)"); ``aria-expanded`` says
    whether its details are shown."""
    opened = is_open(name)
    return rx.el.button(
        rx.cond(opened, "Fermer", label),
        rx.el.span(f" ({context})", class_name="sr-only"),
        type="button",
        id=f"{name}-toggle",
        aria_expanded=rx.cond(opened, "true", "false"),
        aria_controls=f"{name}-details",
        on_click=AccountState.toggle_section(name, first_focus),
        class_name="button-danger" if danger else "button-secondary",
    )


def card(
    name: str,
    title: str,
    summary: rx.Component,
    action: rx.Component,
    *,
    status: Var[str] | None = None,
    details: rx.Component | None = None,
    extra: tuple[rx.Component, ...] = (),
) -> rx.Component:
    """A ``section`` named by its heading (a landmark screen readers list), ``<name>-title``
    focusable so a handler can move focus to it; ``extra`` sits after the status (an error
    alert). Without ``details``, ``action`` is the card's whole job (a download, a link)."""
    opened = is_open(name)
    parts: list[rx.Component] = [
        rx.el.h2(title, id=f"{name}-title", class_name="section-title card-title", tab_index=-1),
        rx.el.div(summary, class_name="card-summary"),
        rx.el.div(action, class_name="card-actions"),
    ]
    if status is not None:
        parts.append(status_message(status))
    parts.extend(extra)
    if details is not None:
        parts.append(
            rx.el.div(
                details,
                id=f"{name}-details",
                hidden=~opened,
                style={"display": rx.cond(opened, "block", "none")},
                class_name="card-details",
            )
        )
    return rx.el.section(
        *parts,
        aria_labelledby=f"{name}-title",
        id=f"carte-{name}",
        class_name=rx.cond(opened, "card card--open account-section", "card account-section"),
        data_open=rx.cond(opened, "true", "false"),
    )


def summary_line(*children: Any, **props: Any) -> rx.Component:
    return rx.el.p(*children, **props)
