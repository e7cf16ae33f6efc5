"""What we keep of a client: enough to recognise a device and a network, not a person."""

from __future__ import annotations

import ipaddress
import re


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
