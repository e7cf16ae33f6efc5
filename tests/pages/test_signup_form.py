"""The sign-up page states without a browser: errors follow the fields, the summary counts what
is left, the captcha answer goes with its image, the password lines say what the server says,
the visibility is state, and only the tab that created the account is congratulated."""

# Reflex types an @rx.event method as an EventNamespace: called on an instance it is a method.
# mypy: disable-error-code="operator"

from __future__ import annotations

import inspect
from typing import Any

import pytest
from reflex.event import EventSpec

from monparis_app.adapters.mail_sender import send_due
from monparis_app.components.password_fields import PasswordVisibility
from monparis_app.messages import message_for
from monparis_app.pages.signup.code_state import VerifyCodeState
from monparis_app.pages.signup.form_state import (
    FlowMemory,
    SignupCompletion,
    SignupState,
)
from monparis_app.settings import get_settings
from tests.conftest import Mailbox
from tests.helpers import CAPTCHA_TEST_ANSWER, GOOD_PASSWORD, code_in
from tests.pages.states import find, tree

EMAIL = "camille.lefevre@exemple.fr"
FILLED = {
    "sex": "FEMALE",
    "first_name": "Camille",
    "last_name": "Lefèvre",
    "email": EMAIL,
    "password": GOOD_PASSWORD,
    "password_confirmation": GOOD_PASSWORD,
    "accept_terms": "on",
    "captcha_answer": CAPTCHA_TEST_ANSWER,
}


@pytest.fixture(autouse=True)
def _captcha_answer(configure) -> None:  # type: ignore[no-untyped-def]
    configure(CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)


async def events_of(result: Any) -> list[Any]:
    """What a handler answered: a returned event or list, or all an async generator yielded."""
    if inspect.isasyncgen(result):
        found: list[Any] = []
        async for item in result:
            found += item if isinstance(item, list) else [item]
        return [event for event in found if event is not None]
    if inspect.isawaitable(result):
        result = await result
    return result if isinstance(result, list) else [result]


def clears_captcha_answer(event: Any) -> bool:
    if not isinstance(event, EventSpec) or event.handler.fn.__qualname__ != "_set_value":
        return False
    values = {str(name): getattr(value, "_var_value", None) for name, value in event.args}
    return values == {"ref": "ref_captcha_answer", "value": ""}


async def loaded_form() -> SignupState:
    form = find(tree(), SignupState)
    await events_of(form.load())
    return form


async def test_an_error_goes_when_its_field_is_fixed_and_the_summary_follows(db: str) -> None:
    form = await loaded_form()
    await events_of(form.submit({}))
    assert set(form.errors) == {
        "sex",
        "first_name",
        "last_name",
        "email",
        "password",
        "password_confirmation",
        "accept_terms",
        "captcha",
    }
    assert form.summary == message_for("signup.form_errors", count=8)

    form.check_field("sex", "FEMALE")  # choosing "Femme"
    assert "sex" not in form.errors
    form.check_terms(True)
    assert "accept_terms" not in form.errors
    form.recheck_captcha("ABCD")
    assert "captcha" not in form.errors
    assert form.summary == message_for("signup.form_errors", count=5)

    # Typing the password, then its confirmation: neither keeps an error it no longer has.
    form.password_typed(GOOD_PASSWORD, "")
    assert "password" not in form.errors
    assert form.errors["password_confirmation"] == message_for("password_confirmation.required")
    form.password_typed(GOOD_PASSWORD, "Kw7")
    assert form.errors["password_confirmation"] == message_for("password_confirmation.mismatch")
    form.leave_confirmation(GOOD_PASSWORD, GOOD_PASSWORD)
    assert "password_confirmation" not in form.errors

    for field, value in [("first_name", "Camille"), ("last_name", "Lefèvre"), ("email", EMAIL)]:
        form.check_field(field, value, GOOD_PASSWORD)
    assert form.errors == {}
    assert form.summary == ""


async def test_typing_adds_no_error_but_leaving_the_field_does(db: str) -> None:
    form = await loaded_form()
    form.password_typed("court", "")
    assert form.errors == {}
    form.leave_password("court", "")
    assert form.errors["password"] == message_for("password.min_length")
    assert "password_confirmation" not in form.errors  # not reached yet
    form.leave_password(GOOD_PASSWORD, "autre")
    assert "password" not in form.errors
    assert form.errors["password_confirmation"] == message_for("password_confirmation.mismatch")


