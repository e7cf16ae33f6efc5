"""The HTTP door: every Starlette route, the cookies, and the middleware around the whole app.

Reflex handlers run over a websocket and cannot set an HttpOnly cookie nor send the browser
across origins; what needs a real HTTP request lives here, each route reading the request,
calling ``monparis_app.core`` and mapping the answer to a cookie, a redirect or a body.

- ``app.py``: the Starlette app Reflex mounts (``create_api``) or that runs alone
  (``create_standalone_api``), with the route list and the middleware order;
- ``graphql_view.py``: Strawberry's view, unreadable requests answered in French;
- ``session.py``, ``franceconnect.py``, ``account_export.py``, ``no_javascript.py``: the
  browser's routes (sign-in hand-over, FranceConnect, RGPD download, no-JavaScript fallback);
- ``observability.py``, ``dev_mailbox.py``: health, readiness, metrics, the dev mailbox;
- ``cookies.py``: the session cookie and the browser binding cookie;
- ``body_limit.py``, ``security_headers.py``: what every request and response goes through;
- ``client_ip.py``: who is asking (trusted proxies considered).

Paths come from ``monparis_app.web.routes``, never from here.
"""
