"""The City services allowed to sign their users in with Mon Paris, registered by configuration.

``MONPARIS_OIDC_CLIENTS`` names a JSON file: a list of services, each with its id, the name the
citizen sees, its exact redirect URIs, its post-logout URIs, the scopes it may ask for, and how
it authenticates at the token endpoint. A confidential client's secret is stored as its SHA-256
(``secret_sha256``): a leaked configuration opens nothing. With no file in dev, the demo partner
service started by ``make run`` is registered, on both loopback names.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from authlib.oauth2.rfc6749 import ClientMixin

from monparis_app.settings import get_settings

AuthMethod = Literal["client_secret_basic", "private_key_jwt", "none"]
SUPPORTED_SCOPES = ("openid", "profile", "email", "phone", "address", "birth")
DEMO_CLIENT_ID = "demo-stationnement"
DEMO_CLIENT_SECRET = "demo-stationnement-secret-dev"
DEMO_CLIENT_NAME = "Demande de stationnement résident"
DEMO_SCOPES = ("openid", "profile", "email", "address")


class ClientConfigError(ValueError):
    """The clients file is unreadable or describes a client we would have to trust blindly."""


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class RegisteredClient(ClientMixin):  # type: ignore[misc]
    """One City service, as authlib's grants ask about it."""

    client_id: str
    name: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ("openid",)
    auth_method: AuthMethod = "client_secret_basic"
    secret_sha256: str = ""
    jwks: dict[str, Any] = field(default_factory=dict)
    refresh_tokens: bool = False

    @property
    def confidential(self) -> bool:
        return self.auth_method != "none"

    @property
    def client_metadata(self) -> dict[str, Any]:
        """What authlib's end-session endpoint and JWT client auth read."""
        return {"post_logout_redirect_uris": list(self.post_logout_redirect_uris)}

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        # RFC 6749 §3.1.2.3: with several URIs registered, the request must name one.
        return self.redirect_uris[0] if len(self.redirect_uris) == 1 else None

    def get_allowed_scope(self, scope: str) -> str:
        """The requested scopes this client may have, in the order asked (authlib's contract)."""
        allowed = set(self.scopes)
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """Exact string match: no prefix, no extra path or query (OAuth 2.0 Security BCP)."""
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        if not self.secret_sha256:
            return False
        return hmac.compare_digest(self.secret_sha256, secret_digest(client_secret))

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if endpoint == "token":
            return method == self.auth_method
        return True

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        if grant_type == "refresh_token":
            return self.refresh_tokens
        return grant_type == "authorization_code"


def _demo_client(demo_port: int) -> RegisteredClient:
    origins = [f"http://localhost:{demo_port}", f"http://127.0.0.1:{demo_port}"]
    return RegisteredClient(
        client_id=DEMO_CLIENT_ID,
        name=DEMO_CLIENT_NAME,
        redirect_uris=tuple(o + "/callback" for o in origins),
        post_logout_redirect_uris=tuple(o + "/deconnecte" for o in origins),
        scopes=DEMO_SCOPES,
        secret_sha256=secret_digest(DEMO_CLIENT_SECRET),
    )


def _text_list(entry: dict[str, Any], key: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ClientConfigError(f"« {key} » doit être une liste de textes")
    return tuple(value)


def client_from_entry(entry: dict[str, Any], *, allow_http: bool) -> RegisteredClient:
    """One entry of the clients file, checked: a mistake here must stop the start-up."""
    client_id, name = entry.get("client_id"), entry.get("name")
    if not isinstance(client_id, str) or not client_id or not isinstance(name, str) or not name:
        raise ClientConfigError("chaque service a un « client_id » et un « name »")
    auth_method = entry.get("token_endpoint_auth_method", "client_secret_basic")
    if auth_method not in ("client_secret_basic", "private_key_jwt", "none"):
        raise ClientConfigError(f"{client_id} : méthode d’authentification inconnue {auth_method}")
    client = RegisteredClient(
        client_id=client_id,
        name=name,
        redirect_uris=_text_list(entry, "redirect_uris"),
        post_logout_redirect_uris=_text_list(entry, "post_logout_redirect_uris"),
        scopes=_text_list(entry, "scopes") or ("openid",),
        auth_method=auth_method,
        secret_sha256=str(entry.get("secret_sha256", "")).lower(),
        jwks=dict(entry.get("jwks") or {}),
        refresh_tokens=bool(entry.get("refresh_tokens", False)),
    )
    _check_client(client, allow_http=allow_http)
    return client


def _check_client(client: RegisteredClient, *, allow_http: bool) -> None:
    if not client.redirect_uris:
        raise ClientConfigError(f"{client.client_id} : aucune « redirect_uris »")
    if unknown := set(client.scopes) - set(SUPPORTED_SCOPES):
        raise ClientConfigError(f"{client.client_id} : portées inconnues {sorted(unknown)}")
    for uri in client.redirect_uris + client.post_logout_redirect_uris:
        if not (uri.startswith("https://") or (allow_http and uri.startswith("http://"))):
            raise ClientConfigError(f"{client.client_id} : adresse non https {uri}")
    if client.auth_method == "client_secret_basic" and len(client.secret_sha256) != 64:
        raise ClientConfigError(
            f"{client.client_id} : « secret_sha256 » (64 chiffres hexadécimaux)"
        )
    if client.auth_method == "private_key_jwt" and not client.jwks.get("keys"):
        raise ClientConfigError(f"{client.client_id} : « jwks » avec la clé publique du service")


def load_clients(path: str, *, allow_http: bool) -> dict[str, RegisteredClient]:
    try:
        entries = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ClientConfigError(f"MONPARIS_OIDC_CLIENTS illisible : {error}") from None
    if not isinstance(entries, list):
        raise ClientConfigError("MONPARIS_OIDC_CLIENTS : une liste de services est attendue")
    clients = [client_from_entry(e, allow_http=allow_http) for e in entries]
    return {c.client_id: c for c in clients}


@cache
def registered_clients() -> dict[str, RegisteredClient]:
    """Read once per process; a change of the file takes a restart, like every setting."""
    settings = get_settings()
    if settings.oidc_clients:
        return load_clients(settings.oidc_clients, allow_http=settings.is_dev)
    if settings.is_dev:
        return {DEMO_CLIENT_ID: _demo_client(settings.demo_partner_port)}
    return {}


def find_client(client_id: str | None) -> RegisteredClient | None:
    if not client_id or len(client_id) > 100:
        return None
    return registered_clients().get(client_id)
