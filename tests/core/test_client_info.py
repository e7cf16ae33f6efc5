"""The client's address behind reverse proxies: headers count only from a trusted peer."""

from __future__ import annotations

import ipaddress
from types import SimpleNamespace
from typing import cast

import pytest
import reflex as rx

from monparis_app.core.client_info import client_ip, forwarded_client

PROXIES = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("2001:db8:ffff::/48"))
EDGE = "10.0.0.2"


def client(peer: str, *headers: tuple[str, str]) -> str:
    return forwarded_client(peer, headers, PROXIES)


def test_no_trusted_proxy_means_the_peer() -> None:
    assert forwarded_client("198.51.100.7", [("X-Forwarded-For", "203.0.113.9")], ()) == (
        "198.51.100.7"
    )


def test_untrusted_peer_cannot_spoof_its_address() -> None:
    spoofed = [("x-forwarded-for", "203.0.113.9"), ("forwarded", "for=203.0.113.9")]
    assert client("198.51.100.7", *spoofed) == "198.51.100.7"


def test_trusted_peer_forwards_the_client() -> None:
    assert client(EDGE, ("X-Forwarded-For", "203.0.113.9")) == "203.0.113.9"


def test_trusted_peer_without_header_is_the_client() -> None:
    assert client(EDGE) == EDGE


def test_chain_of_two_proxies_is_walked_from_the_right() -> None:
    # client → proxy 10.1.1.1 → proxy 10.0.0.2 → us; the left entry is the client's own lie.
    chain = ("X-Forwarded-For", "192.0.2.66, 203.0.113.9, 10.1.1.1")
    assert client(EDGE, chain) == "203.0.113.9"


def test_repeated_headers_are_one_list_in_order() -> None:
    assert client(EDGE, ("x-forwarded-for", "192.0.2.66"), ("x-forwarded-for", "203.0.113.9")) == (
        "203.0.113.9"
    )


def test_spoofed_entry_behind_a_trusted_proxy_is_ignored() -> None:
    # The client wrote "10.9.9.9" (one of our ranges) hoping to be skipped; the proxy appended
    # the real address to its right, which is where the walk stops.
    assert client(EDGE, ("X-Forwarded-For", "10.9.9.9, 203.0.113.9")) == "203.0.113.9"


def test_chain_of_only_our_addresses_gives_the_leftmost() -> None:
    assert client(EDGE, ("X-Forwarded-For", "10.7.7.7, 10.1.1.1")) == "10.7.7.7"


def test_ipv6_client_and_ipv6_proxy() -> None:
    assert client("2001:db8:ffff::2", ("X-Forwarded-For", "2001:db8:1::5")) == "2001:db8:1::5"
    assert client("2001:db8:1::9", ("X-Forwarded-For", "203.0.113.9")) == "2001:db8:1::9"


def test_ipv4_mapped_peer_matches_an_ipv4_network() -> None:
    assert client("::ffff:10.0.0.2", ("X-Forwarded-For", "203.0.113.9")) == "203.0.113.9"


def test_ports_are_dropped() -> None:
    assert client(EDGE, ("X-Forwarded-For", "203.0.113.9:51000")) == "203.0.113.9"
    assert client(EDGE, ("X-Forwarded-For", "[2001:db8:1::5]:443")) == "2001:db8:1::5"


def test_forwarded_quoted_ipv6_with_port() -> None:
    assert client(EDGE, ("Forwarded", 'for="[2001:db8::1]:4711"')) == "2001:db8::1"


def test_forwarded_elements_and_parameters() -> None:
    value = 'for=192.0.2.66;proto=https, For="203.0.113.9";by=10.0.0.2, for=10.1.1.1'
    assert client(EDGE, ("Forwarded", value)) == "203.0.113.9"


@pytest.mark.parametrize(
    "value",
    [
        "not-an-ip",
        "unknown",
        "203.0.113.9.1",
        "[2001:db8::1",
        "[2001:db8::1]x",
        "203.0.113.9:port",
        "fe80::1%eth0",
        "",
        ",,,",
    ],
)
def test_malformed_last_hop_falls_back_to_the_proxy(value: str) -> None:
    assert client(EDGE, ("X-Forwarded-For", value)) == EDGE


