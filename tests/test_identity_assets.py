"""The City's identity files: present, well formed, referenced by what the pages load.

``assets/`` is copied to the site's root by Reflex, so ``url("/fonts/x.woff2")`` in the stylesheet
and ``href="/favicon.svg"`` in the page head must name a file of ``assets/``.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

import rxconfig
from monparis_app.components.layout import EMBLEM
from monparis_app.monparis_app import BODY_FONT, app
from monparis_app.unthemed_radix import UnthemedRadixPlugin

ASSETS = Path(__file__).resolve().parent.parent / "assets"
STYLES = (ASSETS / "styles.css").read_text(encoding="utf-8")


def asset(url: str) -> Path:
    return ASSETS / url.lstrip("/")


def svg_view_box(path: Path) -> str:
    """The root ``<svg>``'s viewBox (our own files: a pattern is enough, no XML parser)."""
    found = re.match(r"\s*<svg\b[^>]*\bviewBox=\"([^\"]+)\"", path.read_text(encoding="utf-8"))
    assert found, f"{path.name} does not start with an <svg> element"
    return found.group(1)


def test_every_file_the_stylesheet_names_exists() -> None:
    urls = re.findall(r"url\(\"?(/[^\")]+)\"?\)", STYLES)
    assert any(u.startswith("/fonts/") for u in urls)
    assert "/franceconnect/logo.svg" in urls
    assert [u for u in urls if not asset(u).is_file()] == []


def test_the_typeface_is_shipped_with_its_licence() -> None:
    for weight in (400, 700):  # 600 is drawn with the 700 face: one download less
        font = ASSETS / "fonts" / f"source-sans-3-latin-{weight}-normal.woff2"
        assert font.read_bytes()[:4] == b"wOF2"
        assert f"font-weight: {weight};" in STYLES
    assert "SIL OPEN FONT LICENSE Version 1.1" in (ASSETS / "fonts" / "OFL.txt").read_text()
    assert asset(BODY_FONT).is_file()


def test_no_dsfr_identity() -> None:
    """The State's palette and typeface are not the City's (only the FranceConnect button,
    FranceConnect's own, keeps its blue)."""
    outside_button = STYLES.split("/* --- The FranceConnect button")[0]
    assert "#000091" not in outside_button.lower()
    assert "Marianne" not in STYLES


def test_emblem_and_favicons() -> None:
    assert svg_view_box(asset(EMBLEM)) == "0 0 40 48"
    assert svg_view_box(ASSETS / "favicon.svg") == "0 0 40 48"
    with Image.open(ASSETS / "favicon.ico") as icon:
        assert icon.format == "ICO"
        assert {(16, 16), (32, 32)} <= set(icon.info["sizes"])
    head = [str(component) for component in app.head_components]
    for href in ("/favicon.ico", "/favicon.svg", "/monparis.js"):
        assert any(f'"{href}"' in tag for tag in head)
        assert asset(href).is_file()


def test_franceconnect_logo_is_an_svg() -> None:
    assert svg_view_box(ASSETS / "franceconnect" / "logo.svg") == "0 0 40 48"


def test_radix_themes_and_the_reflex_reset_style_nothing() -> None:
    """Radix components stay (rx.link), their stylesheet and theme wrapper do not."""
    plugins = [p for p in rxconfig.config.plugins if isinstance(p, UnthemedRadixPlugin)]
    assert len(plugins) == 1
    assert plugins[0].get_stylesheet_paths() == ()
    assert plugins[0].get_theme() is None
    assert app.reset_style is False
    assert app.theme is None
    assert app.stylesheets == ["/styles.css"]
