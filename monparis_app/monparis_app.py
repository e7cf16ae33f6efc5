"""The Reflex app: pages, the mounted Starlette API, and the lifespan that starts the back end."""

from __future__ import annotations

import logging

import reflex as rx

from monparis_app.components.connection import connection_overlay
from monparis_app.http.app import create_api
from monparis_app.http.security_headers import with_security_headers
from monparis_app.monparis_lifespan import backend_lifespan
from monparis_app.pages import register_pages

# The regular weight of the typeface every page uses first (assets/fonts, @font-face in styles.css).
BODY_FONT = "/fonts/source-sans-3-latin-400-normal.woff2"

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


app = rx.App(
    # The API first (Reflex mounts itself inside it), then the security headers around it all,
    # so pages and static assets get them as well as GraphQL and /auth/*.
    api_transformer=[create_api(), with_security_headers],
    html_lang="fr",
    # assets/styles.css is the whole look: no Radix Themes (rxconfig.py), no Reflex reset either
    # (its preflight zeroes heading weights, paragraph margins and list numbers).
    reset_style=False,
    # No toast library: the app announces everything in its own status regions, in French.
    toaster=None,
    stylesheets=["/styles.css"],
    head_components=[
        rx.el.link(rel="icon", href="/favicon.ico", sizes="32x32"),
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        rx.el.link(
            rel="preload",
            href=BODY_FONT,
            type="font/woff2",
            cross_origin="anonymous",
            custom_attrs={"as": "font"},
        ),
        rx.el.script(src="/monparis.js", defer=True),
    ],
)
app.register_lifespan_task(backend_lifespan)
app.app_wraps[5, "Overlay"] = connection_overlay  # French connection-lost banner
register_pages(app)
