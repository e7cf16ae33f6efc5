"""``/mon-compte``, "Gérer vos données personnelles": the signed-in person's own account."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.account_franceconnect import franceconnect_section
from monparis_app.components.account_identity import (
    login_section,
    password_section,
    profile_section,
)
from monparis_app.components.account_security import (
    activity_section,
    delete_section,
    download_section,
    sessions_section,
    sign_out_section,
)
from monparis_app.components.layout import page_layout
from monparis_app.pages import routes
from monparis_app.pages.account_edit_state import EmailSection, PasswordSection, ProfileSection
from monparis_app.pages.account_franceconnect_state import FranceConnectSection
from monparis_app.pages.account_security_state import DataSection, SessionsSection
from monparis_app.pages.account_state import AccountState

SECTIONS = (
    EmailSection,
    PasswordSection,
    ProfileSection,
    FranceConnectSection,
    SessionsSection,
    DataSection,
)


def account_page() -> rx.Component:
    return page_layout(
        rx.el.p("Mon compte Mon Paris", class_name="eyebrow"),
        rx.el.h1("Gérer vos données personnelles"),
        rx.cond(
            AccountState.loaded,
            rx.fragment(
                login_section(),
                password_section(),
                profile_section(),
                franceconnect_section(),
                sessions_section(),
                activity_section(),
                download_section(),
                delete_section(),
                sign_out_section(),
            ),
            rx.el.p("Chargement…", role="status"),
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(
        account_page,
        route=routes.ACCOUNT,
        title="Gérer vos données personnelles — Mon Paris",
        on_load=[AccountState.load, *(section.clear_section for section in SECTIONS)],
    )
