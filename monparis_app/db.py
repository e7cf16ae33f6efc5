"""Database start-up: Tortoise configuration from the settings, migrations applied at start.

Migrations are Tortoise's own (``python -m tortoise -c monparis_app.db.TORTOISE_ORM
makemigrations``); the files live in ``monparis_app/migrations`` and are applied when the app
starts, so a fresh clone needs no manual step.
"""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise, connections
from tortoise.migrations.executor import MigrationExecutor

from monparis_app.settings import get_settings

APP_LABEL = "monparis"


def tortoise_config(database_url: str | None = None) -> dict[str, Any]:
    """The config dict for one database URL (SQLite file by default, PostgreSQL in prod)."""
    return {
        "connections": {"default": database_url or get_settings().database_url},
        "apps": {
            APP_LABEL: {
                "models": ["monparis_app.models"],
                "migrations": "monparis_app.migrations",
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# For the ``python -m tortoise -c monparis_app.db.TORTOISE_ORM`` command line.
TORTOISE_ORM = tortoise_config()


async def open_database(database_url: str | None = None) -> None:
    """Apply pending migrations, then open the connections for requests and event handlers.

    ``_enable_global_fallback`` makes the connection visible from Reflex event handlers and
    Starlette requests, which run outside the context where ``Tortoise.init`` was awaited.
    """
    config = tortoise_config(database_url)
    await Tortoise.init(config=config, _enable_global_fallback=True)
    # Same connection for migrations and requests: an in-memory SQLite database is per connection.
    executor = MigrationExecutor(connections.get("default"), config["apps"])
    await executor.migrate(None, fake=False, dry_run=False, direction="both", progress=None)


async def close_database() -> None:
    await Tortoise.close_connections()
