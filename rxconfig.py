"""Reflex configuration, derived from the one ``Settings`` object.

``api_url`` is set only when ``MONPARIS_PUBLIC_URL`` is: Reflex then bakes
``ws://localhost:PORT/_event`` into ``.web/env.json``, and its frontend swaps ``localhost`` for the
host the page was opened at (``getBackendURL`` in ``state.js``), so a page opened at
http://127.0.0.1:PORT connects to ws://127.0.0.1:PORT/_event and sends its own cookies.
``cors_allowed_origins`` also gates the socket.io handshake: in dev it lists every loopback name of
the port (``Settings.browser_origins``), else a page opened at 127.0.0.1 would get a 403 socket.
"""

import reflex as rx

from monparis_app import reproducible_build
from monparis_app.settings import get_settings
from monparis_app.unthemed_radix import UnthemedRadixPlugin

reproducible_build.install()  # same asset names on every instance (see the module)

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
    # Radix components (rx.link) without Radix Themes' CSS: assets/styles.css is the only look.
    plugins=[UnthemedRadixPlugin()],
    disable_plugins=[rx.plugins.SitemapPlugin],
    # Libraries only dynamic components would need (all of @radix-ui/themes) are not loaded
    # with every page: none of our pages evaluates a component at run time.
    frontend_lazy_bundled_libraries=True,
    redis_url=settings.redis_url or None,
    cors_allowed_origins=settings.browser_origins,
)
