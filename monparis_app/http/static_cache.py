"""Cheap answers for the built frontend: cache headers, compression, no redirect for typed URLs.

In production the frontend is served by Reflex's ``PrecompressedStaticFiles`` (a Starlette
``StaticFiles`` mounted inside the API app, ``reflex.utils.exec.get_frontend_mount``), which sets
no ``Cache-Control`` and redirects ``/inscription`` to ``/inscription/`` (307) because the
prerendered page is the folder ``inscription/index.html``. The middleware here wraps the whole
app (``http.app.create_api``), so:

* ``StaticCache`` serves a folder's ``index.html`` at the URL people type (``/inscription``, no
  slash) instead of a redirect, a round trip that costs ~600 ms on a phone; and gives each file
  a cache policy: hashed build assets (``/assets/…-<hash>.js|css``) are ``immutable`` for a
  year (their name changes with their content), HTML is revalidated every time (it names the
  assets of the current build, and its CSP hashes its own scripts), other files (fonts, icons,
  ``styles.css`` under a fixed name) are kept ``SHORT_CACHE_SECONDS``;
* ``PathsendAsBody`` turns a textual file that granian would send zero-copy
  (``http.response.pathsend``, which no middleware can compress) into an ordinary body, unless it
  is already compressed (Reflex's ``.gz`` sidecars);
* Starlette's ``GZipMiddleware`` then compresses every textual response of 500 bytes or more
  (HTML, JS, CSS, SVG; images, audio and fonts are left as they are), except the answers that
  may carry a secret (``UNCOMPRESSED_PREFIXES``).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import anyio
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monparis_app.web import routes

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT_CACHE_SECONDS = 600
SHORT_CACHE = f"public, max-age={SHORT_CACHE_SECONDS}"
REVALIDATE = "no-cache"
GZIP_LEVEL = 6  # zlib's default: most of level 9's gain for a fraction of its CPU
PATHSEND = "http.response.pathsend"

# A build asset named by its content: Vite writes ``<name>-<8+ chars of base64url hash>.<ext>``.
_HASHED_ASSET = re.compile(r"^/assets/.+-[A-Za-z0-9_-]{8,}\.(?:js|mjs|css)$")
_TEXTUAL = ("text/", "application/javascript", "application/json", "image/svg+xml")


def frontend_static_dir() -> Path | None:
    """The folder Reflex's production build serves (``.web/build/client``); a URL path is a
    path inside it (``frontend_path``, when set, is its first folder). None outside Reflex."""
    try:
        from reflex.utils.prerequisites import get_web_dir
        from reflex_base import constants
    except ImportError:
        return None
    return (get_web_dir() / constants.Dirs.STATIC).resolve()


def is_textual(content_type: str) -> bool:
    return content_type.strip().lower().startswith(_TEXTUAL)


def cache_policy(path: str, content_type: str) -> str:
    """The ``Cache-Control`` of a file served at ``path``."""
    if _HASHED_ASSET.match(path):
        return IMMUTABLE
    if content_type.startswith("text/html"):
        return REVALIDATE
    return SHORT_CACHE


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


class StaticCache:
    """Folder URLs without a redirect, and a ``Cache-Control`` on every static file.

    A static file is recognised by what ``StaticFiles`` always sends and the API never does
    (an ``ETag`` and no ``Cache-Control``); a route that sets its own ``Cache-Control`` (the
    captcha media, the data export) keeps it.
    """

    def __init__(self, app: ASGIApp, static_dir: Path | None = None) -> None:
        self.app = app
        self._static_dir = static_dir
        self._looked_up = static_dir is not None

    def static_dir(self) -> Path | None:
        if not self._looked_up:
            self._static_dir, self._looked_up = frontend_static_dir(), True
        return self._static_dir

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        static_dir = self.static_dir()
        if static_dir is not None and _is_page_folder(static_dir, path):
            scope = {**scope, "path": path + "/", "raw_path": scope.get("raw_path", b"") + b"/"}

        async def send_with_cache(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = message.get("headers", [])
                if _header(headers, b"etag") and not _header(headers, b"cache-control"):
                    mutable = MutableHeaders(scope=message)
                    mutable["Cache-Control"] = cache_policy(path, _header(headers, b"content-type"))
            await send(message)

        await self.app(scope, receive, send_with_cache)


@lru_cache(maxsize=1024)
def _is_page_folder_cached(static_dir: Path, path: str) -> bool:
    relative = path.strip("/")
    candidate = (static_dir / relative / "index.html").resolve()
    return candidate.is_relative_to(static_dir) and candidate.is_file()


def _is_page_folder(static_dir: Path, path: str) -> bool:
    """``/inscription`` when ``inscription/index.html`` exists (a prerendered page)."""
    if path == "/" or path.endswith("/") or "." in path.rsplit("/", 1)[-1] or "\x00" in path:
        return False
    return _is_page_folder_cached(static_dir, path)


class PathsendAsBody:
    """Textual, uncompressed zero-copy file responses become ordinary bodies, so that the
    compression middleware around this one can compress them (the files are small)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        textual = False

        async def send_file_as_body(message: Message) -> None:
            nonlocal textual
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                textual = is_textual(_header(headers, b"content-type")) and not _header(
                    headers, b"content-encoding"
                )
            elif message["type"] == PATHSEND and textual:
                body = await anyio.Path(os.fspath(message["path"])).read_bytes()
                message = {"type": "http.response.body", "body": body, "more_body": False}
            await send(message)

        await self.app(scope, receive, send_file_as_body)


# Answers that may carry a secret (a session token, a sign-in ticket, the personal-data export)
# next to text an attacker chose are never compressed: their compressed size would leak the
# secret byte by byte (BREACH). They are small; the pages and assets are what weighs.
UNCOMPRESSED_PREFIXES = (routes.GRAPHQL, "/auth/", routes.ACCOUNT_EXPORT, "/dev/")


class PublicGZip:
    """``GZipMiddleware`` for everything but ``UNCOMPRESSED_PREFIXES``."""

    def __init__(self, app: ASGIApp, minimum_size: int = 500, compresslevel: int = 9) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size, compresslevel=compresslevel)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(UNCOMPRESSED_PREFIXES):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def middleware(static_dir: Path | None = None) -> list[Middleware]:
    """Outermost first: compression around the pathsend conversion around the cache policy.
    ``static_dir``: the built frontend's folder (default: Reflex's, found at first request)."""
    return [
        Middleware(PublicGZip, minimum_size=500, compresslevel=GZIP_LEVEL),
        Middleware(PathsendAsBody),
        Middleware(StaticCache, static_dir=static_dir),
    ]
