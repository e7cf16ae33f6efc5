"""The committed migrations describe the models exactly: a model change without its migration
fails here (``python -m tortoise -c monparis_app.db.TORTOISE_ORM makemigrations`` writes it)."""

from __future__ import annotations

from tortoise.cli.cli import tortoise_cli_context
from tortoise.migrations.autodetector import MigrationAutodetector

from monparis_app.db import tortoise_config


async def test_models_have_no_pending_migration() -> None:
    config = tortoise_config("sqlite://:memory:")
    async with tortoise_cli_context(config) as ctx:
        assert ctx.apps
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    assert writers == [], "run `python -m tortoise -c monparis_app.db.TORTOISE_ORM makemigrations`"
