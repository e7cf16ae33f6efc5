"""Starlette application factory for the demo partner service."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from demopartner import pages, views
from demopartner.config import PartnerConfig
from demopartner.pages import ErrorPage


class SecurityHeaders:
    """Headers on every response: nothing is cached (pages show personal data), nothing runs
    but our own style, and forms may only lead here or to the provider (Chrome checks
    ``form-action`` against the redirects that follow a submission, so the provider's origin
    must be listed for the login and logout buttons to work)."""

    def __init__(self, app: ASGIApp, *, provider_origin: str) -> None:
        self.app = app
        policy = (
            "default-src 'none'; "
            f"style-src '{pages.STYLE_HASH}'; "
            "img-src data:; "
            f"form-action 'self' {provider_origin}; "
            "frame-ancestors 'none'; base-uri 'none'"
        )
        self.headers = [
            (b"cache-control", b"no-store"),
            (b"content-security-policy", policy.encode()),
            (b"referrer-policy", b"no-referrer"),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in self.headers if name not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def http_error(request: Request, exc: Exception) -> Response:
    """Unknown page or method: a French page instead of Starlette's English text."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        page = ErrorPage("Page introuvable", "Cette page n’existe pas dans ce service.")
    elif status == 405:
        page = ErrorPage("Action impossible", "Cette page ne s’utilise pas de cette façon.")
    else:
        page = ErrorPage("Erreur", "La demande n’a pas pu être traitée.")
    return HTMLResponse(pages.error_page(page), status_code=status)


async def server_error(request: Request, exc: Exception) -> Response:
    """A bug: a French page without the trace (Starlette still logs it). This handler answers
    outside the middleware stack, so it sets ``no-store`` itself."""
    page = ErrorPage("Erreur inattendue", "Une erreur inattendue est survenue. Réessayez.")
    headers = {"cache-control": "no-store"}
    return HTMLResponse(pages.error_page(page), status_code=500, headers=headers)


def create_app(config: PartnerConfig | None = None) -> Starlette:
    """Build a demo partner app; discovery and keys are fetched from the provider at first use."""
    config = config or PartnerConfig()
    routes = [
        Route("/", views.home, methods=["GET"]),
        Route("/login", views.login, methods=["GET", "POST"]),
        Route(views.CALLBACK_PATH, views.callback, methods=["GET"]),
        Route("/logout", views.logout, methods=["POST"]),
        Route(views.LOGGED_OUT_PATH, views.logged_out, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders, provider_origin=config.issuer_origin)],
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    app.state.partner = views.Partner(config)
    return app
