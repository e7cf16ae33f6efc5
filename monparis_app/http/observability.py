"""What a load balancer and a monitoring system ask: ``/healthz``, ``/readyz`` and ``/metrics``.

``/healthz`` says the process answers; ``/readyz`` says it can serve: the
database answers, Redis answers when configured, and every migration on disk is applied. A
failed check names itself and nothing more (no stack trace, no address), with 503 so the load
balancer sends traffic elsewhere until it passes.

``/metrics`` is open in dev. In prod it exists only with ``MONPARIS_METRICS_TOKEN`` set, and
then answers only to ``Authorization: Bearer <token>``: the counts say how busy the service is,
which is nobody else's business.
"""

from __future__ import annotations

import asyncio
import hmac
import importlib
import logging
import pkgutil
from collections.abc import Awaitable, Callable
from typing import cast

import redis.asyncio as redis
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from tortoise import connections
from tortoise.migrations.recorder import MigrationRecorder

from monparis_app.adapters import prometheus_metrics
from monparis_app.db import APP_LABEL, tortoise_config
from monparis_app.messages import message_for
from monparis_app.settings import get_settings
from monparis_app.web import routes

logger = logging.getLogger("monparis.readiness")

CHECK_TIMEOUT_SECONDS = 3.0


async def health(_: Request) -> Response:
    """The process answers: nothing is checked, so a slow database never restarts it."""
    return JSONResponse({"status": "ok"})


async def _database() -> None:
    await connections.get("default").execute_query("SELECT 1")


async def _redis() -> None:
    client = redis.from_url(get_settings().redis_url, socket_connect_timeout=2, socket_timeout=2)
    try:
        await cast(Awaitable[bool], client.ping())
    finally:
        await client.aclose()


def _migrations_on_disk() -> set[str]:
    """The migration modules shipped with this code (the same ones Tortoise's loader reads)."""
    package = importlib.import_module(tortoise_config()["apps"][APP_LABEL]["migrations"])
    return {
        name
        for _, name, is_pkg in pkgutil.iter_modules(package.__path__)
        if not is_pkg and name[0] not in "_~"
    }


async def _migrations() -> None:
    applied = await MigrationRecorder(connections.get("default")).applied_migrations()
    missing = _migrations_on_disk() - {key.name for key in applied if key.app_label == APP_LABEL}
    if missing:
        raise LookupError(f"{len(missing)} migration(s) not applied")


async def _run(check: Callable[[], Awaitable[None]]) -> str:
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT_SECONDS)
    except Exception as error:
        # The log says which kind of failure, for the operator; the answer only says "failed".
        logger.warning("Readiness check %s failed: %s", check.__name__, type(error).__name__)
        return "failed"
    return "ok"


async def ready(_: Request) -> Response:
    checks = {"database": await _run(_database)}
    checks["migrations"] = await _run(_migrations) if checks["database"] == "ok" else "skipped"
    checks["redis"] = await _run(_redis) if get_settings().redis_url else "not configured"
    failed = [name for name, result in checks.items() if result == "failed"]
    if failed or "skipped" in checks.values():
        return JSONResponse(
            {"status": "not ready", "failed": failed, "checks": checks}, status_code=503
        )
    return JSONResponse({"status": "ready", "checks": checks})


def _metrics_allowed(request: Request) -> bool | None:
    """True: serve; False: ask for the token (401); None: no such page here (404)."""
    settings = get_settings()
    if not settings.metrics_token:
        return True if settings.is_dev else None
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        token.strip().encode(), settings.metrics_token.encode()
    )


async def metrics(request: Request) -> Response:
    allowed = _metrics_allowed(request)
    if allowed is None:
        return PlainTextResponse(message_for("request.not_found"), status_code=404)
    if not allowed:
        return PlainTextResponse(
            message_for("request.token_required"),
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    body, content_type = await prometheus_metrics.exposition()
    return Response(body, media_type=content_type, headers={"Cache-Control": "no-store"})


http_routes: list[BaseRoute] = [
    Route(routes.HEALTHZ, health),
    Route(routes.READYZ, ready),
    Route(routes.METRICS, metrics),
]
