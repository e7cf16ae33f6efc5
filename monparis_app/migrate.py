"""``python -m monparis_app.migrate``: apply pending migrations once, then exit.

The launcher runs it before starting any worker, so workers find the schema ready; it is also
the step to run in a deployment pipeline. Running it from several instances at the same moment
is safe: the migrate call waits for the deployment-wide lock (see ``monparis_app.db``).
"""

from __future__ import annotations

import asyncio
import logging

from tortoise import Tortoise

from monparis_app.db import apply_migrations, tortoise_config

logger = logging.getLogger("monparis.migrate")


async def migrate(database_url: str | None = None) -> None:
    """Open the database, apply what is pending under the lock, close."""
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        await apply_migrations(database_url)
    finally:
        await Tortoise.close_connections()


def main() -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(migrate())
    logger.info("Migrations applied")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
