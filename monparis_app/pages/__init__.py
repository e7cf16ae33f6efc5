"""The pages, one module per route; ``routes.py`` names every path once."""

from __future__ import annotations

import reflex as rx

from monparis_app.pages import (
    account,
    forgot_password,
    franceconnect_creation,
    franceconnect_help,
    franceconnect_pages,
    home,
    legal,
    sign_in,
    signup,
    signup_done,
    verify_code,
)


def register_pages(app: rx.App) -> None:
    for page in (
        home,
        signup,
        verify_code,
        signup_done,
        legal,
        franceconnect_help,
        sign_in,
        forgot_password,
        account,
        franceconnect_pages,
        franceconnect_creation,
    ):
        page.register(app)
