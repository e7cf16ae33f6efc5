"""The three code journeys through GraphQL speak one vocabulary: ``flowId`` and ``CodeRefusal``.

Sign-up, forgotten password and e-mail change each start with a result that names the flow as
``flowId``; a refused code of sign-up or password reset reads the same through the
``CodeRefusal`` interface; and each journey says its own words when its request is over.
"""

from __future__ import annotations

import pytest

from monparis_app.core.clock import FrozenClock
from tests.conftest import Mailbox
from tests.graphql.conftest import GraphQLClient
from tests.graphql.test_account_api import bearer, login, post
from tests.graphql.test_signup_api import EMAIL as SIGNUP_EMAIL
from tests.graphql.test_signup_api import register
from tests.helpers import CAPTCHA_TEST_ANSWER, code_in, create_account

ACCOUNT_EMAIL = "compte@exemple.fr"
NEW_PASSWORD = "Nouveau!Mot2Passe"
REFUSAL = "... on CodeRefusal { code message attemptsLeft }"
VERIFY = f"""mutation($f: ID!, $c: String!) {{ verifyCode(flowId: $f, code: $c) {{
  __typename {REFUSAL} }} }}"""
REQUEST_RESET = """mutation($e: String!) { requestPasswordReset(email: $e) {
  ... on PasswordResetRequested { flowId } } }"""
RESET = f"""mutation($f: ID!, $c: String!) {{ resetPassword(flowId: $f, code: $c,
  password: "{NEW_PASSWORD}", passwordConfirmation: "{NEW_PASSWORD}") {{
  __typename {REFUSAL} }} }}"""
RESET_EXPIRED = "Votre demande a expiré. Saisissez de nouveau votre courriel pour recevoir un code."
SIGNUP_EXPIRED = (
    "Votre demande de création de compte a expiré ou n'existe pas. Recommencez votre inscription."
)


@pytest.fixture(autouse=True)
def _settings(configure) -> None:  # type: ignore[no-untyped-def]
    configure(CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER, CODE_RESEND_INTERVAL_SECONDS="0")


def wrong(code: str) -> str:
    return f"{(int(code) + 5) % 10000:04d}"


async def request_reset(gql: GraphQLClient) -> str:
    flow_id: str = (await gql(REQUEST_RESET, e=ACCOUNT_EMAIL))["requestPasswordReset"]["flowId"]
    return flow_id


async def test_sign_up_names_its_flow_flow_id_too(gql: GraphQLClient, mail_sender: Mailbox) -> None:
    pending = await gql(
        """mutation($i: RegisterInput!) { register(input: $i) {
      ... on RegistrationPending { flowId flow { id } } } }""",
        i=await _register_input(gql),
    )
    flow_id = pending["register"]["flow"]["id"]
    assert pending["register"]["flowId"] == flow_id
    resent = await gql(
        "mutation($f: ID!) { resendCode(flowId: $f) { ... on CodeResent { flowId flow { id } } } }",
        f=flow_id,
    )
    assert resent["resendCode"] == {"flowId": flow_id, "flow": {"id": flow_id}}


async def _register_input(gql: GraphQLClient) -> dict[str, object]:
    challenge = (await gql("{ captcha { id } }"))["captcha"]
    return {
        "sex": "FEMALE",
        "firstName": "Jeanne",
        "lastName": "Martin",
        "email": "jeanne.martin@exemple.fr",
        "password": "Un!Mot2Passe-Sur",
        "passwordConfirmation": "Un!Mot2Passe-Sur",
        "acceptTerms": True,
        "captchaId": challenge["id"],
        "captchaAnswer": CAPTCHA_TEST_ANSWER,
    }


async def test_a_wrong_code_reads_the_same_in_sign_up_and_password_reset(
    gql: GraphQLClient, mail_sender: Mailbox
) -> None:
    flow_id = (await register(gql))["flow"]["id"]
    [signup_mail] = await mail_sender.wait_for(SIGNUP_EMAIL)
    signup = (await gql(VERIFY, f=flow_id, c=wrong(code_in(signup_mail))))["verifyCode"]

    await create_account()
    reset_id = await request_reset(gql)
    [reset_mail] = await mail_sender.wait_for(ACCOUNT_EMAIL)
    reset = (await gql(RESET, f=reset_id, c=wrong(code_in(reset_mail))))["resetPassword"]

    refusal = {
        "code": "code.invalid",
        "message": "Le code de validation est incorrect. Il vous reste 2 essais.",
    }
    assert signup == {"__typename": "InvalidCode", "attemptsLeft": 2} | refusal
    assert reset == {"__typename": "CodeRefused", "attemptsLeft": 2} | refusal


async def test_an_expired_password_reset_says_so_in_its_own_words(
    gql: GraphQLClient, mail_sender: Mailbox, frozen_clock: FrozenClock
) -> None:
    """The drift fixed: GraphQL answered an ended reset with the sign-up's text."""
    await create_account()
    flow_id = await request_reset(gql)
    frozen_clock.advance(2 * 3600)
    expired = (await gql(RESET, f=flow_id, c="1234"))["resetPassword"]
    assert expired == {
        "__typename": "CodeRefused",
        "code": "flow.expired",
        "message": RESET_EXPIRED,
        "attemptsLeft": 0,
    }
    unknown = (await gql(RESET, f="pas-une-demande", c="1234"))["resetPassword"]
    assert unknown["message"] == RESET_EXPIRED
    signup = await gql(
        'mutation { verifyCode(flowId: "pas-une-demande", code: "1234") '
        "{ ... on FlowExpired { message } } }"
    )
    assert signup["verifyCode"]["message"] == SIGNUP_EXPIRED


async def test_email_change_names_its_flow_flow_id(
    gql: GraphQLClient, mail_sender: Mailbox
) -> None:
    await create_account()
    headers = bearer((await login(gql))["sessionToken"])
    requested = await post(
        gql,
        """mutation { requestEmailChange(newEmail: "nouveau@exemple.fr") {
      __typename ... on EmailChangeRequested { flowId newEmail } } }""",
        headers,
    )
    assert requested["requestEmailChange"]["__typename"] == "EmailChangeRequested"
    assert requested["requestEmailChange"]["flowId"]
