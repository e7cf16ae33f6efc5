"""``make run`` (``python -m scripts.launcher``): checks, migrations, then the FranceConnect
simulator and the demo City service (dev only) and the app.

The app is always served from a production build on one port (``--single-port``): the frontend,
its websocket, GraphQL and the auth routes answer on http://localhost:PORT. ``MONPARIS_ENV``
decides whether dev defaults are allowed, not how the frontend is built.

Steps, in order: refuse unsafe prod settings and ``MONPARIS_WORKERS`` > 1 without Redis; apply
the migrations once (``monparis_app.migrate``, under the deployment-wide lock, so instances
starting together are safe); start ``MONPARIS_WORKERS`` app processes. Reflex picks its worker
count itself (2 × cores + 1 as soon as Redis is set); the launcher decides it instead through
``GRANIAN_WORKERS`` and forces granian (``REFLEX_USE_GRANIAN``), which Reflex would otherwise
swap for gunicorn, with other worker flags, whenever gunicorn happens to be installed.
``--migrate-only`` stops after the migrations (a deployment pipeline's step).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile

from monparis_app.core.franceconnect import SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET
from monparis_app.migrate import migrate
from monparis_app.settings import UnsafeProductionSettings, get_settings
from monparis_app.web import routes


def simulator_clients(app_port: int) -> str:
    """The simulator's client registration for an app on ``app_port`` (both loopback names)."""
    origins = [f"http://localhost:{app_port}", f"http://127.0.0.1:{app_port}"]
    return json.dumps(
        {
            SIMULATOR_CLIENT_ID: {
                "secret": SIMULATOR_CLIENT_SECRET,
                "redirect_uris": [o + routes.FRANCECONNECT_CALLBACK for o in origins],
                "post_logout_redirect_uris": [o + routes.FRANCECONNECT_LOGGED_OUT for o in origins],
                "alg": "ES256",
            }
        }
    )


def _start_simulator(port: int, app_port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {"FCSIM_CLIENTS": simulator_clients(app_port)}
    return subprocess.Popen(
        [sys.executable, "-m", "fcsim", "--host", "127.0.0.1", "--port", str(port)], env=env
    )


def _start_demo_partner(port: int, app_port: int) -> subprocess.Popen[bytes]:
    """The demo City service (dev only), signing its users in with this app's OIDC provider.

    Its issuer must be the provider's ``iss`` byte for byte: ``Settings.base_url`` as the app
    process computes it (``MONPARIS_PUBLIC_URL``, else localhost on the app's port).
    """
    issuer = get_settings().public_url.rstrip("/") or f"http://localhost:{app_port}"
    env = os.environ | {"DEMO_PARTNER_ISSUER": issuer}
    return subprocess.Popen(
        [sys.executable, "-m", "demopartner", "--host", "127.0.0.1", "--port", str(port)], env=env
    )


def _fresh_metrics_dir() -> str:
    """Several workers answer ``/metrics`` in turn: they share one empty directory of counter
    files so that every scrape sums them all (prometheus-client's multiprocess mode)."""
    return tempfile.mkdtemp(prefix="monparis-metrics-")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=get_settings().port)
    parser.add_argument("--fc-port", type=int, default=get_settings().fc_simulator_port)
    parser.add_argument("--demo-port", type=int, default=get_settings().demo_partner_port)
    parser.add_argument(
        "--migrate-only", action="store_true", help="Apply the migrations, then exit."
    )
    args = parser.parse_args()
    settings = get_settings()
    try:
        settings.check_production_safety()
        workers = settings.worker_count
    except UnsafeProductionSettings as refused:
        print(refused, file=sys.stderr)
        return 2
    asyncio.run(migrate())
    if args.migrate_only:
        return 0
    env = os.environ | {
        "MONPARIS_PORT": str(args.port),
        "GRANIAN_WORKERS": str(workers),
        "REFLEX_USE_GRANIAN": "true",
        # The demo service's redirect URIs are registered on this port.
        "MONPARIS_DEMO_PARTNER_PORT": str(args.demo_port),
    }
    if workers > 1 and not env.get("PROMETHEUS_MULTIPROC_DIR"):
        env["PROMETHEUS_MULTIPROC_DIR"] = _fresh_metrics_dir()
    simulator = _start_simulator(args.fc_port, args.port) if settings.uses_fc_simulator else None
    # The demo service is the client registered by default in dev (no MONPARIS_OIDC_CLIENTS).
    demo_wanted = settings.is_dev and not settings.oidc_clients
    demo = _start_demo_partner(args.demo_port, args.port) if demo_wanted else None
    app = [sys.executable, "-m", "reflex", "run", "--env", "prod", "--single-port"]
    app += ["--backend-port", str(args.port)]
    try:
        return _run_until_stopped(app, env)
    finally:
        for child in (simulator, demo):
            if child:
                child.terminate()
                child.wait(10)


def _run_until_stopped(command: list[str], env: dict[str, str]) -> int:
    """Run the app processes in their own group and pass SIGTERM / Ctrl-C on to all of them.

    An orchestrator stops an instance by signalling this process only; without the hand-over
    the Reflex process and its granian workers went on serving, orphaned, on the port.
    """
    app = subprocess.Popen(command, env=env, start_new_session=True)

    def stop(signum: int, _frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(app.pid, signal.SIGTERM)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    try:
        code = app.wait()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(app.pid, signal.SIGTERM)  # workers the app left behind
    return 0 if code in (-signal.SIGTERM, 128 + signal.SIGTERM) else code


if __name__ == "__main__":
    raise SystemExit(main())
