"""The pages, one module per route; ``routes.py`` names every path once."""

from __future__ import annotations

import reflex as rx

from monparis_app.pages import franceconnect_help, home, legal, signup, signup_done, verify_code


def register_pages(app: rx.App) -> None:
    for page in (home, signup, verify_code, signup_done, legal, franceconnect_help):
        page.register(app)
