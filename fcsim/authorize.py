"""Validation of the /authorize request, in the order FranceConnect applies it.

Two kinds of failure exist, as in OAuth 2.0 §4.1.2.1:

* the client or the redirect_uri cannot be trusted → an error page is shown
  and the browser is **never** redirected (that would be an open redirect);
* anything else → the browser goes back to the redirect_uri with ``error``,
  ``error_description``, ``state`` and ``iss``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from fcsim.config import ClientConfig
from fcsim.identities import find_provider
from fcsim.scopes import KNOWN_SCOPES, split_scope
from fcsim.store import AuthorizationRequest
from fcsim.tokens import ACR_EIDAS1

_Fail = Callable[[str, str], "RedirectError"]
"""Builds the RedirectError to raise, already bound to redirect_uri and state."""

MIN_STATE_LENGTH = 32
MIN_NONCE_LENGTH = 22


@dataclass
class PageError(Exception):
    """A request that must not be redirected: shown as an error page."""

    message: str


@dataclass
class RedirectError(Exception):
    """A request error reported to the client through its redirect_uri."""

    redirect_uri: str
    error: str
    description: str
    state: str | None


def validate_client(
    params: Mapping[str, str], clients: Mapping[str, ClientConfig]
) -> tuple[str, ClientConfig, str]:
    """Check client_id and redirect_uri; return (client_id, client, redirect_uri)."""
    client_id = params.get("client_id", "")
    client = clients.get(client_id)
    if client is None:
        raise PageError("Le fournisseur de service (client_id) est inconnu.")
    redirect_uri = params.get("redirect_uri", "")
    if redirect_uri not in client.redirect_uris:
        raise PageError("L’adresse de retour (redirect_uri) n’est pas enregistrée pour ce client.")
    return client_id, client, redirect_uri


def validate_authorize(
    params: Mapping[str, str], clients: Mapping[str, ClientConfig]
) -> AuthorizationRequest:
    """Validate a whole /authorize request or raise PageError / RedirectError."""
    client_id, client, redirect_uri = validate_client(params, clients)
    state = params.get("state") or None

    def fail(error: str, description: str) -> RedirectError:
        return RedirectError(redirect_uri, error, description, state)

    _check_response_type(params.get("response_type"), fail)
    scope = _check_scope(params.get("scope", ""), client, fail)
    acr = _check_acr(params.get("acr_values"), fail)
    _check_length("state", params.get("state"), MIN_STATE_LENGTH, fail)
    _check_length("nonce", params.get("nonce"), MIN_NONCE_LENGTH, fail)
    idp_hint = _check_idp_hint(params.get("idp_hint"), client, fail)
    code_challenge = _check_pkce(params, fail)
    if params.get("response_mode", "query") != "query":
        raise fail("invalid_request", "unsupported response_mode requested")
    return AuthorizationRequest(
        client_id=client_id,
        redirect_uri=redirect_uri,
        scope=scope,
        state=params["state"],
        nonce=params["nonce"],
        acr=acr,
        idp_hint=idp_hint,
        code_challenge=code_challenge,
    )


def _check_response_type(response_type: str | None, fail: _Fail) -> None:
    """Only the authorization code flow exists on FranceConnect."""
    if not response_type:
        raise fail("invalid_request", "missing required parameter 'response_type'")
    if response_type != "code":
        raise fail("unsupported_response_type", "unsupported response_type requested")


def _check_scope(scope: str, client: ClientConfig, fail: _Fail) -> str:
    """``openid`` is mandatory; unknown or not-allowed scopes are refused."""
    scopes = split_scope(scope)
    if not scopes:
        raise fail("invalid_request", "missing required parameter 'scope'")
    if "openid" not in scopes:
        raise fail("invalid_request", "openid scope must be requested")
    unknown = [name for name in scopes if name not in KNOWN_SCOPES]
    if unknown:
        raise fail("invalid_scope", f"requested scope is unknown: {' '.join(unknown)}")
    refused = [name for name in scopes if name not in client.scopes]
    if refused:
        raise fail("invalid_scope", f"requested scope is not allowed: {' '.join(refused)}")
    return " ".join(scopes)


def _check_acr(acr_values: str | None, fail: _Fail) -> str:
    """fcp-low only serves ``eidas1``; eidas2/eidas3 belong to FranceConnect+."""
    if not acr_values:
        raise fail("invalid_request", "missing required parameter 'acr_values'")
    values = acr_values.split()
    if any(value != ACR_EIDAS1 for value in values):
        raise fail("invalid_request", f"acr_values must be '{ACR_EIDAS1}'")
    return ACR_EIDAS1


def _check_length(name: str, value: str | None, minimum: int, fail: _Fail) -> None:
    """state and nonce are mandatory and long enough to be unguessable."""
    if not value:
        raise fail("invalid_request", f"missing required parameter '{name}'")
    if len(value) < minimum:
        raise fail("invalid_request", f"{name} must be at least {minimum} characters long")


def _check_idp_hint(idp_hint: str | None, client: ClientConfig, fail: _Fail) -> str | None:
    """An idp_hint must name a provider the client has allow-listed."""
    if not idp_hint:
        return None
    if find_provider(idp_hint) is None or idp_hint not in client.idp_hint_allowlist:
        raise fail("invalid_idp_hint", "idp_hint is not allowed for this client")
    return idp_hint


def _check_pkce(params: Mapping[str, str], fail: _Fail) -> str | None:
    """PKCE is optional; when used, only the S256 method is accepted (no plain)."""
    challenge = params.get("code_challenge")
    method = params.get("code_challenge_method")
    if not challenge:
        if method:
            raise fail("invalid_request", "code_challenge_method without code_challenge")
        return None
    if method != "S256":
        raise fail("invalid_request", "code_challenge_method must be S256")
    return challenge
