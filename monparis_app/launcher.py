"""``make run``: the FranceConnect simulator (dev only) and the app, as two processes.

The app is always served from a production build on one port (``--single-port``): the frontend,
its websocket, GraphQL and the auth routes answer on http://localhost:PORT. ``MONPARIS_ENV``
decides whether dev defaults are allowed, not how the frontend is built.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from monparis_app.settings import get_settings


def _start_simulator(port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "fcsim", "--host", "127.0.0.1", "--port", str(port)]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=get_settings().port)
    parser.add_argument("--fc-port", type=int, default=get_settings().fc_simulator_port)
    args = parser.parse_args()
    settings = get_settings()
    settings.check_production_safety()
    env = os.environ | {"MONPARIS_PORT": str(args.port)}
    simulator = _start_simulator(args.fc_port) if settings.uses_fc_simulator else None
    app = [sys.executable, "-m", "reflex", "run", "--env", "prod", "--single-port"]
    app += ["--backend-port", str(args.port)]
    try:
        return subprocess.call(app, env=env)
    except KeyboardInterrupt:
        return 0
    finally:
        if simulator:
            simulator.terminate()
            simulator.wait(10)


if __name__ == "__main__":
    raise SystemExit(main())
