"""What FranceConnect's pages share: trying FranceConnect again, the e-mail sign-up as the other
way on, and the view of a pending link or creation that is gone."""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var

from monparis_app.components.forms import loading_until
from monparis_app.components.layout import page_layout
from monparis_app.components.links import app_link
from monparis_app.messages import franceconnect_message
from monparis_app.web import routes


def retry_form(label: str, primary: bool) -> rx.Component:
    """A native GET form: leaving for FranceConnect needs no websocket round trip."""
    return rx.el.form(
        rx.el.button(
            label, type="submit", class_name="button-primary" if primary else "button-secondary"
        ),
        action=routes.FRANCECONNECT_START,
        method="get",
        on_submit=None,  # a plain HTML form: Reflex's default handler would prevent the submit
    )


def secondary_link(label: str, href: str) -> rx.Component:
    """A link styled as a secondary button; the colour is set here because the shared style
    gives ``a.button-secondary`` the primary button's white text (invisible on white)."""
    return app_link(
        label,
        href=href,
        class_name="button-secondary",
        style={"&.button-secondary": {"color": "var(--mp-primary)"}},
    )


def expired_view(message_code: str) -> rx.Component:
    """A pending link or creation that is gone: say so, and offer both ways on."""
    return rx.fragment(
        rx.el.div(
            rx.el.p(franceconnect_message(message_code)),
            role="alert",
            class_name="form-alert",
        ),
        rx.el.div(
            retry_form("Recommencer avec FranceConnect", primary=True),
            secondary_link("Créer un compte avec votre courriel", routes.SIGNUP),
            class_name="inline-actions",
        ),
    )


def pending_page(
    heading: str, loaded: Var[bool], expired: Var[bool], expired_code: str, body: rx.Component
) -> rx.Component:
    """The frame of a page that finishes a FranceConnect sign-in (a link or a creation): the
    body while the pending identity lives, ``expired_view`` once it is gone."""
    return page_layout(
        rx.el.p("Connexion avec FranceConnect", class_name="eyebrow"),
        rx.el.h1(heading),
        loading_until(loaded, rx.cond(expired, expired_view(expired_code), body)),
    )
