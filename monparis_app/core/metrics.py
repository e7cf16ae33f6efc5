"""The core's port for operational counts: it says what happened, an adapter decides where it goes.

The core stays free of any metrics library: it calls ``count("signup_started")`` and the sink
registered at start-up (Prometheus, see ``monparis_app.adapters.prometheus_metrics``) turns it
into a time series. With no sink registered (unit tests, scripts) a count costs nothing.

Labels carry categories only (a purpose, an e-mail kind, an action), never an address, an
e-mail or anything else that would tell who a person is.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from monparis_app.core.ports import MetricsSink

logger = logging.getLogger("monparis.metrics")

# The events the core reports, and the labels each carries.
SIGNUP_STARTED = "signup_started"
SIGNUP_COMPLETED = "signup_completed"
CODE_SENT = "code_sent"  # purpose
EMAIL_QUEUED = "email_queued"  # kind
EMAIL_SEND_FAILED = "email_send_failed"
SIGN_IN_FAILED = "sign_in_failed"
RATE_LIMITED = "rate_limited"  # action

# The e-mails that carry a verification code, and what the code is for.
CODE_PURPOSES = {
    "registration_code": "registration",
    "password_reset_code": "password_reset",
    "email_change_code": "email_change",
}

Sink = MetricsSink


def _no_op(event: str, labels: Mapping[str, str]) -> None:
    return None


_sink: Sink = _no_op


def use_sink(sink: Sink | None) -> Sink:
    """Register where counts go (None: nowhere); returns the previous sink for tests."""
    global _sink
    previous, _sink = _sink, sink or _no_op
    return previous


def count(event: str, **labels: str) -> None:
    """One occurrence of ``event``. Never raises: a metrics fault must not fail a sign-up."""
    try:
        _sink(event, labels)
    except Exception as error:
        logger.warning("Metric %s not recorded: %s", event, type(error).__name__)


def email_delivered(kind: str) -> None:
    """An e-mail left for the SMTP server; a code e-mail also counts as a code sent."""
    if kind in CODE_PURPOSES:
        count(CODE_SENT, purpose=CODE_PURPOSES[kind])
