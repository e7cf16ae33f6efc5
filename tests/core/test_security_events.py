""" "Ce n'était pas moi": each security e-mail's link secures the account, once, for 10 days,
for that account only, and undoes what the issue says for each kind of event."""

from __future__ import annotations

import asyncio
import re
from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from monparis_app.core import (
    clock,
    data_rights,
    email_change,
    passkeys,
    password_change,
    password_reset,
    security_events,
    sessions,
    sign_in,
)
from monparis_app.core.clock import FrozenClock
from monparis_app.core.franceconnect import link as fc_link
from monparis_app.core.franceconnect.claims import CertifiedIdentity
from monparis_app.core.franceconnect.results import Origin
from monparis_app.core.security_events import LinkRefused, Secured
from monparis_app.models import (
    Account,
    AuditEvent,
    CodeFlow,
    KnownDevice,
    OidcToken,
    OutboxEmail,
    Passkey,
    SecurityEventLink,
    Session,
)
from monparis_app.web import routes
from tests.helpers import GOOD_PASSWORD, create_account
from tests.passkey_authenticator import SoftwareAuthenticator

IP = "203.0.113.77"
UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
EMAIL = "compte@exemple.fr"
OTHER = "autre@exemple.fr"
NEW_PASSWORD = "Nouveau!Mot2Passe"
PUBLIC_URL = "https://monparis.exemple.fr"
LINK = re.compile(
    r"Ce n'était pas moi \((" + re.escape(PUBLIC_URL + routes.NOT_ME) + r"\?jeton=([\w-]+))\)"
)
TEN_DAYS = 10 * 24 * 3600


@pytest.fixture(autouse=True)
def _public_url(configure) -> None:  # type: ignore[no-untyped-def]
    configure(PUBLIC_URL=PUBLIC_URL)


# --- helpers ------------------------------------------------------------------------------


async def token_in_email(recipient: str, kind: str) -> str:
    """The token of the "Ce n'était pas moi" link in the latest ``kind`` e-mail queued."""
    row = await OutboxEmail.filter(recipient=recipient, kind=kind).order_by("-id").first()
    assert row is not None, f"no {kind} e-mail to {recipient}"
    found = LINK.search(row.text_body)
    assert found, f"no link in the {kind} e-mail"
    assert f'href="{found.group(1)}"' in row.html_body
    return found.group(2)


async def new_token(
    account_id: UUID,
    kind: str,
    *,
    device: str = "",
    ip_prefix: str = "",
    previous_email: str | None = None,
) -> str:
    """A link issued as a call site issues it; its token, as the page reads it."""
    url = await security_events.issue_link(
        account_id, kind, device=device, ip_prefix=ip_prefix, previous_email=previous_email
    )
    return url.rpartition("=")[2]


async def secure(token: str) -> Secured | LinkRefused:
    return await security_events.secure_account(token, client_ip=IP, user_agent=UA)


async def secured(token: str) -> Secured:
    outcome = await secure(token)
    assert isinstance(outcome, Secured), outcome
    return outcome


async def open_sessions(account_id: UUID, count: int = 2) -> list[str]:
    return [
        await sessions.open_session(account_id, user_agent=UA, client_ip=IP) for _ in range(count)
    ]


async def live_sessions(account_id: UUID) -> int:
    return await Session.filter(account_id=account_id, revoked_at=None).count()


async def add_passkey(account_id: UUID, name: str = "Téléphone") -> Passkey:
    return await Passkey.create(
        account_id=account_id,
        credential_id=uuid4().hex,
        public_key=b"\x01",
        name=name,
        created_at=clock.now(),
    )


async def sign_in_with(email: str, password: str) -> sign_in.SignedIn | sign_in.SignInRefused:
    return await sign_in.authenticate(email, password, client_ip=IP, user_agent=UA)


async def reset_code_to(address: str) -> str:
    row = await OutboxEmail.filter(recipient=address, kind="password_reset_code").first()
    assert row is not None and row.code is not None, f"no reset code to {address}"
    return row.code


def identity(sub: str = "fc-sub-1") -> CertifiedIdentity:
    return CertifiedIdentity(
        sub=sub,
        sex="FEMALE",
        first_names="Angela Claire Louise",
        birth_name="DUBOIS",
        birth_date=date(1962, 8, 24),
        birth_place="75107",
        birth_country="99100",
        email=EMAIL,
    )


