"""One typed set of settings, read from ``MONPARIS_*`` environment variables (or a ``.env`` file).

With nothing set, the app runs on embedded defaults (SQLite file, in-memory rate limits, dev
mailbox, local FranceConnect simulator). ``MONPARIS_ENV=prod`` refuses every default that would be
unsafe in production and names the variable to set, so a forgotten variable stops the start
instead of silently weakening the service.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_KEY = "dev-only-secret-key-change-me-in-production-0123456789"


class UnsafeProductionSettings(RuntimeError):
    """Raised at start-up when prod mode would run on a dev default."""


class Settings(BaseSettings):
    """Every knob of the service; the README's table documents each one."""

    model_config = SettingsConfigDict(env_prefix="MONPARIS_", env_file=".env", extra="ignore")

    env: Literal["dev", "prod"] = "dev"
    host: str = "0.0.0.0"  # noqa: S104 - a server listens on every interface by default
    port: int = 8000
    public_url: str = ""
    database_url: str = "sqlite://monparis.db"
    smtp_url: str = ""
    mail_from: str = "Mon Paris <ne-pas-repondre@monparis.localhost>"
    secret_key: str = DEV_SECRET_KEY
    redis_url: str = ""
    allowed_origins: str = ""

    # Password hashing (argon2id); defaults are OWASP's minimum (m=19 MiB, t=2, p=1).
    argon2_time_cost: int = Field(default=2, ge=2)
    argon2_memory_kib: int = Field(default=19456, ge=19456)
    argon2_parallelism: int = Field(default=1, ge=1)
    hash_concurrency: int = Field(default=2, ge=1)

    # Verification codes and registration flows.
    code_ttl_seconds: int = Field(default=600, ge=1)
    code_max_attempts: int = Field(default=3, ge=1)
    code_resend_interval_seconds: int = Field(default=60, ge=0)
    code_max_sends_per_flow: int = Field(default=5, ge=1)
    code_sends_per_address_per_hour: int = Field(default=10, ge=1)
    flow_ttl_seconds: int = Field(default=3600, ge=60)

    # Sessions and sign-in protection.
    session_idle_seconds: int = Field(default=7200, ge=60)
    session_max_seconds: int = Field(default=43200, ge=60)
    sign_in_captcha_after: int = Field(default=3, ge=1)
    sign_in_delay_after: int = Field(default=5, ge=1)
    sign_in_max_delay_seconds: int = Field(default=900, ge=1)
    rate_limit_sign_in: str = "30/10minutes"

    # Captcha.
    captcha_ttl_seconds: int = Field(default=600, ge=10)
    captcha_length: int = Field(default=6, ge=4, le=10)
    captcha_test_answer: str = ""

    # Rate limits per IP ("N/period" in the `limits` notation); "off" switches them off.
    rate_limits: str = "on"
    rate_limit_register: str = "10/minute;50/hour"
    rate_limit_verify: str = "20/minute"
    rate_limit_resend: str = "10/minute"
    rate_limit_captcha: str = "60/minute"
    rate_limit_per_address: str = "10/hour"
    rate_limit_franceconnect_start: str = "30/minute;300/hour"

    # Outbox sender.
    mail_poll_seconds: float = Field(default=2.0, gt=0)
    mail_max_attempts: int = Field(default=20, ge=1)

    # FranceConnect (v2). With no issuer set in dev, the local simulator is used.
    fc_issuer: str = ""
    fc_client_id: str = ""
    fc_client_secret: str = ""
    fc_scopes: str = "openid given_name family_name birthdate gender birthplace birthcountry email"
    fc_redirect_uri: str = ""
    fc_post_logout_redirect_uri: str = ""
    fc_allowed_redirect_uris: str = ""
    fc_simulator_port: int = 8001

    @property
    def is_dev(self) -> bool:
        return self.env == "dev"

    @property
    def per_ip_limits_enabled(self) -> bool:
        return self.rate_limits.strip().lower() != "off"

    @property
    def base_url(self) -> str:
        return self.public_url.rstrip("/") or f"http://localhost:{self.port}"

    @property
    def uses_fc_simulator(self) -> bool:
        return not self.fc_issuer

    def check_production_safety(self) -> None:
        """Refuse to run prod on a dev default; say which variable to set."""
        if self.is_dev:
            return
        problems = []
        if self.secret_key == DEV_SECRET_KEY or len(self.secret_key) < 32:
            problems.append("MONPARIS_SECRET_KEY (au moins 32 caractères aléatoires)")
        if self.captcha_test_answer:
            problems.append("MONPARIS_CAPTCHA_TEST_ANSWER doit être vide")
        if not self.smtp_url:
            problems.append("MONPARIS_SMTP_URL (la boîte de développement est interdite)")
        if self.uses_fc_simulator:
            problems.append("MONPARIS_FC_ISSUER (le simulateur FranceConnect est interdit)")
        if problems:
            raise UnsafeProductionSettings(
                "MONPARIS_ENV=prod refuse les réglages de développement : " + "; ".join(problems)
            )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests clear the cache after changing the environment."""
    return Settings()
