"""The frame of every page: skip link, City header, main landmark, footer."""

from __future__ import annotations

import reflex as rx

from monparis_app.pages import routes


def site_header() -> rx.Component:
    return rx.el.header(
        rx.link("Mon Paris", href=routes.HOME, class_name="brand", aria_label="Mon Paris — accueil"),
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
        rx.el.main(*children, id="contenu", class_name="page-main", tab_index=-1),
        site_footer(),
    )
