"""Benchmark: complete sign-ups against the argon2 bound, and whether cheap requests wait.

Everything is measured in one run on this machine, so the figures compare like with like (the
machine may be shared: read the ratios, not the absolute timings). For each argon2 parameter set
(the configured defaults, then django-allauth's t=2, 100 MiB, p=8, set through
``MONPARIS_ARGON2_*``):

1. **the argon2 bound**: hashes/s at those parameters with one thread per core (argon2-cffi
   releases the GIL), and the CPU one hash costs; a sign-up cannot go faster than its hash.
   Measured before and after the levels (server stopped), the ratios read against the mean.
   Measured twice: with argon2-cffi's ``PasswordHasher`` (one thread per lane, a fresh block of
   memory per hash), the bound the ratios are read against, as the issue and the allauth figures
   use it; and as the server hashes under load (lanes on one thread, each thread's block kept,
   ``monparis_app.core.password_hashing``), printed beside it so that a ratio above what
   argon2-cffi allows is seen for what it is; the per-sign-up CPU "w/o hash" takes the server's
   own hash cost out;
2. **complete sign-ups/s at C=1, 8, 32**: the API alone, served by granian (what production
   runs), SQLite in a temp folder, per-IP limits off, e-mails delivered to a real SMTP server
   (aiosmtpd, in its own process: ``scripts.bench_smtp_sink``). One sign-up is the ``captcha`` query, ``register``, the code
   read from the e-mail the SMTP server received, then ``verifyCode``; shown as a ratio of (1);
3. **server CPU-ms per complete sign-up**, read from the server processes' CPU time (psutil)
   before and after, with and without the hash (hashes × the per-hash CPU of (1));
4. **latency under the flood**: ``verifyCode`` p50/p99 (a step of each sign-up) and the p50/p99
   of a cheap query (``passwordPolicy``) sent in a loop beside the sign-ups (its own server CPU,
   measured on the idle server, is taken out of the sign-ups' CPU);
5. at the default parameters, **peak RSS under 500 concurrent sign-ups** (sampled), with how many
   were refused with ``RateLimited`` (the bounded hash queue) instead of being queued;
6. **what a captcha costs**: server CPU to create one (``captcha { id imageUrl audioUrl }``),
   then to render its image and its audio when their URLs are fetched, on the idle server.

Prints figures; asserts nothing.

    .venv/bin/python -m scripts.bench_signup [--seconds 8] [--flood 500]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import psutil
from argon2 import Parameters, PasswordHasher, Type
from argon2.low_level import ARGON2_VERSION

from monparis_app.core.password_hashing import argon2id_digest
from monparis_app.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CHEAP = {"query": "{ passwordPolicy { minLength } }"}
CAPTCHA = {"query": "{ captcha { id } }"}
CAPTCHA_MEDIA = {"query": "{ captcha { id imageUrl audioUrl } }"}
REGISTER = """mutation($input: RegisterInput!) { register(input: $input) {
  __typename ... on RegistrationPending { flowId } ... on RateLimited { retryAfter } } }"""
VERIFY = """mutation($flowId: ID!, $code: String!) { verifyCode(flowId: $flowId, code: $code) {
  __typename } }"""
PASSWORD = "Kw7!pLx9zQ"
LEVELS = (1, 8, 32)
PROBE_PAUSE_SECONDS = 0.05


@dataclass(frozen=True)
class Argon2Params:
    label: str
    time_cost: int
    memory_kib: int
    parallelism: int

    def env(self) -> dict[str, str]:
        return {
            "MONPARIS_ARGON2_TIME_COST": str(self.time_cost),
            "MONPARIS_ARGON2_MEMORY_KIB": str(self.memory_kib),
            "MONPARIS_ARGON2_PARALLELISM": str(self.parallelism),
        }

    def __str__(self) -> str:
        return f"t={self.time_cost}, {self.memory_kib // 1024} MiB, p={self.parallelism}"


def _default_params() -> Argon2Params:
    fields = Settings.model_fields
    return Argon2Params(
        "default",
        fields["argon2_time_cost"].default,
        fields["argon2_memory_kib"].default,
        fields["argon2_parallelism"].default,
    )


ALLAUTH = Argon2Params("allauth", 2, 100 * 1024, 8)


# --- helpers shared with bench_sign_in_timing ----------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    port: int, workdir: str, extra_env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """The standalone API under granian, one worker, as ``make run`` serves it (no frontend)."""
    env = os.environ | {
        "MONPARIS_DATABASE_URL": f"sqlite://{workdir}/bench.db",
        "MONPARIS_CAPTCHA_TEST_ANSWER": "MONPARIS",
        "MONPARIS_RATE_LIMITS": "off",
        "MONPARIS_RATE_LIMIT_PER_ADDRESS": "1000/hour",
        "MONPARIS_SMTP_URL": "",
        **(extra_env or {}),
    }
    command = [sys.executable, "-m", "granian", "--interface", "asgi", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    command += ["--log-level", "warning", "monparis_app.http.app:create_standalone_api"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


async def wait_up(client: httpx.AsyncClient) -> None:
    for _ in range(300):
        with contextlib.suppress(httpx.HTTPError):
            if (await client.get("/healthz")).status_code == 200:
                return
        await asyncio.sleep(0.1)
    raise RuntimeError("server did not start")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(5)


# --- measurements ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bound:
    hashes_per_second: float
    cpu_ms_per_hash: float


@dataclass(frozen=True)
class Bounds:
    library: Bound  # argon2-cffi's PasswordHasher: what the ratios are read against
    server: Bound  # as the server hashes under load (lanes on one thread, blocks kept)


def argon2_bounds(params: Argon2Params, seconds: float) -> Bounds:
    hasher = PasswordHasher(
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        type=Type.ID,
    )
    parameters = Parameters(
        Type.ID, ARGON2_VERSION, 16, 32, params.time_cost, params.memory_kib, params.parallelism
    )
    salt = os.urandom(16)
    library = argon2_bound(lambda: hasher.hash(PASSWORD), seconds)
    server = argon2_bound(lambda: argon2id_digest(PASSWORD.encode(), salt, parameters, 1), seconds)
    return Bounds(library, server)


BOUND_SECONDS = 3.0


def mean_bounds(first: Bounds, second: Bounds) -> Bounds:
    def mean(a: Bound, b: Bound) -> Bound:
        return Bound(
            (a.hashes_per_second + b.hashes_per_second) / 2,
            (a.cpu_ms_per_hash + b.cpu_ms_per_hash) / 2,
        )

    return Bounds(mean(first.library, second.library), mean(first.server, second.server))


def argon2_bound(hash_once: Callable[[], object], seconds: float) -> Bound:
    """Hashes/s with one hashing thread per core, and the CPU one hash costs (all threads)."""
    hash_once()  # warm-up: first-touch page faults of the memory
    counts: list[int] = []
    deadline = time.perf_counter() + seconds

    def loop() -> None:
        done = 0
        while time.perf_counter() < deadline:
            hash_once()
            done += 1
        counts.append(done)

    threads = [threading.Thread(target=loop) for _ in range(os.cpu_count() or 1)]
    cpu0, started = time.process_time(), time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu0
    hashes = sum(counts)
    return Bound(hashes / elapsed, cpu * 1000 / hashes)


def server_processes(pid: int) -> list[psutil.Process]:
    parent = psutil.Process(pid)
    return [parent, *parent.children(recursive=True)]


def server_cpu_seconds(pid: int) -> float:
    total = 0.0
    for process in server_processes(pid):
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def server_rss(pid: int) -> int:
    total = 0
    for process in server_processes(pid):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total


class Mailbox:
    """What a real SMTP server received: hands each code to the sign-up waiting for it.

    The server (``scripts.bench_smtp_sink``) runs in its own process, as a mail relay would, and
    prints ``<recipient> <code>`` for each code e-mail it accepted."""

    def __init__(self) -> None:
        self.waiting: dict[str, asyncio.Future[str]] = {}

    def deliver(self, address: str, code: str) -> None:
        future = self.waiting.pop(address, None)
        if future is not None and not future.done():
            future.set_result(code)

    def expect(self, address: str) -> asyncio.Future[str]:
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self.waiting[address.lower()] = future
        return future


@contextlib.asynccontextmanager
async def smtp_server(mailbox: Mailbox) -> AsyncIterator[int]:
    port = free_port()
    sink = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "scripts.bench_smtp_sink",
        "--port",
        str(port),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    assert sink.stdout is not None
    assert (await sink.stdout.readline()).strip() == b"ready"

    async def read_codes() -> None:
        assert sink.stdout is not None
        async for line in sink.stdout:
            address, _, code = line.decode().strip().partition(" ")
            mailbox.deliver(address, code)

    reader = asyncio.create_task(read_codes())
    try:
        yield port
    finally:
        sink.terminate()
        await sink.wait()
        reader.cancel()


@dataclass
class SignUp:
    ok: bool
    refused: bool = False  # RateLimited by the bounded hash queue
    verify_ms: float = 0.0


_serial = iter(range(10**9))


async def post(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    response.raise_for_status()
    data: dict[str, Any] = response.json()["data"]
    return data


async def one_signup(client: httpx.AsyncClient, mailbox: Mailbox) -> SignUp:
    """captcha → register → the code from the SMTP server → verifyCode."""
    email = f"bench{next(_serial)}.{time.time_ns()}@exemple.fr"
    captcha_id = (await post(client, CAPTCHA["query"]))["captcha"]["id"]
    form = {
        "sex": "FEMALE",
        "firstName": "Bench",
        "lastName": "Mark",
        "email": email,
        "password": PASSWORD,
        "passwordConfirmation": PASSWORD,
        "acceptTerms": True,
        "captchaId": captcha_id,
        "captchaAnswer": "MONPARIS",
    }
    code = mailbox.expect(email)
    registered = (await post(client, REGISTER, input=form))["register"]
    if registered["__typename"] == "RateLimited":
        mailbox.waiting.pop(email.lower(), None)
        return SignUp(ok=False, refused=True)
    assert registered["__typename"] == "RegistrationPending", registered
    received = await asyncio.wait_for(code, 60)
    started = time.perf_counter()
    verified = await post(client, VERIFY, flowId=registered["flowId"], code=received)
    verify_ms = (time.perf_counter() - started) * 1000
    return SignUp(verified["verifyCode"]["__typename"] == "AccountCreated", verify_ms=verify_ms)


async def cheap_probe(client: httpx.AsyncClient, stop: asyncio.Event) -> list[float]:
    latencies: list[float] = []
    while not stop.is_set():
        started = time.perf_counter()
        (await client.post("/graphql", json=CHEAP)).raise_for_status()
        latencies.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(PROBE_PAUSE_SECONDS)
    return latencies


async def cheap_query_cpu_ms(client: httpx.AsyncClient, pid: int, count: int = 200) -> float:
    """Server CPU of one cheap query on an idle server: the probe's share, taken out of the
    sign-ups' CPU (the probe is not part of a sign-up)."""
    cpu0 = server_cpu_seconds(pid)
    for _ in range(count):
        (await client.post("/graphql", json=CHEAP)).raise_for_status()
    return (server_cpu_seconds(pid) - cpu0) * 1000 / count


