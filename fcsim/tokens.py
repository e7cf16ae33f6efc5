"""Claims of the id_token and of the userinfo JWT.

Kept apart from the HTTP layer so the rules FranceConnect applies — pairwise
``sub``, ``at_hash``, ``acr``, claims filtered by scope — are easy to read.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from fcsim.identities import Identity
from fcsim.scopes import claims_for_scopes, split_scope

ACR_EIDAS1 = "eidas1"


def pairwise_sub(client_id: str, login: str) -> str:
    """A stable per-client subject: 64 hex chars of SHA-256 plus ``v1``, as FC's format."""
    digest = hashlib.sha256(f"{client_id}|{login}".encode()).hexdigest()
    return f"{digest}v1"


def at_hash(access_token: str, alg: str) -> str:
    """OIDC Core §3.1.3.6: left half of the token hash, base64url without padding.

    ES256, RS256 and HS256 all hash with SHA-256, so the left half is 16 bytes.
    """
    if not alg.endswith("256"):
        raise ValueError(f"unsupported alg for at_hash: {alg}")
    digest = hashlib.sha256(access_token.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode("ascii")


def id_token_claims(
    *,
    issuer: str,
    client_id: str,
    identity: Identity,
    nonce: str,
    access_token: str,
    alg: str,
    sid: str,
    idp: str,
    auth_time: int,
    now: int,
    ttl: int,
) -> dict[str, Any]:
    """The id_token payload FranceConnect v2 sends to a service provider."""
    return {
        "iss": issuer,
        "aud": client_id,
        "exp": now + ttl,
        "iat": now,
        "auth_time": auth_time,
        "sub": pairwise_sub(client_id, identity.login),
        "nonce": nonce,
        "acr": ACR_EIDAS1,
        "amr": ["pwd"],
        "sid": sid,
        "at_hash": at_hash(access_token, alg),
        "idp": idp,
    }


def userinfo_claims(
    *, issuer: str, client_id: str, identity: Identity, scope: str, now: int
) -> dict[str, Any]:
    """The userinfo payload: ``sub`` plus the identity claims the scopes release."""
    released = claims_for_scopes(split_scope(scope))
    identity_claims = {name: value for name, value in identity.claims().items() if name in released}
    return {
        "iss": issuer,
        "aud": client_id,
        "iat": now,
        "sub": pairwise_sub(client_id, identity.login),
        **identity_claims,
    }
