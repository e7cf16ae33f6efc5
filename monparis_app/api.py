"""The Starlette side of the single process: GraphQL, the dev mailbox, health.

Reflex mounts this app beside its own frontend and websocket (``api_transformer``); everything
here is a door, calling the core and translating its answers.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from html import escape

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL

from monparis_app.auth_routes.account_export import routes as export_routes
from monparis_app.auth_routes.franceconnect import routes as franceconnect_routes
from monparis_app.auth_routes.session import routes as session_routes
from monparis_app.graphql.context import Context
from monparis_app.graphql.schema import schema
from monparis_app.models import OutboxEmail
from monparis_app.settings import get_settings

MAX_BODY_BYTES = 64 * 1024


class BodySizeLimit:
    """Refuse request bodies over ``MAX_BODY_BYTES`` before anything parses them."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and int(declared or 0) > self.limit:
            await PlainTextResponse("Requête trop volumineuse.", status_code=413)(
                scope, receive, send
            )
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise ValueError("request body too large")
            return message

        await self.app(scope, limited_receive, send)


class MonParisGraphQL(GraphQL[Context, None]):
    async def get_context(self, request: Request, response: Response | None = None) -> Context:  # type: ignore[override]
        return Context(request=request, response=response)


async def health(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def dev_mailbox(_: Request) -> Response:
    """The e-mails the dev mailbox received, newest first (dev mode only)."""
    rows = await OutboxEmail.filter(delivered_via="dev-mailbox").order_by("-id").limit(50)
    items = "".join(
        f"<article><h2>{escape(r.subject)}</h2><p>À : {escape(r.recipient)} — "
        f"{r.sent_at:%d/%m/%Y %H:%M:%S}</p><pre>{escape(r.text_body)}</pre></article>"
        for r in rows
    )
    return HTMLResponse(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        "<title>Boîte de développement — Mon Paris</title></head><body><main>"
        f"<h1>Boîte de développement</h1>{items or '<p>Aucun courriel.</p>'}</main></body></html>"
    )


def create_api() -> Starlette:
    settings = get_settings()
    graphql_app = MonParisGraphQL(schema, graphql_ide="graphiql" if settings.is_dev else None)
    routes = [
        Route("/graphql", graphql_app, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql_app),
        Route("/healthz", health),
        *session_routes,
        *export_routes,
        *franceconnect_routes,
    ]
    if settings.is_dev:
        routes.append(Route("/dev/mailbox", dev_mailbox))
    return Starlette(routes=routes, middleware=[Middleware(BodySizeLimit)])


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
    return api
