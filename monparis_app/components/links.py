"""The app's links: React Router's own ``<Link>``, without Radix Themes.

``rx.link`` wraps React Router's link in a Radix Themes ``Link``; one of them on a page bundles
the whole ``@radix-ui/themes`` library (about 200 kB of JavaScript for every visitor) for a
styling that ``assets/styles.css`` overrides anyway. This is the same client-side navigation
(no page reload, the websocket stays open), rendered as a plain ``<a>``.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink


def app_link(*children: Any, href: str, is_external: bool = False, **props: Any) -> rx.Component:
    """A link to ``href``; ``is_external`` opens it in a new tab (the CGU beside a form)."""
    if is_external or href.startswith(("http://", "https://", "mailto:", "tel:")):
        target = {"target": "_blank", "rel": "noopener"} if is_external else {}
        return rx.el.a(*children, href=href, **target, **props)
    return ReactRouterLink.create(*children, to=href, **props)
