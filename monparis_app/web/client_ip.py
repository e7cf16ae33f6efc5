"""The client's address, for every HTTP door (GraphQL included) and its rate limits."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from monparis_app.core import client_info


def request_client_ip(connection: HTTPConnection) -> str:
    """The client's address for an HTTP request (GraphQL too): the direct peer, or the address
    our trusted proxies forwarded (``MONPARIS_TRUSTED_PROXIES``)."""
    peer = connection.client.host if connection.client else ""
    return client_info.client_ip(peer, connection.headers.items())
