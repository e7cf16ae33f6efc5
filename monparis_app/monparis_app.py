"""The Reflex app: pages, the mounted Starlette API, and the lifespan that starts the back end."""

from __future__ import annotations

import logging

import reflex as rx

from monparis_app.api import create_api
from monparis_app.monparis_lifespan import backend_lifespan
from monparis_app.pages import register_pages

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


app = rx.App(
    api_transformer=create_api(),
    html_lang="fr",
    stylesheets=["/styles.css"],
    head_components=[rx.el.script(src="/monparis.js", defer=True)],
)
app.register_lifespan_task(backend_lifespan)
register_pages(app)
