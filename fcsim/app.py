"""Starlette application factory for the FranceConnect simulator."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from fcsim import endpoints, interaction
from fcsim.config import SimulatorConfig
from fcsim.context import Simulator
from fcsim.keys import KeyStore


def _issuer_routes() -> list[BaseRoute]:
    """Routes relative to the issuer path, like the real ``/api/v2`` core."""
    uid = "/interaction/{uid}"
    return [
        Route("/.well-known/openid-configuration", endpoints.discovery, methods=["GET"]),
        Route("/jwks", endpoints.jwks, methods=["GET"]),
        Route("/authorize", interaction.authorize, methods=["GET", "POST"]),
        Route(uid, interaction.chooser, methods=["GET"]),
        Route(f"{uid}/idp", interaction.choose_provider, methods=["POST"]),
        Route(f"{uid}/login", interaction.login_form, methods=["GET"]),
        Route(f"{uid}/login", interaction.login_submit, methods=["POST"]),
        Route(f"{uid}/consent", interaction.consent_form, methods=["GET"]),
        Route(f"{uid}/consent", interaction.consent_submit, methods=["POST"]),
        Route(f"{uid}/abort", interaction.abort, methods=["GET"]),
        Route("/token", endpoints.token, methods=["POST"]),
        Route("/token/revocation", endpoints.revocation, methods=["POST"]),
        Route("/userinfo", endpoints.userinfo, methods=["GET", "POST"]),
        Route("/session/end", interaction.end_session, methods=["GET", "POST"]),
    ]


def create_app(config: SimulatorConfig | None = None) -> Starlette:
    """Build a simulator app; keys come from ``config.keys_file`` or are generated."""
    config = config or SimulatorConfig()
    keys = KeyStore.load_or_create(config.keys_file) if config.keys_file else KeyStore.generate()
    simulator = Simulator(config=config, keys=keys)
    routes: list[BaseRoute] = _issuer_routes()
    if simulator.prefix:
        discovery_url = simulator.local("/.well-known/openid-configuration")

        async def home(request: Request) -> Response:
            """The root only points to the discovery document."""
            return RedirectResponse(discovery_url)

        routes = [Mount(simulator.prefix, routes=routes), Route("/", home)]
    app = Starlette(routes=routes)
    app.state.simulator = simulator
    return app
