"""Who is signed in, and from where, for Reflex states: the cookies ride on the page's websocket.

The cookies are HttpOnly, so page JavaScript never sees them; the browser sends them with the
websocket handshake, and a state reads them from those headers on each event. Every page that
signs a person in ends with ``finish_sign_in``, the one hand-over to the HTTP route.
"""

from __future__ import annotations

import json
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import reflex as rx

from monparis_app.core import client_info, sessions
from monparis_app.messages import message_for
from monparis_app.web import routes
from monparis_app.web.cookies import browser_binding_from_cookie_header, token_from_cookie_header


async def signed_in_session(state: rx.State) -> sessions.SessionView | None:
    """Asked at every event, not once per page: a session ended elsewhere stops at the next click."""
    token = token_from_cookie_header(state.router.headers.cookie)
    return await sessions.current_session(token)


def client_ip(state: rx.State) -> str:
    """The websocket's peer and the forwarded headers of its handshake, judged by the same rule
    as HTTP requests (``MONPARIS_TRUSTED_PROXIES``).

    Reflex records the ASGI peer as the ``asgi-scope-client`` header (overwriting any header of
    that name the client sent); its ``session.client_ip`` is the same peer unless Reflex's own
    ``trusted_proxy_hops`` is set, which we leave at 0 so that one rule decides.
    """
    raw = state.router.headers.raw_headers
    peer = raw.get("asgi-scope-client") or state.router.session.client_ip or ""
    return client_info.client_ip(peer, raw.items())


def browser_binding(state: rx.State) -> str:
    """The browser's binding cookie (HttpOnly), from the page's websocket handshake."""
    return browser_binding_from_cookie_header(state.router.headers.cookie)


def user_agent(state: rx.State) -> str:
    """The handshake's User-Agent, recorded with the account's activity and sessions."""
    return state.router.headers.user_agent or ""


def cookie(state: rx.State, name: str) -> str:
    """One cookie of the handshake (a FranceConnect token set by its HTTP route), "" if none."""
    cookies: SimpleCookie = SimpleCookie()
    try:
        cookies.load(state.router.headers.cookie or "")
    except Exception:  # a malformed header means no cookie, not an error page
        return ""
    morsel = cookies.get(name)
    return morsel.value if morsel else ""


async def finish_sign_in(
    state: rx.State, account_id: UUID, next_path: str, *, fc_id_token: str | None = None
) -> Any:
    """Hand a proven sign-in to the HTTP route that sets the HttpOnly cookie.

    The ticket is bound to this browser's binding cookie. The route is opened by a full page
    load: ``rx.redirect`` navigates inside the single-page app, which knows no such route.
    """
    try:
        ticket = await sessions.issue_ticket(
            account_id, next_path, browser_binding=browser_binding(state), fc_id_token=fc_id_token
        )
    except sessions.BrowserNotBound:
        return rx.window_alert(message_for("sign_in.cookies_required"))
    url = f"{routes.SESSION_COMPLETE}?{urlencode({'ticket': ticket})}"
    return rx.call_script(f"window.location.assign({json.dumps(url)})")
