"""The back-office fixtures (an event with an organiser and the accounts to refuse)."""

from tests.manage.conftest import as_organiser, world  # noqa: F401
