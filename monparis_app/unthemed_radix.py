"""Radix's React components, without Radix Themes' stylesheet or its ``<Theme>`` wrapper.

``rx.link`` (the links that change page without reloading it) is a Radix Themes component, so
Reflex bundles ``@radix-ui/themes`` whenever a page uses one. By default it then also loads the
whole Radix Themes CSS and wraps the app in ``<Theme>``, whose rules beat the app's own: headings
at weight 400, paragraphs without margins, links in two colours fading to 2.4:1 on hover. This
plugin keeps the components and drops that look, so ``assets/styles.css`` is the single source of
the City's identity. It is named in ``rxconfig.py``'s ``plugins``: Reflex then uses it instead of
the implicit Radix plugin.
"""

from __future__ import annotations

from typing import Any

from reflex_components_radix.plugin import RadixThemesPlugin


class UnthemedRadixPlugin(RadixThemesPlugin):  # type: ignore[misc]  # untyped package
    """Bundles the Radix Themes package when a page needs it, never its CSS nor a theme."""

    def __init__(self) -> None:
        super().__init__(theme=None)

    def get_stylesheet_paths(self, **context: Any) -> tuple[str, ...]:
        """No Radix Themes stylesheet: ``.rt-*`` classes stay unstyled unless styles.css says."""
        return ()
