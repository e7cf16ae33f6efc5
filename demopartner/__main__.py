"""Run the demo partner: ``python -m demopartner --host 127.0.0.1 --port 8002``.

Configuration comes from ``DEMO_PARTNER_*`` environment variables (see
:meth:`demopartner.config.PartnerConfig.from_env`). The provider is only contacted at the first
sign-in, so the demo may start before Mon Paris does.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

import uvicorn

from demopartner.app import create_app
from demopartner.config import DEFAULT_HOST, DEFAULT_PORT, PartnerConfig


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options: where to listen, and how verbosely."""
    parser = argparse.ArgumentParser(
        prog="demopartner", description="Service de démonstration partenaire de Mon Paris"
    )
    parser.add_argument("--host", default=os.environ.get("DEMO_PARTNER_HOST", DEFAULT_HOST))
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("DEMO_PARTNER_PORT", str(DEFAULT_PORT)))
    )
    parser.add_argument("--log-level", default="info")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Build the configuration and serve the app with uvicorn."""
    args = parse_args(argv)
    app = create_app(PartnerConfig.from_env())
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()
