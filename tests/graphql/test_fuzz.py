"""Property-based fuzzing of the whole GraphQL API through the real ASGI app.

``hypothesis-graphql`` writes queries and mutations from the schema itself, with odd but valid
arguments (empty strings, NUL bytes, huge integers, any Unicode). Whatever it sends, the API
must answer with a result or a clear refusal: never a 5xx, never a masked internal error
("Unexpected error.", what the prod masking shows for a bug).

A fixed budget per root field, drawn with ``derandomize=True`` so every run sends the same
requests, keeps the test within seconds and its failures reproducible. The documents are drawn
first (pure generation, no I/O), then sent one by one, half anonymously and half with a fresh
session of a real account, so resolvers behind ``NotSignedIn`` are reached too. IDs come from a
pool that holds live captcha challenges, whose text the test knows
(``MONPARIS_CAPTCHA_TEST_ANSWER``), so ``register`` sometimes gets past the captcha.
"""

from __future__ import annotations

import functools
import uuid
from collections import Counter
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema

from monparis_app.core import sessions
from monparis_app.graphql.schema import build_schema
from monparis_app.graphql.schema import schema as published_schema
from monparis_app.http import app as api
from tests.helpers import CAPTCHA_TEST_ANSWER, GOOD_PASSWORD, create_account, solved_captcha

POSITIVE_EXAMPLES_PER_FIELD = 16
NEGATIVE_EXAMPLES_PER_FIELD = 3
REGISTER_FORMS = 24
MASKED = "Unexpected error."
# Values that get past the first checks, mixed with whatever Hypothesis makes up.
KNOWN_STRINGS = [
    CAPTCHA_TEST_ANSWER,
    GOOD_PASSWORD,
    "compte@exemple.fr",
    "nouveau@exemple.fr",
    "1234",
    "SUPPRIMER",
    "https://partenaire.exemple.fr/retour",
]