async def test_the_checklist_says_what_the_server_will_say(db: str) -> None:
    form = await loaded_form()
    form.password_typed("Password1!", "")
    assert form.server_verdicts == {"not_common": False, "not_personal": True}
    assert form.password_verdict_status == message_for("password.not_common")
    assert form.errors == {}  # the line says it; the field's error waits for the person to leave

    form.check_field("first_name", "Kwpl", "Kwpl!x9zQ7")  # the password holds the first name
    assert form.server_verdicts == {"not_common": True, "not_personal": False}
    assert form.password_verdict_status == message_for("password.not_personal")

    form.password_typed(GOOD_PASSWORD, "")
    assert form.server_verdicts == {"not_common": True, "not_personal": True}
    assert form.password_verdict_status == message_for("password.all_rules_met")
    form.password_typed("aB3", "")
    assert form.password_verdict_status == ""  # the browser's own lines speak first


async def test_a_refused_submit_shows_every_error_with_the_captchas_and_a_new_empty_one(
    db: str,
) -> None:
    form = await loaded_form()
    first_challenge = form.captcha_id
    events = await events_of(form.submit(FILLED | {"email": "jean@", "captcha_answer": "FAUX"}))
    assert form.errors == {
        "email": message_for("email.invalid"),
        "captcha": message_for("captcha.invalid"),
    }
    assert form.summary == message_for("signup.form_errors", count=2)
    assert form.captcha_id != first_challenge
    assert any(clears_captcha_answer(event) for event in events)

    # The right answer, but another field wrong: the challenge is used, a new one is shown.
    second_challenge = form.captcha_id
    events = await events_of(form.submit(FILLED | {"email": "jean@"}))
    assert list(form.errors) == ["email"]
    assert form.captcha_id != second_challenge
    assert any(clears_captcha_answer(event) for event in events)

    events = await events_of(form.submit(FILLED))
    assert form.errors == {}
    assert find(form.parent_state or form, FlowMemory).flow_id  # type: ignore[arg-type]


async def test_another_image_empties_the_answer(db: str) -> None:
    form = await loaded_form()
    before = form.captcha_id
    events = await events_of(form.new_captcha())
    assert form.captcha_id != before
    assert any(clears_captcha_answer(event) for event in events)


async def test_the_visibility_is_state_and_the_proposal_shows_the_passwords(db: str) -> None:
    root = tree()
    form = find(root, SignupState)
    visibility = find(root, PasswordVisibility)
    assert visibility.shown is False
    visibility.toggle()
    assert visibility.shown is True
    visibility.hide()  # a new form mounts masked
    assert visibility.shown is False
    await events_of(form.propose_password())
    assert visibility.shown is True
    assert all(form.password_verdicts.values())


async def test_only_the_tab_that_created_the_account_is_congratulated(
    db: str, mail_sender: Mailbox
) -> None:
    stranger = find(tree(), SignupCompletion)
    redirect = stranger.open_done_page()
    assert isinstance(redirect, EventSpec) and "/inscription" in str(redirect)

    root = tree()
    form = find(root, SignupState)
    await events_of(form.load())
    await events_of(form.submit(FILLED))
    await send_due()
    [message] = await mail_sender.wait_for(EMAIL)
    verify = find(root, VerifyCodeState)
    await verify.load()
    await events_of(verify.submit({"code": code_in(message)}))
    completion = find(root, SignupCompletion)
    assert completion.account_created is True
    assert completion.open_done_page() is None

    await events_of(form.load())  # a new sign-up in the same tab: the old one is not praised
    assert completion.account_created is False


async def test_the_replaced_code_is_named_on_the_code_page(
    db: str, mail_sender: Mailbox, frozen_clock
) -> None:  # type: ignore[no-untyped-def]
    root = tree()
    form = find(root, SignupState)
    await events_of(form.load())
    await events_of(form.submit(FILLED))
    await send_due()
    first = code_in((await mail_sender.wait_for(EMAIL))[-1])
    verify = find(root, VerifyCodeState)
    await verify.load()
    frozen_clock.advance(get_settings().code_resend_interval_seconds)
    await events_of(verify.resend())
    assert verify.notice == message_for("code.sent_again", email=EMAIL)
    await send_due()
    second = code_in((await mail_sender.wait_for(EMAIL, 2))[-1])
    if first == second:
        pytest.skip("the resend drew the same code (1 chance in 10,000)")
    await events_of(verify.submit({"code": first}))
    assert verify.code_error == message_for("code.replaced")
    assert verify.code_error == (
        "Un nouveau code vous a été envoyé : celui-ci n'est plus valable. "
        "Saisissez le dernier code reçu."
    )
