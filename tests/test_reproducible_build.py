"""The bundler sees the same Reflex metadata on every instance; Reflex's bookkeeping survives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reflex.utils import build, prerequisites

from monparis_app import reproducible_build


@pytest.fixture
def web_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(prerequisites, "get_web_dir", lambda: tmp_path)
    return tmp_path


def _build_seeing(web_dir: Path, seen: list[dict[str, object]]) -> None:
    seen.append(json.loads((web_dir / "reflex.json").read_text()))


def test_two_instances_bundle_the_same_metadata(web_dir: Path) -> None:
    seen: list[dict[str, object]] = []
    pinned = reproducible_build._with_pinned_metadata(lambda: _build_seeing(web_dir, seen))
    for project_hash, run_at in [(1234, "2026-12-03 09:04:40"), (98765, "2026-12-03 09:05:12")]:
        bookkeeping = {"version": "0.10.1", "project_hash": project_hash, "last_run": run_at}
        (web_dir / "reflex.json").write_text(json.dumps(bookkeeping))
        pinned()
        assert json.loads((web_dir / "reflex.json").read_text()) == bookkeeping
    assert seen[0] == seen[1] == {"version": "0.10.1", "project_hash": 0}


def test_a_failed_build_still_puts_the_bookkeeping_back(web_dir: Path) -> None:
    (web_dir / "reflex.json").write_text('{"version": "0.10.1", "project_hash": 7}')

    def failing() -> None:
        raise SystemExit(1)

    with pytest.raises(SystemExit):
        reproducible_build._with_pinned_metadata(failing)()
    assert json.loads((web_dir / "reflex.json").read_text())["project_hash"] == 7


def test_installed_once_by_the_reflex_config() -> None:
    import rxconfig  # noqa: F401  (loading the config installs the wrapper)

    wrapped = build.build
    reproducible_build.install()
    assert getattr(build.build, "pinned", False) and build.build is wrapped
