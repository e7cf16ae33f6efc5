"""Benchmark: sign-up throughput, and whether a flood of sign-ups blocks other requests.

Starts the API alone (uvicorn, one worker, SQLite in a temp folder, dev mailbox, per-IP limits
off) on loopback, then measures, in one run so the ratios compare like with like:

1. the latency of a cheap query (``passwordPolicy``) on an idle server;
2. the throughput of N concurrent ``register`` mutations (each hashes a password with argon2id);
3. the latency of the same cheap query *during* that flood.

If hashing ran on the event loop, (3) would be about as slow as a whole batch of hashes; with
the bounded thread pool it stays close to (1). Prints figures; asserts nothing.

    .venv/bin/python -m scripts.bench_signup [--signups 40]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CHEAP = {"query": "{ passwordPolicy { minLength } }"}
CAPTCHA = {"query": "{ captcha { id } }"}
REGISTER = """mutation($input: RegisterInput!) { register(input: $input) { __typename } }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, workdir: str) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "MONPARIS_DATABASE_URL": f"sqlite://{workdir}/bench.db",
        "MONPARIS_CAPTCHA_TEST_ANSWER": "MONPARIS",
        "MONPARIS_RATE_LIMITS": "off",
        "MONPARIS_RATE_LIMIT_PER_ADDRESS": "1000/hour",
        "MONPARIS_SMTP_URL": "",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "monparis_app.http.app:create_standalone_api",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )


async def wait_up(client: httpx.AsyncClient) -> None:
    for _ in range(200):
        try:
            if (await client.get("/healthz")).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("server did not start")


async def cheap_latencies(client: httpx.AsyncClient, count: int) -> list[float]:
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        (await client.post("/graphql", json=CHEAP)).raise_for_status()
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


async def one_signup(client: httpx.AsyncClient, index: int) -> float:
    captcha_id = (await client.post("/graphql", json=CAPTCHA)).json()["data"]["captcha"]["id"]
    data = {
        "sex": "FEMALE",
        "firstName": "Bench",
        "lastName": "Mark",
        "email": f"bench{index}.{time.time_ns()}@exemple.fr",
        "password": "Kw7!pLx9zQ",
        "passwordConfirmation": "Kw7!pLx9zQ",
        "acceptTerms": True,
        "captchaId": captcha_id,
        "captchaAnswer": "MONPARIS",
    }
    started = time.perf_counter()
    response = await client.post("/graphql", json={"query": REGISTER, "variables": {"input": data}})
    kind = response.json()["data"]["register"]["__typename"]
    assert kind == "RegistrationPending", kind
    return (time.perf_counter() - started) * 1000


def describe(label: str, values: list[float]) -> None:
    ordered = sorted(values)
    p95 = ordered[int(len(ordered) * 0.95) - 1] if len(ordered) > 1 else ordered[0]
    print(
        f"{label:<42} median {statistics.median(values):8.1f} ms   p95 {p95:8.1f} ms   n={len(values)}"
    )


async def run(signups: int) -> None:
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        server = start_server(port, workdir)
        try:
            async with httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{port}", timeout=120
            ) as client:
                await wait_up(client)
                await cheap_latencies(client, 20)  # warm-up
                idle = await cheap_latencies(client, 50)
                started = time.perf_counter()
                flood = asyncio.gather(*(one_signup(client, i) for i in range(signups)))
                await asyncio.sleep(0.05)
                during = await cheap_latencies(client, 50)
                register_times = await flood
                elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(10)
    print(
        f"Sign-up benchmark: {signups} concurrent registrations, 1 worker, {os.cpu_count()} cores"
    )
    describe("cheap query, idle server", idle)
    describe("cheap query, during the sign-up flood", during)
    describe("register (argon2id m=19 MiB t=2)", register_times)
    print(f"{'sign-up throughput':<42} {signups / elapsed:8.1f} registrations/s")
    ratio = statistics.median(during) / statistics.median(idle)
    print(f"{'cheap query slowdown during flood':<42} {ratio:8.1f}x (median vs idle)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--signups", type=int, default=40)
    asyncio.run(run(parser.parse_args().signups))


if __name__ == "__main__":
    main()
