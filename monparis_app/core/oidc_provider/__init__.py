""" "Se connecter avec Mon Paris": Mon Paris as the OpenID Connect provider of the City's services.

The protocol is authlib's (authorization server, OIDC code grant, PKCE, RP-initiated logout);
this package holds our choices and our storage, one module per concern:

* ``clients``: the services registered by configuration (``MONPARIS_OIDC_CLIENTS``).
* ``authorize``: the authorization request across sign-in, sign-up and consent.
* ``endpoints``: token, userinfo, end-session, discovery and JWKS.
* ``server``: authlib's server and grants wired to our storage; ``store``: the rows.
* ``keys``: the ES256 signing keys and their rotation; ``claims``: scopes to claims.
* ``consents``: "Services connectés" on the account page and in GraphQL.
"""

from monparis_app.core.oidc_provider.authorize import (
    AuthorizeOutcome,
    ConsentNeeded,
    ConsentRequest,
    ErrorPage,
    SignInNeeded,
    ToClient,
    asks_fresh_sign_in,
    authorize,
    consent_request,
    decide,
    resume,
)
from monparis_app.core.oidc_provider.clients import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    RegisteredClient,
    find_client,
    registered_clients,
)
from monparis_app.core.oidc_provider.consents import (
    ConnectedService,
    connected_services,
    revoke_service,
)
from monparis_app.core.oidc_provider.endpoints import (
    EndSession,
    discovery_document,
    end_session,
    jwks,
    token_response,
    userinfo_response,
)
from monparis_app.core.oidc_provider.server import HttpAnswer

__all__ = [
    "DEMO_CLIENT_ID",
    "DEMO_CLIENT_SECRET",
    "AuthorizeOutcome",
    "ConnectedService",
    "ConsentNeeded",
    "ConsentRequest",
    "EndSession",
    "ErrorPage",
    "HttpAnswer",
    "RegisteredClient",
    "SignInNeeded",
    "ToClient",
    "asks_fresh_sign_in",
    "authorize",
    "connected_services",
    "consent_request",
    "decide",
    "discovery_document",
    "end_session",
    "find_client",
    "jwks",
    "registered_clients",
    "resume",
    "revoke_service",
    "token_response",
    "userinfo_response",
]
