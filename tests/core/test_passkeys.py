"""Passkeys in the core: real WebAuthn responses (a software authenticator) against py_webauthn,
and the service's own rules around them: proofs, single-use challenges, limits, counters."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import replace
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.utils import websafe_encode

from monparis_app.core import clock, data_rights, passkeys
from monparis_app.core.clock import FrozenClock
from monparis_app.core.passkeys import (
    PasskeyRefused,
    PasskeyView,
    Refusal,
    SignedInWithPasskey,
)
from monparis_app.models import Account, AuditEvent, OutboxEmail, Passkey, PasskeyChallenge
from tests.helpers import GOOD_PASSWORD, create_account
from tests.passkey_authenticator import SoftwareAuthenticator, tampered

IP = "192.0.2.40"
UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"


async def passwordless_account(
    email: str = "fc@exemple.fr", *, fc_sub: str | None = "fc-sub"
) -> Account:
    """An account created through FranceConnect (no password); ``fc_sub=None``: unlinked since."""
    account: Account = await create_account(email, password_hash=None, fc_sub=fc_sub)
    return account


async def register(
    account: Account,
    authenticator: SoftwareAuthenticator,
    *,
    name: str | None = None,
    **forged: Any,
) -> PasskeyView | PasskeyRefused:
    """A whole registration: options, the authenticator's answer, the finish."""
    password = GOOD_PASSWORD if account.password_hash else None
    start = await passkeys.start_registration(
        account.id, password=password, session_created_at=clock.now()
    )
    assert isinstance(start, passkeys.RegistrationStart), start
    response = authenticator.create(start.options_json, **forged)
    return await passkeys.finish_registration(
        account.id, start.challenge_id, response, name=name, client_ip=IP, user_agent=UA
    )


async def added(
    account: Account, authenticator: SoftwareAuthenticator, **kw: object
) -> PasskeyView:
    view = await register(account, authenticator, **kw)  # type: ignore[arg-type]
    assert isinstance(view, PasskeyView), view
    return view


async def sign_in(
    authenticator: SoftwareAuthenticator, **forged: Any
) -> SignedInWithPasskey | PasskeyRefused:
    start = await passkeys.start_authentication(client_ip=IP)
    response = authenticator.get(start.options_json, **forged)
    return await passkeys.finish_authentication(
        start.challenge_id, response, client_ip=IP, user_agent=UA
    )


# --- registration and sign-in -------------------------------------------------------------


async def test_a_registered_passkey_signs_in_and_both_are_recorded(db: str) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator()
    view = await added(account, authenticator, name="  Mon   téléphone ")
    assert view.name == "Mon téléphone"
    assert view.last_used_at is None
    row = await Passkey.get(id=view.id)
    assert row.account_id == account.id
    assert row.credential_id == view.credential_id
    assert row.credential_id == websafe_encode(authenticator.only_credential_id())
    assert (row.sign_count, row.backup_eligible, row.backup_state) == (1, True, True)
    assert row.transports == ["internal", "hybrid"]
    assert row.aaguid == "6d6f6e70-6172-6973-2d74-6573746b6579"

    outcome = await sign_in(authenticator)

    assert outcome == SignedInWithPasskey(account.id)
    row = await Passkey.get(id=view.id)
    assert row.sign_count == 2
    assert row.last_used_at is not None
    events = await AuditEvent.filter(account_id=account.id).order_by("id")
    assert [(e.kind, e.detail) for e in events] == [
        ("passkey_added", "Mon téléphone"),
        ("passkey_used", "Mon téléphone"),
    ]
    assert events[0].device == "Chrome sur Linux"
    mail = await OutboxEmail.get(kind="passkey_added")
    assert mail.recipient == account.email
    assert mail.account_id == account.id
    assert "« Mon téléphone »" in mail.text_body
    assert "a été ajoutée à votre compte Mon Paris le " in mail.text_body


