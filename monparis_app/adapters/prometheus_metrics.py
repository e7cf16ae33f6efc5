"""Prometheus behind the core's metrics port (``monparis_app.core.metrics``).

``install()`` registers the sink once per process. With several worker processes, set
``PROMETHEUS_MULTIPROC_DIR`` to an empty directory shared by the workers (wiped before each
start): prometheus-client then keeps each worker's counters in files there and ``/metrics``
adds them up, whichever worker answers the scrape. Without it, one process, one registry.

The age of the oldest queued e-mail (not sent, not given up) is read from the outbox table at
scrape time, so it is the same whichever worker answers, and never a stale per-process value.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from monparis_app.core import clock, metrics
from monparis_app.models import OutboxEmail

logger = logging.getLogger("monparis.metrics")

_COUNTERS: dict[str, Counter] = {
    metrics.SIGNUP_STARTED: Counter(
        "monparis_signups_started", "Sign-ups whose code e-mail was queued (step 1 passed)."
    ),
    metrics.SIGNUP_COMPLETED: Counter(
        "monparis_signups_completed", "Accounts created by the code of a sign-up."
    ),
    metrics.CODE_SENT: Counter(
        "monparis_codes_sent", "Verification-code e-mails handed to SMTP.", ["purpose"]
    ),
    metrics.EMAIL_QUEUED: Counter("monparis_emails_queued", "E-mails put in the outbox.", ["kind"]),
    metrics.EMAIL_SEND_FAILED: Counter(
        "monparis_email_send_failures", "Delivery attempts the SMTP server refused or missed."
    ),
    metrics.SIGN_IN_FAILED: Counter(
        "monparis_sign_in_failures", "Sign-ins refused for a wrong e-mail or password."
    ),
    metrics.RATE_LIMITED: Counter(
        "monparis_rate_limited", "Requests refused by a rate limit.", ["action"]
    ),
}


def _record(event: str, labels: Mapping[str, str]) -> None:
    counter = _COUNTERS.get(event)
    if counter is None:
        return
    (counter.labels(**labels) if labels else counter).inc()


def install() -> None:
    """Send the core's counts to Prometheus (idempotent: the counters exist once per process)."""
    metrics.use_sink(_record)


class _OutboxAge(Collector):
    """One gauge computed just before this scrape; nothing stored between scrapes."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds

    def collect(self) -> Iterator[Metric]:
        if self.seconds is not None:
            yield GaugeMetricFamily(
                "monparis_outbox_oldest_pending_seconds",
                "Age of the oldest e-mail not yet sent (0 when the outbox is empty).",
                value=self.seconds,
            )


async def _oldest_pending_age() -> float | None:
    try:
        # A row given up (code expired, tries exhausted) is logged, not waiting: left out.
        waiting = OutboxEmail.filter(sent_at=None, gave_up_at=None)
        row = await waiting.order_by("created_at", "id").first()
    except Exception as error:  # database down: the scrape still answers, without this gauge
        # One line, the error's type only: a driver's message may quote row values.
        logger.warning("Outbox age not measured: %s", type(error).__name__)
        return None
    if row is None:
        return 0.0
    return max(0.0, (clock.now() - row.created_at).total_seconds())


def _counters_registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return registry
    return REGISTRY


async def exposition() -> tuple[bytes, str]:
    """The text a Prometheus scrape reads, and its content type."""
    snapshot = CollectorRegistry()
    snapshot.register(_OutboxAge(await _oldest_pending_age()))
    return generate_latest(_counters_registry()) + generate_latest(snapshot), CONTENT_TYPE_LATEST
