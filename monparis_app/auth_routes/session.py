"""``/auth/session/complete``: where a proven sign-in becomes a session cookie.

Reflex handlers run over a websocket and cannot set an HttpOnly cookie, so after checking the
password they hand the browser a one-time ticket; this HTTP route trades it for a new session
(with this request's device and IP) and the cookie, then redirects to the page asked for.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from monparis_app.auth_routes import request_client_ip
from monparis_app.auth_routes.franceconnect import CREATION_COOKIE
from monparis_app.core import sessions
from monparis_app.web_session import (
    browser_binding_from_request,
    set_session_cookie,
    token_from_request,
)

SIGN_IN_PATH = "/connexion"


async def complete_sign_in(request: Request) -> Response:
    redeemed = await sessions.redeem_ticket(
        request.query_params.get("ticket", ""), browser_binding_from_request(request)
    )
    if redeemed is None:
        return RedirectResponse(SIGN_IN_PATH + "?expire=1", status_code=303)
    # A new sign-in replaces the session this browser may still hold.
    await sessions.close_session(token_from_request(request))
    token = await sessions.open_session(
        redeemed.account_id,
        user_agent=request.headers.get("user-agent", ""),
        client_ip=request_client_ip(request),
        fc_id_token=redeemed.fc_id_token,
    )
    response = RedirectResponse(redeemed.next_path, status_code=303)
    set_session_cookie(response, token)
    # A FranceConnect identity waiting for the CGU is now an account: its token is spent.
    response.delete_cookie(CREATION_COOKIE, path="/")
    response.headers["Cache-Control"] = "no-store"
    return response


routes: list[BaseRoute] = [Route("/auth/session/complete", complete_sign_in, methods=["GET"])]
