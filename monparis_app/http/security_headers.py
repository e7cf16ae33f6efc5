"""Security headers on every HTTP response: Reflex pages and assets, GraphQL, ``/auth/*``, health.

One pure ASGI middleware wraps the whole app (Reflex frontend included, see ``monparis_app.py``
and ``http.app.create_standalone_api``). The header values come from the maintained ``secure``
library; this module only decides the policy and, for HTML, which inline scripts it allows.

Why the Content-Security-Policy is what it is (measured on the Reflex 0.10 production build):

* the prerendered HTML carries ~8 **inline scripts** (React Router's context and route-module
  imports, React's streaming helpers, Reflex's colour-mode script), different on each page. So
  instead of ``'unsafe-inline'``, each HTML response gets the SHA-256 **hashes of its own inline
  scripts**, computed here from the body it is about to send: an injected ``<script>`` or
  ``onclick=`` does not run.
* Reflex implements ``rx.call_script`` (focus moves, redirects to HTTP routes, the captcha
  player) with ``eval()`` in ``state.js``: ``'unsafe-eval'`` is needed until those calls go.
* Emotion (Reflex's CSS-in-JS) inserts ``<style>`` elements at run time and the prerendered HTML
  holds some: ``style-src 'unsafe-inline'`` (styles cannot run code).
* the websocket (``/_event``) is the app's own origin in ``ws:``/``wss:``; captcha images and
  audio are ``data:`` URLs; forms may leave only for this origin, FranceConnect and the City
  services registered as OpenID Connect clients (Chrome checks ``form-action`` against the
  redirects that follow a submission).
* GraphiQL (dev only, ``GET /graphql`` HTML) loads React and GraphiQL from unpkg with an inline
  script: that one page gets a relaxed policy, in dev only.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import zlib
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import urlsplit

import anyio
from secure import (
    ContentSecurityPolicy,
    PermissionsPolicy,
    ReferrerPolicy,
    Secure,
    StrictTransportSecurity,
    XContentTypeOptions,
    XFrameOptions,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monparis_app.settings import Settings, get_settings
from monparis_app.web import routes

HSTS_MAX_AGE_SECONDS = 63_072_000  # two years, what hstspreload.org asks for
GRAPHIQL_CDN = "https://unpkg.com"
PATHSEND = "http.response.pathsend"
_INLINE_SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC_ATTRIBUTE = re.compile(rb"\ssrc\s*=", re.IGNORECASE)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _websocket_origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"


def _franceconnect_origin(settings: Settings) -> str:
    from monparis_app.core.franceconnect import config_from_settings

    return _origin(config_from_settings(settings).issuer)


def _service_origins() -> list[str]:
    """The City services signing in with Mon Paris: "Autoriser" on the consent page is a form
    whose answer redirects to the service, and Chrome checks that redirect against
    ``form-action``."""
    from monparis_app.core.oidc_provider import registered_clients

    uris = [u for c in registered_clients().values() for u in c.redirect_uris]
    return sorted({_origin(u) for u in uris})


def _content_security_policy(settings: Settings, script_hashes: tuple[str, ...]) -> str:
    csp = (
        ContentSecurityPolicy()
        .default_src("'self'")
        .script_src("'self'", "'unsafe-eval'", *script_hashes)
        .script_src_attr("'none'")
        .style_src("'self'", "'unsafe-inline'")
        .img_src("'self'", "data:")
        .media_src("'self'", "data:")
        .font_src("'self'", "data:")
        .connect_src("'self'", _websocket_origin(settings.base_url))
        .object_src("'none'")
        .base_uri("'self'")
        .form_action("'self'", _franceconnect_origin(settings), *_service_origins())
        .frame_src("'none'")
        .frame_ancestors("'none'")
        .worker_src("'self'")
        .manifest_src("'self'")
    )
    if not settings.is_dev:
        csp = csp.upgrade_insecure_requests()
    return csp.header_value


def _graphiql_policy() -> str:
    """The dev-only GraphiQL page: its CDN scripts and styles, its inline bootstrap script."""
    return (
        ContentSecurityPolicy()
        .default_src("'self'")
        .script_src("'self'", "'unsafe-inline'", GRAPHIQL_CDN)
        .style_src("'self'", "'unsafe-inline'", GRAPHIQL_CDN)
        .img_src("'self'", "data:", GRAPHIQL_CDN)
        .font_src("'self'", "data:", GRAPHIQL_CDN)
        .connect_src("'self'")
        .object_src("'none'")
        .base_uri("'self'")
        .frame_ancestors("'none'")
        .header_value
    )


def _secure(settings: Settings, csp_value: str) -> Secure:
    # Powerful features the service never uses (the captcha audio plays on a click: no autoplay
    # rule, which would also refuse that play() once the websocket round trip has eaten the
    # click's activation).
    permissions = (
        PermissionsPolicy()
        .accelerometer()
        .camera()
        .display_capture()
        .geolocation()
        .gyroscope()
        .magnetometer()
        .microphone()
        .midi()
        .payment()
        .usb()
        .browsing_topics()
    )
    return Secure(
        csp=ContentSecurityPolicy().set(csp_value),
        hsts=None
        if settings.is_dev
        else StrictTransportSecurity().max_age(HSTS_MAX_AGE_SECONDS).include_subdomains(),
        permissions=permissions,
        referrer=ReferrerPolicy().strict_origin_when_cross_origin(),
        xcto=XContentTypeOptions().nosniff(),
        xfo=XFrameOptions().deny(),
    )


def _decoded(body: bytes, encoding: str) -> bytes | None:
    """The HTML as the browser will read it (Reflex serves precompressed ``.html.gz``)."""
    try:
        if encoding in ("", "identity"):
            return body
        if encoding == "gzip":
            return gzip.decompress(body)
        if encoding == "deflate":
            return zlib.decompress(body)
    except (OSError, EOFError, zlib.error):
        return None
    return None  # brotli/zstd: not configured here; the page then runs no inline script


@lru_cache(maxsize=256)
def inline_script_hashes(html: bytes) -> tuple[str, ...]:
    """``'sha256-…'`` of each inline ``<script>`` of a page, as CSP hashes them (UTF-8 text,
    newlines normalised by the HTML parser)."""
    hashes: list[str] = []
    for match in _INLINE_SCRIPT.finditer(html):
        attributes, text = match.groups()
        if _SRC_ATTRIBUTE.search(attributes) or not text:
            continue
        text = text.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        digest = base64.b64encode(hashlib.sha256(text).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return tuple(hashes)


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1").strip().lower()
    return ""


class SecurityHeaders:
    """Add the security headers to each HTTP response; HTML gets a CSP with its script hashes.

    HTML bodies are small and static (prerendered pages, short route pages), so they are held
    until complete to hash their inline scripts; every other response streams through untouched
    except for its headers. A ``304`` carries no CSP: the browser keeps the one stored with the
    cached page, whose hashes match that page (a CSP without them would break it).
    """

    def __init__(self, app: ASGIApp, settings: Settings | None = None) -> None:
        self.app = app
        self.settings = settings or get_settings()
        self._default = self._headers(())
        self._graphiql = dict(_secure(self.settings, _graphiql_policy()).headers)

    @lru_cache(maxsize=256)  # noqa: B019 - one middleware per process, a few dozen pages
    def _headers(self, script_hashes: tuple[str, ...]) -> Mapping[str, str]:
        csp = _content_security_policy(self.settings, script_hashes)
        return dict(_secure(self.settings, csp).headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        graphiql = (
            self.settings.is_dev and scope["path"] == routes.GRAPHQL and scope["method"] == "GET"
        )
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                is_html = _header(headers, b"content-type").startswith("text/html")
                if graphiql or not is_html or message["status"] == 304:
                    chosen = self._graphiql if graphiql else self._default
                    skip = {"content-security-policy"} if message["status"] == 304 else set()
                    await send(_with(message, headers, chosen, skip))
                    return
                start = message  # HTML: wait for the body to know its inline scripts
                return
            if start is None or message["type"] not in ("http.response.body", PATHSEND):
                await send(message)
                return
            if message["type"] == PATHSEND:
                # Granian's zero-copy file send: the (small) HTML file is read and sent as body.
                chunks.append(await anyio.Path(message["path"]).read_bytes())
            else:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
            body = b"".join(chunks)
            headers = list(start.get("headers", []))
            html = _decoded(body, _header(headers, b"content-encoding"))
            chosen = self._headers(inline_script_hashes(html) if html else ())
            await send(_with(start, headers, chosen, set()))
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, send_with_headers)


def _with(
    message: Message,
    headers: list[tuple[bytes, bytes]],
    secure_headers: Mapping[str, str],
    skip: set[str],
) -> Message:
    names = {name.lower().encode("ascii") for name in secure_headers}
    kept = [(k, v) for k, v in headers if k.lower() not in names]
    kept.extend(
        (name.lower().encode("ascii"), value.encode("latin-1"))
        for name, value in secure_headers.items()
        if name.lower() not in skip
    )
    return {**message, "headers": kept}


def with_security_headers(app: ASGIApp) -> ASGIApp:
    """The callable ``rx.App(api_transformer=[…, with_security_headers])`` applies last."""
    return SecurityHeaders(app)
