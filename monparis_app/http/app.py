"""The Starlette side of the single process: GraphQL, the browser's HTTP routes, the probes.

Reflex mounts this app beside its own frontend and websocket (``api_transformer`` in
``monparis_app.py``); everything here is a door, calling the core and translating its answers.
The same app also runs alone (``create_standalone_api``) for benchmarks and deployment tests.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route, WebSocketRoute

from monparis_app.adapters import franceconnect_client, prometheus_metrics
from monparis_app.graphql.schema import schema
from monparis_app.http import (
    account_export,
    captcha_media,
    dev_clock,
    dev_mailbox,
    franceconnect,
    no_javascript,
    observability,
    oidc_provider,
    session,
)
from monparis_app.http.account_gate import SignedOutAccountRedirect
from monparis_app.http.body_limit import BodySizeLimit
from monparis_app.http.graphql_view import MonParisGraphQL
from monparis_app.http.security_headers import SecurityHeaders
from monparis_app.http.static_cache import middleware as static_cache_middleware
from monparis_app.settings import get_settings
from monparis_app.web import routes
from monparis_app.web.cookies import BrowserBindingCookie


def _graphql_routes(*, is_dev: bool) -> list[BaseRoute]:
    """``/graphql`` over HTTP and websocket; GraphiQL's page in dev only."""
    view = MonParisGraphQL(schema, graphql_ide="graphiql" if is_dev else None)
    return [
        Route(routes.GRAPHQL, view, methods=["GET", "POST"]),
        WebSocketRoute(routes.GRAPHQL, view),
    ]


def create_api() -> Starlette:
    """Every HTTP route, behind the body limit and the browser binding cookie."""
    settings = get_settings()
    prometheus_metrics.install()
    franceconnect_client.install()  # the OIDC client of the FranceConnect journeys
    http_routes = [
        *_graphql_routes(is_dev=settings.is_dev),
        *observability.http_routes,
        *session.http_routes,
        *account_export.http_routes,
        *captcha_media.http_routes,
        *franceconnect.http_routes,
        *no_javascript.http_routes,
        *oidc_provider.http_routes,
    ]
    if settings.is_dev:
        http_routes += dev_mailbox.http_routes
    if settings.is_dev and settings.test_clock:
        dev_clock.install()
        http_routes += dev_clock.http_routes
    # Reflex mounts its pages inside this app, so these wrap the pages too (and its built
    # files: cache headers, compression, no redirect for /inscription, see ``static_cache``).
    middleware = [
        Middleware(BodySizeLimit),
        Middleware(BrowserBindingCookie),
        Middleware(SignedOutAccountRedirect),
        *static_cache_middleware(),
    ]
    return Starlette(routes=http_routes, middleware=middleware)


def create_standalone_api() -> Starlette:
    """The API alone, with its own lifespan (database, outbox sender): for benchmarks and for
    running GraphQL without the Reflex frontend (``uvicorn --factory
    monparis_app.http.app:create_standalone_api``). Inside the Reflex app, Reflex runs the
    lifespan."""
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
