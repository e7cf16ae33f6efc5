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

from monparis_app.auth_routes import request_client_ip
from monparis_app.core import account, sessions
from monparis_app.web_session import token_from_request

EXPORT_PATH = "/mon-compte/mes-donnees.json"
EXPORT_FILENAME = "mes-donnees-mon-paris.json"


async def export_my_data(request: Request) -> Response:
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return Response("Téléchargement refusé.", status_code=403, media_type="text/plain")
    session = await sessions.current_session(token_from_request(request))
    if session is None:
        return RedirectResponse("/connexion", status_code=303)
    data = await account.export_data(
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


routes: list[BaseRoute] = [Route(EXPORT_PATH, export_my_data, methods=["GET"])]
