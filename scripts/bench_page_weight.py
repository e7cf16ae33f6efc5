"""Benchmark: what a cold visit of a page costs the browser, HTTP and websocket together.

Starts one production build of the app (``reflex run --env prod``, SQLite in a temporary
folder), opens each page in a fresh Chromium context (empty cache) and counts, through the
DevTools protocol, every HTTP response (bytes on the wire, compressed as sent, redirects
included) and every websocket frame the page receives until the network is idle. A second
visit in the same context shows what the cache saves. ``/mon-compte`` is measured as its users
see it, signed in (an account is written to the bench's database, then signed in through the
sign-in form; Lighthouse gets that browser's cookies): signed out it is only a redirect to the
sign-in page. Prints figures; asserts nothing.

    .venv/bin/python -m scripts.bench_page_weight [--pages /inscription /connexion]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from playwright.sync_api import Browser, BrowserContext, Cookie, sync_playwright

from monparis_app.core.password_hashing import hash_password
from monparis_app.db import close_database, open_database
from monparis_app.models import Account

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_PAGES = ["/", "/inscription", "/connexion", "/mon-compte"]
SIGNED_IN_PAGES = {"/mon-compte"}
BENCH_EMAIL = "mesure@exemple.fr"
BENCH_PASSWORD = "Kw7!pLx9zQ"


@dataclass
class Visit:
    """What one page load received."""

    http_bytes: int = 0
    requests: int = 0
    redirects: int = 0
    uncached_assets: list[str] = field(default_factory=list)
    ws_bytes: int = 0
    ws_frames: int = 0

    @property
    def total_kb(self) -> float:
        return (self.http_bytes + self.ws_bytes) / 1000


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_app(port: int, workdir: Path) -> subprocess.Popen[bytes]:
    tools = ROOT / ".tools" / "node_modules" / ".bin"
    env = os.environ | {
        "MONPARIS_ENV": "dev",
        "MONPARIS_PORT": str(port),
        "MONPARIS_DATABASE_URL": f"sqlite://{workdir / 'bench.db'}",
        "MONPARIS_FC_SIMULATOR_PORT": str(free_port()),
        "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
    }
    reflex = str(Path(sys.executable).with_name("reflex"))
    return subprocess.Popen(
        [reflex, "run", "--env", "prod", "--single-port", "--backend-port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=(workdir / "app.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_until_up(url: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the app did not answer at {url}")


def visit(context: BrowserContext, url: str) -> Visit:
    """One load of ``url`` in ``context``, counted from the DevTools events."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    seen = Visit()
    responses: dict[str, dict[str, Any]] = {}

    def on_response(event: dict[str, Any]) -> None:
        responses[event["requestId"]] = event["response"]

    def on_finished(event: dict[str, Any]) -> None:
        seen.http_bytes += int(event.get("encodedDataLength", 0))
        seen.requests += 1
        response = responses.get(event["requestId"], {})
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        url = response.get("url", "")
        is_asset = "/_next/" in url or "/assets/" in url
        if is_asset and "max-age" not in headers.get("cache-control", ""):
            seen.uncached_assets.append(url)

    def on_redirect(event: dict[str, Any]) -> None:
        if event.get("redirectResponse"):
            seen.redirects += 1

    def on_frame(event: dict[str, Any]) -> None:
        seen.ws_frames += 1
        seen.ws_bytes += len(event["response"].get("payloadData", "").encode())

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.on("Network.requestWillBeSent", on_redirect)
    cdp.on("Network.webSocketFrameReceived", on_frame)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(1500)  # the state's first websocket answers
    page.close()
    return seen


