"""``GET /captcha/<id>/image.png`` and ``/captcha/<id>/audio.wav``: a captcha, rendered on request.

A challenge is created without any rendering (``core.captcha``); the page (or a partner, through
GraphQL's ``imageUrl`` / ``audioUrl``) then loads the image, and the audio only when the person
asks to hear it. The answer is the same for both: the text is derived from the id with the
secret key, so it needs no storage and no process affinity.

The response may be kept by the browser alone (``private``) for the challenge's remaining life:
a second look at the image, or a replay of the audio, costs the server nothing. An unknown, used
or expired id is a 404, so an old link renders nothing. Rendering takes a few milliseconds of
CPU: it runs in a worker thread, beside the event loop, and each render counts against the
client's per-IP captcha limit (``MONPARIS_RATE_LIMIT_CAPTCHA``, under its own counter), so a
script fetching one id in a loop cannot make the server draw for ever.
"""

from __future__ import annotations

from collections.abc import Callable

import anyio
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from monparis_app.adapters.captcha_renderer import LIBRARY_RENDERER
from monparis_app.core import captcha, rate_limits
from monparis_app.core.errors import RateLimited
from monparis_app.messages import message_for
from monparis_app.settings import get_settings
from monparis_app.web import routes
from monparis_app.web.client_ip import request_client_ip

NOT_FOUND_MESSAGE = message_for("request.not_found")


def _media_route(path: str, media_type: str, render: Callable[[str], bytes]) -> Route:
    async def serve(request: Request) -> Response:
        found = await captcha.text_to_render(
            request.path_params["challenge_id"], LIBRARY_RENDERER.alphabet
        )
        if found is None:
            return PlainTextResponse(
                NOT_FOUND_MESSAGE, status_code=404, headers={"Cache-Control": "no-store"}
            )
        text, seconds_left = found
        try:
            spec = get_settings().rate_limit_captcha
            await rate_limits.hit_per_ip("captcha-media", request_client_ip(request), spec)
        except RateLimited as limited:
            return PlainTextResponse(
                message_for("rate_limited", retry_after=limited.retry_after),
                status_code=429,
                headers={"Retry-After": str(limited.retry_after), "Cache-Control": "no-store"},
            )
        body = await anyio.to_thread.run_sync(render, text)
        return Response(
            body,
            media_type=media_type,
            headers={"Cache-Control": f"private, max-age={seconds_left}"},
        )

    return Route(path, serve, methods=["GET"])


http_routes: list[BaseRoute] = [
    _media_route(routes.CAPTCHA_IMAGE, "image/png", LIBRARY_RENDERER.png),
    _media_route(routes.CAPTCHA_AUDIO, "audio/wav", LIBRARY_RENDERER.wav),
]
