"""Who is signed in, for Reflex states: the session cookie rides on the page's websocket.

The cookie is HttpOnly, so page JavaScript never sees it; the browser sends it with the
websocket handshake, and the state reads it from those headers on each event.
"""

from __future__ import annotations

import reflex as rx

from monparis_app.core import sessions
from monparis_app.web_session import token_from_cookie_header


async def signed_in_session(state: rx.State) -> sessions.SessionView | None:
    token = token_from_cookie_header(state.router.headers.cookie)
    return await sessions.current_session(token)


def client_ip(state: rx.State) -> str:
    return state.router.session.client_ip or ""


def user_agent(state: rx.State) -> str:
    return state.router.headers.user_agent or ""
