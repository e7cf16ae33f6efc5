"""The "Services connectés" card without a browser: the list in French, "Retirer l’accès", and
the session asked again at each click."""

# Reflex types an @rx.event method as an EventNamespace: called on an instance it is a method.
# mypy: disable-error-code="operator"

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import reflex as rx

from monparis_app.core import audit, sessions
from monparis_app.core.oidc_provider import store
from monparis_app.core.oidc_provider.clients import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_NAME,
    registered_clients,
)
from monparis_app.models import OidcConsent
from monparis_app.pages import session as web_session
from monparis_app.pages.account.connected_services import (
    ConnectedServicesSection,
    connected_services_section,
)
from monparis_app.pages.account.page import SECTIONS, account_page
from monparis_app.pages.account.state import AccountState, when
from tests.helpers import create_account
from tests.pages.states import find, in_tree, sign_in_as, tree

REVOKED = f"L’accès de « {DEMO_CLIENT_NAME} » à vos données a été retiré."
NONE = "Aucun service de la Ville n’utilise votre compte Mon Paris pour l’instant."


@pytest.fixture(autouse=True)
def demo_client_registered() -> Iterator[None]:
    """The dev settings register the demo service; another test may have cached other ones."""
    registered_clients.cache_clear()
    yield
    registered_clients.cache_clear()


@pytest.fixture
async def signed_in(db: str, monkeypatch: pytest.MonkeyPatch) -> sessions.SessionView:
    return await sign_in_as("services@exemple.fr", monkeypatch)


async def give_access(account_id: Any, scope: str = "openid profile email") -> str:
    """A consent for the demo service and one live access token, as a sign-in leaves them."""
    await store.save_consent(account_id, DEMO_CLIENT_ID, scope)
    token = secrets.token_urlsafe(32)
    await store.save_token(
        store.NewToken(token, None, DEMO_CLIENT_ID, account_id, scope, "pwd", None)
    )
    return token


def text_of(component: rx.Component) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), str(component))


async def test_the_card_lists_each_service_in_french(signed_in: Any) -> None:
    await give_access(signed_in.account_id)
    section = in_tree(ConnectedServicesSection)
    await section.clear_section()
    [row] = section.services
    consent = await OidcConsent.get(account_id=signed_in.account_id)
    assert row.client_id == DEMO_CLIENT_ID
    assert row.name == DEMO_CLIENT_NAME
    assert row.data_shared == [
        "Votre identité : prénoms, nom de naissance, nom d’usage, sexe",
        "Votre adresse électronique",
    ]
    assert row.granted == when(consent.granted_at)
    assert re.fullmatch(r"\d\d/\d\d/\d{4} à \d\d:\d\d", row.granted)
    assert row.last_used == "Jamais utilisé"
    assert row.revoke_label == f"Retirer l’accès de {DEMO_CLIENT_NAME}"
    assert section.summary_text == f"Services autorisés : {DEMO_CLIENT_NAME}."


async def test_a_use_shows_its_date_and_its_activity_line(signed_in: Any) -> None:
    await give_access(signed_in.account_id)
    await store.mark_used(signed_in.account_id, DEMO_CLIENT_ID)
    await audit.record(signed_in.account_id, "data_shared", detail=DEMO_CLIENT_NAME)
    root = tree()
    account, section = find(root, AccountState), find(root, ConnectedServicesSection)
    await account.load()
    await section.clear_section()
    consent = await OidcConsent.get(account_id=signed_in.account_id)
    assert consent.last_used_at is not None
    assert section.services[0].last_used == when(consent.last_used_at)
    assert account.activity[0]["label"] == f"Données transmises à {DEMO_CLIENT_NAME}"


async def test_revoking_takes_the_access_back_and_says_so(signed_in: Any) -> None:
    token = await give_access(signed_in.account_id)
    root = tree()
    account, section = find(root, AccountState), find(root, ConnectedServicesSection)
    await account.load()
    await section.clear_section()

    effect = await section.revoke(DEMO_CLIENT_ID)
    assert section.status == REVOKED
    assert section.services == []
    assert section.summary_text == NONE
    assert await store.live_access_token(token) is None
    assert not await OidcConsent.exists(account_id=signed_in.account_id)
    assert account.activity[0]["label"] == f"Accès retiré à {DEMO_CLIENT_NAME}"
    assert "services-title" in str(effect)  # the button is gone: focus to the card's title

    await section.revoke(DEMO_CLIENT_ID)  # another tab did it first
    assert section.status == "Cet accès avait déjà été retiré."


async def test_only_the_signed_in_account_s_services(signed_in: Any) -> None:
    other = await create_account(email="autre@exemple.fr")
    other_token = await give_access(other.id)
    section = in_tree(ConnectedServicesSection)
    await section.clear_section()
    assert section.services == []
    assert section.summary_text == NONE

    await section.revoke(DEMO_CLIENT_ID)  # the same service, for someone else: untouched
    assert section.status == "Cet accès avait déjà été retiré."
    assert await store.live_access_token(other_token) is not None
    assert await OidcConsent.exists(account_id=other.id)


async def test_a_session_ended_elsewhere_revokes_nothing(
    signed_in: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = await give_access(signed_in.account_id)
    section = in_tree(ConnectedServicesSection)
    await section.clear_section()
    assert len(section.services) == 1

    async def ended(_state: Any) -> None:
        return None

    monkeypatch.setattr(web_session, "signed_in_session", ended)
    effect = await section.revoke(DEMO_CLIENT_ID)
    assert "/connexion?raison=connexion-requise" in str(effect)
    assert section.services == []  # nothing of the account stays in the tab
    assert await store.live_access_token(token) is not None
    assert await OidcConsent.exists(account_id=signed_in.account_id)


async def test_opening_another_card_clears_the_status(signed_in: Any) -> None:
    await give_access(signed_in.account_id)
    root = tree()
    account, section = find(root, AccountState), find(root, ConnectedServicesSection)
    await account.load()
    await section.clear_section()
    await section.revoke(DEMO_CLIENT_ID)
    assert section.status == REVOKED
    await account.toggle_section("sessions", "sessions-details-title")
    assert section.status == ""


def test_the_card_is_on_the_account_page_between_franceconnect_and_sessions() -> None:
    assert ConnectedServicesSection in SECTIONS
    page = text_of(account_page())
    assert page.index('"carte-franceconnect"') < page.index('"carte-services"')
    assert page.index('"carte-services"') < page.index('"carte-sessions"')


def test_the_card_names_each_button_with_its_service() -> None:
    card = text_of(connected_services_section())
    for text in (
        "Services connectés",
        "Données partagées :",
        "Autorisé le ",
        "Dernière utilisation : ",
        "Retirer l’accès",
        NONE,
    ):
        assert text in card, text
    assert re.search(r'"aria-label":\w+\?\.\["revoke_label"\]', card)
