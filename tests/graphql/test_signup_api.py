"""A partner app creates an account through GraphQL, exactly as DESIGN.md's contract says."""

from __future__ import annotations

import pytest

from monparis_app.models import Account
from tests.conftest import Mailbox, text_of
from tests.graphql.conftest import GraphQLClient
from tests.helpers import CAPTCHA_TEST_ANSWER, GOOD_PASSWORD, code_in

EMAIL = "pierre.mercier@exemple.fr"

CAPTCHA = "query { captcha { id image audio expiresAt } }"
REGISTER = """
mutation Register($input: RegisterInput!) {
  register(input: $input) {
    __typename
    ... on RegistrationPending { flow { id status email sendsLeft attemptsLeft codeExpiresAt } }
    ... on FieldErrors { errors { field code message } }
    ... on RateLimited { retryAfter message }
  }
}"""
VERIFY = """
mutation Verify($flowId: ID!, $code: String!) {
  verifyCode(flowId: $flowId, code: $code) {
    __typename
    ... on AccountCreated { account { id email firstNames } }
    ... on InvalidCode { attemptsLeft message }
    ... on TooManyAttempts { message }
    ... on CodeExpired { message }
    ... on FlowExpired { message }
    ... on FieldErrors { errors { field code message } }
  }
}"""
RESEND = """
mutation Resend($flowId: ID!) {
  resendCode(flowId: $flowId) {
    __typename
    ... on CodeResent { flow { sendsLeft } }
    ... on RateLimited { retryAfter message }
  }
}"""


@pytest.fixture(autouse=True)
def _captcha_answer(configure) -> None:  # type: ignore[no-untyped-def]
    configure(CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)


async def register(gql: GraphQLClient, **changes: object) -> dict:  # type: ignore[type-arg]
    challenge = (await gql(CAPTCHA))["captcha"]
    data = {
        "sex": "MALE",
        "firstName": "Pierre",
        "lastName": "Mercier",
        "email": EMAIL,
        "phone": None,
        "password": GOOD_PASSWORD,
        "passwordConfirmation": GOOD_PASSWORD,
        "acceptTerms": True,
        "captchaId": challenge["id"],
        "captchaAnswer": CAPTCHA_TEST_ANSWER,
    } | changes
    return (await gql(REGISTER, input=data))["register"]


async def test_captcha_has_image_and_french_audio(gql: GraphQLClient) -> None:
    challenge = (await gql(CAPTCHA))["captcha"]
    assert challenge["image"].startswith("data:image/png;base64,")
    assert challenge["audio"].startswith("data:audio/wav;base64,")


async def test_partner_creates_an_account(gql: GraphQLClient, mail_sender: Mailbox) -> None:
    result = await register(gql)
    assert result["__typename"] == "RegistrationPending"
    flow = result["flow"]
    assert (flow["status"], flow["email"], flow["attemptsLeft"]) == ("PENDING", EMAIL, 3)

    state = await gql("query($id: ID!) { registration(flowId: $id) { status } }", id=flow["id"])
    assert state["registration"]["status"] == "PENDING"

    [message] = await mail_sender.wait_for(EMAIL)
    created = (await gql(VERIFY, flowId=flow["id"], code=code_in(message)))["verifyCode"]

    assert created["__typename"] == "AccountCreated"
    assert created["account"]["email"] == EMAIL
    confirmation = (await mail_sender.wait_for(EMAIL, 2))[-1]
    assert "Votre compte a bien été créé" in text_of(confirmation)
    assert await Account.filter(email=EMAIL).count() == 1


async def test_field_errors_are_in_french_per_field(gql: GraphQLClient) -> None:
    result = await register(
        gql,
        firstName="",
        email="nope",
        password="Azerty123!",
        passwordConfirmation="Azerty123!",
        acceptTerms=False,
    )
    assert result["__typename"] == "FieldErrors"
    by_field = {e["field"]: e for e in result["errors"]}
    assert set(by_field) == {"firstName", "email", "password", "acceptTerms"}
    assert by_field["password"]["code"] == "password.not_common"
    assert by_field["email"]["message"].startswith("Saisissez une adresse de courriel valide")


