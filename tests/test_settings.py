"""Production mode refuses every unsafe dev default and names the variable to set."""

import secrets
from typing import Any

import pytest

from monparis_app.settings import DEV_SECRET_KEY, Settings, UnsafeProductionSettings


def test_dev_defaults_are_accepted_in_dev() -> None:
    Settings(env="dev").check_production_safety()


def test_prod_refuses_dev_defaults_and_names_them() -> None:
    with pytest.raises(UnsafeProductionSettings) as raised:
        Settings(
            env="prod",
            captcha_test_answer="MONPARIS",
            secret_key=DEV_SECRET_KEY,
            smtp_url="",
            fc_issuer="",
        ).check_production_safety()
    message = str(raised.value)
    for variable in [
        "MONPARIS_SECRET_KEY",
        "MONPARIS_CAPTCHA_TEST_ANSWER",
        "MONPARIS_SMTP_URL",
        "MONPARIS_FC_ISSUER",
    ]:
        assert variable in message


VALID_PROD: dict[str, Any] = {
    "env": "prod",
    "secret_key": "Zq3v8rT0kP2xW7mN4bY6cL1sD9fH5jGa",
    "public_url": "https://moncompte.paris.fr",
    "smtp_url": "smtp://mail.paris.fr:25",
    "fc_issuer": "https://fcp-low.sbx.dev-franceconnect.fr/api/v2",
    "fc_client_id": "monparis",
    "fc_client_secret": "fc-secret-from-the-partner-space",
    "allowed_origins": "https://www.paris.fr",
    "trusted_proxies": "10.0.0.0/8",
    "metrics_token": "mT4kQ9zX2vB7nR1wL6yP3sD8fG5hJ0cA",
}


def test_prod_with_real_settings_starts() -> None:
    Settings(**VALID_PROD).check_production_safety()


def test_prod_accepts_real_random_keys() -> None:
    # openssl rand -hex 16 shows few distinct letters, yet carries 128 random bits.
    for _ in range(200):
        Settings(**VALID_PROD | {"secret_key": secrets.token_hex(16)}).check_production_safety()
        Settings(**VALID_PROD | {"secret_key": secrets.token_urlsafe(32)}).check_production_safety()


def refusal(**changes: Any) -> str:
    with pytest.raises(UnsafeProductionSettings) as raised:
        Settings(**VALID_PROD | changes).check_production_safety()
    return str(raised.value)


@pytest.mark.parametrize(
    ("changes", "variable"),
    [
        ({"rate_limits": "off"}, "MONPARIS_RATE_LIMITS"),
        ({"rate_limits": " OFF "}, "MONPARIS_RATE_LIMITS"),
        ({"allowed_origins": "*"}, "MONPARIS_ALLOWED_ORIGINS"),
        ({"allowed_origins": "https://www.paris.fr, *"}, "MONPARIS_ALLOWED_ORIGINS"),
        ({"public_url": ""}, "MONPARIS_PUBLIC_URL"),
        ({"public_url": "http://moncompte.paris.fr"}, "MONPARIS_PUBLIC_URL"),
        ({"fc_client_secret": ""}, "MONPARIS_FC_CLIENT_SECRET"),
        ({"fc_issuer": "http://fc.example.fr/api/v2"}, "MONPARIS_FC_ISSUER"),
        ({"secret_key": "k" * 40}, "MONPARIS_SECRET_KEY"),
        ({"secret_key": "abcd" * 10}, "MONPARIS_SECRET_KEY"),
        ({"secret_key": "0123456789abcdef" * 2}, "MONPARIS_SECRET_KEY"),
        ({"secret_key": "Zq3v8rT0kP2xW7mN4bY6"}, "MONPARIS_SECRET_KEY"),
        ({"trusted_proxies": "0.0.0.0/0"}, "MONPARIS_TRUSTED_PROXIES"),
        ({"trusted_proxies": "10.0.0.0/8, ::/0"}, "MONPARIS_TRUSTED_PROXIES"),
        ({"metrics_token": "secret"}, "MONPARIS_METRICS_TOKEN"),
    ],
)
def test_prod_refuses_each_unsafe_setting_by_name(changes: dict[str, Any], variable: str) -> None:
    message = refusal(**changes)
    assert variable in message
    assert message.startswith("MONPARIS_ENV=prod refuse")


def test_dev_allows_what_prod_refuses() -> None:
    Settings(env="dev", rate_limits="off", allowed_origins="*", secret_key="k" * 40)


def test_trusted_proxies_must_be_networks() -> None:
    with pytest.raises(ValueError, match="MONPARIS_TRUSTED_PROXIES"):
        Settings(trusted_proxies="10.0.0.0/8, proxy.example.fr")
    networks = Settings(trusted_proxies=" 10.0.0.1, 2001:db8::/32 ,").trusted_proxy_networks
    assert [str(n) for n in networks] == ["10.0.0.1/32", "2001:db8::/32"]


def test_argon2_parameters_cannot_go_below_owasp_minimum() -> None:
    with pytest.raises(ValueError, match="greater than or equal"):
        Settings(argon2_memory_kib=1024)
