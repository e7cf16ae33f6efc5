"""What every back-end process does at start-up, beyond opening the database."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from monparis_app.monparis_lifespan import backend_lifespan


async def test_start_up_objects_are_frozen_out_of_the_collector_s_walks_once(
    configure: Any, tmp_path: Path
) -> None:
    configure(DATABASE_URL=f"sqlite://{tmp_path / 'lifespan.db'}")
    async with backend_lifespan():
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # modules, schema, models: what a full collection skipped
    async with backend_lifespan():
        assert gc.get_freeze_count() <= frozen  # not again: nothing a request left is frozen
