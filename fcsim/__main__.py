"""Run the simulator: ``python -m fcsim --host 127.0.0.1 --port 8001``.

Configuration comes from ``FCSIM_*`` environment variables (see
:meth:`fcsim.config.SimulatorConfig.from_env`). When ``FCSIM_ISSUER`` is not
set, the issuer follows ``--port`` so the discovery document stays correct.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

import uvicorn

from fcsim.app import create_app
from fcsim.config import SimulatorConfig


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options: where to listen, and how verbosely."""
    parser = argparse.ArgumentParser(prog="fcsim", description="Simulateur FranceConnect v2")
    parser.add_argument("--host", default=os.environ.get("FCSIM_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("FCSIM_PORT", "8001")))
    parser.add_argument("--log-level", default="info")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Build the configuration and serve the app with uvicorn."""
    args = parse_args(argv)
    config = SimulatorConfig.from_env()
    if "FCSIM_ISSUER" not in os.environ:
        config.issuer = f"http://localhost:{args.port}/api/v2"
    uvicorn.run(create_app(config), host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()