async def test_the_options_ask_what_the_service_requires(db: str) -> None:
    account = await create_account()
    first = await added(account, SoftwareAuthenticator())
    start = await passkeys.start_registration(
        account.id, password=GOOD_PASSWORD, session_created_at=clock.now()
    )
    assert isinstance(start, passkeys.RegistrationStart)
    options = json.loads(start.options_json)
    assert options["rp"] == {"name": "Mon Paris", "id": "localhost"}
    assert options["attestation"] == "none"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    # The account's existing passkeys are excluded: one authenticator, one passkey.
    assert [c["id"] for c in options["excludeCredentials"]] == [first.credential_id]
    sign_in_options = json.loads((await passkeys.start_authentication()).options_json)
    assert sign_in_options["allowCredentials"] == []
    assert sign_in_options["userVerification"] == "required"
    assert sign_in_options["rpId"] == "localhost"


async def test_the_relying_party_is_the_public_url(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    configure(PUBLIC_URL="https://compte.paris.fr/")
    account = await create_account()
    start = await passkeys.start_registration(
        account.id, password=GOOD_PASSWORD, session_created_at=clock.now()
    )
    assert isinstance(start, passkeys.RegistrationStart)
    assert json.loads(start.options_json)["rp"]["id"] == "compte.paris.fr"
    # The development origin is not the production one.
    local = SoftwareAuthenticator(origin="http://localhost:8000")
    response = local.create(start.options_json)
    refused = await passkeys.finish_registration(account.id, start.challenge_id, response)
    assert refused == PasskeyRefused(Refusal.INVALID_RESPONSE)
    assert await added(account, SoftwareAuthenticator(origin="https://compte.paris.fr"))


async def test_a_blank_name_gets_a_dated_default(db: str, frozen_clock: FrozenClock) -> None:
    frozen_clock.current = frozen_clock.current.replace(
        year=2026, month=3, day=9, hour=23, minute=30
    )
    account = await create_account()
    view = await added(account, SoftwareAuthenticator(), name="   ")
    # 23:30 UTC is already the 10th in Paris.
    assert view.name == "Clé d’accès du 10/03/2026"


# --- the proof asked before adding one ----------------------------------------------------


@pytest.mark.parametrize("password", ["Pas-le-bon-1", None])
async def test_adding_a_passkey_needs_the_current_password(db: str, password: str | None) -> None:
    account = await create_account()
    outcome = await passkeys.start_registration(
        account.id, password=password, session_created_at=clock.now()
    )
    assert outcome == PasskeyRefused("current_password.invalid", "password")
    assert await PasskeyChallenge.all().count() == 0


async def test_the_password_checks_share_the_current_password_budget(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    configure(RATE_LIMIT_CURRENT_PASSWORD="2/minute")
    account = await create_account()
    for _ in range(2):
        await passkeys.start_registration(account.id, password="x", session_created_at=clock.now())
    outcome = await passkeys.start_registration(
        account.id, password=GOOD_PASSWORD, session_created_at=clock.now()
    )
    assert outcome == PasskeyRefused("current_password.too_many", "password")


@pytest.mark.parametrize(
    ("session_age", "allowed"),
    [(timedelta(minutes=4, seconds=59), True), (timedelta(minutes=6), False)],
)
async def test_without_a_password_a_recent_sign_in_is_the_proof(
    db: str, session_age: timedelta, allowed: bool
) -> None:
    account = await passwordless_account()
    outcome = await passkeys.start_registration(
        account.id, password=None, session_created_at=clock.now() - session_age
    )
    if allowed:
        assert isinstance(outcome, passkeys.RegistrationStart)
    else:
        assert outcome == PasskeyRefused(Refusal.RECENT_SIGN_IN_REQUIRED)


# --- challenges: single use, five minutes, one purpose -----------------------------------


async def test_a_registration_challenge_works_once(db: str) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator()
    start = await passkeys.start_registration(
        account.id, password=GOOD_PASSWORD, session_created_at=clock.now()
    )
    assert isinstance(start, passkeys.RegistrationStart)
    response = authenticator.create(start.options_json)
    assert isinstance(
        await passkeys.finish_registration(account.id, start.challenge_id, response), PasskeyView
    )
    again = authenticator.create(start.options_json)
    replayed = await passkeys.finish_registration(account.id, start.challenge_id, again)
    assert replayed == PasskeyRefused(Refusal.CHALLENGE_INVALID)
    assert await Passkey.all().count() == 1


async def test_a_sign_in_challenge_works_once(db: str) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator()
    await added(account, authenticator)
    start = await passkeys.start_authentication()
    response = authenticator.get(start.options_json)
    assert await passkeys.finish_authentication(start.challenge_id, response) == (
        SignedInWithPasskey(account.id)
    )
    # The very same signed response, sent again.
    assert await passkeys.finish_authentication(start.challenge_id, response) == (
        PasskeyRefused(Refusal.CHALLENGE_INVALID)
    )


async def test_a_failed_finish_spends_the_challenge_too(db: str) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator()
    await added(account, authenticator)
    start = await passkeys.start_authentication()
    forged = authenticator.get(start.options_json, user_verified=False)
    assert await passkeys.finish_authentication(start.challenge_id, forged) == (
        PasskeyRefused(Refusal.INVALID_RESPONSE)
    )
    genuine = authenticator.get(start.options_json)
    assert await passkeys.finish_authentication(start.challenge_id, genuine) == (
        PasskeyRefused(Refusal.CHALLENGE_INVALID)
    )


@pytest.mark.parametrize(("seconds", "works"), [(299, True), (301, False)])
async def test_a_sign_in_challenge_lives_five_minutes(
    db: str, frozen_clock: FrozenClock, seconds: int, works: bool
) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator()
    await added(account, authenticator)
    start = await passkeys.start_authentication()
    response = authenticator.get(start.options_json)
    frozen_clock.advance(seconds)
    outcome = await passkeys.finish_authentication(start.challenge_id, response)
    expected = (
        SignedInWithPasskey(account.id) if works else PasskeyRefused(Refusal.CHALLENGE_EXPIRED)
    )
    assert outcome == expected


@pytest.mark.parametrize(("seconds", "works"), [(299, True), (301, False)])
async def test_a_registration_challenge_lives_five_minutes(
    db: str, frozen_clock: FrozenClock, seconds: int, works: bool
) -> None:
    account = await create_account()
    start = await passkeys.start_registration(
        account.id, password=GOOD_PASSWORD, session_created_at=clock.now()
    )
    assert isinstance(start, passkeys.RegistrationStart)
    response = SoftwareAuthenticator().create(start.options_json)
    frozen_clock.advance(seconds)
    outcome = await passkeys.finish_registration(account.id, start.challenge_id, response)
    if works:
        assert isinstance(outcome, PasskeyView)
    else:
        assert outcome == PasskeyRefused(Refusal.CHALLENGE_EXPIRED)


async def test_a_registration_challenge_belongs_to_its_account(db: str) -> None:
    alice = await create_account("alice@exemple.fr")
    mallory = await create_account("mallory@exemple.fr")
    start = await passkeys.start_registration(
        alice.id, password=GOOD_PASSWORD, session_created_at=clock.now()
    )
    assert isinstance(start, passkeys.RegistrationStart)
    response = SoftwareAuthenticator().create(start.options_json)
    refused = await passkeys.finish_registration(mallory.id, start.challenge_id, response)
    assert refused == PasskeyRefused(Refusal.CHALLENGE_INVALID)
    assert await Passkey.all().count() == 0


def creation_options(sign_in_options_json: str, account: Account) -> str:
    """Creation options around the challenge of sign-in options (a challenge misused)."""
    options = json.loads(sign_in_options_json)
    return json.dumps(
        {
            "rp": {"id": options["rpId"], "name": "Mon Paris"},
            "user": {"id": websafe_encode(account.id.bytes), "name": account.email},
            "challenge": options["challenge"],
        }
    )


async def test_a_challenge_serves_only_its_purpose(db: str) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator()
    await added(account, authenticator)
    sign_in_start = await passkeys.start_authentication()
    registration = authenticator.create(creation_options(sign_in_start.options_json, account))
    assert await passkeys.finish_registration(
        account.id, sign_in_start.challenge_id, registration
    ) == PasskeyRefused(Refusal.CHALLENGE_INVALID)
    start = await passkeys.start_registration(
        account.id, password=GOOD_PASSWORD, session_created_at=clock.now()
    )
    assert isinstance(start, passkeys.RegistrationStart)
    sign_in_options = json.dumps(json.loads(start.options_json) | {"rpId": "localhost"})
    assertion = authenticator.get(
        sign_in_options, credential_id=next(iter(authenticator.credentials))
    )
    assert await passkeys.finish_authentication(start.challenge_id, assertion) == (
        PasskeyRefused(Refusal.CHALLENGE_INVALID)
    )


@pytest.mark.parametrize("challenge_id", ["pas-un-uuid", str(uuid4())])
async def test_an_unknown_challenge_is_refused(db: str, challenge_id: str) -> None:
    account = await create_account()
    assert await passkeys.finish_authentication(challenge_id, "{}") == (
        PasskeyRefused(Refusal.CHALLENGE_INVALID)
    )
    assert await passkeys.finish_registration(account.id, challenge_id, "{}") == (
        PasskeyRefused(Refusal.CHALLENGE_INVALID)
    )


# --- what py_webauthn must refuse ---------------------------------------------------------


@pytest.mark.parametrize(
    ("forged", "reason"),
    [
        ({"origin": "https://phishing.example"}, "Unexpected client data origin"),
        ({"rp_id": "phishing.example"}, "Unexpected RP ID hash"),
        ({"user_verified": False}, "User verification is required"),
    ],
)
async def test_a_forged_registration_is_refused(
    db: str, caplog: pytest.LogCaptureFixture, forged: dict[str, Any], reason: str
) -> None:
    account = await create_account()
    with caplog.at_level(logging.INFO, logger="monparis.passkeys"):
        outcome = await register(account, SoftwareAuthenticator(), **forged)
    assert outcome == PasskeyRefused(Refusal.INVALID_RESPONSE)
    assert reason in caplog.text
    assert await Passkey.all().count() == 0
    assert await OutboxEmail.filter(kind="passkey_added").count() == 0


@pytest.mark.parametrize(
    ("forged", "reason"),
    [
        ({"origin": "https://phishing.example"}, "Unexpected client data origin"),
        ({"rp_id": "phishing.example"}, "Unexpected RP ID hash"),
        ({"user_verified": False}, "User verification is required"),
    ],
)
async def test_a_forged_sign_in_is_refused(
    db: str, caplog: pytest.LogCaptureFixture, forged: dict[str, Any], reason: str
) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator()
    await added(account, authenticator)
    with caplog.at_level(logging.INFO, logger="monparis.passkeys"):
        outcome = await sign_in(authenticator, **forged)
    assert outcome == PasskeyRefused(Refusal.INVALID_RESPONSE)
    assert reason in caplog.text
    assert (await Passkey.get(account_id=account.id)).last_used_at is None
    assert not await AuditEvent.filter(kind="passkey_used").exists()


async def test_a_signature_by_another_key_is_refused(
    db: str, caplog: pytest.LogCaptureFixture
) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator()
    await added(account, authenticator)
    # An impostor knows the credential id and user handle, not the private key.
    genuine = authenticator.credentials[authenticator.only_credential_id()]
    impostor = SoftwareAuthenticator()
    impostor.credentials[genuine.credential_id] = replace(
        genuine, private_key=ec.generate_private_key(ec.SECP256R1()), counter=50
    )
    with caplog.at_level(logging.INFO, logger="monparis.passkeys"):
        outcome = await sign_in(impostor)
    assert outcome == PasskeyRefused(Refusal.INVALID_RESPONSE)
    assert "Could not verify authentication signature" in caplog.text
    # A forged response never moves the stored counter.
    assert (await Passkey.get(account_id=account.id)).sign_count == 1


async def test_garbage_is_refused_without_an_error(db: str) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator()
    await added(account, authenticator)
    for garbage in ("", "not json", "[]", '{"id": 1}', "{" * 100_000):
        start = await passkeys.start_authentication()
        assert await passkeys.finish_authentication(start.challenge_id, garbage) == (
            PasskeyRefused(Refusal.INVALID_RESPONSE)
        )
    start = await passkeys.start_authentication()
    broken = tampered(authenticator.get(start.options_json), authenticatorData="!!")
    assert await passkeys.finish_authentication(start.challenge_id, broken) == (
        PasskeyRefused(Refusal.INVALID_RESPONSE)
    )


# --- which credential, whose account -----------------------------------------------------


async def test_an_unknown_credential_is_refused(db: str) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator()
    view = await added(account, authenticator)
    await Passkey.filter(id=view.id).delete()
    assert await sign_in(authenticator) == PasskeyRefused(Refusal.UNKNOWN_CREDENTIAL)


async def test_a_user_handle_of_another_account_is_refused(db: str) -> None:
    alice = await create_account("alice@exemple.fr")
    mallory = await create_account("mallory@exemple.fr")
    authenticator = SoftwareAuthenticator()
    await added(alice, authenticator)
    outcome = await sign_in(authenticator, user_handle=mallory.id.bytes)
    assert outcome == PasskeyRefused(Refusal.INVALID_RESPONSE)


async def test_each_passkey_opens_its_own_account(db: str) -> None:
    alice, bob = await create_account("alice@exemple.fr"), await create_account("bob@exemple.fr")
    alice_key, bob_key = SoftwareAuthenticator(), SoftwareAuthenticator()
    await added(alice, alice_key)
    await added(bob, bob_key)
    assert await sign_in(bob_key) == SignedInWithPasskey(bob.id)
    assert await sign_in(alice_key) == SignedInWithPasskey(alice.id)


async def test_a_credential_id_is_registered_once(db: str) -> None:
    alice = await create_account("alice@exemple.fr")
    mallory = await create_account("mallory@exemple.fr")
    alice_key = SoftwareAuthenticator()
    await added(alice, alice_key)
    # Mallory claims Alice's credential id with a key of her own.
    taken = alice_key.only_credential_id()
    outcome = await register(mallory, SoftwareAuthenticator(), credential_id=taken)
    assert outcome == PasskeyRefused(Refusal.ALREADY_REGISTERED)
    assert await Passkey.filter(account_id=mallory.id).count() == 0
    assert await sign_in(alice_key) == SignedInWithPasskey(alice.id)


# --- signature counter --------------------------------------------------------------------


async def test_a_counter_that_goes_back_means_a_clone(
    db: str, caplog: pytest.LogCaptureFixture
) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator()
    view = await added(account, authenticator)
    assert await sign_in(authenticator, counter=7) == SignedInWithPasskey(account.id)
    with caplog.at_level(logging.WARNING, logger="monparis.passkeys"):
        for counter in (7, 3, 0):
            assert await sign_in(authenticator, counter=counter) == (
                PasskeyRefused(Refusal.CLONED_AUTHENTICATOR)
            )
    assert "cloned authenticator" in caplog.text
    assert (await Passkey.get(id=view.id)).sign_count == 7
    assert await sign_in(authenticator, counter=8) == SignedInWithPasskey(account.id)


async def test_an_authenticator_without_a_counter_keeps_working(db: str) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator(counts=False, backup_eligible=False, backed_up=False)
    view = await added(account, authenticator)
    for _ in range(3):
        assert await sign_in(authenticator) == SignedInWithPasskey(account.id)
    row = await Passkey.get(id=view.id)
    assert (row.sign_count, row.backup_eligible, row.backup_state) == (0, False, False)


async def test_the_backup_state_follows_the_last_sign_in(db: str) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator(backed_up=False)
    view = await added(account, authenticator)
    assert not view.backed_up
    authenticator.backed_up = True
    await sign_in(authenticator)
    assert (await Passkey.get(id=view.id)).backup_state


# --- limits and the last way in -----------------------------------------------------------


async def test_an_eleventh_passkey_is_refused(db: str) -> None:
    account = await passwordless_account()
    for _ in range(passkeys.MAX_PASSKEYS):
        await added(account, SoftwareAuthenticator())
    assert await passkeys.start_registration(
        account.id, password=None, session_created_at=clock.now()
    ) == PasskeyRefused(Refusal.TOO_MANY)
    assert await Passkey.filter(account_id=account.id).count() == passkeys.MAX_PASSKEYS


async def test_parallel_registrations_never_pass_the_limit(db: str) -> None:
    account = await passwordless_account()
    for _ in range(passkeys.MAX_PASSKEYS - 1):
        await added(account, SoftwareAuthenticator())
    starts = [
        await passkeys.start_registration(account.id, password=None, session_created_at=clock.now())
        for _ in range(3)
    ]
    finishes = []
    for start in starts:
        assert isinstance(start, passkeys.RegistrationStart)
        response = SoftwareAuthenticator().create(start.options_json)
        finishes.append(passkeys.finish_registration(account.id, start.challenge_id, response))
    outcomes = await asyncio.gather(*finishes)
    assert sum(isinstance(o, PasskeyView) for o in outcomes) == 1
    assert outcomes.count(PasskeyRefused(Refusal.TOO_MANY)) == 2
    assert await Passkey.filter(account_id=account.id).count() == passkeys.MAX_PASSKEYS


async def test_the_last_way_to_sign_in_cannot_be_removed(db: str) -> None:
    account = await passwordless_account(fc_sub=None)
    first = await added(account, SoftwareAuthenticator(), name="Ordinateur")
    second = await added(account, SoftwareAuthenticator(), name="Téléphone")
    removed = await passkeys.remove_passkey(account.id, first.id, client_ip=IP, user_agent=UA)
    assert isinstance(removed, PasskeyView)
    assert removed.name == "Ordinateur"
    assert await passkeys.remove_passkey(account.id, second.id) == (
        PasskeyRefused(Refusal.LAST_SIGN_IN_METHOD)
    )
    assert [p.id for p in await passkeys.list_passkeys(account.id)] == [second.id]
    mails = await OutboxEmail.filter(kind="passkey_removed")
    assert len(mails) == 1
    assert "« Ordinateur »" in mails[0].text_body
    assert [e.detail for e in await AuditEvent.filter(kind="passkey_removed")] == ["Ordinateur"]


@pytest.mark.parametrize("other_way", [{"fc_sub": "fc-sub"}, {"password": True}])
async def test_with_another_way_in_the_only_passkey_can_go(
    db: str, other_way: dict[str, Any]
) -> None:
    if other_way.get("password"):
        account = await create_account()
    else:
        account = await passwordless_account(fc_sub="fc-sub")
    view = await added(account, SoftwareAuthenticator())
    assert isinstance(await passkeys.remove_passkey(account.id, view.id), PasskeyView)
    assert await passkeys.list_passkeys(account.id) == []


async def test_parallel_removals_keep_one_passkey(db: str) -> None:
    account = await passwordless_account(fc_sub=None)
    views = [await added(account, SoftwareAuthenticator()) for _ in range(3)]
    outcomes = await asyncio.gather(*(passkeys.remove_passkey(account.id, v.id) for v in views))
    assert sum(isinstance(o, PasskeyView) for o in outcomes) == 2
    assert await Passkey.filter(account_id=account.id).count() == 1


async def test_only_the_owner_renames_or_removes(db: str) -> None:
    alice = await create_account("alice@exemple.fr")
    mallory = await create_account("mallory@exemple.fr")
    view = await added(alice, SoftwareAuthenticator(), name="Clé d’Alice")
    assert await passkeys.rename_passkey(mallory.id, view.id, "À moi") == (
        PasskeyRefused(Refusal.NOT_FOUND)
    )
    assert await passkeys.remove_passkey(mallory.id, view.id) == PasskeyRefused(Refusal.NOT_FOUND)
    assert await passkeys.remove_passkey(alice.id, "pas-un-uuid") == (
        PasskeyRefused(Refusal.NOT_FOUND)
    )
    assert (await Passkey.get(id=view.id)).name == "Clé d’Alice"


async def test_renaming(db: str) -> None:
    account = await create_account()
    view = await added(account, SoftwareAuthenticator())
    assert await passkeys.rename_passkey(account.id, view.id, " \t ") == (
        PasskeyRefused(Refusal.NAME_REQUIRED, "name")
    )
    too_long = "x" * (passkeys.NAME_MAX_LENGTH + 1)
    assert await passkeys.rename_passkey(account.id, view.id, too_long) == (
        PasskeyRefused(Refusal.NAME_TOO_LONG, "name")
    )
    renamed = await passkeys.rename_passkey(
        account.id, view.id, "Clé\x00 USB\n bleue", client_ip=IP, user_agent=UA
    )
    assert isinstance(renamed, PasskeyView)
    assert renamed.name == "Clé USB bleue"
    assert (await passkeys.list_passkeys(account.id))[0].name == "Clé USB bleue"
    event = await AuditEvent.get(kind="passkey_renamed")
    assert event.detail == "Clé USB bleue"


async def test_a_name_refused_spends_no_challenge(db: str) -> None:
    account = await create_account()
    start = await passkeys.start_registration(
        account.id, password=GOOD_PASSWORD, session_created_at=clock.now()
    )
    assert isinstance(start, passkeys.RegistrationStart)
    response = SoftwareAuthenticator().create(start.options_json)
    too_long = "x" * (passkeys.NAME_MAX_LENGTH + 1)
    refused = await passkeys.finish_registration(
        account.id, start.challenge_id, response, name=too_long
    )
    assert refused == PasskeyRefused(Refusal.NAME_TOO_LONG, "name")
    # The credential the device already made is kept once the name is right.
    kept = await passkeys.finish_registration(
        account.id, start.challenge_id, response, name="x" * passkeys.NAME_MAX_LENGTH
    )
    assert isinstance(kept, PasskeyView)


# --- account deletion and export ----------------------------------------------------------


async def test_deleting_the_account_deletes_its_passkeys(db: str) -> None:
    account = await create_account()
    other = await create_account("autre@exemple.fr")
    await added(account, SoftwareAuthenticator())
    await added(other, SoftwareAuthenticator())
    await passkeys.start_registration(
        account.id, password=GOOD_PASSWORD, session_created_at=clock.now()
    )
    await data_rights.delete_account(account.id, GOOD_PASSWORD, data_rights.DELETE_CONFIRMATION)
    assert await Passkey.filter(account_id=account.id).count() == 0
    assert await PasskeyChallenge.filter(account_id=account.id).count() == 0
    assert await Passkey.filter(account_id=other.id).count() == 1


async def test_the_export_lists_the_passkeys_without_their_keys(db: str) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator()
    view = await added(account, authenticator, name="Téléphone")
    await sign_in(authenticator)
    exported = await data_rights.export_data(account.id)
    (listed,) = exported["passkeys"]
    assert listed["name"] == "Téléphone"
    assert listed["credential_id"] == view.credential_id
    assert listed["created_at"] == view.created_at.isoformat()
    assert listed["last_used_at"] is not None
    assert "public_key" not in json.dumps(exported)


# --- parallel use of one challenge --------------------------------------------------------


async def test_a_burst_on_one_challenge_signs_in_once(db: str) -> None:
    account = await create_account()
    authenticator = SoftwareAuthenticator()
    await added(account, authenticator)
    start = await passkeys.start_authentication()
    response = authenticator.get(start.options_json)
    outcomes = await asyncio.gather(
        *(passkeys.finish_authentication(start.challenge_id, response) for _ in range(20))
    )
    assert outcomes.count(SignedInWithPasskey(account.id)) == 1
    assert outcomes.count(PasskeyRefused(Refusal.CHALLENGE_INVALID)) == 19
    assert await AuditEvent.filter(kind="passkey_used").count() == 1


async def test_expired_challenges_are_purged(db: str, frozen_clock: FrozenClock) -> None:
    await passkeys.start_authentication()
    frozen_clock.advance(passkeys.CHALLENGE_TTL_SECONDS - 1)
    kept = await passkeys.start_authentication()
    frozen_clock.advance(2)
    assert await passkeys.purge_expired_challenges() == 1
    assert [c.id for c in await PasskeyChallenge.all()] == [kept.challenge_id]


async def test_sign_in_options_are_rate_limited_per_ip(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    from monparis_app.core.errors import RateLimited

    configure(RATE_LIMIT_SIGN_IN="2/minute")
    await passkeys.start_authentication(client_ip=IP)
    await passkeys.start_authentication(client_ip=IP)
    with pytest.raises(RateLimited):
        await passkeys.start_authentication(client_ip=IP)
    await passkeys.start_authentication(client_ip="192.0.2.41")