@dataclass(frozen=True)
class CaptchaCost:
    """Server CPU-ms: creating a challenge (what each sign-up pays), then rendering its image
    and its audio, each only when a browser fetches its URL."""

    created: float
    image: float
    audio: float


async def captcha_cpu_ms(client: httpx.AsyncClient, pid: int, count: int = 100) -> CaptchaCost:
    created = image = audio = 0.0
    for _ in range(count):
        cpu0 = server_cpu_seconds(pid)
        challenge = (await post(client, CAPTCHA_MEDIA["query"]))["captcha"]
        cpu1 = server_cpu_seconds(pid)
        (await client.get(urlsplit(challenge["imageUrl"]).path)).raise_for_status()
        cpu2 = server_cpu_seconds(pid)
        (await client.get(urlsplit(challenge["audioUrl"]).path)).raise_for_status()
        cpu3 = server_cpu_seconds(pid)
        created, image, audio = created + cpu1 - cpu0, image + cpu2 - cpu1, audio + cpu3 - cpu2
    return CaptchaCost(*(1000 * total / count for total in (created, image, audio)))


@dataclass
class Level:
    concurrency: int
    signups: int
    seconds: float
    cpu_seconds: float  # the probe's share taken out
    verify_ms: list[float] = field(default_factory=list)
    cheap_ms: list[float] = field(default_factory=list)
    refused: int = 0


