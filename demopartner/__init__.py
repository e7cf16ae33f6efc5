"""demopartner — "Demande de stationnement résident", a City service that signs in with Mon Paris.

A small, separate web service acting as a real OpenID Connect relying party of the Mon Paris
provider, for ``make run`` in dev and the end-to-end tests. The contract with the provider:

- issuer ``DEMO_PARTNER_ISSUER`` (default ``http://localhost:8000``), read through standard
  discovery (``/.well-known/openid-configuration``), ID tokens signed with ES256;
- confidential client ``DEMO_PARTNER_CLIENT_ID`` / ``DEMO_PARTNER_CLIENT_SECRET``
  (``demo-stationnement`` / ``demo-stationnement-secret-dev``), ``client_secret_basic``;
- redirect URI ``{origin}/callback`` and post-logout redirect URI ``{origin}/deconnecte``, where
  ``{origin}`` is how the browser reached the demo (``http://localhost:8002`` or
  ``http://127.0.0.1:8002``, both registered);
- scopes ``openid profile email address`` (``DEMO_PARTNER_SCOPES``), code flow with PKCE S256,
  ``state``, ``nonce`` and the RFC 9207 ``iss`` response parameter required.
"""
