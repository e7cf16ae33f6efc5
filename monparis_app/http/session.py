"""``/auth/session/complete``: where a proven sign-in becomes a session cookie.

Reflex handlers run over a websocket and cannot set an HttpOnly cookie, so after checking the
password they hand the browser a one-time ticket; this HTTP route trades it for a new session
(with this request's device and IP) and the cookie, then redirects to the page asked for.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from monparis_app.core import sessions
from monparis_app.web import routes
from monparis_app.web.client_ip import request_client_ip
from monparis_app.web.cookies import (
    CREATION_COOKIE,
    after_sign_in,
    browser_binding_from_request,
    set_session_cookie,
    token_from_request,
)


async def complete_sign_in(request: Request) -> Response:
    """Trade the one-time ticket for a new session cookie, then go where the sign-in asked."""
    redeemed = await sessions.redeem_ticket(
        request.query_params.get("ticket", ""), browser_binding_from_request(request)
    )
    if redeemed is None:
        return RedirectResponse(routes.SIGN_IN + "?expire=1", status_code=303)
    # A new sign-in replaces the session this browser may still hold.
    await sessions.close_session(token_from_request(request))
    token = await sessions.open_session(
        redeemed.account_id,
        user_agent=request.headers.get("user-agent", ""),
        client_ip=request_client_ip(request),
        fc_id_token=redeemed.fc_id_token,
        browser_binding=browser_binding_from_request(request),
    )
    response = RedirectResponse(after_sign_in(request, redeemed.next_path), status_code=303)
    set_session_cookie(response, token)
    # A FranceConnect identity waiting for the CGU is now an account: its token is spent.
    response.delete_cookie(CREATION_COOKIE, path=routes.HOME)
    response.headers["Cache-Control"] = "no-store"
    return response


http_routes: list[BaseRoute] = [Route(routes.SESSION_COMPLETE, complete_sign_in, methods=["GET"])]
