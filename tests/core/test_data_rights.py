"""The person's rights over their data: the export holds everything, deletion erases it."""

from __future__ import annotations

import json
from uuid import UUID

import pytest

from monparis_app.adapters.mail_sender import send_due
from monparis_app.core import data_rights, email_change, sessions, sign_in
from monparis_app.core import profile as profiles
from monparis_app.core.errors import InvalidInput
from monparis_app.models import Account, Session
from tests.conftest import Mailbox
from tests.helpers import GOOD_PASSWORD, create_account

IP = "192.0.2.30"
UA = "Mozilla/5.0 Chrome/120.0"


async def test_export_contains_everything_we_hold(db: str, smtp_server: Mailbox) -> None:
    account = await create_account()
    await sessions.open_session(account.id, user_agent=UA, client_ip=IP)
    await email_change.request_email_change(account.id, "autre@exemple.fr", IP)
    await profiles.update_profile(account.id, {"usage_name": "Martin"})
    data = await data_rights.export_data(account.id)
    text = json.dumps(data)
    assert (
        data["account"]["email"] == "compte@exemple.fr"
        and data["account"]["usage_name"] == "Martin"
    )
    assert len(data["sessions"]) == 1 and data["sessions"][0]["ip_prefix"] == "192.0.2.0/24"
    assert {e["event"] for e in data["activity"]} >= {"profile_updated"}
    assert "password_hash" not in text and "argon2" not in text


async def test_delete_account(db: str, smtp_server: Mailbox) -> None:
    account = await create_account()
    token = await sessions.open_session(account.id, user_agent=UA, client_ip=IP)
    with pytest.raises(InvalidInput) as raised:
        await data_rights.delete_account(account.id, "Faux!123x", "oui")
    assert {e.field for e in raised.value.errors} == {"password", "confirmation"}
    with pytest.raises(InvalidInput) as raised:  # the page asks for capitals: lower case is no
        await data_rights.delete_account(account.id, GOOD_PASSWORD, "supprimer")
    assert [(e.field, e.code) for e in raised.value.errors] == [
        ("confirmation", "delete.confirmation")
    ]
    assert await Account.filter(id=account.id).count() == 1
    await data_rights.delete_account(account.id, GOOD_PASSWORD, " SUPPRIMER ")
    assert await Account.filter(id=account.id).count() == 0
    assert await Session.filter(account_id=account.id).count() == 0
    assert await sessions.current_session(token) is None
    await send_due()
    [goodbye] = await smtp_server.wait_for("compte@exemple.fr")
    assert "supprimé" in goodbye["Subject"]
    assert isinstance(
        await sign_in.authenticate("compte@exemple.fr", GOOD_PASSWORD, client_ip=IP, user_agent=UA),
        sign_in.SignInRefused,
    )
    await create_account()  # the address can sign up again


def test_the_deletion_word_is_exactly_the_capital_word() -> None:
    """The one rule, shared by the page's first step, delete_account and GraphQL."""
    assert data_rights.confirmation_refusal("SUPPRIMER") is None
    assert data_rights.confirmation_refusal("  SUPPRIMER\t") is None
    for typed in ("supprimer", "Supprimer", "SUPPRIMÉR", "SUPPRIMER SUPPRIMER", "", "oui"):
        refused = data_rights.confirmation_refusal(typed)
        assert refused is not None and refused.code == "delete.confirmation", typed


# --- "Services connectés": the City services the account allowed -----------------------------


async def _connect_demo_service(account_id: UUID) -> tuple[str, str]:
    """What a sign-in with the demo service leaves: a code, a consent, tokens (and the
    activity line); returns the access and refresh tokens."""
    import secrets
    from datetime import UTC, datetime

    from monparis_app.core import audit
    from monparis_app.core.oidc_provider import registered_clients, store
    from monparis_app.core.oidc_provider.clients import DEMO_CLIENT_ID, DEMO_CLIENT_NAME

    registered_clients.cache_clear()
    await store.save_code(
        secrets.token_urlsafe(32),
        store.NewCode(
            DEMO_CLIENT_ID, account_id, "http://localhost:8002/callback", "openid profile email",
            None, "c" * 43, "S256", datetime.now(UTC), "pwd",
        ),
    )  # fmt: skip
    await store.save_consent(account_id, DEMO_CLIENT_ID, "openid profile email")
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    await store.save_token(
        store.NewToken(
            access, refresh, DEMO_CLIENT_ID, account_id, "openid profile email", "pwd", None
        )
    )
    await store.mark_used(account_id, DEMO_CLIENT_ID)
    await audit.record(account_id, "data_shared", detail=DEMO_CLIENT_NAME)
    return access, refresh


async def test_export_lists_the_connected_services_without_any_token(db: str) -> None:
    from monparis_app.core.oidc_provider import store
    from monparis_app.core.oidc_provider.clients import DEMO_CLIENT_NAME
    from monparis_app.models import OidcToken

    account = await create_account()
    access, refresh = await _connect_demo_service(account.id)
    data = await data_rights.export_data(account.id)
    [service] = data["services_connectes"]
    assert set(service) == {"name", "scopes", "granted_at", "last_used_at"}
    assert service["name"] == DEMO_CLIENT_NAME
    assert service["scopes"] == ["profile", "email"]
    assert service["granted_at"] and service["last_used_at"]
    shared = next(e for e in data["activity"] if e["event"] == "data_shared")
    assert shared["label"] == f"Données transmises à {DEMO_CLIENT_NAME}"
    row = await OidcToken.get(access_digest=store.digest(access))
    text = json.dumps(data)
    for secret in (access, refresh, row.access_digest, str(row.refresh_digest), str(row.id)):
        assert secret not in text


async def test_deletion_erases_the_services_consents_codes_and_tokens(
    db: str, smtp_server: Mailbox
) -> None:
    from monparis_app.core.oidc_provider import store
    from monparis_app.models import OidcAuthorizationCode, OidcConsent, OidcToken

    account = await create_account()
    other = await create_account(email="autre@exemple.fr")
    access, _ = await _connect_demo_service(account.id)
    kept, _ = await _connect_demo_service(other.id)
    await data_rights.delete_account(account.id, GOOD_PASSWORD, "SUPPRIMER")
    for model in (OidcConsent, OidcToken, OidcAuthorizationCode):
        assert await model.filter(account_id=account.id).count() == 0, model.__name__
        assert await model.filter(account_id=other.id).count() == 1, model.__name__
    assert await store.live_access_token(access) is None
    assert await store.live_access_token(kept) is not None


async def test_export_lists_the_browsers_seen_and_the_security_notices_without_secrets(
    db: str,
) -> None:
    from monparis_app.core import security_events
    from monparis_app.models import KnownDevice, SecurityEventLink

    account = await create_account()
    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    for browser in ("navigateur-du-salon", "navigateur-inconnu"):
        await security_events.note_sign_in(
            account.id, browser, user_agent=firefox, client_ip="203.0.113.9"
        )
        await sessions.open_session(account.id, user_agent=firefox, client_ip="203.0.113.9")
    data = await data_rights.export_data(account.id)

    assert len(data["known_browsers"]) == 2
    (notice,) = data["security_notices"]  # the first browser, the sign-up's, is told nothing
    assert notice["event"] == security_events.SIGNED_IN_NEW_DEVICE
    assert "Firefox" in notice["device"] and notice["link_used_at"] is None
    dumped = json.dumps(data)
    for browser in await KnownDevice.filter(account_id=account.id):
        assert browser.browser_digest not in dumped
    for link in await SecurityEventLink.filter(account_id=account.id):
        assert link.token_digest not in dumped
