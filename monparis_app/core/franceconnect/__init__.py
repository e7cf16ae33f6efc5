"""FranceConnect sign-in and sign-up: the rules, once, for the browser routes and for GraphQL.

One module per journey, so each rule is where its name says:

* ``login``: start an authorization request (browser, partner app, account link) and finish
  it on return: state, tokens, identity, then the account.
* ``creation``: a new identity becomes an account only once the terms of use are accepted.
* ``link``: an identity joins an existing account (password proven, or from the account
  page) and can be unlinked.
* ``logout``: FranceConnect's end-session URL and its state.
* ``claims``: the certified identity read from the claims; ``results``: the outcomes and the
  one failure type; ``pending``: the single-use secrets and rows; ``config``: settings, TTLs.
* ``oidc``: which OIDC client is used (``use_client``); its Protocol is in ``core.ports``,
  the HTTP transport in ``monparis_app.adapters.franceconnect_client``.

This package re-exports the names the doors use (``from monparis_app.core import
franceconnect as fc``), so ``fc.start``, ``fc.SignedIn`` and the like keep one spelling.
"""

from __future__ import annotations

from monparis_app.core.franceconnect.claims import (
    CERTIFIED_FIELDS,
    CertifiedIdentity,
    certified_identity,
)
from monparis_app.core.franceconnect.config import (
    ACR_LEVELS,
    CALLBACK_PATH,
    CREATION_TTL_SECONDS,
    LINK_TTL_SECONDS,
    LOGGED_OUT_PATH,
    LOGIN_TTL_SECONDS,
    REQUIRED_ACR,
    SIMULATOR_CLIENT_ID,
    SIMULATOR_CLIENT_SECRET,
    FranceConnectConfig,
    check_redirect_uri,
    config_from_settings,
)
from monparis_app.core.franceconnect.creation import accept_terms, cancel_creation, pending_creation
from monparis_app.core.franceconnect.link import complete_link, pending_link, unlink
from monparis_app.core.franceconnect.login import (
    abandon_login,
    consume_login,
    finish,
    start,
    start_account_link,
    start_for_partner,
)
from monparis_app.core.franceconnect.logout import logout_state_matches, logout_url
from monparis_app.core.franceconnect.oidc import ClientFactory, use_client
from monparis_app.core.franceconnect.pending import digest, new_secret, purge_expired
from monparis_app.core.franceconnect.results import (
    KNOWN_PROVIDER_ERRORS,
    FinishOutcome,
    FranceConnectError,
    Linked,
    LinkOutcome,
    LinkRequired,
    Origin,
    PendingCreation,
    PendingLink,
    SignedIn,
    Started,
    TermsRequired,
    failure,
    provider_error,
)
from monparis_app.core.ports import OidcClient, TokenSet

__all__ = [
    "ACR_LEVELS",
    "CALLBACK_PATH",
    "CERTIFIED_FIELDS",
    "CREATION_TTL_SECONDS",
    "KNOWN_PROVIDER_ERRORS",
    "LINK_TTL_SECONDS",
    "LOGGED_OUT_PATH",
    "LOGIN_TTL_SECONDS",
    "REQUIRED_ACR",
    "SIMULATOR_CLIENT_ID",
    "SIMULATOR_CLIENT_SECRET",
    "CertifiedIdentity",
    "ClientFactory",
    "FinishOutcome",
    "FranceConnectConfig",
    "FranceConnectError",
    "LinkOutcome",
    "LinkRequired",
    "Linked",
    "OidcClient",
    "Origin",
    "PendingCreation",
    "PendingLink",
    "SignedIn",
    "Started",
    "TermsRequired",
    "TokenSet",
    "abandon_login",
    "accept_terms",
    "cancel_creation",
    "certified_identity",
    "check_redirect_uri",
    "complete_link",
    "config_from_settings",
    "consume_login",
    "digest",
    "failure",
    "finish",
    "logout_state_matches",
    "logout_url",
    "new_secret",
    "pending_creation",
    "pending_link",
    "provider_error",
    "purge_expired",
    "start",
    "start_account_link",
    "start_for_partner",
    "unlink",
    "use_client",
]
