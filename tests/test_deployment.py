"""A real deployment: many processes start at the same moment on one database.

Migrations must run exactly once whatever the number of processes (they collided on an empty
PostgreSQL database before the deployment lock), and a sign-up must work across two instances
sharing PostgreSQL and Redis: started on instance A, finished on instance B, each e-mail sent once.
PostgreSQL tests need ``MONPARIS_TEST_POSTGRES_URL``; the two-instance test also
``MONPARIS_TEST_REDIS_URL`` (``.ci/run`` sets both).
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from aiosmtpd.controller import Controller
from tortoise.models import Model

from monparis_app import migrations, models
from monparis_app.db import LEADER_LOCK_KEY, try_deployment_lock
from monparis_app.graphql.context import allowed_origins
from monparis_app.settings import UnsafeProductionSettings, get_settings
from tests.conftest import POSTGRES_URL, Mailbox, free_port, text_of
from tests.helpers import CAPTCHA_TEST_ANSWER, GOOD_PASSWORD, code_in

REDIS_URL = os.environ.get("MONPARIS_TEST_REDIS_URL", "")
ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = sorted(
    p.stem for p in Path(migrations.__file__).parent.glob("*.py") if re.match(r"\d{4}_", p.name)
)
# Every model's table, and Tortoise's record of applied migrations.
TABLES = {
    model._meta.db_table
    for model in vars(models).values()
    if isinstance(model, type) and issubclass(model, Model) and not model._meta.abstract
} | {"tortoise_migrations"}
PROCESSES = 4

needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="MONPARIS_TEST_POSTGRES_URL not set")


def _dsn(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


@pytest.fixture
def scratch_postgres() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    name = "monparis_deploy_" + secrets.token_hex(4)

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(_dsn(POSTGRES_URL))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    yield f"{POSTGRES_URL.rpartition('/')[0]}/{name}"
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _env(**values: str) -> dict[str, str]:
    """This test's settings (conftest's TEST_ENV is already in os.environ) for a child process."""
    return os.environ | {"MONPARIS_" + k.upper(): v for k, v in values.items()}


def _migrate_all_at_once(database_url: str) -> None:
    """PROCESSES runs of ``python -m monparis_app.migrate`` started together: all must succeed."""
    env = _env(database_url=database_url)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "monparis_app.migrate"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(PROCESSES)
    ]
    outputs = [run.communicate(timeout=60)[0].decode() for run in runs]
    for run, output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, output


@needs_postgres
def test_migrations_run_once_on_postgres(scratch_postgres: str) -> None:
    _migrate_all_at_once(scratch_postgres)

    async def check() -> tuple[list[str], set[str]]:
        conn = await asyncpg.connect(_dsn(scratch_postgres))
        try:
            rows = await conn.fetch(
                "SELECT name FROM tortoise_migrations WHERE app = 'monparis' ORDER BY name"
            )
            tables = await conn.fetch(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        finally:
            await conn.close()
        return [r["name"] for r in rows], {t["table_name"] for t in tables}

    applied, tables = asyncio.run(check())
    assert applied == MIGRATIONS
    assert tables >= TABLES


def test_migrations_run_once_on_one_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "deploy.db"
    _migrate_all_at_once(f"sqlite://{path}")

    with sqlite3.connect(path) as conn:
        applied = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM tortoise_migrations WHERE app = 'monparis' ORDER BY name"
            )
        ]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert applied == MIGRATIONS
    assert tables >= TABLES


def test_dev_accepts_every_loopback_name_of_the_port(configure) -> None:  # type: ignore[no-untyped-def]
    """A page opened at 127.0.0.1 or [::1] must get its websocket and its GraphQL cookie requests."""
    configure(PORT="8123")
    assert allowed_origins() == {
        "http://localhost:8123",
        "http://127.0.0.1:8123",
        "http://[::1]:8123",
    }
    configure(ENV="prod", PUBLIC_URL="https://monparis.example.fr")
    assert allowed_origins() == {"https://monparis.example.fr"}


def test_several_workers_need_redis(configure) -> None:  # type: ignore[no-untyped-def]
    configure(REDIS_URL="")
    assert get_settings().worker_count == 1
    configure(WORKERS="3")
    with pytest.raises(UnsafeProductionSettings, match="MONPARIS_REDIS_URL"):
        _ = get_settings().worker_count
    configure(REDIS_URL="redis://127.0.0.1:6379/0")
    assert get_settings().worker_count == 3


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=needs_postgres)])
async def test_one_leader_at_a_time_and_a_takeover(
    backend: str, tmp_path: Path, postgres_database: str | None
) -> None:
    """Two processes' leader locks (two locks here conflict like two processes' would)."""
    url = f"sqlite://{tmp_path / 'leader.db'}" if backend == "sqlite" else postgres_database
    assert url
    first, second = try_deployment_lock(url), try_deployment_lock(url)
    assert await first.acquire(wait=False)
    assert not await second.acquire(wait=False)
    assert await first.still_held()
    await first.release()  # the leader stops (or dies: its connection or file closes)
    assert await second.acquire(wait=False)
    await second.release()


# --- two instances ------------------------------------------------------------------------

CAPTCHA = "query { captcha { id } }"
REGISTER = """mutation($input: RegisterInput!) { register(input: $input) {
  __typename ... on RegistrationPending { flow { id } } } }"""
VERIFY = """mutation($flowId: ID!, $code: String!) { verifyCode(flowId: $flowId, code: $code) {
  __typename ... on AccountCreated { account { email } } } }"""


@pytest.fixture
def real_smtp() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


def _start_instance(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", "--factory"]
    command += ["monparis_app.http.app:create_standalone_api", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", "2", "--log-level", "warning"]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


async def _wait_healthy(client: httpx.AsyncClient, base: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if (await client.get(base + "/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"{base} did not answer /healthz"
        await asyncio.sleep(0.2)


async def _gql(client: httpx.AsyncClient, base: str, query: str, **variables: object) -> dict:  # type: ignore[type-arg]
    response = await client.post(base + "/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


@pytest.fixture
async def two_instances(
    scratch_postgres: str, real_smtp: tuple[Mailbox, int], tmp_path: Path
) -> AsyncIterator[tuple[str, str]]:
    """Two instances of two workers each, started at the same moment on one empty database."""
    _, smtp_port = real_smtp
    env = _env(
        database_url=scratch_postgres,
        redis_url=REDIS_URL.rpartition("/")[0] + "/14",
        smtp_url=f"smtp://127.0.0.1:{smtp_port}",
        captcha_test_answer=CAPTCHA_TEST_ANSWER,
        rate_limits="off",
        mail_poll_seconds="0.5",
    )
    ports = [free_port(), free_port()]
    logs = [tmp_path / f"instance-{i}.log" for i in range(2)]
    instances = [_start_instance(p, env, log) for p, log in zip(ports, logs, strict=True)]
    try:
        yield f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}"
        for log in logs:
            assert "Traceback" not in log.read_text(), log.read_text()
    finally:
        for instance in instances:
            instance.terminate()
        for instance in instances:
            try:
                instance.wait(15)
            except subprocess.TimeoutExpired:
                instance.kill()


@needs_postgres
@pytest.mark.skipif(not REDIS_URL, reason="MONPARIS_TEST_REDIS_URL not set")
async def test_sign_up_across_two_instances(
    two_instances: tuple[str, str], real_smtp: tuple[Mailbox, int], scratch_postgres: str
) -> None:
    a, b = two_instances
    mailbox, _ = real_smtp
    email = f"deploiement.{secrets.token_hex(4)}@exemple.fr"
    async with httpx.AsyncClient(timeout=20) as client:
        await asyncio.gather(_wait_healthy(client, a), _wait_healthy(client, b))

        challenge = (await _gql(client, a, CAPTCHA))["captcha"]
        registered = await _gql(
            client,
            a,
            REGISTER,
            input={
                "sex": "MALE",
                "firstName": "Pierre",
                "lastName": "Mercier",
                "email": email,
                "phone": None,
                "password": GOOD_PASSWORD,
                "passwordConfirmation": GOOD_PASSWORD,
                "acceptTerms": True,
                "captchaId": challenge["id"],
                "captchaAnswer": CAPTCHA_TEST_ANSWER,
            },
        )
        assert registered["register"]["__typename"] == "RegistrationPending"
        flow_id = registered["register"]["flow"]["id"]

        [code_mail] = await mailbox.wait_for(email)
        created = await _gql(client, b, VERIFY, flowId=flow_id, code=code_in(code_mail))
        assert created["verifyCode"]["__typename"] == "AccountCreated"

        confirmation = (await mailbox.wait_for(email, 2))[-1]
        assert "Votre compte a bien été créé" in text_of(confirmation)
        # Several poll periods of four senders: a second copy would have arrived by now.
        await asyncio.sleep(1.5)
        assert len(mailbox.to(email)) == 2

    # One leader for the four workers of the deployment (the advisory lock is exclusive).
    conn = await asyncpg.connect(_dsn(scratch_postgres))
    try:
        leaders = await conn.fetchval(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = $1 AND objid = $2 AND database = (SELECT oid FROM pg_database"
            " WHERE datname = current_database())",
            (LEADER_LOCK_KEY >> 32) & 0xFFFFFFFF,
            LEADER_LOCK_KEY & 0xFFFFFFFF,
        )
    finally:
        await conn.close()
    assert leaders == 1
