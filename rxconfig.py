"""Reflex configuration, derived from the one ``Settings`` object."""

import reflex as rx

from monparis_app.settings import get_settings

settings = get_settings()

# Behind a proxy, MONPARIS_PUBLIC_URL is the address browsers use for the websocket too.
optional = {"api_url": settings.public_url} if settings.public_url else {}

config = rx.Config(
    **optional,
    app_name="monparis_app",
    backend_port=settings.port,
    backend_host=settings.host,
    show_built_with_reflex=False,
    telemetry_enabled=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", has_background=False)
        )
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
    redis_url=settings.redis_url or None,
    cors_allowed_origins=tuple(o.strip() for o in settings.allowed_origins.split(",") if o.strip())
    or (settings.base_url,),
)
