"""A titled section of a page and its status line, the same wherever a page is cut in parts."""

from __future__ import annotations

import reflex as rx


def status_message(message: rx.Var[str]) -> rx.Component:
    """An outcome read out without moving focus (role=status); the region is always there, so
    screen readers already watch it when the text appears."""
    return rx.el.div(
        rx.cond(message != "", rx.el.p(message), rx.fragment()),
        role="status",
        class_name="notice",
    )


def section(title_id: str, title: str, *children: rx.Component) -> rx.Component:
    """A landmark named by its heading (``aria-labelledby``), so it is listed by screen readers."""
    return rx.el.section(
        rx.el.h2(title, id=title_id, class_name="section-title"),
        *children,
        aria_labelledby=title_id,
        class_name="account-section",
    )
