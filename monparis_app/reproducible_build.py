"""Every instance of a deployment builds byte-identical frontend assets.

Reflex bakes ``.web/reflex.json`` into a JavaScript chunk (the frontend only reads its
``version``), and that file holds a random project hash and the time of every run. So each
instance's build got new chunk names, and behind a load balancer a page served by instance A
asked instance B for ``/assets/…-<A's hash>.js``: 404, a dead page. Only the bundler sees the
pinned file; Reflex's own bookkeeping is put back as it was once the build is done.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reflex import constants
from reflex.utils import build, prerequisites


def pinned_metadata(current: dict[str, Any]) -> dict[str, Any]:
    """What the bundle may depend on: the Reflex version only."""
    return {"version": current.get("version", constants.Reflex.VERSION), "project_hash": 0}


def _with_pinned_metadata(original: Callable[[], None]) -> Callable[[], None]:
    def build_with_pinned_metadata() -> None:
        metadata_file: Path = prerequisites.get_web_dir() / constants.Reflex.JSON
        saved = metadata_file.read_text() if metadata_file.exists() else None
        current = json.loads(saved) if saved else {}
        metadata_file.write_text(json.dumps(pinned_metadata(current)))
        try:
            original()
        finally:
            if saved is not None:
                metadata_file.write_text(saved)

    build_with_pinned_metadata.pinned = True  # type: ignore[attr-defined]
    return build_with_pinned_metadata


def install() -> None:
    """Called from ``rxconfig.py``, which Reflex loads before it builds (idempotent)."""
    if not getattr(build.build, "pinned", False):
        build.build = _with_pinned_metadata(build.build)