async def assert_common_securing(account_id: UUID, outcome: Secured, email: str) -> None:
    """What every kind of event gets: sessions ended, password sign-in blocked, the owner
    told, the event audited, and a reset code at the (restored) address."""
    account = await Account.get(id=account_id)
    assert await live_sessions(account_id) == 0
    assert account.must_reset_password is True
    assert account.email == email == outcome.email
    assert await AuditEvent.filter(account_id=account_id, kind="account_secured").count() == 1
    notice = await OutboxEmail.get(recipient=email, kind="account_secured")
    assert "a été sécurisé" in notice.subject
    assert outcome.reset is not None and outcome.reset.email == email
    assert await reset_code_to(email)


# --- each kind of event, through the call site that e-mails it --------------------------------


async def test_password_changed_link_blocks_the_new_password_until_a_reset(db: str) -> None:
    account = await create_account(EMAIL)
    [keep, *_] = await open_sessions(account.id)
    kept = await sessions.current_session(keep)
    assert kept is not None
    await password_change.change_password(
        account.id,
        GOOD_PASSWORD,
        NEW_PASSWORD,
        NEW_PASSWORD,
        keep_session_id=kept.id,
        client_ip=IP,
        user_agent=UA,
    )
    token = await token_in_email(EMAIL, "password_changed")
    event = await security_events.describe(token)
    assert event is not None
    assert (event.kind, event.device, event.ip_prefix) == (
        "password_changed",
        "Firefox sur Linux",
        "203.0.113.0/24",
    )
    outcome = await secured(token)
    await assert_common_securing(account.id, outcome, EMAIL)
    assert await sessions.current_session(keep) is None  # the intruder's kept session too
    refused = await sign_in_with(EMAIL, NEW_PASSWORD)
    assert isinstance(refused, sign_in.SignInRefused)
    assert refused.code == "sign_in.must_reset_password"
    # The owner sets a new password with the code just sent: the block is lifted.
    assert outcome.reset is not None
    done = await password_reset.reset_password(
        str(outcome.reset.flow_id),
        await reset_code_to(EMAIL),
        "Encore!Autre3Secret",
        "Encore!Autre3Secret",
        client_ip=IP,
        user_agent=UA,
    )
    assert done == password_reset.PasswordResetDone(account.id)
    assert (await Account.get(id=account.id)).must_reset_password is False
    assert isinstance(await sign_in_with(EMAIL, "Encore!Autre3Secret"), sign_in.SignedIn)


async def test_a_wrong_password_on_a_secured_account_says_nothing_more(db: str) -> None:
    """Only whoever knows the password learns that the account was secured."""
    account = await create_account(EMAIL)
    token = await new_token(account.id, security_events.PASSWORD_CHANGED)
    await secured(token)
    wrong = await sign_in_with(EMAIL, "Mauvais!123")
    unknown = await sign_in_with("personne@exemple.fr", "Mauvais!123")
    assert isinstance(wrong, sign_in.SignInRefused) and isinstance(unknown, sign_in.SignInRefused)
    assert wrong.code == unknown.code == "sign_in.invalid"


async def test_password_reset_link_secures_too(db: str) -> None:
    account = await create_account(EMAIL)
    requested = await password_reset.request_password_reset(EMAIL, IP)
    await password_reset.reset_password(
        str(requested.flow_id),
        await reset_code_to(EMAIL),
        NEW_PASSWORD,
        NEW_PASSWORD,
        client_ip=IP,
        user_agent=UA,
    )
    token = await token_in_email(EMAIL, "password_changed")
    assert (await SecurityEventLink.get(account_id=account.id)).kind == "password_reset"
    await open_sessions(account.id)
    await assert_common_securing(account.id, await secured(token), EMAIL)


async def test_email_changed_link_gives_the_old_address_back(db: str) -> None:
    account = await create_account(EMAIL)
    await open_sessions(account.id)
    pending = await email_change.request_email_change(account.id, "intrus@exemple.fr", IP)
    code = (await OutboxEmail.get(recipient="intrus@exemple.fr", kind="email_change_code")).code
    assert code is not None
    changed = await email_change.confirm_email_change(
        account.id, str(pending.flow_id), code, client_ip=IP, user_agent=UA
    )
    assert changed == "intrus@exemple.fr"
    token = await token_in_email(EMAIL, "email_changed")  # sent to the old address
    outcome = await secured(token)
    assert outcome.email_restored is True
    await assert_common_securing(account.id, outcome, EMAIL)
    assert (
        await OutboxEmail.filter(recipient="intrus@exemple.fr", kind="account_secured").count() == 0
    )
    assert (
        await OutboxEmail.filter(recipient="intrus@exemple.fr", kind="password_reset_code").count()
        == 0
    )


