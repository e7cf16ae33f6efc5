"""Configuration from the environment and the command line."""

from __future__ import annotations

import pytest

from demopartner.__main__ import parse_args
from demopartner.config import PartnerConfig


def test_defaults_are_the_contract_with_the_provider() -> None:
    config = PartnerConfig.from_env({})

    assert config.issuer == "http://localhost:8000"
    assert config.client_id == "demo-stationnement"
    assert config.client_secret == "demo-stationnement-secret-dev"
    assert config.scopes == "openid profile email address"
    assert config.login_ttl == 600


def test_environment_overrides() -> None:
    config = PartnerConfig.from_env(
        {
            "DEMO_PARTNER_ISSUER": "http://localhost:9000/",
            "DEMO_PARTNER_CLIENT_ID": "other",
            "DEMO_PARTNER_CLIENT_SECRET": "s3cret",
            "DEMO_PARTNER_SCOPES": "openid email",
        }
    )

    assert config.issuer == "http://localhost:9000"  # compared byte for byte with iss
    assert (config.client_id, config.client_secret) == ("other", "s3cret")
    assert config.scopes == "openid email"
    assert config.issuer_origin == "http://localhost:9000"


def test_command_line_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEMO_PARTNER_PORT", raising=False)
    monkeypatch.delenv("DEMO_PARTNER_HOST", raising=False)

    args = parse_args([])

    assert (args.host, args.port) == ("127.0.0.1", 8002)


def test_port_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PARTNER_PORT", "18002")

    assert parse_args([]).port == 18002
    assert parse_args(["--port", "9"]).port == 9
