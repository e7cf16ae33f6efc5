"""Production mode refuses every unsafe dev default and names the variable to set."""

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


def test_prod_with_real_settings_starts() -> None:
    Settings(
        env="prod",
        secret_key="k" * 40,
        smtp_url="smtp://mail.paris.fr:25",
        fc_issuer="https://fcp-low.sbx.dev-franceconnect.fr/api/v2",
    ).check_production_safety()


def test_argon2_parameters_cannot_go_below_owasp_minimum() -> None:
    with pytest.raises(ValueError, match="greater than or equal"):
        Settings(argon2_memory_kib=1024)
