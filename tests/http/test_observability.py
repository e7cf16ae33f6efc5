"""``/readyz`` and ``/metrics`` through the real ASGI app, as a load balancer and Prometheus see them."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Mapping
from datetime import timedelta

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from tortoise import Tortoise, connections
from tortoise.migrations.recorder import MigrationRecorder

from monparis_app.core import clock, emails, metrics, outbox
from monparis_app.http.app import create_api
from monparis_app.models import OutboxEmail
from tests.conftest import Mailbox, free_port
from tests.graphql.conftest import GraphQLClient
from tests.graphql.test_signup_api import EMAIL, VERIFY, register
from tests.helpers import CAPTCHA_TEST_ANSWER, code_in

# A security notice needs its "Ce n'était pas moi" link; any link does here.
NOT_ME = "https://monparis.exemple.fr/ce-n-etait-pas-moi?jeton=t"

TOKEN = "mT4kQ9zX2vB7nR1wL6yP3sD8fG5hJ0cA"
REDIS_URL = os.environ.get("MONPARIS_TEST_REDIS_URL", "")


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_api(), client=("198.51.100.4", 41000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in a scrape (0 when the series has not appeared yet)."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return float(found.value)
    return 0.0


async def scrape(http: httpx.AsyncClient) -> str:
    response = await http.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


# --- /readyz -------------------------------------------------------------------------------


async def test_ready_on_a_migrated_database(db: str, http: httpx.AsyncClient) -> None:
    response = await http.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "redis": "not configured"},
    }


@pytest.mark.skipif(not REDIS_URL, reason="MONPARIS_TEST_REDIS_URL not set")
async def test_ready_with_redis(db: str, configure, http: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    configure(REDIS_URL=REDIS_URL)
    response = await http.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == "ok"


async def test_not_ready_when_redis_is_unreachable(
    db: str,
    configure,  # type: ignore[no-untyped-def]
    http: httpx.AsyncClient,
) -> None:
    configure(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    response = await http.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "failed": ["redis"],
        "checks": {"database": "ok", "migrations": "ok", "redis": "failed"},
    }
    assert "Traceback" not in response.text
    assert "127.0.0.1" not in response.text


async def test_not_ready_when_a_migration_is_missing(db: str, http: httpx.AsyncClient) -> None:
    recorder = MigrationRecorder(connections.get("default"))
    [latest] = [key for key in await recorder.applied_migrations() if key.name.startswith("0005")]
    await recorder.record_unapplied(latest.app_label, latest.name)
    try:
        response = await http.get("/readyz")
    finally:
        # The PostgreSQL database lives for the whole run: leave its record as it was.
        await recorder.record_applied(latest.app_label, latest.name)
    assert response.status_code == 503
    assert response.json()["failed"] == ["migrations"]


async def test_not_ready_without_a_database(db: str, http: httpx.AsyncClient) -> None:
    await Tortoise.close_connections()
    response = await http.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["database"]
    assert body["checks"]["migrations"] == "skipped"


# --- /metrics ------------------------------------------------------------------------------


async def test_sign_up_is_counted(
    gql: GraphQLClient,
    mail_sender: Mailbox,
    configure,  # type: ignore[no-untyped-def]
) -> None:
    configure(CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)
    before = await scrape(gql.http)

    flow = (await register(gql))["flow"]
    [message] = await mail_sender.wait_for(EMAIL)
    created = (await gql(VERIFY, flowId=flow["id"], code=code_in(message)))["verifyCode"]
    assert created["__typename"] == "AccountCreated"
    await mail_sender.wait_for(EMAIL, 2)

    after = await scrape(gql.http)
    for name, labels in [
        ("monparis_signups_started_total", {}),
        ("monparis_signups_completed_total", {}),
        ("monparis_emails_queued_total", {"kind": "registration_code"}),
        ("monparis_emails_queued_total", {"kind": "account_created"}),
    ]:
        assert sample(after, name, **labels) == sample(before, name, **labels) + 1, name
    # The code counts once delivered: the sender records it just after the SMTP server took it.
    name, purpose = "monparis_codes_sent_total", "registration"
    for _ in range(100):
        if sample(after, name, purpose=purpose) == sample(before, name, purpose=purpose) + 1:
            break
        await asyncio.sleep(0.02)
        after = await scrape(gql.http)
    assert sample(after, name, purpose=purpose) == sample(before, name, purpose=purpose) + 1
    assert EMAIL not in after  # labels are categories, never a person


async def test_sign_in_failures_and_rate_limits_are_counted(
    gql: GraphQLClient,
    configure,  # type: ignore[no-untyped-def]
) -> None:
    configure(RATE_LIMIT_SIGN_IN="1/minute")
    login = 'mutation { login(email: "x@exemple.fr", password: "faux") { __typename } }'
    before = await scrape(gql.http)
    assert (await gql(login))["login"]["__typename"] == "LoginRefused"
    assert (await gql(login))["login"]["__typename"] == "RateLimited"
    after = await scrape(gql.http)
    failures = "monparis_sign_in_failures_total"
    assert sample(after, failures) == sample(before, failures) + 1
    limited, action = "monparis_rate_limited_total", "sign-in:ip"
    assert sample(after, limited, action=action) == sample(before, limited, action=action) + 1


async def test_oldest_queued_email_age(db: str, http: httpx.AsyncClient) -> None:
    assert sample(await scrape(http), "monparis_outbox_oldest_pending_seconds") == 0
    row = await outbox.queue_email("x@exemple.fr", emails.password_changed(NOT_ME), account_id=None)
    given_up = await outbox.queue_email(
        "y@exemple.fr", emails.password_changed(NOT_ME), account_id=None
    )
    await outbox.queue_email("z@exemple.fr", emails.password_changed(NOT_ME), account_id=None)
    # Given up long ago: logged as lost, no longer waiting, so it does not pin the gauge.
    await OutboxEmail.filter(id=given_up.id).update(
        created_at=clock.now() - timedelta(days=2), gave_up_at=clock.now()
    )
    await OutboxEmail.filter(id=row.id).update(created_at=clock.now() - timedelta(seconds=120))
    age = sample(await scrape(http), "monparis_outbox_oldest_pending_seconds")
    assert 120 <= age < 130
    await OutboxEmail.filter(id=row.id).update(sent_at=clock.now())
    assert sample(await scrape(http), "monparis_outbox_oldest_pending_seconds") < 10


async def test_metrics_off_in_prod_without_a_token(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    configure(ENV="prod")
    transport = httpx.ASGITransport(app=create_api())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/metrics")
        assert response.status_code == 404
        assert "monparis_" not in response.text
        assert (await http.get("/readyz")).status_code == 200


async def test_metrics_need_the_token_when_set(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    configure(ENV="prod", METRICS_TOKEN=TOKEN)
    transport = httpx.ASGITransport(app=create_api())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        for headers in [{}, {"authorization": "Bearer faux"}, {"authorization": f"Basic {TOKEN}"}]:
            refused = await http.get("/metrics", headers=headers)
            assert refused.status_code == 401
            assert refused.headers["www-authenticate"] == "Bearer"
            assert "monparis_" not in refused.text
        allowed = await http.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
        assert allowed.status_code == 200
        assert "monparis_signups_started_total" in allowed.text


async def test_a_failing_metrics_sink_never_fails_a_request(gql: GraphQLClient) -> None:
    def broken(event: str, labels: Mapping[str, str]) -> None:
        raise RuntimeError("metrics backend down")

    previous = metrics.use_sink(broken)
    try:
        login = 'mutation { login(email: "x@exemple.fr", password: "faux") { __typename } }'
        assert (await gql(login))["login"]["__typename"] == "LoginRefused"
    finally:
        metrics.use_sink(previous)
