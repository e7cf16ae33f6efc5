"""Linking a signed-in account to FranceConnect from the account page, and removing the link.

The identity comes back to the account that started the link, whatever its e-mail (the person
is signed in and has just proven the FranceConnect identity too); never to another account, and
never when that identity already belongs to someone else's account.
"""

from __future__ import annotations

from uuid import UUID

import pytest

from monparis_app.core import franceconnect as fc
from monparis_app.core.password_hashing import hash_password
from monparis_app.models import Account, AuditEvent, FranceConnectLogin
from tests.core.fakes import FakeFranceConnect
from tests.helpers import GOOD_PASSWORD

ANGELA_SUB_SUFFIX = "v1"


async def local_account(email: str = "angele.perso@example.fr", password: bool = True) -> Account:
    return await Account.create(
        email=email,
        sex="FEMALE",
        first_names="Angèle",
        birth_name="Dubois",
        password_hash=await hash_password(GOOD_PASSWORD) if password else None,
    )


class SignedInBrowser:
    """A browser whose session belongs to ``account_id``; it links through FranceConnect."""

    def __init__(self, client: FakeFranceConnect, account_id: UUID) -> None:
        self.client = client
        self.account_id = account_id
        self.binding = fc.new_secret()

    async def link(
        self, login: str = "test", *, session_of: UUID | None = None, signed_out: bool = False
    ) -> fc.FinishOutcome:
        """``session_of``/``signed_out``: whose session the browser holds when it comes back."""
        started = await fc.start_account_link(
            self.client, account_id=self.account_id, browser_binding=self.binding
        )
        params = self.client.login(started.authorization_url, login)
        return await fc.finish(
            self.client,
            code=params["code"],
            state=params["state"],
            browser_binding=self.binding,
            iss=params.get("iss"),
            client_ip="192.0.2.10",
            user_agent="Firefox/130",
            signed_in_account_id=None if signed_out else (session_of or self.account_id),
        )


@pytest.fixture
def client(db: str, fake_fc: FakeFranceConnect) -> FakeFranceConnect:
    return fake_fc


async def refused(awaitable: object) -> fc.FranceConnectError:
    with pytest.raises(fc.FranceConnectError) as caught:
        await awaitable  # type: ignore[misc]
    return caught.value


async def test_linking_attaches_the_identity_whatever_the_email(
    client: FakeFranceConnect,
) -> None:
    local = await local_account()  # not the e-mail FranceConnect certifies
    outcome = await SignedInBrowser(client, local.id).link("test")
    assert isinstance(outcome, fc.Linked)
    assert outcome.account_id == local.id
    assert outcome.id_token
    await local.refresh_from_db()
    assert local.fc_sub and local.fc_sub.endswith(ANGELA_SUB_SUFFIX)
    assert local.email == "angele.perso@example.fr"  # the login e-mail stays the person's
    assert (local.first_names, local.birth_name) == ("Angela Claire Louise", "DUBOIS")
    assert "birth_date" in local.certified_fields
    kinds = await AuditEvent.filter(account_id=local.id).values_list("kind", flat=True)
    assert list(kinds) == ["franceconnect_linked"]
    assert await Account.all().count() == 1

    # The next FranceConnect sign-in lands on this account.
    binding = fc.new_secret()
    started = await fc.start(client, browser_binding=binding)
    params = client.login(started.authorization_url, "test")
    again = await fc.finish(
        client,
        code=params["code"],
        state=params["state"],
        browser_binding=binding,
        iss=params["iss"],
    )
    assert isinstance(again, fc.SignedIn)
    assert again.account_id == local.id


async def test_an_identity_linked_to_another_account_is_refused(
    client: FakeFranceConnect,
) -> None:
    owner = await local_account("proprietaire@example.fr")
    assert isinstance(await SignedInBrowser(client, owner.id).link("test"), fc.Linked)
    other = await local_account("autre@example.fr")
    error = await refused(SignedInBrowser(client, other.id).link("test"))
    assert (error.code, error.reason) == (
        "franceconnect.identity_linked_elsewhere",
        "link.sub_on_other_account",
    )
    assert error.during_link
    await other.refresh_from_db()
    assert other.fc_sub is None
    assert other.first_names == "Angèle"
    assert other.certified_fields == []
    assert not await AuditEvent.filter(account_id=other.id).exists()


@pytest.mark.parametrize("signed_out", [True, False])
async def test_a_link_finishes_only_in_the_session_that_started_it(
    client: FakeFranceConnect, signed_out: bool
) -> None:
    local = await local_account()
    intruder = (await local_account("intrus@example.fr")).id
    browser = SignedInBrowser(client, local.id)
    error = await refused(browser.link(session_of=intruder, signed_out=signed_out))
    assert (error.code, error.reason) == ("franceconnect.invalid_state", "link.session_changed")
    assert await Account.filter(fc_sub__not_isnull=True).count() == 0


async def test_an_account_already_linked_cannot_start_a_link(client: FakeFranceConnect) -> None:
    local = await local_account()
    local.fc_sub = "deja-relie-v1"
    await local.save()
    error = await refused(
        fc.start_account_link(client, account_id=local.id, browser_binding=fc.new_secret())
    )
    assert error.code == "franceconnect.already_linked"
    assert await FranceConnectLogin.all().count() == 0


async def test_unlinking_frees_the_certified_fields(client: FakeFranceConnect) -> None:
    local = await local_account()
    await SignedInBrowser(client, local.id).link("test")
    await fc.unlink(local.id, client_ip="192.0.2.10", user_agent="Firefox/130")
    await local.refresh_from_db()
    assert local.fc_sub is None
    assert local.certified_fields == []
    assert local.first_names == "Angela Claire Louise"  # the values stay, now editable
    assert await AuditEvent.filter(account_id=local.id, kind="franceconnect_unlinked").exists()
    error = await refused(fc.unlink(local.id))
    assert error.code == "franceconnect.not_linked"


async def test_unlinking_needs_a_password(client: FakeFranceConnect) -> None:
    local = await local_account(password=False)
    local.fc_sub, local.certified_fields = "sans-mot-de-passe-v1", ["first_names"]
    await local.save()
    error = await refused(fc.unlink(local.id))
    assert error.code == "franceconnect.unlink_needs_password"
    await local.refresh_from_db()
    assert local.fc_sub == "sans-mot-de-passe-v1"
    assert local.certified_fields == ["first_names"]
    assert not await AuditEvent.filter(account_id=local.id).exists()


def test_the_audit_log_names_both_events() -> None:
    from monparis_app.core.audit import EVENT_LABELS

    assert EVENT_LABELS["franceconnect_linked"] == "Compte relié à FranceConnect"
    assert EVENT_LABELS["franceconnect_unlinked"] == "Lien avec FranceConnect supprimé"
