"""``GET /mon-compte/mes-donnees.json``: the RGPD export as a real HTTP download.

Sent over the page's websocket, the file would hit its 1 MB message cap for a long-lived
account; an HTTP response has no such cap and the browser saves it as a file. Only a
same-origin request with a live session cookie gets it.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from monparis_app.core import data_rights, sessions
from monparis_app.messages import message_for
from monparis_app.web import routes
from monparis_app.web.client_ip import request_client_ip
from monparis_app.web.cookies import token_from_request

EXPORT_PATH = routes.ACCOUNT_EXPORT
EXPORT_FILENAME = routes.EXPORT_FILENAME


async def export_my_data(request: Request) -> Response:
    """The signed-in person's data as a JSON file; a cross-site request gets nothing."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        refused = message_for("request.download_refused")
        return Response(refused, status_code=403, media_type="text/plain")
    session = await sessions.current_session(token_from_request(request))
    if session is None:
        return RedirectResponse(routes.SIGN_IN, status_code=303)
    data = await data_rights.export_data(
        session.account_id,
        client_ip=request_client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{EXPORT_FILENAME}"',
            "Cache-Control": "no-store",
        },
    )


http_routes: list[BaseRoute] = [Route(routes.ACCOUNT_EXPORT, export_my_data, methods=["GET"])]