def _draw(strategy: st.SearchStrategy[str], count: int) -> list[str]:
    """``count`` documents from ``strategy``, the same on every run (no shrinking: the
    documents are only collected here; the requests are made afterwards)."""
    drawn: list[str] = []

    @settings(
        max_examples=count,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(document: str) -> None:
        drawn.append(document)

    collect()
    return drawn


def _string_node(values: list[str]) -> st.SearchStrategy[graphql.StringValueNode]:
    return st.sampled_from(values).map(lambda v: graphql.StringValueNode(value=v))


CAPTCHA_SLOTS = [f"captcha-slot-{i}" for i in range(8)]


@functools.cache
def documents(schema: graphql.GraphQLSchema) -> list[tuple[str, str]]:
    """(root field, document) for every root field of the schema; drawn once per run (both
    database backends send the same), with placeholders for the live captcha ids."""
    ids = [*CAPTCHA_SLOTS, str(uuid.UUID(int=0)), "6f1c0c4e-0000-4000-8000-000000000001", "", "x"]
    custom = {
        "ID": st.one_of(
            _string_node(ids), st.text().map(lambda v: graphql.StringValueNode(value=v))
        ),
    }
    string_values = st.one_of(
        _string_node(KNOWN_STRINGS), st.text().map(lambda v: graphql.StringValueNode(value=v))
    )
    custom["String"] = string_values
    roots = [schema.query_type, schema.mutation_type]
    found: list[tuple[str, str]] = []
    for root in roots:
        assert root is not None
        for name, field in root.fields.items():
            budget = [(Mode.POSITIVE, POSITIVE_EXAMPLES_PER_FIELD)]
            if field.args:  # a negative document breaks one argument: needs one
                budget.append((Mode.NEGATIVE, NEGATIVE_EXAMPLES_PER_FIELD))
            for mode, count in budget:
                strategy = from_schema(schema, fields=[name], custom_scalars=custom, mode=mode)
                found.extend((name, doc) for doc in _draw(strategy, count))
    return found


def problems_in(response: httpx.Response) -> list[str]:
    if response.status_code >= 500:
        return [f"HTTP {response.status_code}: {response.text[:300]}"]
    if not response.headers.get("content-type", "").startswith("application/json"):
        return []  # a plain-text 4xx from the HTTP layer (unreadable request)
    body = response.json()
    return [
        f"masked error at {e.get('path')}"
        for e in body.get("errors") or []
        if e.get("message") == MASKED
    ]


@pytest.fixture
async def prod_client(
    db: str,
    configure,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> Any:
    """The app as prod builds it (errors masked), with limits off so the fuzz reaches the core."""
    configure(ENV="prod", CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER, RATE_LIMITS="off")
    monkeypatch.setattr(api, "schema", build_schema())
    transport = httpx.ASGITransport(app=api.create_api(), client=("192.0.2.80", 41000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_no_input_makes_the_api_fail(prod_client: httpx.AsyncClient) -> None:
    account = await create_account()
    live_ids = {slot: (await solved_captcha())[0] for slot in CAPTCHA_SLOTS}
    generated = documents(published_schema._schema)  # same types as the prod build
    failures: list[str] = []
    outcomes: Counter[str] = Counter()
    for index, (field, drawn) in enumerate(generated):
        document = drawn
        for slot, live_id in live_ids.items():
            document = document.replace(slot, live_id)
        headers = {}
        if index % 2:
            token = await sessions.open_session(account.id, user_agent="fuzz", client_ip="::1")
            headers["authorization"] = f"Bearer {token}"
        response = await prod_client.post("/graphql", json={"query": document}, headers=headers)
        failures.extend(f"{field}: {p}\n  {document}" for p in problems_in(response))
        outcomes[
            field + (" ok" if response.status_code == 200 else f" {response.status_code}")
        ] += 1
    assert not failures, "\n".join(failures[:20])
    assert len(generated) > 400
    assert set(outcomes) >= {f + " ok" for f, _ in generated}, outcomes


REGISTER = """mutation($input: RegisterInput!) { register(input: $input) {
  __typename ... on FieldErrors { errors { field code message } } } }"""


def register_forms() -> st.SearchStrategy[dict[str, Any]]:
    """Any text in every field of the form, with a right captcha answer (its id is filled in at
    send time: a challenge is burnt by its first check)."""
    text = st.one_of(st.sampled_from(KNOWN_STRINGS), st.text(max_size=300))

    def mostly(valid: object) -> st.SearchStrategy[Any]:
        """The valid value three times in four, so that whole forms pass now and then."""
        return st.sampled_from([True, True, True, False]).flatmap(
            lambda keep: st.just(valid) if keep else text
        )

    return st.fixed_dictionaries(
        {
            "sex": st.sampled_from(["FEMALE", "MALE"]),
            "firstName": mostly("Angèle"),
            "lastName": mostly("Dubois-Martin"),
            "email": mostly("fuzz@exemple.fr"),
            "phone": st.one_of(st.none(), mostly("06 12 34 56 78")),
            "password": mostly(GOOD_PASSWORD),
            "passwordConfirmation": mostly(GOOD_PASSWORD),
            "acceptTerms": st.sampled_from([True, True, True, False]),
            "captchaAnswer": st.sampled_from(
                [CAPTCHA_TEST_ANSWER, CAPTCHA_TEST_ANSWER.lower(), f" {CAPTCHA_TEST_ANSWER} "]
            ),
        }
    )


async def test_any_form_with_a_right_captcha_gets_an_answer(prod_client: httpx.AsyncClient) -> None:
    """Past the captcha, the whole sign-up path (checks, hashing, flow, outbox) meets odd input."""
    forms: list[dict[str, Any]] = []

    @settings(
        max_examples=REGISTER_FORMS,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(register_forms())
    def collect(form: dict[str, Any]) -> None:
        forms.append(form)

    collect()
    kinds: Counter[str] = Counter()
    failures: list[str] = []
    for form in forms:
        form = {**form, "captchaId": (await solved_captcha())[0]}
        response = await prod_client.post(
            "/graphql", json={"query": REGISTER, "variables": {"input": form}}
        )
        failures.extend(f"{p}\n  {form!r}" for p in problems_in(response))
        if response.status_code == 200 and response.json().get("data"):
            result = response.json()["data"]["register"]
            kinds[result["__typename"]] += 1
            codes = {e["code"] for e in result.get("errors", [])}
            assert "captcha.invalid" not in codes, form
    assert not failures, "\n".join(failures[:20])
    assert kinds["RegistrationPending"] >= 1, kinds  # some forms get through
    assert kinds["FieldErrors"] >= 1, kinds
