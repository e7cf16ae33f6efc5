"""``/dev/mailbox``: the e-mails the dev mailbox received, so a developer can read a code
without an SMTP server. Mounted in dev only (``app.create_api``)."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from monparis_app.core import outbox
from monparis_app.models import OutboxEmail
from monparis_app.web import routes


async def dev_mailbox(_: Request) -> Response:
    """The e-mails the dev mailbox received, newest first (dev mode only)."""
    rows = await OutboxEmail.filter(delivered_via="dev-mailbox").order_by("-id").limit(50)
    items = "".join(
        f"<article><h2>{escape(r.subject)}</h2><p>À : {escape(r.recipient)} — "
        f"{r.sent_at:%d/%m/%Y %H:%M:%S}</p><pre>{escape(outbox.delivered_bodies(r)[0])}</pre>"
        "</article>"
        for r in rows
    )
    return HTMLResponse(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        "<title>Boîte de développement — Mon Paris</title></head><body><main>"
        f"<h1>Boîte de développement</h1>{items or '<p>Aucun courriel.</p>'}</main></body></html>"
    )


http_routes: list[BaseRoute] = [Route(routes.DEV_MAILBOX, dev_mailbox)]
