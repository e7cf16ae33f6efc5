"""``POST /dev/clock``: move the app's clock forward, for the end-to-end tests.

Mounted only in dev with ``MONPARIS_TEST_CLOCK=on`` (prod refuses that setting). A browser test
asks for "10 minutes later" and sees the code expire, instead of sleeping through the TTL.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from monparis_app.core import clock
from monparis_app.web import routes

MAX_STEP_SECONDS = 7 * 24 * 3600


def install() -> None:
    """Run the app on a clock that can be moved (once per process)."""
    if not isinstance(clock.current(), clock.ShiftedClock):
        clock.use_clock(clock.ShiftedClock())


async def advance(request: Request) -> Response:
    """``?seconds=N`` (0 < N ≤ a week): the clock jumps N seconds ahead; answers the new time."""
    shifted = clock.current()
    try:
        seconds = float(request.query_params["seconds"])
    except (KeyError, ValueError):
        return JSONResponse({"error": "seconds attendu"}, status_code=400)
    if not isinstance(shifted, clock.ShiftedClock) or not 0 < seconds <= MAX_STEP_SECONDS:
        return JSONResponse({"error": "seconds hors limites"}, status_code=400)
    shifted.advance(seconds)
    return JSONResponse({"now": shifted.now().isoformat()})


http_routes: list[BaseRoute] = [Route(routes.DEV_CLOCK, advance, methods=["POST"])]
