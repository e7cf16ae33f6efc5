"""Shared state handed to every endpoint: configuration, keys, store, URLs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse

from fcsim.config import SimulatorConfig
from fcsim.keys import KeyStore
from fcsim.store import Store

SESSION_COOKIE = "fcsim_session"
"""Name of the simulator's browser-session cookie.

Cookies are not isolated by port, so on ``localhost`` the simulator and the
client share a cookie jar: the distinctive name and the ``/api/v2`` path keep
the two apart.
"""


@dataclass
class Simulator:
    """Everything the endpoints need, built once by :func:`fcsim.app.create_app`."""

    config: SimulatorConfig
    keys: KeyStore
    store: Store = field(init=False)

    def __post_init__(self) -> None:
        """The store shares the configured clock so all expiries agree."""
        self.store = Store(self.config.clock)

    @property
    def issuer(self) -> str:
        """The ``iss`` value, also the base URL of every endpoint."""
        return self.config.issuer

    @property
    def prefix(self) -> str:
        """The path part of the issuer (``/api/v2``), where routes are mounted."""
        return urlsplit(self.issuer).path.rstrip("/")

    def now(self) -> float:
        """Current time from the configured (possibly fake) clock."""
        return self.config.clock()

    def url(self, path: str) -> str:
        """Absolute URL of an endpoint, as published in the discovery document."""
        return f"{self.issuer}{path}"

    def local(self, path: str) -> str:
        """Path of a simulator page, for links and form actions in HTML."""
        return f"{self.prefix}{path}"


def get_simulator(request: Request) -> Simulator:
    """The simulator attached to the application (one per app instance)."""
    simulator: Simulator = request.app.state.simulator
    return simulator


def add_query(url: str, params: Mapping[str, str | None]) -> str:
    """Append parameters to a URL that may already have a query string."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(key, value) for key, value in params.items() if value is not None]
    return urlunsplit(parts._replace(query=urlencode(query)))


def redirect(request: Request, url: str) -> RedirectResponse:
    """Redirect with 302 after GET, 303 after POST (so the browser follows with GET)."""
    return RedirectResponse(url, status_code=303 if request.method == "POST" else 302)
