"""Small helpers shared by the core and API tests."""

from __future__ import annotations

import re
from dataclasses import replace
from email.message import EmailMessage

from monparis_app.adapters.captcha_renderer import LIBRARY_RENDERER
from monparis_app.core import captcha
from monparis_app.core.registration import RegistrationForm

CAPTCHA_TEST_ANSWER = "MONPARIS"
GOOD_PASSWORD = "Kw7!pLx9zQ"


async def solved_captcha() -> tuple[str, str]:
    """A real challenge; tests set MONPARIS_CAPTCHA_TEST_ANSWER so they know its text."""
    # No client IP: the per-IP captcha limit is not what these tests are about.
    challenge = await captcha.new_challenge(LIBRARY_RENDERER, client_ip="")
    return str(challenge.id), CAPTCHA_TEST_ANSWER


async def signup_form(**changes: object) -> RegistrationForm:
    captcha_id, answer = await solved_captcha()
    form = RegistrationForm(
        sex="FEMALE",
        first_name="Angèle",
        last_name="Dubois-Martin",
        email="angele.dubois@exemple.fr",
        phone="06 12 34 56 78",
        password=GOOD_PASSWORD,
        password_confirmation=GOOD_PASSWORD,
        accept_terms=True,
        captcha_id=captcha_id,
        captcha_answer=answer.lower(),
    )
    return replace(form, **changes)  # type: ignore[arg-type]


def code_in(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    found = re.search(r"^(\d{4})\r?$", str(part.get_content()), re.MULTILINE)
    assert found, "no 4-digit code on its own line"
    return found.group(1)


async def create_account(
    email: str = "compte@exemple.fr", password: str = GOOD_PASSWORD, **fields: object
):  # type: ignore[no-untyped-def]
    """An account as sign-up leaves it (argon2 hash included), without going through the flow."""
    from monparis_app.core.password_hashing import hash_password
    from monparis_app.models import Account

    values = {
        "email": email,
        "sex": "FEMALE",
        "first_names": "Angèle",
        "birth_name": "Dubois",
        "password_hash": await hash_password(password),
    } | fields
    return await Account.create(**values)