@pytest.mark.parametrize("value", ["for=unknown", "for=_hidden", "proto=https", 'for="', "garbage"])
def test_malformed_forwarded_falls_back_to_the_proxy(value: str) -> None:
    assert client(EDGE, ("Forwarded", value)) == EDGE


def test_malformed_hop_left_of_the_client_does_not_matter() -> None:
    assert client(EDGE, ("X-Forwarded-For", "💥, 203.0.113.9")) == "203.0.113.9"


def test_malformed_hop_between_proxies_gives_the_proxy_that_wrote_it() -> None:
    assert client(EDGE, ("X-Forwarded-For", "203.0.113.9, junk, 10.1.1.1")) == "10.1.1.1"


def test_headers_naming_two_clients_are_both_ignored() -> None:
    # The proxy appends X-Forwarded-For; the client sent its own Forwarded to dodge a limit.
    headers = [("X-Forwarded-For", "203.0.113.9"), ("Forwarded", "for=192.0.2.66")]
    assert client(EDGE, *headers) == EDGE


def test_headers_naming_the_same_client_agree() -> None:
    headers = [("X-Forwarded-For", "203.0.113.9"), ("Forwarded", "for=203.0.113.9")]
    assert client(EDGE, *headers) == "203.0.113.9"


def test_peer_that_is_not_an_address_is_kept() -> None:
    assert client("testclient", ("X-Forwarded-For", "203.0.113.9")) == "testclient"
    assert client("", ("X-Forwarded-For", "203.0.113.9")) == ""


def test_long_chain_is_bounded() -> None:
    chain = ", ".join(["10.1.1.1"] * 1000)
    assert client(EDGE, ("X-Forwarded-For", chain)) == "10.1.1.1"


def test_settings_decide_which_proxies_are_trusted(configure) -> None:  # type: ignore[no-untyped-def]
    headers = [("X-Forwarded-For", "203.0.113.9")]
    assert client_ip(EDGE, headers) == EDGE
    configure(TRUSTED_PROXIES="10.0.0.0/8, 2001:db8::/32")
    assert client_ip(EDGE, headers) == "203.0.113.9"


# --- The Reflex door: the websocket's peer and its handshake headers --------------------------


def websocket_state(peer: str, headers: dict[str, str]) -> rx.State:
    """What a Reflex state sees of its socket: router data built by Reflex's own connect code."""
    from reflex import constants
    from reflex.app import EventNamespace
    from reflex.istate.data import RouterData

    scope = {
        "client": (peer, 50000),
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
    }
    # The method reads only its arguments and Reflex's config, not the namespace instance.
    static = EventNamespace._build_static_router_data(None, "sid", {"asgi.scope": scope})  # type: ignore[arg-type]
    assert static[constants.RouteVar.CLIENT_IP] == peer
    return cast(rx.State, SimpleNamespace(router=RouterData.from_router_data(static)))


def test_pages_use_the_forwarded_client_behind_a_trusted_proxy(configure) -> None:  # type: ignore[no-untyped-def]
    from monparis_app.pages.session import client_ip as page_client_ip

    # A client cannot pass itself off as the peer with Reflex's own header name either.
    handshake = {
        "x-forwarded-for": "192.0.2.66, 203.0.113.9",
        "asgi-scope-client": "10.0.0.3",
        "user-agent": "Firefox/140",
    }
    assert page_client_ip(websocket_state(EDGE, handshake)) == EDGE
    assert page_client_ip(websocket_state("198.51.100.7", handshake)) == "198.51.100.7"
    configure(TRUSTED_PROXIES="10.0.0.0/8")
    assert page_client_ip(websocket_state(EDGE, handshake)) == "203.0.113.9"
    assert page_client_ip(websocket_state("198.51.100.7", handshake)) == "198.51.100.7"