async def run_level(
    client: httpx.AsyncClient,
    mailbox: Mailbox,
    pid: int,
    concurrency: int,
    seconds: float,
    probe_cpu_ms: float,
) -> Level:
    """``concurrency`` clients sign up back to back for ``seconds``; each finishes its last one,
    so every hash the CPU time includes belongs to a counted sign-up."""
    results: list[SignUp] = []
    deadline = time.perf_counter() + seconds

    async def client_loop() -> None:
        while time.perf_counter() < deadline:
            results.append(await one_signup(client, mailbox))

    stop = asyncio.Event()
    cpu0, started = server_cpu_seconds(pid), time.perf_counter()
    probe = asyncio.create_task(cheap_probe(client, stop))
    await asyncio.gather(*(client_loop() for _ in range(concurrency)))
    elapsed, cpu = time.perf_counter() - started, server_cpu_seconds(pid) - cpu0
    stop.set()
    cheap = await probe
    done = [r for r in results if r.ok]
    return Level(
        concurrency,
        len(done),
        elapsed,
        cpu - len(cheap) * probe_cpu_ms / 1000,
        [r.verify_ms for r in done],
        cheap,
        sum(r.refused for r in results),
    )


@dataclass
class Flood:
    signups: int
    completed: int
    refused: int
    seconds: float
    idle_rss: int
    peak_rss: int