async def test_an_old_address_taken_meanwhile_is_not_given_back_nor_sent_a_code(
    db: str,
) -> None:
    account = await create_account("intrus@exemple.fr")
    link = await new_token(
        account.id,
        security_events.EMAIL_CHANGED,
        previous_email=EMAIL,
    )
    other = await create_account(EMAIL)
    outcome = await secured(link)
    assert outcome.email_restored is False and outcome.email_not_restored == EMAIL
    assert outcome.reset is None  # no code to an address the intruder may hold
    assert (await Account.get(id=account.id)).email == "intrus@exemple.fr"
    assert (await Account.get(id=other.id)).must_reset_password is False
    assert await OutboxEmail.filter(kind="password_reset_code").count() == 0


async def test_a_password_change_link_also_undoes_the_email_change_that_followed(
    db: str, frozen_clock: FrozenClock
) -> None:
    """An intruder changes the password, then the e-mail: the first e-mail's link must not
    send the new password's code to the intruder's address."""
    account = await create_account(EMAIL)
    first = await new_token(account.id, security_events.PASSWORD_CHANGED)
    frozen_clock.advance(60)
    await new_token(
        account.id,
        security_events.EMAIL_CHANGED,
        previous_email=EMAIL,
    )
    await Account.filter(id=account.id).update(email="intrus@exemple.fr")
    outcome = await secured(first)
    await assert_common_securing(account.id, outcome, EMAIL)


