"""One typed set of settings, read from ``MONPARIS_*`` environment variables (or a ``.env`` file).

With nothing set, the app runs on embedded defaults (SQLite file, in-memory rate limits, dev
mailbox, local FranceConnect simulator). ``MONPARIS_ENV=prod`` refuses every default that would be
unsafe in production and names the variable to set, so a forgotten variable stops the start
instead of silently weakening the service.
"""

from __future__ import annotations

import ipaddress
import math
import os
from collections import Counter
from functools import lru_cache
from typing import Literal

from pydantic import Field, field_validator
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
    # App processes; unset: 1 without Redis (page state lives in one process), one per CPU with it.
    workers: int | None = Field(default=None, ge=1)
    allowed_origins: str = ""
    # Reverse proxies whose X-Forwarded-For / Forwarded headers are believed (comma-separated CIDR).
    trusted_proxies: str = ""
    # In prod, /metrics answers only with "Authorization: Bearer <this token>"; off when empty.
    metrics_token: str = ""

    # Password hashing (argon2id); defaults are OWASP's minimum (m=19 MiB, t=2, p=1).
    argon2_time_cost: int = Field(default=2, ge=2)
    argon2_memory_kib: int = Field(default=19456, ge=19456)
    argon2_parallelism: int = Field(default=1, ge=1)
    # Hashes computed at once; unset: one per CPU core (argon2 releases the GIL).
    hash_concurrency: int | None = Field(default=None, ge=1)
    # Hashes admitted at once (computing or waiting); past it, RateLimited with a retry time.
    hash_queue_limit: int = Field(default=64, ge=1)

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
    # Dev only: POST /dev/clock moves the app's clock forward (end-to-end tests, no sleeps).
    test_clock: bool = False

    # GraphQL introspection (`__schema`, `__type`): "auto" = on in dev, off in prod, where
    # partners read the published schema.graphql and attackers get no map; "on" forces it.
    graphql_introspection: Literal["auto", "on", "off"] = "auto"

    # Rate limits per IP ("N/period" in the `limits` notation); "off" switches them off.
    rate_limits: str = "on"
    rate_limit_register: str = "10/minute;50/hour"
    rate_limit_verify: str = "20/minute"
    rate_limit_resend: str = "10/minute"
    rate_limit_captcha: str = "60/minute"
    rate_limit_per_address: str = "10/hour"
    # Checks of the current password per account (password change, deletion): a stolen session
    # must not become a password oracle.
    rate_limit_current_password: str = "5/15minutes;20/day"
    rate_limit_franceconnect_start: str = "30/minute;300/hour"

    # Outbox sender.
    mail_poll_seconds: float = Field(default=2.0, gt=0)
    mail_max_attempts: int = Field(default=20, ge=1)
    # Delivered (or abandoned) e-mails are deleted after this many days.
    mail_retention_days: int = Field(default=30, ge=1)

    # FranceConnect (v2). With no issuer set in dev, the local simulator is used.
    fc_issuer: str = ""
    fc_client_id: str = ""
    fc_client_secret: str = ""
    fc_scopes: str = "openid given_name family_name birthdate gender birthplace birthcountry email"
    fc_redirect_uri: str = ""
    fc_post_logout_redirect_uri: str = ""
    fc_allowed_redirect_uris: str = ""
    fc_simulator_port: int = 8001

    # Mon Paris as an OpenID Connect provider. A JSON file of the services allowed to use it
    # (see README); unset in dev: the demo partner service that ``make run`` starts.
    oidc_clients: str = ""
    demo_partner_port: int = 8002
    # A new ID-token signing key every this many days; the previous one stays published.
    oidc_key_rotation_days: int = Field(default=30, ge=1)

    @field_validator("trusted_proxies")
    @classmethod
    def _trusted_proxies_are_networks(cls, value: str) -> str:
        for entry in _entries(value):
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"MONPARIS_TRUSTED_PROXIES : « {entry} » n'est ni une adresse IP ni un réseau CIDR"
                ) from None
        return value

    @property
    def is_dev(self) -> bool:
        return self.env == "dev"

    @property
    def trusted_proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(e, strict=False) for e in _entries(self.trusted_proxies))

    @property
    def graphql_introspection_enabled(self) -> bool:
        if self.graphql_introspection == "auto":
            return self.is_dev
        return self.graphql_introspection == "on"

    @property
    def per_ip_limits_enabled(self) -> bool:
        return self.rate_limits.strip().lower() != "off"

    @property
    def base_url(self) -> str:
        return self.public_url.rstrip("/") or f"http://localhost:{self.port}"

    @property
    def uses_fc_simulator(self) -> bool:
        return not self.fc_issuer

    @property
    def worker_count(self) -> int:
        """``MONPARIS_WORKERS``, or its default; several processes need Redis to share page state."""
        count = self.workers or ((os.cpu_count() or 1) if self.redis_url else 1)
        if count > 1 and not self.redis_url:
            raise UnsafeProductionSettings(
                f"MONPARIS_WORKERS={count} demande MONPARIS_REDIS_URL : sans Redis, chaque processus "
                "garde ses propres pages et une personne perdrait sa saisie en changeant de processus."
            )
        return count

    @property
    def browser_origins(self) -> tuple[str, ...]:
        """Origins allowed to open the websocket and to send cookie requests to GraphQL.

        ``MONPARIS_ALLOWED_ORIGINS`` and the public URL; in dev also every loopback name of the
        port, so a page opened at http://127.0.0.1:PORT or http://[::1]:PORT works like localhost.
        """
        origins = [o.rstrip("/") for o in _entries(self.allowed_origins)] + [self.base_url]
        if self.is_dev:
            origins += [f"http://{h}:{self.port}" for h in ("localhost", "127.0.0.1", "[::1]")]
        return tuple(dict.fromkeys(origins))

    def check_production_safety(self) -> None:
        """Refuse to run prod on a dev default; say which variable to set."""
        if self.is_dev:
            return
        problems = []
        if self.secret_key == DEV_SECRET_KEY or not _looks_random(self.secret_key):
            problems.append("MONPARIS_SECRET_KEY (au moins 32 caractères aléatoires)")
        if self.test_clock:
            problems.append("MONPARIS_TEST_CLOCK doit être vide (tests de bout en bout seulement)")
        if self.captcha_test_answer:
            problems.append("MONPARIS_CAPTCHA_TEST_ANSWER doit être vide")
        if not self.smtp_url:
            problems.append("MONPARIS_SMTP_URL (la boîte de développement est interdite)")
        if self.uses_fc_simulator:
            problems.append("MONPARIS_FC_ISSUER (le simulateur FranceConnect est interdit)")
        elif not self.fc_issuer.startswith("https://"):
            problems.append("MONPARIS_FC_ISSUER doit commencer par https://")
        if self.fc_issuer and not self.fc_client_secret:
            problems.append("MONPARIS_FC_CLIENT_SECRET (le secret du fournisseur de service)")
        if not self.per_ip_limits_enabled:
            problems.append("MONPARIS_RATE_LIMITS=off est interdit (tests de charge seulement)")
        if any("*" in origin for origin in _entries(self.allowed_origins)):
            # Credentials (the session cookie) are allowed: a wildcard would open them to any site.
            problems.append("MONPARIS_ALLOWED_ORIGINS ne doit pas contenir « * »")
        if not self.public_url.startswith("https://"):
            problems.append("MONPARIS_PUBLIC_URL (l'adresse publique en https://)")
        if any(net.prefixlen == 0 for net in self.trusted_proxy_networks):
            problems.append("MONPARIS_TRUSTED_PROXIES ne doit pas faire confiance à toute adresse")
        if self.metrics_token and not _looks_random(self.metrics_token):
            problems.append("MONPARIS_METRICS_TOKEN (au moins 32 caractères aléatoires)")
        if problems:
            raise UnsafeProductionSettings(
                "MONPARIS_ENV=prod refuse les réglages de développement : " + "; ".join(problems)
            )


def _entries(value: str) -> list[str]:
    return [entry.strip() for entry in value.split(",") if entry.strip()]


# Bits a key's own characters show at least (length × Shannon entropy of its letter frequencies).
# A count of distinct characters would refuse good keys: ``openssl rand -hex 16`` (32 characters,
# 128 random bits) has only 16 possible letters and often shows fewer than 12 of them; its
# estimate stays above 90 bits, while "k" × 40 shows 0 and "abcd" × 10 shows 80.
_MIN_KEY_BITS = 85


def _looks_random(key: str) -> bool:
    """32+ characters that are not one letter or one pattern repeated (a cheap sanity check of a
    secret someone typed, not a proof of randomness)."""
    if len(key) < 32 or key in (key + key)[1:-1]:  # the second test finds a repeated pattern
        return False
    counts = Counter(key).values()
    bits = -sum(n * math.log2(n / len(key)) for n in counts)
    return bits >= _MIN_KEY_BITS


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests clear the cache after changing the environment."""
    return Settings()
