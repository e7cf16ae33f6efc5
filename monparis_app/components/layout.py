"""The frame of every page: skip link, City header, main landmark, footer."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.forms import noscript_notice
from monparis_app.components.links import app_link
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
                app_link("Mon compte", href=routes.ACCOUNT),
                rx.el.form(
                    rx.el.button("Se déconnecter", type="submit", class_name="button-link"),
                    action=routes.LOGOUT,
                    method="post",
                    on_submit=None,  # a plain HTML form: Reflex's handler would prevent it
                ),
            ),
            app_link("Se connecter", href=routes.SIGN_IN),
        ),
        aria_label="Votre compte",
        on_mount=AccountMenuState.refresh,
    )


# RGAA: every page names the service's conformity level; the statement page gives the details.
# Without a complete RGAA audit the rules ask for "non conforme", whatever our own checks find;
# it becomes "partiellement" or "totalement conforme" once an audit gives a conformity rate.
ACCESSIBILITY_STATUS = "non conforme"

# The City's emblem (assets/identity/): decorative next to the name it stands beside.
EMBLEM = "/identity/emblem.svg"
EMBLEM_SIZE = (40, 48)


def emblem(width: int = EMBLEM_SIZE[0]) -> rx.Component:
    """The emblem at its drawn proportions; ``alt=""`` because the City's name is written next to
    it (an image of text would repeat it to screen readers)."""
    height = width * EMBLEM_SIZE[1] // EMBLEM_SIZE[0]
    return rx.el.img(
        src=EMBLEM, alt="", width=str(width), height=str(height), class_name="brand-emblem"
    )


def site_header() -> rx.Component:
    """As on paris.fr: the City's emblem and name, then the service's name, as one home link."""
    return rx.el.header(
        # First in the banner landmark: every piece of the page sits in a landmark (axe region).
        rx.el.a("Aller au contenu", href="#contenu", class_name="skip-link"),
        rx.el.div(
            app_link(
                emblem(),
                rx.el.span(
                    rx.el.span("Ville de Paris", class_name="brand-city"),
                    rx.el.span("Mon Paris", class_name="brand-name"),
                    class_name="brand-text",
                ),
                rx.el.span(" — accueil", class_name="sr-only"),
                href=routes.HOME,
                class_name="brand",
            ),
            account_menu(),
            class_name="site-header__inner",
        ),
        class_name="site-header",
    )


FOOTER_LINKS = (
    (f"Accessibilité : {ACCESSIBILITY_STATUS}", routes.ACCESSIBILITY),
    ("Mentions légales", routes.LEGAL_NOTICE),
    ("Données personnelles", routes.PRIVACY),
    ("Conditions générales d'utilisation", routes.TERMS),
    ("Contact", routes.CONTACT),
)


def site_footer() -> rx.Component:
    return rx.el.footer(
        rx.el.div(
            rx.el.p(emblem(32), "Ville de Paris", class_name="footer-brand"),
            rx.el.nav(
                rx.el.ul(
                    *[rx.el.li(app_link(text, href=href)) for text, href in FOOTER_LINKS],
                    class_name="footer-links",
                ),
                aria_label="Informations légales",
            ),
            rx.el.p(
                "Mon Paris est le compte personnel des services en ligne de la Ville de Paris. ",
                rx.el.a("paris.fr", href="https://www.paris.fr/"),
                class_name="footer-note",
            ),
            class_name="site-footer__inner",
        ),
        class_name="site-footer",
    )


def page_layout(*children: rx.Component) -> rx.Component:
    return rx.fragment(
        site_header(),
        rx.el.main(
            noscript_notice(), *children, id="contenu", class_name="page-main", tab_index=-1
        ),
        site_footer(),
    )