async def test_one_answer_lists_every_error_the_captchas_included(gql: GraphQLClient) -> None:
    result = await register(gql, email="nope", captchaAnswer="FAUX")
    assert result["__typename"] == "FieldErrors"
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("email", "email.invalid"),
        ("captchaAnswer", "captcha.invalid"),
    ]


async def test_the_older_code_after_a_resend_is_named(
    gql: GraphQLClient, mail_sender: Mailbox, frozen_clock
) -> None:  # type: ignore[no-untyped-def]
    flow = (await register(gql))["flow"]
    first = code_in((await mail_sender.wait_for(EMAIL))[-1])
    frozen_clock.advance(60)
    resent = (await gql(RESEND, flowId=flow["id"]))["resendCode"]
    assert resent["__typename"] == "CodeResent"
    second = code_in((await mail_sender.wait_for(EMAIL, 2))[-1])
    if first == second:
        pytest.skip("the resend drew the same code (1 chance in 10,000)")
    query = """mutation($flowId: ID!, $code: String!) { verifyCode(flowId: $flowId, code: $code) {
      __typename ... on CodeRefusal { code message attemptsLeft } } }"""
    replaced = (await gql(query, flowId=flow["id"], code=first))["verifyCode"]
    assert replaced == {
        "__typename": "InvalidCode",
        "code": "code.replaced",
        "message": "Un nouveau code vous a été envoyé : celui-ci n'est plus valable. "
        "Saisissez le dernier code reçu.",
        "attemptsLeft": 2,
    }


async def test_wrong_code_then_resend_throttle(gql: GraphQLClient, mail_sender: Mailbox) -> None:
    flow = (await register(gql))["flow"]
    [message] = await mail_sender.wait_for(EMAIL)
    wrong = f"{(int(code_in(message)) + 5) % 10000:04d}"
    invalid = (await gql(VERIFY, flowId=flow["id"], code=wrong))["verifyCode"]
    assert invalid == {
        "__typename": "InvalidCode",
        "attemptsLeft": 2,
        "message": "Le code de validation est incorrect. Il vous reste 2 essais.",
    }
    resend = (await gql(RESEND, flowId=flow["id"]))["resendCode"]
    assert resend["__typename"] == "RateLimited"
    assert 55 <= resend["retryAfter"] <= 60


async def test_existing_address_is_not_revealed(gql: GraphQLClient, mail_sender: Mailbox) -> None:
    flow = (await register(gql))["flow"]
    [message] = await mail_sender.wait_for(EMAIL)
    await gql(VERIFY, flowId=flow["id"], code=code_in(message))

    again = await register(gql)

    assert again["__typename"] == "RegistrationPending"
    assert set(again["flow"]) == set(flow)
    assert (again["flow"]["status"], again["flow"]["attemptsLeft"]) == ("PENDING", 3)


async def test_per_ip_rate_limit_answers_rate_limited(gql: GraphQLClient, configure) -> None:  # type: ignore[no-untyped-def]
    configure(RATE_LIMIT_REGISTER="1/minute", CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)
    assert (await register(gql))["__typename"] == "RegistrationPending"
    limited = await register(gql, email="autre@exemple.fr")
    assert limited["__typename"] == "RateLimited"
    assert limited["retryAfter"] > 0
    assert "Réessayez dans" in limited["message"]


async def test_password_policy_is_published(gql: GraphQLClient) -> None:
    policy = await gql("{ passwordPolicy { minLength rules { id label pattern clientSide } } }")
    rules = policy["passwordPolicy"]["rules"]
    assert policy["passwordPolicy"]["minLength"] == 8
    assert [r["id"] for r in rules if r["clientSide"]] == [
        "min_length",
        "lowercase",
        "uppercase",
        "digit",
        "special",
    ]


async def test_query_limits_are_transport_errors(gql: GraphQLClient) -> None:
    aliases = " ".join(f"a{i}: passwordPolicy {{ minLength }}" for i in range(11))
    response = await gql.http.post("/graphql", json={"query": "{ " + aliases + " }"})
    assert response.json()["errors"]
    too_big = await gql.http.post(
        "/graphql", content=b"x" * (65 * 1024), headers={"content-type": "application/json"}
    )
    assert too_big.status_code == 413