async def run_flood(mailbox: Mailbox, base_url: str, pid: int, signups: int) -> Flood:
    """``signups`` sign-ups at once; the server's RSS is sampled every 20 ms."""
    idle = peak = server_rss(pid)
    stop = asyncio.Event()

    async def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, server_rss(pid))
            await asyncio.sleep(0.02)

    limits = httpx.Limits(max_connections=signups + 10, max_keepalive_connections=signups + 10)
    async with httpx.AsyncClient(base_url=base_url, timeout=180, limits=limits) as client:
        sampler = asyncio.create_task(sample())
        started = time.perf_counter()
        results = await asyncio.gather(*(one_signup(client, mailbox) for _ in range(signups)))
        elapsed = time.perf_counter() - started
        stop.set()
        await sampler
    completed = sum(r.ok for r in results)
    return Flood(signups, completed, sum(r.refused for r in results), elapsed, idle, peak)


@contextlib.asynccontextmanager
async def running_server(
    params: Argon2Params, smtp_port: int, workdir: str
) -> AsyncIterator[tuple[httpx.AsyncClient, int, str]]:
    port = free_port()
    env = params.env() | {"MONPARIS_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}"}
    server = start_server(port, workdir, env)
    base_url = f"http://127.0.0.1:{port}"
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as client:
            await wait_up(client)
            yield client, server.pid, base_url
    finally:
        stop_server(server)


# --- report ---------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def print_captcha(cost: CaptchaCost) -> None:
    print(
        f"a captcha costs {cost.created:.2f} ms of server CPU to create; its image "
        f"{cost.image:.2f} ms and its French audio {cost.audio:.2f} ms, rendered only when fetched"
    )


