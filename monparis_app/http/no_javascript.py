"""``/auth/sans-javascript``: where the app's forms land when JavaScript did not handle them.

Every form driven by a Reflex event is ``method="post"`` with this action: hydrated, Reflex's
``onSubmit`` calls ``preventDefault`` and nothing leaves the page; submitted before hydration
(slow phone) or with JavaScript off, the browser POSTs here instead of putting the password or
the code in a URL (a GET form's default). The body is never read, logged nor stored: the route
only answers, in French, that JavaScript is needed, with a 400 since nothing was done.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from monparis_app.messages import message_for
from monparis_app.web import routes

NO_JAVASCRIPT_PATH = routes.NO_JAVASCRIPT
NO_JAVASCRIPT_MESSAGE = message_for("browser.form_needs_javascript")
_TITLE = message_for("browser.javascript_needed")

_PAGE = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    f"<title>{_TITLE} — Mon Paris</title></head><body><main>"
    f"<h1>{_TITLE}</h1>"
    f"<p>{NO_JAVASCRIPT_MESSAGE}</p>"
    f"<p>{message_for('browser.nothing_sent')}</p>"
    f'<p><a href="{routes.HOME}">{message_for("browser.back_home")}</a></p>'
    "</main></body></html>"
)


async def no_javascript(_: Request) -> Response:
    """Answer without touching the body: it may hold a password."""
    return HTMLResponse(_PAGE, status_code=400, headers={"Cache-Control": "no-store"})


http_routes: list[BaseRoute] = [Route(routes.NO_JAVASCRIPT, no_javascript, methods=["GET", "POST"])]