async def test_sign_in_blocked_link_secures(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    configure(PUBLIC_URL=PUBLIC_URL, SIGN_IN_DELAY_AFTER="2", SIGN_IN_CAPTCHA_AFTER="10")
    account = await create_account(EMAIL)
    await open_sessions(account.id)
    for _ in range(2):
        await sign_in_with(EMAIL, "Mauvais!123")
    token = await token_in_email(EMAIL, "sign_in_blocked")
    assert (await security_events.describe(token)).kind == "sign_in_blocked"  # type: ignore[union-attr]
    await assert_common_securing(account.id, await secured(token), EMAIL)


async def test_franceconnect_linked_link_removes_that_link(db: str) -> None:
    account = await create_account(EMAIL)
    await fc_link.link_signed_in_account(identity(), account.id, "id-token", Origin(IP, UA))
    assert (await Account.get(id=account.id)).fc_sub == "fc-sub-1"
    token = await token_in_email(EMAIL, "franceconnect_linked")
    outcome = await secured(token)
    assert outcome.franceconnect_unlinked is True
    await assert_common_securing(account.id, outcome, EMAIL)
    after = await Account.get(id=account.id)
    assert after.fc_sub is None and after.certified_fields == []


async def test_a_franceconnect_link_older_than_the_event_stays(
    db: str, frozen_clock: FrozenClock
) -> None:
    account = await create_account(EMAIL)
    await fc_link.link_signed_in_account(identity(), account.id, "id-token", Origin(IP, UA))
    frozen_clock.advance(60)
    token = await new_token(account.id, security_events.PASSWORD_CHANGED)
    outcome = await secured(token)
    assert outcome.franceconnect_unlinked is False
    assert (await Account.get(id=account.id)).fc_sub == "fc-sub-1"


async def test_franceconnect_unlinked_link_secures(db: str) -> None:
    account = await create_account(EMAIL, fc_sub="fc-sub-2")
    await open_sessions(account.id)
    await fc_link.unlink(account.id, client_ip=IP, user_agent=UA)
    token = await token_in_email(EMAIL, "franceconnect_unlinked")
    await assert_common_securing(account.id, await secured(token), EMAIL)


async def test_passkey_added_link_removes_the_passkeys_added_since(
    db: str, frozen_clock: FrozenClock
) -> None:
    account = await create_account(EMAIL)
    older = await add_passkey(account.id, "Ordinateur")
    frozen_clock.advance(60)
    link = await new_token(
        account.id, security_events.PASSKEY_ADDED, device="Chrome sur Android", ip_prefix=""
    )
    added = await add_passkey(account.id, "Clé de l'intrus")
    frozen_clock.advance(60)
    later = await add_passkey(account.id, "Autre clé de l'intrus")
    outcome = await secured(link)
    assert outcome.passkeys_removed == 2
    remaining = await Passkey.filter(account_id=account.id).values_list("id", flat=True)
    assert remaining == [older.id]
    assert not await Passkey.filter(id__in=[added.id, later.id]).exists()
    await assert_common_securing(account.id, outcome, EMAIL)


async def register_passkey(account_id: UUID) -> None:
    """A real WebAuthn registration (software authenticator), as the account page does it."""
    start = await passkeys.start_registration(
        account_id, password=GOOD_PASSWORD, session_created_at=clock.now()
    )
    assert isinstance(start, passkeys.RegistrationStart), start
    response = SoftwareAuthenticator(origin=PUBLIC_URL).create(start.options_json)
    view = await passkeys.finish_registration(
        account_id, start.challenge_id, response, client_ip=IP, user_agent=UA
    )
    assert isinstance(view, passkeys.PasskeyView), view


async def test_the_passkey_added_email_link_removes_that_very_passkey(db: str) -> None:
    """On the real clock, through ``core.passkeys``: the link is dated by the key itself."""
    account = await create_account(EMAIL)
    await register_passkey(account.id)
    await register_passkey(account.id)
    tokens = [
        LINK.search(row.text_body).group(2)  # type: ignore[union-attr]
        for row in await OutboxEmail.filter(kind="passkey_added").order_by("id")
    ]
    outcome = await secured(tokens[1])
    assert outcome.passkeys_removed == 1
    assert await Passkey.filter(account_id=account.id).count() == 1  # the first one stays
    await assert_common_securing(account.id, outcome, EMAIL)


async def test_new_device_link_forgets_that_browser_and_ends_its_session(db: str) -> None:
    """On the real clock: the link's event time is the browser's first-seen time exactly."""
    account = await create_account(EMAIL)
    await sessions.open_session(account.id, user_agent=UA, client_ip=IP, browser_binding="mine")
    intruder = await sessions.open_session(
        account.id, user_agent="Mozilla/5.0 (Windows) Edg/120", client_ip="198.51.100.9",
        browser_binding="theirs",
    )  # fmt: skip
    token = await token_in_email(EMAIL, "new_device_sign_in")
    event = await security_events.describe(token)
    assert event is not None
    assert (event.kind, event.device, event.ip_prefix) == (
        "signed_in_new_device",
        "Edge sur Windows",
        "198.51.100.0/24",
    )
    outcome = await secured(token)
    await assert_common_securing(account.id, outcome, EMAIL)
    assert await sessions.current_session(intruder) is None
    known = await KnownDevice.filter(account_id=account.id).values_list("browser_digest", flat=True)
    assert known == [security_events.browser_digest("mine")]


async def test_city_services_tokens_and_pending_codes_die_with_the_sessions(db: str) -> None:
    """A City service's token or a reset code sent to the intruder would outlive the block."""
    account = await create_account(EMAIL)
    now = clock.now()
    await OidcToken.create(
        access_digest="a" * 64,
        client_id="demo",
        account_id=account.id,
        scope="openid",
        issued_at=now,
        access_expires_at=now + timedelta(hours=1),
    )
    pending = await password_reset.request_password_reset(EMAIL, IP)
    token = await new_token(account.id, security_events.PASSWORD_CHANGED)
    await secured(token)
    assert await OidcToken.filter(account_id=account.id, revoked_at=None).count() == 0
    old_flow = await CodeFlow.get(id=pending.flow_id)
    assert old_flow.completed_at is not None
    refused = await password_reset.reset_password(
        str(pending.flow_id), "1234", NEW_PASSWORD, NEW_PASSWORD, client_ip=IP, user_agent=UA
    )
    assert refused == password_reset.CodeRefused("flow.expired")


async def test_links_of_later_events_are_spent_earlier_ones_stay(
    db: str, frozen_clock: FrozenClock
) -> None:
    account = await create_account(EMAIL)
    earlier = await new_token(account.id, security_events.SIGN_IN_BLOCKED)
    frozen_clock.advance(60)
    event = await new_token(account.id, security_events.PASSWORD_CHANGED)
    frozen_clock.advance(60)
    later = await new_token(account.id, security_events.SIGNED_IN_NEW_DEVICE)
    await secured(event)
    assert await secure(later) == LinkRefused("used")
    assert isinstance(await secure(earlier), Secured)


# --- once, 10 days, one account ------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(security_events.KINDS))
async def test_each_link_works_once(db: str, kind: str) -> None:
    account = await create_account(EMAIL)
    await open_sessions(account.id)
    token = await new_token(account.id, kind)
    await assert_common_securing(account.id, await secured(token), EMAIL)
    assert await secure(token) == LinkRefused("used")
    assert await security_events.describe(token) is None
    assert await AuditEvent.filter(account_id=account.id, kind="account_secured").count() == 1


@pytest.mark.parametrize(
    ("after", "works"), [(TEN_DAYS - 1, True), (TEN_DAYS, False), (TEN_DAYS + 1, False)]
)
async def test_a_link_lives_ten_days(
    db: str, frozen_clock: FrozenClock, after: int, works: bool
) -> None:
    account = await create_account(EMAIL)
    token = await new_token(account.id, security_events.PASSWORD_CHANGED)
    frozen_clock.advance(after)
    assert (await security_events.describe(token) is not None) is works
    outcome = await secure(token)
    if works:
        assert isinstance(outcome, Secured)
    else:
        assert outcome == LinkRefused("expired")
        assert (await Account.get(id=account.id)).must_reset_password is False


async def test_unknown_and_malformed_links_are_refused(db: str) -> None:
    await create_account(EMAIL)
    for token in ("", "x", "é" * 40, "a" * 500):
        assert await secure(token) == LinkRefused("unknown")
        assert await security_events.describe(token) is None


async def test_securing_one_account_changes_nothing_on_another(
    db: str, frozen_clock: FrozenClock
) -> None:
    a = await create_account(EMAIL)
    b = await create_account(OTHER)
    await sessions.open_session(b.id, user_agent=UA, client_ip=IP, browser_binding="b-first")
    frozen_clock.advance(60)
    token = await new_token(a.id, security_events.PASSKEY_ADDED)
    b_link = await new_token(b.id, security_events.PASSWORD_CHANGED)
    await add_passkey(b.id)
    await sessions.open_session(b.id, user_agent=UA, client_ip=IP, browser_binding="b-second")
    await fc_link.link_signed_in_account(identity("fc-b"), b.id, "id-token", Origin(IP, UA))
    outcome = await secured(token)
    assert outcome.account_id == a.id
    assert await live_sessions(b.id) == 2
    assert await Passkey.filter(account_id=b.id).count() == 1
    assert await KnownDevice.filter(account_id=b.id).count() == 2
    after = await Account.get(id=b.id)
    assert (after.must_reset_password, after.fc_sub, after.email) == (False, "fc-b", OTHER)
    assert await AuditEvent.filter(account_id=b.id, kind="account_secured").count() == 0
    assert await OutboxEmail.filter(recipient=OTHER, kind="account_secured").count() == 0
    assert isinstance(await sign_in_with(OTHER, GOOD_PASSWORD), sign_in.SignedIn)
    assert isinstance(await secure(b_link), Secured)  # B's own link is B's alone


async def test_a_burst_of_clicks_secures_exactly_once(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    configure(PUBLIC_URL=PUBLIC_URL, RATE_LIMITS="off")
    account = await create_account(EMAIL)
    await open_sessions(account.id)
    token = await new_token(account.id, security_events.PASSWORD_CHANGED)
    outcomes = await asyncio.gather(*(secure(token) for _ in range(20)))
    wins = [o for o in outcomes if isinstance(o, Secured)]
    assert len(wins) == 1
    assert all(o == LinkRefused("used") for o in outcomes if not isinstance(o, Secured))
    assert await AuditEvent.filter(account_id=account.id, kind="account_secured").count() == 1
    assert await OutboxEmail.filter(kind="account_secured").count() == 1
    assert await OutboxEmail.filter(kind="password_reset_code").count() == 1


async def test_the_token_is_stored_only_as_its_digest(db: str) -> None:
    account = await create_account(EMAIL)
    url = await security_events.issue_link(
        account.id, security_events.PASSWORD_CHANGED, device="", ip_prefix=""
    )
    token = url.rpartition("=")[2]
    assert url == f"{PUBLIC_URL}{routes.NOT_ME}?jeton={token}"
    row = await SecurityEventLink.get(account_id=account.id)
    assert token not in (row.token_digest, str(row.id))
    assert row.expires_at - row.occurred_at == timedelta(days=10)


async def test_links_and_known_browsers_go_with_the_account(db: str) -> None:
    """No code of their own in the deletion: the rows hang on the account (``CASCADE``)."""
    account = await create_account(EMAIL)
    keep = await create_account(OTHER)
    for owner in (account, keep):
        await sessions.open_session(owner.id, user_agent=UA, client_ip=IP, browser_binding="b")
        await new_token(owner.id, security_events.PASSWORD_CHANGED)
    await data_rights.delete_account(account.id, GOOD_PASSWORD, data_rights.DELETE_CONFIRMATION)
    assert not await SecurityEventLink.filter(account_id=account.id).exists()
    assert not await KnownDevice.filter(account_id=account.id).exists()
    assert await SecurityEventLink.filter(account_id=keep.id).count() == 1
    assert await KnownDevice.filter(account_id=keep.id).count() == 1
