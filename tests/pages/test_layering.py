"""The arrows between the doors' layers run one way: pages build on components, never back."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import monparis_app.components

COMPONENTS = Path(monparis_app.components.__file__).parent


def imported_modules(source: Path) -> set[str]:
    """Every module a file imports, absolute or relative, at any depth (functions included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "monparis_app.components" if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_components_import_no_page() -> None:
    """A generic widget that imported a page would tie every page to that one (and cycle)."""
    offenders = {
        source.name: sorted(name for name in imported_modules(source) if "pages" in name.split("."))
        for source in sorted(COMPONENTS.rglob("*.py"))
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_check_sees_an_import_of_a_page(tmp_path: Path) -> None:
    """The test above would catch each way of writing the import."""
    for line in (
        "from monparis_app.pages.session import signed_in_session",
        "import monparis_app.pages.session",
        "from monparis_app import pages",
        "from ..pages import session",
    ):
        source = tmp_path / "widget.py"
        source.write_text(line + "\n", encoding="utf-8")
        assert any("pages" in name.split(".") for name in imported_modules(source)), line


def test_importing_every_component_loads_no_page() -> None:
    """Nor through another module: in a fresh interpreter, the components pull in no page."""
    modules = [
        f"monparis_app.components.{source.stem}"
        for source in sorted(COMPONENTS.glob("*.py"))
        if source.stem != "__init__"
    ]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('monparis_app.pages')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"
