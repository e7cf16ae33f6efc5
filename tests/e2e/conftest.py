"""End-to-end fixtures: a production build of the app, a real SMTP server, Debian's Chromium.

By default one app process is built and started for the whole run (``reflex run --env prod
--single-port``), sending its e-mails to an aiosmtpd server run here. QA can instead point the
suite at an instance that is already running::

    pytest tests/e2e --base-url https://recette.example --smtp-port 2525

where that instance sends its e-mails to ``smtp://<this machine>:2525`` and runs with
``MONPARIS_CAPTCHA_TEST_ANSWER=MONPARIS``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from scripts.launcher import simulator_clients
from tests.conftest import Mailbox, free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE_JS = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
CAPTCHA_ANSWER = "MONPARIS"
CODE_TTL_SECONDS = 600  # the default: advance_clock() jumps past it
RESEND_INTERVAL_SECONDS = 5
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


class SyncMailbox(Mailbox):
    """The same mailbox, read from synchronous Playwright tests."""

    def wait_for_sync(
        self, address: str, count: int = 1, timeout: float = 15
    ) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.to(address)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{count} e-mail(s) to {address} not received in {timeout}s")
            time.sleep(0.05)
        return self.to(address)

    def code_for(self, address: str, count: int = 1) -> str:
        message = self.wait_for_sync(address, count)[count - 1]
        part = message.get_body(preferencelist=("plain",))
        assert part is not None
        found = re.search(r"^(\d{4})\r?$", str(part.get_content()), re.MULTILINE)
        assert found, "no 4-digit code in the e-mail"
        return found.group(1)


@pytest.fixture(scope="session")
def mailbox(request: pytest.FixtureRequest) -> Iterator[SyncMailbox]:
    box = SyncMailbox()
    port = request.config.getoption("--smtp-port") or free_port()
    controller = Controller(box, hostname="0.0.0.0", port=port)  # noqa: S104 - reachable by the app under test
    controller.start()
    box.port = port  # type: ignore[attr-defined]
    yield box
    controller.stop()


def _wait_until_up(url: str, process: subprocess.Popen[bytes] | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(
                f"the app exited with {process.returncode}; see test-artifacts/app.log"
            )
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def _start_simulator(fc_port: int, app_port: int) -> subprocess.Popen[bytes]:
    """The FranceConnect simulator as its own server, with the e2e app registered as client."""
    env = os.environ | {"FCSIM_CLIENTS": simulator_clients(app_port), "FCSIM_SLOW_DELAY": "3"}
    log = (ARTIFACTS / "fcsim.log").open("wb")
    simulator = subprocess.Popen(
        [sys.executable, "-m", "fcsim", "--host", "127.0.0.1", "--port", str(fc_port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _wait_until_up(
        f"http://127.0.0.1:{fc_port}/api/v2/.well-known/openid-configuration", simulator, 60
    )
    return simulator


def _start_demo_partner(demo_port: int, app_port: int) -> subprocess.Popen[bytes]:
    """The demo City service as its own server, signing in with the app under test."""
    env = os.environ | {"DEMO_PARTNER_ISSUER": f"http://localhost:{app_port}"}
    log = (ARTIFACTS / "demopartner.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "demopartner", "--host", "127.0.0.1", "--port", str(demo_port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


# Set by ``base_url``: the demo City service started beside the app (``demo_partner_url``).
DEMO_PARTNER: dict[str, str] = {}


@pytest.fixture(scope="session")
def demo_partner_url(base_url: str) -> str:
    """The demo service "Demande de stationnement résident" (a real OIDC relying party)."""
    if "url" not in DEMO_PARTNER:
        pytest.skip("the demo service runs only beside an app started by these tests")
    return DEMO_PARTNER["url"]


@pytest.fixture(scope="session")
def base_url(request: pytest.FixtureRequest, mailbox: SyncMailbox) -> Iterator[str]:
    """The app under test: the given instance, or one production build started here."""
    given = request.config.getoption("--base-url")
    if given:
        yield given.rstrip("/")
        return
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    fc_port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="monparis-e2e-"))
    simulator = _start_simulator(fc_port, port)
    demo_port = free_port()
    demo = _start_demo_partner(demo_port, port)
    env = os.environ | {
        "MONPARIS_FC_SIMULATOR_PORT": str(fc_port),
        "MONPARIS_DEMO_PARTNER_PORT": str(demo_port),
        "MONPARIS_ENV": "dev",
        "MONPARIS_PORT": str(port),
        "MONPARIS_DATABASE_URL": f"sqlite://{workdir / 'e2e.db'}",
        "MONPARIS_SMTP_URL": f"smtp://127.0.0.1:{mailbox.port}",  # type: ignore[attr-defined]
        "MONPARIS_CAPTCHA_TEST_ANSWER": CAPTCHA_ANSWER,
        "MONPARIS_CODE_TTL_SECONDS": str(CODE_TTL_SECONDS),
        "MONPARIS_CODE_RESEND_INTERVAL_SECONDS": str(RESEND_INTERVAL_SECONDS),
        "MONPARIS_RATE_LIMITS": "off",
        "MONPARIS_TEST_CLOCK": "on",  # advance_clock() instead of sleeping through an expiry
        "MONPARIS_RATE_LIMIT_PER_ADDRESS": "100/hour",
        "MONPARIS_MAIL_POLL_SECONDS": "0.5",
        "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}{os.pathsep}{os.environ['PATH']}",
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
    }
    log = (ARTIFACTS / "app.log").open("wb")
    reflex = str(Path(sys.executable).with_name("reflex"))
    process = subprocess.Popen(
        [reflex, "run", "--env", "prod", "--single-port", "--backend-port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/healthz", process, timeout=600)
        _wait_until_up(f"http://127.0.0.1:{port}/", process, timeout=120)
        _wait_until_up(f"http://127.0.0.1:{demo_port}/", demo, timeout=60)
        DEMO_PARTNER["url"] = f"http://localhost:{demo_port}"
        yield f"http://localhost:{port}"
    finally:
        for child in (process, simulator, demo):
            os.killpg(child.pid, 15)
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, 9)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Chromium is missing: `apt-get install -y chromium` (make test does it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        base_url=base_url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def advance_clock(base_url: str, seconds: float) -> None:
    """The app's clock jumps ``seconds`` ahead (``POST /dev/clock``, dev + test clock only)."""
    answer = httpx.post(f"{base_url}/dev/clock", params={"seconds": seconds}, timeout=10)
    assert answer.status_code == 200, answer.text


def unique_email(prefix: str = "citoyen") -> str:
    return f"{prefix}.{uuid.uuid4().hex[:10]}@exemple.fr"


def wait_until_hydrated(page: Page) -> None:
    """React owns the page: only then does a click run the page's handler (before, a link
    reloads and a form posts natively, to its no-JavaScript fallback)."""
    page.wait_for_function(
        "() => { const a = document.querySelector('header a');"
        " return !!a && Object.keys(a).some(k => k.startsWith('__reactFiber')); }"
    )


def check_axe(page: Page) -> None:
    """axe-core (WCAG 2.x A/AA rules) must report no violation on the page as it is now."""
    # Evaluated through DevTools, not as an inline <script>: the app's CSP (script hashes, no
    # 'unsafe-inline') rightly refuses an injected script tag.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    violations = [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert violations == [], "\n".join(violations)


def screenshot(page: Page, name: str) -> None:
    """Desktop and 375 px wide screenshots of the page, kept as test artifacts."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 1280, "height": 900}
    page.screenshot(path=str(folder / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(path=str(folder / f"{name}-375px.png"), full_page=True)
    page.set_viewport_size(size)
