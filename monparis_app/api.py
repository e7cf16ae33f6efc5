"""The Starlette side of the single process: GraphQL, the dev mailbox, health.

Reflex mounts this app beside its own frontend and websocket (``api_transformer``); everything
here is a door, calling the core and translating its answers.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from html import escape

from cross_web import HTTPException  # what Strawberry raises and catches
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL

from monparis_app.adapters import prometheus_metrics
from monparis_app.auth_routes.account_export import routes as export_routes
from monparis_app.auth_routes.franceconnect import routes as franceconnect_routes
from monparis_app.auth_routes.no_javascript import routes as no_javascript_routes
from monparis_app.auth_routes.observability import routes as observability_routes
from monparis_app.auth_routes.session import routes as session_routes
from monparis_app.core import outbox
from monparis_app.graphql.context import Context
from monparis_app.graphql.schema import schema
from monparis_app.models import OutboxEmail
from monparis_app.security_headers import SecurityHeaders
from monparis_app.settings import get_settings
from monparis_app.web_session import BrowserBindingCookie

MAX_BODY_BYTES = 64 * 1024
TOO_LARGE_MESSAGE = "Requête trop volumineuse."
INVALID_LENGTH_MESSAGE = "Requête invalide : en-tête Content-Length incorrect."


class _BodyTooLarge(Exception):
    """Raised from ``receive`` when a body (chunked, so undeclared) passes the limit."""


class BodySizeLimit:
    """Refuse request bodies over ``MAX_BODY_BYTES`` before anything parses them.

    A declared ``Content-Length`` is checked up front (400 when it is not a number, 413 when too
    big); a chunked body is counted as it is read and, past the limit, the read fails inside the
    app and the answer becomes a 413 here, instead of an exception reaching the server (a 500
    with a traceback in the log).
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = [v for k, v in scope["headers"] if k.lower() == b"content-length"]
        if declared and (len(set(declared)) > 1 or not declared[0].strip().isdigit()):
            await PlainTextResponse(INVALID_LENGTH_MESSAGE, status_code=400)(scope, receive, send)
            return
        if declared and int(declared[0]) > self.limit:
            await PlainTextResponse(TOO_LARGE_MESSAGE, status_code=413)(scope, receive, send)
            return
        received = 0
        too_large = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            if too_large:
                raise _BodyTooLarge
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                too_large = True
                raise _BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracked_send)
        except Exception:
            # Whatever wrapped it (a framework's handler, an exception group): over the limit
            # is the client's fault, answered once, without a traceback.
            if not too_large:
                raise
            if not started:
                await PlainTextResponse(TOO_LARGE_MESSAGE, status_code=413)(scope, receive, send)


# Strawberry's reasons (English) for a request it cannot read, as the partners read them.
GRAPHQL_HTTP_MESSAGES = {
    "Unable to parse request body as JSON": "Corps de requête illisible : JSON attendu.",
    "Unsupported content type": "Type de contenu non pris en charge : envoyez du JSON.",
    "No GraphQL query found in the request": "Aucune requête GraphQL dans la demande.",
    "Batching is not enabled": "Une seule opération GraphQL par requête.",
}
GRAPHQL_STATUS_MESSAGES = {
    400: "Requête GraphQL invalide.",
    404: "Page introuvable.",
    405: "Méthode non autorisée pour cette requête GraphQL.",
}


class MonParisGraphQL(GraphQL[Context, None]):
    """Strawberry's view, with every unreadable request answered 400 in French.

    Strawberry turns only ``JSONDecodeError`` into a 400: a body that is not UTF-8
    (``UnicodeDecodeError``), JSON nested deeper than Python's recursion limit
    (``RecursionError``) or a JSON value that is not an object would reach the server as a 500.
    """

    async def get_context(self, request: Request, response: Response | None = None) -> Context:  # type: ignore[override]
        return Context(request=request, response=response)

    def decode_json(self, data: str | bytes) -> object:
        try:
            decoded = json.loads(data)
        except (UnicodeDecodeError, RecursionError) as error:
            raise HTTPException(400, "Unable to parse request body as JSON") from error
        if not isinstance(decoded, dict | list):
            raise HTTPException(400, "Unable to parse request body as JSON")
        return decoded

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as error:
            message = GRAPHQL_HTTP_MESSAGES.get(error.reason) or GRAPHQL_STATUS_MESSAGES.get(
                error.status_code, "Requête refusée."
            )
            response = PlainTextResponse(message, status_code=error.status_code)
        await response(scope, receive, send)


async def health(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def dev_mailbox(_: Request) -> Response:
    """The e-mails the dev mailbox received, newest first (dev mode only)."""
    rows = await OutboxEmail.filter(delivered_via="dev-mailbox").order_by("-id").limit(50)
    items = "".join(
        f"<article><h2>{escape(r.subject)}</h2><p>À : {escape(r.recipient)} — "
        f"{r.sent_at:%d/%m/%Y %H:%M:%S}</p><pre>{escape(outbox.delivered_bodies(r)[0])}</pre>"
        "</article>"
        for r in rows
    )
    return HTMLResponse(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        "<title>Boîte de développement — Mon Paris</title></head><body><main>"
        f"<h1>Boîte de développement</h1>{items or '<p>Aucun courriel.</p>'}</main></body></html>"
    )


def create_api() -> Starlette:
    settings = get_settings()
    prometheus_metrics.install()
    graphql_app = MonParisGraphQL(schema, graphql_ide="graphiql" if settings.is_dev else None)
    routes = [
        Route("/graphql", graphql_app, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql_app),
        Route("/healthz", health),
        *observability_routes,
        *session_routes,
        *export_routes,
        *franceconnect_routes,
        *no_javascript_routes,
    ]
    if settings.is_dev:
        routes.append(Route("/dev/mailbox", dev_mailbox))
    # Reflex mounts its pages inside this app, so these wrap the pages too.
    middleware = [Middleware(BodySizeLimit), Middleware(BrowserBindingCookie)]
    return Starlette(routes=routes, middleware=middleware)


def create_standalone_api() -> Starlette:
    """The API alone, with its own lifespan (database, outbox sender): for benchmarks and for
    running GraphQL without the Reflex frontend (``uvicorn --factory
    monparis_app.api:create_standalone_api``). Inside the Reflex app, Reflex runs the lifespan."""
    from monparis_app.monparis_lifespan import backend_lifespan

    api = create_api()

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with backend_lifespan():
            yield

    api.router.lifespan_context = lifespan
    # The same headers as inside the Reflex app (where they wrap the frontend too).
    api.add_middleware(SecurityHeaders)
    return api
