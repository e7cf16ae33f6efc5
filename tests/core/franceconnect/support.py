"""What the FranceConnect core tests share: a browser that signs in at the fake FranceConnect
(``tests.core.fakes``), and the checks that a failure created nothing."""

from __future__ import annotations

import pytest

from monparis_app.core import franceconnect as fc
from monparis_app.core.password_hashing import hash_password
from monparis_app.models import Account, PendingFranceConnectIdentity, PendingIdentityPurpose
from tests.core.fakes import FakeFranceConnect
from tests.helpers import GOOD_PASSWORD

ANGELA_EMAIL = "wossewodda-3728@yopmail.com"


class Browser:
    """One browser: its binding cookie, and the way it goes through FranceConnect.

    It calls the journeys without a client, as a door may: the registered one (the fake) is used.
    """

    def __init__(self, franceconnect: FakeFranceConnect) -> None:
        self.franceconnect = franceconnect
        self.binding = fc.new_secret()

    async def callback(self, login: str = "test") -> dict[str, str]:
        started = await fc.start(browser_binding=self.binding)
        return self.franceconnect.login(started.authorization_url, login)

    async def finish(self, params: dict[str, str], **overrides: object) -> fc.FinishOutcome:
        arguments: dict[str, object] = {
            "code": params["code"],
            "state": params["state"],
            "browser_binding": self.binding,
            "iss": params.get("iss"),
            "client_ip": "192.0.2.10",
            "user_agent": "Firefox/130",
        }
        arguments |= overrides
        return await fc.finish(**arguments)  # type: ignore[arg-type]

    async def sign_in(self, login: str = "test") -> fc.FinishOutcome:
        """Through FranceConnect; a new identity accepts the terms, as the person would."""
        outcome = await self.finish(await self.callback(login))
        if isinstance(outcome, fc.TermsRequired):
            return await accept(outcome.creation_token)
        return outcome


async def accept(token: str, accept_terms: bool = True) -> fc.SignedIn:
    return await fc.accept_terms(
        token, accept_terms, client_ip="192.0.2.10", user_agent="Firefox/130"
    )


async def reason_of(awaitable: object) -> tuple[str, str]:
    with pytest.raises(fc.FranceConnectError) as caught:
        await awaitable  # type: ignore[misc]
    return caught.value.code, caught.value.reason


async def nothing_created() -> None:
    assert await Account.all().count() == 0
    assert (
        await PendingFranceConnectIdentity.filter(purpose=PendingIdentityPurpose.LINK).count() == 0
    )
    assert (
        await PendingFranceConnectIdentity.filter(purpose=PendingIdentityPurpose.CREATION).count()
        == 0
    )


async def terms_required(browser: Browser) -> fc.TermsRequired:
    outcome = await browser.finish(await browser.callback("test"))
    assert isinstance(outcome, fc.TermsRequired)
    return outcome


async def local_account(email: str = ANGELA_EMAIL) -> Account:
    """A local account (with a password) holding the e-mail FranceConnect certifies."""
    return await Account.create(
        email=email,
        sex="FEMALE",
        first_names="Angèle",
        birth_name="Dubois",
        password_hash=await hash_password(GOOD_PASSWORD),
    )
