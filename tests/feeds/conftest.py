"""The browser fixtures, for the feeds' page tests that drive Chromium."""

from tests.browser.conftest import browser, live_server, page  # noqa: F401