def print_levels(
    params: Argon2Params, bounds: Bounds, levels: list[Level], probe_ms: float
) -> None:
    bound, own = bounds.library, bounds.server
    print(
        f"\n[{params.label}: argon2id {params}]  bound {bound.hashes_per_second:.1f} hashes/s "
        f"({os.cpu_count()} threads on {os.cpu_count()} cores, argon2-cffi), "
        f"{bound.cpu_ms_per_hash:.1f} ms CPU per hash; as the server hashes: "
        f"{own.hashes_per_second:.1f} hashes/s, {own.cpu_ms_per_hash:.1f} ms CPU; a cheap query "
        f"costs {probe_ms:.2f} ms of server CPU (taken out of the sign-ups' CPU)"
    )
    print(
        f"{'C':>3} {'sign-ups/s':>10} {'of bound':>8} {'of own':>6} {'n':>5} {'CPU ms/sign-up':>15} "
        f"{'w/o hash':>9} {'verify p50/p99 ms':>18} {'cheap p50/p99 ms':>17} {'refused':>7}"
    )
    for level in levels:
        rate = level.signups / level.seconds
        per_signup = level.cpu_seconds * 1000 / max(1, level.signups)
        without_hash = per_signup - own.cpu_ms_per_hash
        verify = f"{percentile(level.verify_ms, 0.5):.1f} / {percentile(level.verify_ms, 0.99):.1f}"
        cheap = f"{percentile(level.cheap_ms, 0.5):.1f} / {percentile(level.cheap_ms, 0.99):.1f}"
        print(
            f"{level.concurrency:>3} {rate:>10.1f} {rate / bound.hashes_per_second:>8.2f} "
            f"{rate / own.hashes_per_second:>6.2f} "
            f"{level.signups:>5} {per_signup:>15.1f} {without_hash:>9.1f} {verify:>18} "
            f"{cheap:>17} {level.refused:>7}"
        )


def print_flood(flood: Flood) -> None:
    mib = 1024 * 1024
    print(
        f"flood of {flood.signups} concurrent sign-ups: {flood.completed} completed, "
        f"{flood.refused} refused (RateLimited), {flood.seconds:.1f} s; server RSS idle "
        f"{flood.idle_rss / mib:.0f} MiB, peak {flood.peak_rss / mib:.0f} MiB"
    )


async def bench_params(
    params: Argon2Params, mailbox: Mailbox, smtp_port: int, seconds: float, flood: int
) -> None:
    before = await asyncio.to_thread(argon2_bounds, params, BOUND_SECONDS)
    levels: list[Level] = []
    flooded: Flood | None = None
    captcha: CaptchaCost | None = None
    with tempfile.TemporaryDirectory() as workdir:
        async with running_server(params, smtp_port, workdir) as (client, pid, base_url):
            for _ in range(3):  # warm-up: imports, caches, first database pages
                await one_signup(client, mailbox)
            probe_ms = await cheap_query_cpu_ms(client, pid)
            if flood:  # the captcha's cost does not depend on the argon2 parameters
                captcha = await captcha_cpu_ms(client, pid)
            for concurrency in LEVELS:
                level = await run_level(client, mailbox, pid, concurrency, seconds, probe_ms)
                levels.append(level)
            if flood:
                flooded = await run_flood(mailbox, base_url, pid, flood)
    # Measured again with the server stopped: the machine's capacity drifts (it is shared), so
    # the levels are read against the mean of the bound before and after them.
    after = await asyncio.to_thread(argon2_bounds, params, BOUND_SECONDS)
    bounds = mean_bounds(before, after)
    print_levels(params, bounds, levels, probe_ms)
    print(
        f"(bound before the levels {before.library.hashes_per_second:.1f}, after "
        f"{after.library.hashes_per_second:.1f} hashes/s: the ratios use the mean)"
    )
    if captcha:
        print_captcha(captcha)
    if flooded:
        print_flood(flooded)


async def run(seconds: float, flood: int) -> None:
    print(
        f"Sign-up benchmark: complete sign-ups through GraphQL (captcha, register, code by SMTP, "
        f"verifyCode), 1 granian worker, SQLite, {os.cpu_count()} cores, {seconds:.0f} s per level"
    )
    mailbox = Mailbox()
    async with smtp_server(mailbox) as smtp_port:
        await bench_params(_default_params(), mailbox, smtp_port, seconds, flood)
        await bench_params(ALLAUTH, mailbox, smtp_port, seconds, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of each level")
    parser.add_argument("--flood", type=int, default=500, help="0 skips the flood")
    args = parser.parse_args()
    asyncio.run(run(args.seconds, args.flood))


if __name__ == "__main__":
    main()
