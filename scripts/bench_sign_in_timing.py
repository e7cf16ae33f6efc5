"""Benchmark: does the time of a refused sign-in tell whether the e-mail has an account?

Starts the API alone (uvicorn, SQLite in a temp folder, per-IP limits off), creates one account
through the real sign-up, then alternates wrong-password sign-ins on that address with sign-ins
on unknown addresses (each on a fresh address, so no captcha or delay kicks in) and prints the
medians and their ratio. A ratio near 1.0 means timing reveals nothing. Prints; asserts nothing.

    .venv/bin/python -m scripts.bench_sign_in_timing [--rounds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import tempfile
import time

import httpx

from scripts.bench_signup import free_port, start_server, wait_up

LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  __typename ... on LoginRefused { code } } }"""
REGISTER = """mutation($input: RegisterInput!) { register(input: $input) {
  ... on RegistrationPending { flow { id } } } }"""


async def create_account(client: httpx.AsyncClient, email: str, workdir: str) -> None:
    """The real sign-up: the code is read from the dev mailbox page."""
    captcha = await client.post("/graphql", json={"query": "{ captcha { id } }"})
    data = {
        "sex": "MALE",
        "firstName": "Timing",
        "lastName": "Bench",
        "email": email,
        "password": "Kw7!pLx9zQ",
        "passwordConfirmation": "Kw7!pLx9zQ",
        "acceptTerms": True,
        "captchaId": captcha.json()["data"]["captcha"]["id"],
        "captchaAnswer": "MONPARIS",
    }
    registered = await client.post(
        "/graphql", json={"query": REGISTER, "variables": {"input": data}}
    )
    flow_id = registered.json()["data"]["register"]["flow"]["id"]
    for _ in range(100):
        page = (await client.get("/dev/mailbox")).text
        found = re.search(r"^(\d{4})\r?$", page, re.MULTILINE)
        if found:
            break
        await asyncio.sleep(0.1)
    assert found, "the code e-mail never reached the dev mailbox"
    verify = "mutation($f: ID!, $c: String!) { verifyCode(flowId: $f, code: $c) { __typename } }"
    done = await client.post(
        "/graphql", json={"query": verify, "variables": {"f": flow_id, "c": found.group(1)}}
    )
    assert done.json()["data"]["verifyCode"]["__typename"] == "AccountCreated", done.text


async def timed_login(client: httpx.AsyncClient, email: str) -> float:
    started = time.perf_counter()
    response = await client.post(
        "/graphql", json={"query": LOGIN, "variables": {"e": email, "p": "Mauvais!123x"}}
    )
    elapsed = (time.perf_counter() - started) * 1000
    assert response.json()["data"]["login"]["code"] == "sign_in.invalid", response.text
    return elapsed


async def run(rounds: int) -> None:
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        server = start_server(port, workdir)
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
                await wait_up(client)
                await create_account(client, "existe@exemple.fr", workdir)
                existing, unknown = [], []
                for index in range(rounds):
                    # Fresh known addresses would need accounts; the known one is reset by
                    # staying under the captcha threshold: 2 failures, then a right password.
                    existing.append(await timed_login(client, "existe@exemple.fr"))
                    unknown.append(await timed_login(client, f"inconnu{index}@exemple.fr"))
                    if index % 2 == 1:
                        ok = await client.post(
                            "/graphql",
                            json={
                                "query": LOGIN,
                                "variables": {"e": "existe@exemple.fr", "p": "Kw7!pLx9zQ"},
                            },
                        )
                        assert ok.json()["data"]["login"]["__typename"] == "SignedIn"
        finally:
            server.terminate()
            server.wait(10)
    known_median, unknown_median = statistics.median(existing), statistics.median(unknown)
    print(f"Refused sign-in timing, {rounds} rounds, 1 worker")
    print(f"{'existing address, wrong password':<36} median {known_median:7.1f} ms")
    print(f"{'unknown address':<36} median {unknown_median:7.1f} ms")
    print(f"{'ratio existing / unknown':<36} {known_median / unknown_median:7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    asyncio.run(run(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
