"""The Debian tools some tests read their results back with (zbar, poppler, ffmpeg, Chromium).

One place finds them. A test that needs a tool the machine lacks skips and says which
package to install; it never fails for it. `.ci/run` installs them all, so in CI these
tests always run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any

import pytest

# Each tool with the Debian package that brings it.
PACKAGES = {
    "zbarimg": "zbar-tools",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdffonts": "poppler-utils",
    "ffmpeg": "ffmpeg",
    "chromium": "chromium",
}

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def find(tool: str) -> str | None:
    """The tool's path, or None when it is not installed (Chromium also at CHROMIUM_PATH)."""
    if tool == "chromium" and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which(tool)


def missing(*tools: str) -> str | None:
    """Why the tests that need these tools cannot run here, or None when all are installed."""
    absent = [tool for tool in tools if find(tool) is None]
    if not absent:
        return None
    packages = " ".join(dict.fromkeys(PACKAGES[tool] for tool in absent))
    return f"{', '.join(absent)} not found: apt-get install {packages}"


def needs(*tools: str) -> pytest.MarkDecorator:
    """A mark that skips the test (or the module, as `pytestmark`) when a tool is missing."""
    reason = missing(*tools)
    return pytest.mark.skipif(reason is not None, reason=reason or "")


def require(*tools: str) -> None:
    """Skip the running test here when a tool is missing."""
    reason = missing(*tools)
    if reason:
        pytest.skip(reason)


def run(tool: str, *args: str, **kwargs: Any) -> subprocess.CompletedProcess:
    """Run a tool (skipping the test when it is missing), as subprocess.run would."""
    require(tool)
    return subprocess.run([find(tool) or tool, *args], **kwargs)  # noqa: S603
