"""Draw ``assets/favicon.ico`` from the same shapes as ``assets/identity/emblem.svg``.

Browsers ask for ``/favicon.ico`` whatever the page says, and Pillow cannot read SVG, so the
shield and its ship are drawn again here with polygons, at 256 px, then scaled down to the icon
sizes. The City's own icon replaces both files (see the README's "Identity files").

Run: ``.venv/bin/python scripts/make_favicon.py``.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "assets" / "favicon.ico"
CANVAS = 256
VIEWBOX = 48  # the emblem's 40x48 viewBox, centred in a square
SCALE = CANVAS / VIEWBOX
OFFSET_X = (VIEWBOX - 40) / 2
SIZES = [(16, 16), (32, 32), (48, 48), (64, 64)]

BLUE = "#1a4d8f"
DARK_BLUE = "#0f3566"
WHITE = "#ffffff"

Point = tuple[float, float]


def _at(points: list[Point]) -> list[Point]:
    """Emblem coordinates (SVG viewBox units) to canvas pixels."""
    return [((x + OFFSET_X) * SCALE, y * SCALE) for x, y in points]


def _shield_outline(steps: int = 24) -> list[Point]:
    """The shield: straight top and sides, then two curves that meet at the point."""
    right = [(36.5, 3.5), (36.5, 24.0)]
    curve_right = [
        (36.5 - 16.5 * (t / steps) ** 1.6, 24.0 + 21.6 * (t / steps) ** 0.85)
        for t in range(1, steps + 1)
    ]
    curve_left = [(40 - x, y) for x, y in reversed(curve_right[:-1])]
    return [(3.5, 3.5), *right, *curve_right, *curve_left, (3.5, 24.0)]


def draw() -> Image.Image:
    image = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.polygon(_at(_shield_outline()), fill=BLUE, outline=DARK_BLUE, width=8)
    pen.rectangle(_at([(4.25, 4.25), (35.75, 12.75)]), fill=DARK_BLUE)
    for centre in (10.0, 20.0, 30.0):
        pen.polygon(
            _at([(centre, 7.0), (centre + 1.6, 8.5), (centre, 10.0), (centre - 1.6, 8.5)]),
            fill=WHITE,
        )
    pen.rectangle(_at([(19.3, 15.0), (20.7, 29.0)]), fill=WHITE)  # mast
    pen.polygon(_at([(21.4, 16.2), (27.4, 27.5), (21.4, 27.5)]), fill=WHITE)  # mainsail
    pen.polygon(_at([(18.6, 18.4), (18.6, 27.5), (13.4, 27.5)]), fill=WHITE)  # jib
    pen.polygon(_at([(9.5, 29.0), (30.5, 29.0), (27.3, 33.6), (12.7, 33.6)]), fill=WHITE)  # hull
    pen.line(_at([(10.5, 36.5), (15.3, 35.6), (20.0, 36.5), (24.8, 35.6), (29.5, 36.5)]),
             fill=WHITE, width=int(1.8 * SCALE), joint="curve")  # fmt: skip
    return image


def main() -> None:
    draw().save(TARGET, format="ICO", sizes=SIZES)
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
