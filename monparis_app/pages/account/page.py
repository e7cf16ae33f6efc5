"""``/mon-compte``, "Gérer vos données personnelles": the signed-in person's own account, as a
column of cards a person scans (``cards.card``): each says what is known and opens one form."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.layout import page_layout
from monparis_app.pages.account.connected_services import (
    ConnectedServicesSection,
    connected_services_section,
)
from monparis_app.pages.account.email import EmailSection, login_section
from monparis_app.pages.account.franceconnect import FranceConnectSection, franceconnect_section
from monparis_app.pages.account.passkeys import PasskeysSection, passkeys_section
from monparis_app.pages.account.password import PasswordSection, password_section
from monparis_app.pages.account.profile import ProfileSection, profile_section
from monparis_app.pages.account.security import (
    DataSection,
    SessionsSection,
    activity_section,
    delete_section,
    download_section,
    sessions_section,
    sign_out_section,
)
from monparis_app.pages.account.state import AccountState
from monparis_app.web import routes

# Each section clears its own messages on page load, after ``AccountState.load``.
SECTIONS = (
    EmailSection,
    PasswordSection,
    PasskeysSection,
    ProfileSection,
    FranceConnectSection,
    ConnectedServicesSection,
    SessionsSection,
    DataSection,
)


def account_page() -> rx.Component:
    return page_layout(
        rx.el.p("Mon compte Mon Paris", class_name="eyebrow"),
        rx.el.h1("Gérer vos données personnelles"),
        rx.cond(
            AccountState.loaded,
            rx.el.div(
                login_section(),
                password_section(),
                passkeys_section(),
                profile_section(),
                franceconnect_section(),
                connected_services_section(),
                sessions_section(),
                activity_section(),
                download_section(),
                delete_section(),
                sign_out_section(),
                class_name="account-cards",
            ),
            rx.el.p("Chargement…", role="status", class_name="loading-long-page"),
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(
        account_page,
        route=routes.ACCOUNT,
        title="Gérer vos données personnelles — Mon Paris",
        on_load=[AccountState.load, *(section.clear_section for section in SECTIONS)],
    )
