"""One GraphQL request is at most one password, code or captcha guess, however it is written.

Through the real ASGI app over HTTP: aliases, named and inline fragments on ``Mutation``, several
operations in one document and batched JSON lists are all refused at validation (or by the HTTP
layer), before any resolver runs, so the sign-in throttle never sees them.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import pytest
from graphql import GraphQLInputObjectType, get_named_type

from monparis_app.graphql.schema import schema
from monparis_app.graphql.validation import ERROR_CODE, GUESSING_FIELDS
from monparis_app.http.app import create_api
from monparis_app.models import AuditEvent, CaptchaChallenge, SignInThrottle
from tests.helpers import create_account

EMAIL = "compte@exemple.fr"
WRONG = "Mauvais!123"
LOGIN_FIELD = f'login(email: "{EMAIL}", password: "{WRONG}") {{ __typename }}'


def aliases(count: int, field: str = LOGIN_FIELD) -> str:
    return " ".join(f"a{i}: {field}" for i in range(count))


@pytest.fixture
async def http(db: str) -> Any:
    transport = httpx.ASGITransport(app=create_api(), client=("198.51.100.7", 41000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def post(http: httpx.AsyncClient, body: object) -> httpx.Response:
    return await http.post("/graphql", json=body)


def assert_refused(response: httpx.Response) -> None:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body.get("data") is None
    assert len(body["errors"]) == 1, body["errors"]
    error = body["errors"][0]
    assert error["extensions"]["code"] == ERROR_CODE
    assert error["message"].startswith("Une requête ne peut contenir qu'une seule opération")
    assert "requête séparée" in error["message"]


async def guesses_seen() -> tuple[int, int]:
    """What a password check leaves: a throttle row (counted before the hash compare) and, for
    an existing account, an audit event."""
    throttles = await SignInThrottle.all().count()
    failures = await AuditEvent.filter(kind="sign_in_failed").count()
    return throttles, failures


REFUSED_DOCUMENTS = {
    "ten login aliases": f"mutation {{ {aliases(10)} }}",
    "two aliases": f"mutation {{ {aliases(2)} }}",
    "two different guesses": (
        f'mutation {{ {LOGIN_FIELD} verifyCode(flowId: "x", code: "1234") {{ __typename }} }}'
    ),
    "named fragments": (
        "mutation { ...A ...B } "
        f"fragment A on Mutation {{ a: {LOGIN_FIELD} }} "
        f"fragment B on Mutation {{ b: {LOGIN_FIELD} }}"
    ),
    "nested named fragments": (
        f"mutation {{ ...A }} fragment A on Mutation {{ a: {LOGIN_FIELD} ...B }} "
        f"fragment B on Mutation {{ b: {LOGIN_FIELD} }}"
    ),
    "inline fragments": (
        f"mutation {{ {LOGIN_FIELD} ... on Mutation {{ b: {LOGIN_FIELD} }} ... {{ c: {LOGIN_FIELD} }} }}"
    ),
    "guarded by @include": (
        f'mutation {{ a: {LOGIN_FIELD} b: login(email: "{EMAIL}", password: "x") '
        "@include(if: false) { __typename } }"
    ),
    "several codes": (
        'mutation { a: verifyCode(flowId: "x", code: "1111") { __typename } '
        'b: resetPassword(flowId: "x", code: "2222", password: "p", passwordConfirmation: "p") '
        "{ __typename } }"
    ),
}


@pytest.mark.parametrize("document", REFUSED_DOCUMENTS.values(), ids=REFUSED_DOCUMENTS.keys())
async def test_more_than_one_guess_is_refused_before_any_resolver(
    http: httpx.AsyncClient, document: str
) -> None:
    await create_account()
    assert_refused(await post(http, {"query": document}))
    assert await guesses_seen() == (0, 0)


async def test_several_operations_in_one_document_are_added_together(
    http: httpx.AsyncClient,
) -> None:
    await create_account()
    document = f"mutation A {{ {LOGIN_FIELD} }} mutation B {{ {LOGIN_FIELD} }}"
    assert_refused(await post(http, {"query": document, "operationName": "A"}))
    assert await guesses_seen() == (0, 0)


async def test_the_message_names_what_was_found(http: httpx.AsyncClient) -> None:
    response = await post(
        http,
        {
            "query": f'mutation {{ {aliases(3)} verifyCode(flowId: "x", code: "1") {{ __typename }} }}'
        },
    )
    message = response.json()["errors"][0]["message"]
    assert "login ×3, verifyCode" in message


async def test_one_guess_with_other_fields_still_runs(http: httpx.AsyncClient) -> None:
    """The positive control: the rule does not get in the way of a normal request, and a real
    guess does leave the traces the refused requests above do not."""
    await create_account()
    document = (
        f"mutation {{ {LOGIN_FIELD} logout {{ __typename }} "
        'requestPasswordReset(email: "autre@exemple.fr") { __typename } }'
    )
    response = await post(http, {"query": document})
    body = response.json()
    assert "errors" not in body, body
    assert body["data"]["login"]["__typename"] == "LoginRefused"
    assert await guesses_seen() == (1, 1)


async def test_a_batch_is_refused_whole(http: httpx.AsyncClient) -> None:
    """Strawberry runs a JSON list of operations only when batching is configured; it is not, so
    ten one-guess operations in one HTTP request are refused by the HTTP layer, none run."""
    await create_account()
    batch = [{"query": f"mutation {{ {LOGIN_FIELD} }}"} for _ in range(10)]
    response = await post(http, batch)
    assert response.status_code == 400
    assert schema.config.batching_config is None
    assert await guesses_seen() == (0, 0)


async def test_a_parallel_burst_of_aliased_guesses_checks_no_password(
    http: httpx.AsyncClient,
) -> None:
    await create_account()
    document = {"query": f"mutation {{ {aliases(10)} }}"}
    responses = await asyncio.gather(*(post(http, document) for _ in range(30)))
    for response in responses:
        assert_refused(response)
    assert await guesses_seen() == (0, 0)
    assert await CaptchaChallenge.all().count() == 0


async def test_captcha_queries_are_not_guesses(http: httpx.AsyncClient) -> None:
    """Challenges are limited by their own per-IP rule, not by this one."""
    response = await post(http, {"query": "{ a: captcha { id } b: captcha { id } }"})
    body = response.json()
    assert "errors" not in body, body
    assert body["data"]["a"]["id"] != body["data"]["b"]["id"]


SECRET_WORDS = {"password", "code", "captcha", "token", "state"}


def words(camel_case: str) -> set[str]:
    """``newPasswordConfirmation`` → {"new", "password", "confirmation"} (``addressPostcode``
    has no "code")."""
    return {w.lower() for w in re.findall(r"[a-z]+|[A-Z][a-z]*", camel_case)}


def test_every_mutation_that_takes_a_secret_is_counted() -> None:
    """A new mutation with a password, code, captcha or token argument must join the rule."""
    mutation = schema._schema.mutation_type
    assert mutation is not None
    assert set(GUESSING_FIELDS) <= set(mutation.fields), "a counted field no longer exists"
    for name, field in mutation.fields.items():
        names = set(field.args)
        for arg in field.args.values():
            input_type = get_named_type(arg.type)
            if isinstance(input_type, GraphQLInputObjectType):
                names |= set(input_type.fields)
        takes_a_secret = any(words(n) & SECRET_WORDS for n in names)
        assert name in GUESSING_FIELDS or not takes_a_secret, f"{name} takes a secret"
