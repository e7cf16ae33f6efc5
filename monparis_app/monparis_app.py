"""The Reflex app: pages, the mounted Starlette API, and the lifespan that starts the back end."""

from __future__ import annotations

import logging

import reflex as rx

from monparis_app.components.connection import connection_overlay
from monparis_app.http.app import create_api
from monparis_app.http.security_headers import with_security_headers
from monparis_app.monparis_lifespan import backend_lifespan
from monparis_app.pages import register_pages

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


app = rx.App(
    # The API first (Reflex mounts itself inside it), then the security headers around it all,
    # so pages and static assets get them as well as GraphQL and /auth/*.
    api_transformer=[create_api(), with_security_headers],
    html_lang="fr",
    stylesheets=["/styles.css"],
    head_components=[rx.el.script(src="/monparis.js", defer=True)],
)
app.register_lifespan_task(backend_lifespan)
app.app_wraps[5, "Overlay"] = connection_overlay  # French connection-lost banner
register_pages(app)
