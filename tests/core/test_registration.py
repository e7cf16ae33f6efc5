"""The sign-up flow against a real database and a real SMTP server, limits at their edges."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from monparis_app.adapters.mail_sender import send_due
from monparis_app.core import registration as reg
from monparis_app.core.errors import InvalidInput, RateLimited
from monparis_app.core.password_hashing import verify_password
from monparis_app.models import Account, OutboxEmail, RegistrationFlow
from monparis_app.settings import get_settings
from tests.conftest import Mailbox, text_of
from tests.helpers import CAPTCHA_TEST_ANSWER, GOOD_PASSWORD, code_in, signup_form

IP = "203.0.113.7"
EMAIL = "angele.dubois@exemple.fr"


@pytest.fixture(autouse=True)
def _captcha_answer(configure) -> None:  # type: ignore[no-untyped-def]
    configure(CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)


async def start(**changes: object) -> reg.FlowView:
    return await reg.start_registration(await signup_form(**changes), IP)


async def sent_code(mailbox: Mailbox, count: int = 1) -> str:
    await send_due()
    return code_in((await mailbox.wait_for(EMAIL, count))[-1])


async def test_happy_path_creates_the_account_after_the_code(db: str, smtp_server: Mailbox) -> None:
    flow = await start()
    assert flow.status == reg.FlowStatus.PENDING
    assert await Account.all().count() == 0
    await send_due()
    [message] = await smtp_server.wait_for(EMAIL)
    assert message["Subject"] == "Confirmez votre compte Mon Paris"
    body = text_of(message)
    assert "Ce code est valable pendant 10 minutes" in body
    assert (
        "Ceci est un courriel automatisé de la Mairie de Paris, merci de ne pas y répondre" in body
    )
    assert message.get_body(preferencelist=("html",)) is not None

    outcome = await reg.verify_code(str(flow.id), code_in(message), IP)

    assert isinstance(outcome, reg.AccountCreated)
    account = await Account.get(email=EMAIL)
    assert (account.first_names, account.birth_name, account.sex) == (
        "Angèle",
        "Dubois-Martin",
        "FEMALE",
    )
    assert account.phone == "+33612345678"
    assert account.password_hash and account.password_hash.startswith("$argon2id$")
    assert await verify_password(account.password_hash, GOOD_PASSWORD)
    await send_due()
    confirmation = (await smtp_server.wait_for(EMAIL, 2))[-1]
    assert confirmation["Subject"] == "Votre compte Mon Paris a bien été créé"
    flow_row = await RegistrationFlow.get(id=flow.id)
    assert flow_row.password_hash == ""  # no second copy of the hash is kept


async def test_invalid_form_reports_every_field_and_stores_nothing(db: str) -> None:
    form = replace(
        await signup_form(),
        sex="",
        first_name="J3an",
        last_name="",
        email="pas-un-courriel",
        phone="12",
        password="court",
        password_confirmation="autre",
        accept_terms=False,
        captcha_answer="",
    )
    with pytest.raises(InvalidInput) as raised:
        await reg.start_registration(form, IP)
    fields = {e.field for e in raised.value.errors}
    assert fields == {
        "sex",
        "first_name",
        "last_name",
        "email",
        "phone",
        "password",
        "password_confirmation",
        "accept_terms",
        "captcha",
    }
    assert await RegistrationFlow.all().count() == 0
    assert await OutboxEmail.all().count() == 0


async def test_wrong_captcha_is_refused_and_burnt(db: str) -> None:
    form = await signup_form(captcha_answer="WRONG")
    with pytest.raises(InvalidInput) as raised:
        await reg.start_registration(form, IP)
    assert [e.code for e in raised.value.errors] == ["captcha.invalid"]
    with pytest.raises(InvalidInput):  # the right answer no longer works on a used challenge
        await reg.start_registration(replace(form, captcha_answer=CAPTCHA_TEST_ANSWER), IP)
    assert await RegistrationFlow.all().count() == 0


async def test_the_captcha_is_judged_with_the_other_fields(db: str) -> None:
    """One answer lists every error, the captcha's included: a person who fixes a field is not
    told afterwards, on its own, that the captcha was wrong too."""
    form = await signup_form(email="pas-un-courriel", captcha_answer="WRONG")
    with pytest.raises(InvalidInput) as raised:
        await reg.start_registration(form, IP)
    assert [(e.field, e.code) for e in raised.value.errors] == [
        ("email", "email.invalid"),
        ("captcha", "captcha.invalid"),
    ]
    assert await RegistrationFlow.all().count() == 0


async def test_a_right_captcha_is_used_up_by_an_attempt_refused_for_another_field(
    db: str,
) -> None:
    """A challenge answers once per attempt, whatever else is wrong: a script cannot keep one
    solved challenge while it tries the other fields."""
    form = await signup_form(email="pas-un-courriel")
    with pytest.raises(InvalidInput) as raised:
        await reg.start_registration(form, IP)
    assert [e.field for e in raised.value.errors] == ["email"]
    with pytest.raises(InvalidInput) as again:
        await reg.start_registration(replace(form, email=EMAIL), IP)
    assert [e.code for e in again.value.errors] == ["captcha.invalid"]
    assert await RegistrationFlow.all().count() == 0


@pytest.mark.parametrize(
    ("field", "value", "extra", "codes"),
    [
        ("sex", "", {}, ["sex.required"]),
        ("sex", "FEMALE", {}, []),
        (
            "password_confirmation",
            "",
            {"password": "Kw7!pLx9zQ"},
            ["password_confirmation.required"],
        ),
        (
            "password_confirmation",
            "autre",
            {"password": "Kw7!pLx9zQ"},
            ["password_confirmation.mismatch"],
        ),
        ("password_confirmation", "Kw7!pLx9zQ", {"password": "Kw7!pLx9zQ"}, []),
        ("password_confirmation", "Kw7!pLx9zQ", {}, []),
        ("accept_terms", "", {}, ["accept_terms.required"]),
        ("accept_terms", "true", {}, []),
        ("captcha", "  ", {}, ["captcha.required"]),
        ("captcha", "ABCD", {}, []),
        ("password", "Password1!", {}, ["password.not_common"]),
    ],
)
def test_one_field_is_judged_by_the_rules_of_the_submit(
    field: str, value: str, extra: dict[str, str], codes: list[str]
) -> None:
    assert [e.code for e in reg.check_field(field, value, **extra)] == codes


async def test_expired_captcha_is_refused(db: str, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    form = await signup_form()
    frozen_clock.advance(600)
    with pytest.raises(InvalidInput) as raised:
        await reg.start_registration(form, IP)
    assert [e.code for e in raised.value.errors] == ["captcha.invalid"]


async def test_three_wrong_codes_burn_the_code(db: str, smtp_server: Mailbox) -> None:
    flow = await start()
    code = await sent_code(smtp_server)
    wrong = f"{(int(code) + 1) % 10000:04d}"
    first = await reg.verify_code(str(flow.id), wrong, IP)
    second = await reg.verify_code(str(flow.id), wrong, IP)
    third = await reg.verify_code(str(flow.id), wrong, IP)
    assert first == reg.InvalidCode(attempts_left=2)
    assert second == reg.InvalidCode(attempts_left=1)
    assert isinstance(third, reg.TooManyAttempts)
    assert isinstance(await reg.verify_code(str(flow.id), code, IP), reg.TooManyAttempts)
    assert await Account.all().count() == 0


async def test_malformed_code_is_not_counted(db: str) -> None:
    flow = await start()
    for typed in ["", "123", "12345", "12a4"]:
        with pytest.raises(InvalidInput):
            await reg.verify_code(str(flow.id), typed, IP)
    view = await reg.get_flow(str(flow.id))
    assert view and view.attempts_left == 3


async def test_code_expires_after_ten_minutes(db: str, smtp_server: Mailbox, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    flow = await start()
    code = await sent_code(smtp_server)
    frozen_clock.advance(599)
    assert isinstance(
        await reg.verify_code(str(flow.id), "0000" if code != "0000" else "1111", IP),
        reg.InvalidCode,
    )
    frozen_clock.advance(1)
    assert isinstance(await reg.verify_code(str(flow.id), code, IP), reg.CodeExpired)


async def test_resend_replaces_the_code_after_sixty_seconds(
    db: str, smtp_server: Mailbox, frozen_clock
) -> None:  # type: ignore[no-untyped-def]
    flow = await start()
    first_code = await sent_code(smtp_server)
    frozen_clock.advance(59)
    with pytest.raises(RateLimited) as raised:
        await reg.resend_code(str(flow.id), IP)
    assert raised.value.retry_after == 1
    frozen_clock.advance(1)
    resent = await reg.resend_code(str(flow.id), IP)
    assert isinstance(resent, reg.FlowView) and resent.sends_left == 3
    second_code = await sent_code(smtp_server, 2)
    if second_code != first_code:
        # The older e-mail's code is told apart from a wrong one, and spends a try like one.
        assert await reg.verify_code(str(flow.id), first_code, IP) == reg.CodeReplaced(
            attempts_left=2
        )
    assert isinstance(await reg.verify_code(str(flow.id), second_code, IP), reg.AccountCreated)


async def test_at_most_five_sends_per_flow(db: str, frozen_clock, configure) -> None:  # type: ignore[no-untyped-def]
    configure(RATE_LIMIT_PER_ADDRESS="100/hour")
    flow = await start()
    for _ in range(4):
        frozen_clock.advance(60)
        assert isinstance(await reg.resend_code(str(flow.id), IP), reg.FlowView)
    frozen_clock.advance(60)
    assert isinstance(await reg.resend_code(str(flow.id), IP), reg.ResendLimitReached)
    assert await OutboxEmail.filter(recipient=EMAIL).count() == 5


async def test_per_address_hourly_cap_across_flows(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    configure(RATE_LIMIT_PER_ADDRESS="3/hour", CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)
    for _ in range(3):
        await start()
    with pytest.raises(RateLimited):
        await start()
    assert await OutboxEmail.filter(recipient=EMAIL).count() == 3


async def test_per_ip_limit_and_its_switch(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    configure(RATE_LIMIT_REGISTER="2/minute", CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)
    await start(email="a@exemple.fr")
    await start(email="b@exemple.fr")
    with pytest.raises(RateLimited):
        await start(email="c@exemple.fr")
    configure(
        RATE_LIMIT_REGISTER="2/minute", RATE_LIMITS="off", CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER
    )
    for letter in "cde":
        await start(email=f"{letter}@exemple.fr")


async def test_existing_address_gets_the_same_answer_and_a_warning(
    db: str, smtp_server: Mailbox
) -> None:
    flow = await start()
    await reg.verify_code(str(flow.id), await sent_code(smtp_server), IP)
    await send_due()
    await smtp_server.wait_for(EMAIL, 2)

    again = await start(first_name="Intrus", email=EMAIL.upper())

    assert type(again) is type(flow) and again.status == reg.FlowStatus.PENDING
    await send_due()
    warning = (await smtp_server.wait_for(EMAIL, 3))[-1]
    assert "Tentative de création" in warning["Subject"]
    assert not any(line.strip().isdigit() for line in text_of(warning).splitlines())
    for guess in ["0000", "1234", "9999"]:
        outcome = await reg.verify_code(str(again.id), guess, IP)
        assert isinstance(outcome, reg.InvalidCode | reg.TooManyAttempts)
    assert await Account.all().count() == 1


async def test_simultaneous_right_codes_create_one_account(db: str, smtp_server: Mailbox) -> None:
    """As many tabs as there are tries send the right code at once: one creates the account,
    the others are told it is done. (A tab beyond the tries is refused unseen, by design.)"""
    flow = await start()
    code = await sent_code(smtp_server)
    tabs = get_settings().code_max_attempts
    outcomes = await asyncio.gather(*(reg.verify_code(str(flow.id), code, IP) for _ in range(tabs)))
    assert sum(isinstance(o, reg.AccountCreated) for o in outcomes) == 1
    assert all(isinstance(o, reg.AccountCreated | reg.FlowCompleted) for o in outcomes)
    assert await Account.all().count() == 1


async def test_expired_flow_is_refused_then_purged(db: str, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    flow = await start()
    frozen_clock.advance(3599)
    assert await reg.purge_expired_flows() == 0
    frozen_clock.advance(1)
    assert isinstance(await reg.verify_code(str(flow.id), "1234", IP), reg.FlowExpired)
    assert isinstance(await reg.resend_code(str(flow.id), IP), reg.FlowExpired)
    assert await reg.purge_expired_flows() == 1
    assert await reg.get_flow(str(flow.id)) is None


async def test_unknown_and_malformed_flow_ids(db: str) -> None:
    assert isinstance(await reg.verify_code("not-a-uuid", "1234", IP), reg.FlowExpired)
    assert isinstance(
        await reg.verify_code("6f1c0c4e-0000-4000-8000-000000000000", "1234", IP), reg.FlowExpired
    )
    assert await reg.get_flow("../../etc") is None


async def test_cancel_drops_the_flow(db: str) -> None:
    flow = await start()
    await reg.cancel_registration(str(flow.id))
    assert await reg.get_flow(str(flow.id)) is None
