"""What we keep of a client: enough to recognise a device and a network, not a person."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence

from monparis_app.settings import get_settings


def truncate_ip(client_ip: str) -> str:
    """Enough to recognise a network, not a person: IPv4 /24, IPv6 /48."""
    try:
        address = ipaddress.ip_address(client_ip)
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{client_ip}/{prefix}", strict=False))


_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def describe_device(user_agent: str) -> str:
    """ "Chrome sur Linux": what a person recognises in a session list, nothing more."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "Navigateur")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    if re.search(r"HeadlessChrome", user_agent):
        browser = "Chrome"
    return f"{browser} sur {system}" if system else browser


# --- The client's address behind reverse proxies ----------------------------------------------

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Hops read at most: a chain longer than this is not a real deployment, and the walk stops there.
_MAX_HOPS = 32


def client_ip(peer: str, headers: Iterable[tuple[str, str]]) -> str:
    """The client's address for this deployment (``MONPARIS_TRUSTED_PROXIES``): what every door
    calls, with the direct peer and the request's (or websocket handshake's) header pairs."""
    return forwarded_client(peer, headers, get_settings().trusted_proxy_networks)


def forwarded_client(
    peer: str, headers: Iterable[tuple[str, str]], trusted: Sequence[Network]
) -> str:
    """The client's address: the direct peer, unless that peer is a trusted proxy.

    ``X-Forwarded-For`` and ``Forwarded`` are written by whoever sends them, so they count only
    when the peer is one of our proxies. Then the chain is walked from the right (each proxy
    appends the address it saw), skipping our proxies; the first address that is not one of
    ours is the client. Everything to its left was written by the client and is ignored.

    A hop that is not an address (``unknown``, an obfuscated ``_name``, garbage) cannot be the
    client's doing, since it sits right of every address the client could write: the proxy
    that wrote it is the best we know, so the last trusted hop is returned.

    Both headers present but naming different clients means one of them came from the client
    through a proxy that only appends to the other: neither can be believed, the peer is used.
    """
    peer_address = _parse_node(peer)
    if peer_address is None or not _is_trusted(peer_address, trusted):
        return peer
    values: dict[str, list[str]] = {"x-forwarded-for": [], "forwarded": []}
    for name, value in headers:
        values.get(name.lower(), []).append(value)
    candidates = set()
    if values["x-forwarded-for"]:
        hops = [_parse_node(h) for h in _split_list(", ".join(values["x-forwarded-for"]))]
        candidates.add(_walk(peer_address, hops, trusted))
    if values["forwarded"]:
        hops = [_forwarded_for(e) for e in _split_list(", ".join(values["forwarded"]))]
        candidates.add(_walk(peer_address, hops, trusted))
    if len(candidates) != 1:
        return str(peer_address)
    return str(candidates.pop())


def _walk(peer: Address, hops: list[Address | None], trusted: Sequence[Network]) -> Address:
    last_trusted = peer
    for hop in reversed(hops[-_MAX_HOPS:]):
        if hop is None:
            return last_trusted
        if not _is_trusted(hop, trusted):
            return hop
        last_trusted = hop
    # Every hop is one of our own networks (an internal client): the leftmost is the client.
    return last_trusted


def _is_trusted(address: Address, trusted: Sequence[Network]) -> bool:
    return any(address.version == net.version and address in net for net in trusted)


def _split_list(value: str) -> list[str]:
    """Split a header list on commas outside quoted strings (RFC 9110 §5.6.1)."""
    items: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    items.append("".join(current).strip())
    return [item for item in items if item]


def _forwarded_for(element: str) -> Address | None:
    """The ``for=`` node of one ``Forwarded`` element (RFC 7239 §4), or None if it has none."""
    for pair in element.split(";"):
        name, sep, value = pair.partition("=")
        if sep and name.strip().lower() == "for":
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            return _parse_node(value)
    return None


def _parse_node(node: str) -> Address | None:
    """``192.0.2.1``, ``192.0.2.1:4711``, ``2001:db8::1``, ``[2001:db8::1]:4711`` → the address.

    An IPv4 address mapped into IPv6 (``::ffff:192.0.2.1``, what a dual-stack socket reports)
    is the IPv4 address, so an IPv4 proxy list matches it.
    """
    node = node.strip()
    if node.startswith("["):
        host, bracket, rest = node[1:].partition("]")
        if not bracket or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return None
        node = host
    elif node.count(":") == 1:
        host, _, port = node.partition(":")
        if not port.isdigit():
            return None
        node = host
    try:
        address = ipaddress.ip_address(node)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id:
        return None
    return address
