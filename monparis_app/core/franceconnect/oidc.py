"""Which OIDC client the FranceConnect journeys talk to: registered at start-up, like a sink.

The HTTP client (``monparis_app.adapters.franceconnect_client``) registers itself with
``install()``; core tests register a fake that plays FranceConnect without a server. A door
may still pass a client explicitly to each journey (the current doors do); with none, the
registered one is used. A factory rather than one object: the client reads the settings when
it is built, and tests change the settings between runs.
"""

from __future__ import annotations

from collections.abc import Callable

from monparis_app.core.ports import OidcClient

ClientFactory = Callable[[], OidcClient]

_factory: ClientFactory | None = None


def use_client(factory: ClientFactory | None) -> ClientFactory | None:
    """Register how to get the OIDC client (None: none); returns the previous one for tests."""
    global _factory
    previous, _factory = _factory, factory
    return previous


def client_or_default(client: OidcClient | None) -> OidcClient:
    """``client`` when the door passed one, else the registered one."""
    if client is not None:
        return client
    if _factory is None:
        raise RuntimeError("no FranceConnect OIDC client registered (franceconnect.use_client)")
    return _factory()
