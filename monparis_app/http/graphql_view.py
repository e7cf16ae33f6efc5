"""Strawberry's ASGI view for ``/graphql``, with every unreadable request answered in French.

Partners read these answers: an English framework reason or a 500 for a malformed body would
tell them nothing useful (and a 500 pages the on-call person for a client's mistake).
"""

from __future__ import annotations

import json

from cross_web import HTTPException  # what Strawberry raises and catches
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from monparis_app.graphql.context import Context
from monparis_app.messages import message_for

# Strawberry's reasons (English) for a request it cannot read, as the partners read them.
GRAPHQL_HTTP_MESSAGES = {
    "Unable to parse request body as JSON": message_for("request.unreadable_json"),
    "Unsupported content type": message_for("request.unsupported_content_type"),
    "No GraphQL query found in the request": message_for("request.no_query"),
    "Batching is not enabled": message_for("request.no_batching"),
}
GRAPHQL_STATUS_MESSAGES = {
    400: message_for("request.invalid_graphql"),
    404: message_for("request.not_found"),
    405: message_for("request.method_not_allowed"),
}
REFUSED_MESSAGE = message_for("request.refused")


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
                error.status_code, REFUSED_MESSAGE
            )
            response = PlainTextResponse(message, status_code=error.status_code)
        await response(scope, receive, send)