def countdown_frames(context: BrowserContext, base: str) -> int:
    """Websocket frames received in 5 idle seconds on a page that shows a resend countdown
    (the forgotten-password code step right after a request)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    frames = 0

    def on_frame(_: dict[str, Any]) -> None:
        nonlocal frames
        frames += 1

    page.goto(f"{base}/mot-de-passe-oublie", wait_until="networkidle")
    page.fill("#email", "quelqu.un@exemple.fr")
    page.get_by_role("button", name="Recevoir un code").click()
    page.wait_for_selector("#code")
    page.wait_for_timeout(1000)
    cdp.on("Network.webSocketFrameReceived", on_frame)
    page.wait_for_timeout(5000)
    page.close()
    return frames


def create_bench_account(database_url: str) -> None:
    """The account the signed-in pages are measured with, as sign-up leaves one."""

    async def create() -> None:
        await open_database(database_url)
        try:
            await Account.create(
                email=BENCH_EMAIL,
                sex="FEMALE",
                first_names="Angèle",
                birth_name="Dubois",
                password_hash=await hash_password(BENCH_PASSWORD),
            )
        finally:
            await close_database()

    asyncio.run(create())


def signed_in_cookies(browser: Browser, base: str) -> list[Cookie]:
    """The cookies of a browser signed in through the sign-in form, as a person does it."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(base + "/connexion")
    page.get_by_role("textbox", name="Courriel").fill(BENCH_EMAIL)
    page.get_by_label(re.compile("^Mot de passe")).first.fill(BENCH_PASSWORD)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_url(re.compile(r"/mon-compte/?$"))
    cookies = context.cookies()
    context.close()
    return cookies


def cookie_header(cookies: list[Cookie]) -> str:
    return "; ".join(f"{cookie['name']}={cookie['value']}" for cookie in cookies)


def lighthouse_scores(url: str, chromium: str, cookies: str = "") -> str:
    """Lighthouse 12 (mobile preset, its default) performance and accessibility, or why not."""
    lighthouse = ROOT / ".tools" / "node_modules" / ".bin" / "lighthouse"
    if not lighthouse.exists():
        return "lighthouse not installed (make bench installs it)"
    report = subprocess.run(
        [str(lighthouse), url, "--quiet", "--output=json", "--output-path=stdout",
         "--only-categories=performance,accessibility",
         *([f"--extra-headers={json.dumps({'Cookie': cookies})}"] if cookies else []),
         f"--chrome-flags={' '.join(CHROMIUM_ARGS)} --headless=new"],
        env=os.environ | {"CHROME_PATH": chromium},
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    if report.returncode != 0:
        return f"lighthouse failed: {report.stderr.strip().splitlines()[-1:]}"
    result = json.loads(report.stdout)
    categories = result["categories"]
    return "performance {:.0f}, accessibility {:.0f} (shown: {})".format(
        100 * categories["performance"]["score"],
        100 * categories["accessibility"]["score"],
        urlsplit(result["finalDisplayedUrl"]).path,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", nargs="*", default=DEFAULT_PAGES)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="monparis-bench-weight-"))
    database_url = f"sqlite://{workdir / 'bench.db'}"
    port = free_port()
    app = start_app(port, workdir)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz")
        wait_until_up(f"{base}/")
        create_bench_account(database_url)
        session: list[Cookie] = []
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        if not executable:
            raise SystemExit("Chromium is missing: apt-get install -y chromium")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            print("Cold page loads (empty cache), bytes as sent on the wire")
            print(f"{'page':<16}{'HTTP kB':>9}{'req':>5}{'redir':>6}{'WS kB':>8}{'frames':>7}"
                  f"{'total kB':>10}{'warm kB':>9}  assets without max-age")  # fmt: skip
            for path in args.pages:
                context = browser.new_context(locale="fr-FR")  # empty cache
                if path in SIGNED_IN_PAGES:
                    session = session or signed_in_cookies(browser, base)
                    context.add_cookies(session)  # type: ignore[arg-type]
                cold = visit(context, base + path)
                warm = visit(context, base + path)
                print(
                    f"{path:<16}{cold.http_bytes / 1000:>9.1f}{cold.requests:>5}"
                    f"{cold.redirects:>6}{cold.ws_bytes / 1000:>8.1f}{cold.ws_frames:>7}"
                    f"{cold.total_kb:>10.1f}{warm.total_kb:>9.1f}  {len(cold.uncached_assets)}"
                )
                context.close()
            context = browser.new_context(locale="fr-FR")
            print(
                f"websocket frames in 5 idle s of a resend countdown: {countdown_frames(context, base)}"
            )
            context.close()
            browser.close()
        print("Lighthouse 12, mobile")
        for path in args.pages:
            cookies = cookie_header(session) if path in SIGNED_IN_PAGES else ""
            print(f"{path:<16}{lighthouse_scores(base + path, executable, cookies)}")
    finally:
        os.killpg(app.pid, signal.SIGTERM)
        try:
            app.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(app.pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
