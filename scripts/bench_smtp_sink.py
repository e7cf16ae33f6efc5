"""A real SMTP server for the sign-up benchmark, in its own process, like a mail relay would be.

It accepts every message (aiosmtpd), reads the 4-digit code on its own line in the plain-text
part, and prints ``<recipient> <code>`` on stdout for the benchmark to read; its CPU is neither
the server's nor the load generator's.

    .venv/bin/python -m scripts.bench_smtp_sink --port 2525
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

CODE_LINE = re.compile(r"^(\d{4})\r?$", re.MULTILINE)
READY = "ready"


class CodeSink:
    """aiosmtpd handler: every code received becomes one line on stdout."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        body = message.get_body(preferencelist=("plain",))
        found = CODE_LINE.search(str(body.get_content())) if body is not None else None
        if found:
            for address in envelope.rcpt_tos:
                sys.stdout.write(f"{address.lower()} {found.group(1)}\n")
            sys.stdout.flush()
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port
    controller = Controller(CodeSink(), hostname="127.0.0.1", port=port)
    controller.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    print(READY, flush=True)
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
