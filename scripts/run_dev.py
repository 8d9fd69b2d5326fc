"""`make run`: the web server and the background worker together; Ctrl-C stops both.

The worker (`flask worker`) delivers mail, sends agenda-change digests a couple of minutes
after a change, runs mailings and certificate ZIPs; without MAIL_SERVER messages land in
instance/mail/. If either process stops, the other is stopped too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

BIN = Path(sys.executable).parent


def _default_signals() -> None:
    # A shell may have started us with Ctrl-C ignored (a background job): the children must hear it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def main() -> int:
    port = os.environ.get("PORT", "5000")
    env = {**os.environ, "PORT": port, "FLASK_APP": os.environ.get("FLASK_APP", "wsgi")}
    commands = [
        [str(BIN / "flask"), "run", "--host", "127.0.0.1", "--port", port],
        [str(BIN / "flask"), "worker", "--workers", "2"],
    ]
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    processes = [subprocess.Popen(command, env=env, preexec_fn=_default_signals) for command in commands]  # noqa: S603
    while not stop.wait(0.5):
        if any(p.poll() is not None for p in processes):
            break
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    failures = [p.returncode for p in processes if p.returncode and p.returncode > 0]
    return failures[0] if failures else 0


if __name__ == "__main__":
    sys.exit(main())
