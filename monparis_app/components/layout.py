"""The frame of every page: skip link, City header, main landmark, footer."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.forms import noscript_notice
from monparis_app.core import sessions
from monparis_app.web import routes
from monparis_app.web.cookies import token_from_cookie_header


class AccountMenuState(rx.State):
    """Whether the header offers "Se connecter" or "Mon compte" / "Se déconnecter".

    Checked when the header mounts (each page view), from the session cookie the page's
    websocket carries; only a boolean is kept, nothing about the person. It asks the core
    itself rather than a page helper: the frame of every page depends on no page.
    """

    signed_in: bool = False

    @rx.event
    async def refresh(self) -> None:
        token = token_from_cookie_header(self.router.headers.cookie)
        self.signed_in = await sessions.current_session(token) is not None


def account_menu() -> rx.Component:
    return rx.el.nav(
        rx.cond(
            AccountMenuState.signed_in,
            rx.fragment(
                rx.link("Mon compte", href=routes.ACCOUNT),
                rx.el.form(
                    rx.el.button("Se déconnecter", type="submit", class_name="button-link"),
                    action=routes.LOGOUT,
                    method="post",
                    on_submit=None,  # a plain HTML form: Reflex's handler would prevent it
                ),
            ),
            rx.link("Se connecter", href=routes.SIGN_IN),
        ),
        aria_label="Votre compte",
        on_mount=AccountMenuState.refresh,
    )


def site_header() -> rx.Component:
    return rx.el.header(
        rx.link(
            "Mon Paris", href=routes.HOME, class_name="brand", aria_label="Mon Paris — accueil"
        ),
        account_menu(),
        class_name="site-header",
    )


def site_footer() -> rx.Component:
    return rx.el.footer(
        rx.el.nav(
            rx.link("Conditions Générales d'Utilisation", href=routes.TERMS),
            rx.link("Données personnelles", href=routes.PRIVACY),
            aria_label="Informations légales",
        ),
        rx.text("Ville de Paris"),
        class_name="site-footer",
    )


def page_layout(*children: rx.Component) -> rx.Component:
    return rx.fragment(
        rx.el.a("Aller au contenu", href="#contenu", class_name="skip-link"),
        site_header(),
        rx.el.main(
            noscript_notice(), *children, id="contenu", class_name="page-main", tab_index=-1
        ),
        site_footer(),
    )
