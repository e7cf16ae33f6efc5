"""The request body limit, checked before anything parses a body.

GraphQL operations and the no-JavaScript form fallback are small; a bigger body is either a
mistake or an attempt to make the process read and hold megabytes, so it is refused early.
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monparis_app.messages import message_for

MAX_BODY_BYTES = 64 * 1024
TOO_LARGE_MESSAGE = message_for("request.too_large")
INVALID_LENGTH_MESSAGE = message_for("request.invalid_length")


class _BodyTooLarge(Exception):
    """Raised from ``receive`` when a body (chunked, so undeclared) passes the limit."""


def _declared_length_refusal(scope: Scope, limit: int) -> PlainTextResponse | None:
    """The answer to a bad or too big ``Content-Length``, or ``None`` to read the body."""
    declared = [v for k, v in scope["headers"] if k.lower() == b"content-length"]
    if declared and (len(set(declared)) > 1 or not declared[0].strip().isdigit()):
        return PlainTextResponse(INVALID_LENGTH_MESSAGE, status_code=400)
    if declared and int(declared[0]) > limit:
        return PlainTextResponse(TOO_LARGE_MESSAGE, status_code=413)
    return None


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
        refusal = _declared_length_refusal(scope, self.limit)
        if refusal is not None:
            await refusal(scope, receive, send)
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
