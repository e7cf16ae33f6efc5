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

NO_JAVASCRIPT_PATH = "/auth/sans-javascript"
NO_JAVASCRIPT_MESSAGE = (
    "JavaScript est nécessaire pour utiliser ce formulaire. Activez-le dans votre navigateur "
    "(ou attendez que la page ait fini de se charger), puis recommencez."
)

_PAGE = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>JavaScript est nécessaire — Mon Paris</title></head><body><main>"
    "<h1>JavaScript est nécessaire</h1>"
    f"<p>{NO_JAVASCRIPT_MESSAGE}</p>"
    "<p>Vos informations n'ont pas été envoyées.</p>"
    '<p><a href="/">Revenir à l\'accueil de Mon Paris</a></p>'
    "</main></body></html>"
)


async def no_javascript(_: Request) -> Response:
    """Answer without touching the body: it may hold a password."""
    return HTMLResponse(_PAGE, status_code=400, headers={"Cache-Control": "no-store"})


routes: list[BaseRoute] = [Route(NO_JAVASCRIPT_PATH, no_javascript, methods=["GET", "POST"])]
