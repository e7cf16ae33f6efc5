"""The account page's "Services connectés" card: the City services that sign the person in with
Mon Paris, what each may read, and "Retirer l’accès".

The list is read from the core on page load (after ``AccountState.load``) and again after each
revocation; revoking is a websocket event, refused without a live session like every other.
The core takes the consent and the service's tokens away at once and writes the activity line
("Accès retiré à …"), which the activity card shows after the refresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import reflex as rx
from reflex.vars import ObjectVar
from reflex.vars.base import Var

from monparis_app.core.oidc_provider.consents import (
    ConnectedService,
    connected_services,
    revoke_service,
)
from monparis_app.messages import message_for
from monparis_app.messages.oidc import scope_labels
from monparis_app.pages import session as web_session
from monparis_app.pages.account.cards import card, is_open, toggle_button
from monparis_app.pages.account.state import AccountState, to_sign_in, when
from monparis_app.pages.form_events import focus

CARD = "services"
TITLE = "Services connectés"
NO_SERVICE = message_for("services.none")
REVOKE = "Retirer l’accès"


@dataclass
class ServiceRow:
    """One service as the card shows it: every text already in French."""

    client_id: str = ""
    name: str = ""
    data_shared: list[str] = field(default_factory=list)
    granted: str = ""
    last_used: str = ""
    # The button's accessible name: its visible text first (WCAG 2.5.3), then which service.
    revoke_label: str = ""


def service_row(service: ConnectedService) -> ServiceRow:
    return ServiceRow(
        client_id=service.client_id,
        name=service.name,
        data_shared=scope_labels(service.scopes),
        granted=when(service.granted_at),
        last_used=when(service.last_used_at) if service.last_used_at else "Jamais utilisé",
        revoke_label=f"{REVOKE} de {service.name}",
    )


def services_summary(rows: list[ServiceRow]) -> str:
    if not rows:
        return NO_SERVICE
    return "Services autorisés : " + ", ".join(row.name for row in rows) + "."


class ConnectedServicesSection(AccountState):
    services: list[ServiceRow] = []
    summary_text: str = ""
    status: str = ""

    @rx.event
    async def clear_section(self) -> None:
        """On page load: this account's services, read afresh (none for a tab signed out)."""
        self._reset_section()
        session = await web_session.signed_in_session(self)
        await self._load_services(session.account_id if session else None)

    def _reset_section(self) -> None:
        self.status = ""

    async def _load_services(self, account_id: UUID | None) -> None:
        found = await connected_services(account_id) if account_id else []
        self.services = [service_row(service) for service in found]
        self.summary_text = services_summary(self.services)

    @rx.event
    async def revoke(self, client_id: str) -> Any:
        """ "Retirer l’accès": the name said is the one the core knows now, not the one the
        tab showed; a service already gone (another tab) is said so, not as an error."""
        session = await web_session.signed_in_session(self)
        if session is None:
            await self._load_services(None)
            return to_sign_in()
        known = {s.client_id: s.name for s in await connected_services(session.account_id)}
        revoked = await revoke_service(
            session.account_id,
            client_id,
            client_ip=web_session.client_ip(self),
            user_agent=web_session.user_agent(self),
        )
        if revoked:
            name = known.get(client_id, client_id)
            self.status = message_for("services.revoked", name=name)
        else:
            self.status = message_for("services.already_revoked")
        await self._refresh(session)
        await self._load_services(session.account_id)
        # Its button is gone with the service: focus to the card's title, by the news.
        return focus(f"{CARD}-title")


C = ConnectedServicesSection


def data_item(label: rx.Var[str]) -> rx.Component:
    return rx.el.li(label)


def service_item(row: ObjectVar[ServiceRow]) -> rx.Component:
    return rx.el.li(
        rx.el.h4(row.name),
        rx.el.p("Données partagées :"),
        rx.el.ul(rx.foreach(row.data_shared, data_item)),
        rx.el.p("Autorisé le ", row.granted),
        rx.el.p("Dernière utilisation : ", row.last_used),
        rx.el.button(
            REVOKE,
            type="button",
            on_click=C.revoke(row.client_id.to(str)),
            aria_label=row.revoke_label,
            class_name="button-secondary",
        ),
        class_name="service-item",
        data_client_id=row.client_id,
        style={"padding": ".75rem 0", "borderBottom": "1px solid var(--mp-border)"},
    )


def has_services() -> Var[bool]:
    listed: Var[bool] = C.services.length() > 0  # type: ignore[attr-defined]
    return listed


def services_details() -> rx.Component:
    return rx.fragment(
        rx.el.h3(
            "Les services de la Ville qui utilisent votre compte Mon Paris",
            id="services-details-title",
            tab_index=-1,
        ),
        rx.el.p(
            "Retirer l’accès empêche le service de lire vos données à partir de maintenant. "
            "S’il vous connecte de nouveau avec Mon Paris, il vous redemandera votre accord."
        ),
        rx.cond(
            C.services,
            rx.el.ul(
                rx.foreach(C.services, service_item),
                class_name="service-list",
                style={"listStyle": "none", "padding": "0"},
            ),
            rx.el.p(NO_SERVICE),
        ),
    )


def connected_services_section() -> rx.Component:
    """No service, nothing to open: the summary says so (the button stays while the card is
    open, after the last access was removed, so it can still be closed)."""
    return card(
        CARD,
        TITLE,
        rx.el.p(C.summary_text, id="services-summary"),
        rx.cond(
            has_services() | is_open(CARD),
            toggle_button(CARD, "Voir", TITLE, "services-details-title"),
            rx.fragment(),
        ),
        status=C.status,
        details=services_details(),
    )
