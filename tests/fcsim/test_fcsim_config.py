"""Configuration from the environment and persistent keys."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from fcsim.config import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    ClientConfig,
    SimulatorConfig,
)
from fcsim.keys import KeyStore


def test_defaults() -> None:
    config = SimulatorConfig.from_env({})

    assert config.issuer == "http://localhost:8001/api/v2"
    assert (config.code_ttl, config.access_token_ttl, config.id_token_ttl) == (30, 60, 60)
    assert config.session_ttl == 1800
    client = config.clients[DEFAULT_CLIENT_ID]
    assert client.secret == DEFAULT_CLIENT_SECRET
    assert client.alg == "ES256"
    assert client.redirect_uris == (
        "http://localhost:8000/auth/franceconnect/callback",
        "http://127.0.0.1:8000/auth/franceconnect/callback",
    )
    assert client.post_logout_redirect_uris == (
        "http://localhost:8000/auth/franceconnect/logged-out",
        "http://127.0.0.1:8000/auth/franceconnect/logged-out",
    )


def test_from_env() -> None:
    clients = {
        "other": {
            "secret": "s3cret",
            "redirect_uris": ["https://sp.example/cb"],
            "post_logout_redirect_uris": ["https://sp.example/bye"],
            "alg": "RS256",
            "scopes": ["openid", "email"],
            "name": "Autre service",
        }
    }
    config = SimulatorConfig.from_env(
        {
            "FCSIM_ISSUER": "https://fc.example/api/v2/",
            "FCSIM_CLIENTS": json.dumps(clients),
            "FCSIM_CODE_TTL": "5",
            "FCSIM_ACCESS_TOKEN_TTL": "7",
            "FCSIM_ID_TOKEN_TTL": "8",
            "FCSIM_SESSION_TTL": "9",
            "FCSIM_SLOW_DELAY": "0.5",
            "FCSIM_CONSENT_PAGE": "0",
        }
    )

    assert config.issuer == "https://fc.example/api/v2"
    assert list(config.clients) == ["other"]
    other = config.clients["other"]
    assert other.alg == "RS256"
    assert other.scopes == frozenset({"openid", "email"})
    assert other.name == "Autre service"
    assert (config.code_ttl, config.access_token_ttl, config.id_token_ttl) == (5, 7, 8)
    assert (config.session_ttl, config.slow_delay, config.consent_page) == (9, 0.5, False)


def test_client_alg_and_scopes_are_checked() -> None:
    with pytest.raises(ValueError, match="alg"):
        ClientConfig(secret="s", redirect_uris=("https://x/cb",), alg="HS256")
    with pytest.raises(ValueError, match="unknown scopes"):
        ClientConfig(secret="s", redirect_uris=("https://x/cb",), scopes=frozenset({"phone"}))


def test_keys_file_survives_restarts(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "fcsim-keys.json"

    first = KeyStore.load_or_create(path)
    second = KeyStore.load_or_create(path)

    assert first.public_jwks() == second.public_jwks()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    token = first.sign({"hello": "world"}, "RS256")
    assert second.verify(token) == {"hello": "world"}


def test_keys_file_without_kid_or_alg_is_completed(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    es256 = KeyStore.generate().key_set.as_dict(private=True)["keys"][0]
    path.write_text(json.dumps({"keys": [{k: v for k, v in es256.items() if k != "kid"}]}))

    store = KeyStore.load_or_create(path)

    keys = {key["alg"]: key for key in store.public_jwks()["keys"]}
    assert keys["ES256"]["x"] == es256["x"]
    assert keys["ES256"]["kid"]
    assert "RS256" in keys
    saved = json.loads(path.read_text())["keys"]
    assert len(saved) == 2
