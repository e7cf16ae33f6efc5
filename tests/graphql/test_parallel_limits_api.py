"""The same bursts as tests/core/test_parallel_limits.py, through the real ASGI app: thirty or
forty HTTP requests in flight at once, each a separate GraphQL request."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from monparis_app.core import code_checks, sign_in
from monparis_app.models import RegistrationFlow, SignInThrottle
from tests.conftest import Mailbox
from tests.graphql.conftest import GraphQLClient
from tests.helpers import (
    CAPTCHA_TEST_ANSWER,
    GOOD_PASSWORD,
    code_in,
    create_account,
    solved_captcha,
)

EMAIL = "rafale@exemple.fr"
REGISTER = """mutation($input: RegisterInput!) { register(input: $input) {
  __typename ... on RegistrationPending { flow { id } } } }"""
VERIFY = """mutation($flowId: ID!, $code: String!) { verifyCode(flowId: $flowId, code: $code) {
  __typename } }"""
LOGIN = """mutation($email: String!, $password: String!) { login(email: $email, password: $password) {
  __typename ... on LoginRefused { code captchaRequired } } }"""


@pytest.fixture(autouse=True)
def _no_per_ip_limits(configure) -> None:  # type: ignore[no-untyped-def]
    configure(RATE_LIMITS="off", CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)


async def post_all(gql: GraphQLClient, query: str, variables: list[dict[str, Any]]) -> list[Any]:
    responses = await asyncio.gather(
        *(gql.http.post("/graphql", json={"query": query, "variables": v}) for v in variables)
    )
    assert all(r.status_code == 200 for r in responses)
    return [r.json()["data"] for r in responses]


async def test_thirty_parallel_wrong_codes_get_three_comparisons(
    gql: GraphQLClient, mail_sender: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    captcha_id, answer = await solved_captcha()
    form = {
        "sex": "FEMALE",
        "firstName": "Rafale",
        "lastName": "Martin",
        "email": EMAIL,
        "phone": None,
        "password": GOOD_PASSWORD,
        "passwordConfirmation": GOOD_PASSWORD,
        "acceptTerms": True,
        "captchaId": captcha_id,
        "captchaAnswer": answer,
    }
    flow_id = (await gql(REGISTER, input=form))["register"]["flow"]["id"]
    right = code_in((await mail_sender.wait_for(EMAIL))[-1])
    compared: list[str] = []
    real = code_checks.code_matches
    monkeypatch.setattr(code_checks, "code_matches", lambda *a: compared.append(a[-1]) or real(*a))
    wrong = [f"{n:04d}" for n in range(31) if f"{n:04d}" != right][:30]

    answers = await post_all(gql, VERIFY, [{"flowId": flow_id, "code": c} for c in wrong])

    kinds = [a["verifyCode"]["__typename"] for a in answers]
    assert len(compared) == 3
    assert kinds.count("InvalidCode") + kinds.count("TooManyAttempts") == 30
    after = (await gql(VERIFY, flowId=flow_id, code=right))["verifyCode"]["__typename"]
    assert after == "TooManyAttempts"
    assert (await RegistrationFlow.get(id=flow_id)).code_attempts == 3


async def test_forty_parallel_wrong_passwords_get_three_checks(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await create_account(email=EMAIL)
    checks: list[str] = []
    real = sign_in.verify_password

    async def spy(stored: str, password: str) -> bool:
        checks.append(password)
        return await real(stored, password)

    monkeypatch.setattr(sign_in, "verify_password", spy)

    answers = await post_all(
        gql, LOGIN, [{"email": EMAIL, "password": f"Mauvais!{n}"} for n in range(40)]
    )

    codes = [a["login"]["code"] for a in answers]
    assert len(checks) == 3
    assert codes.count("sign_in.invalid") == 3
    assert (await SignInThrottle.get()).failures == 3
    right = (await gql(LOGIN, email=EMAIL, password=GOOD_PASSWORD))["login"]
    assert right == {
        "__typename": "LoginRefused",
        "code": "sign_in.captcha_required",
        "captchaRequired": True,
    }
