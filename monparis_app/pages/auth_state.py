"""Who is signed in, for Reflex states: the session cookie rides on the page's websocket.

The cookie is HttpOnly, so page JavaScript never sees it; the browser sends it with the
websocket handshake, and the state reads it from those headers on each event.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from monparis_app.core import sessions
from monparis_app.pages import routes
from monparis_app.web_session import token_from_cookie_header


async def signed_in_session(state: rx.State) -> sessions.SessionView | None:
    token = token_from_cookie_header(state.router.headers.cookie)
    return await sessions.current_session(token)


def client_ip(state: rx.State) -> str:
    return state.router.session.client_ip or ""


def user_agent(state: rx.State) -> str:
    return state.router.headers.user_agent or ""


def finish_sign_in(ticket: str) -> Any:
    """A full page load of the route that trades the ticket for the HttpOnly cookie.

    ``rx.redirect`` navigates inside the single-page app, which knows no such route; the
    browser itself must request it so the response can set the cookie.
    """
    url = f"{routes.SESSION_COMPLETE}?ticket={ticket}"
    return rx.call_script(f"window.location.assign({json.dumps(url)})")
