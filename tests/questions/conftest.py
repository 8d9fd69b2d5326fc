"""The back office's event with its organiser and refused accounts (shared with tests/manage)."""

from tests.manage.conftest import as_organiser, world  # noqa: F401  (fixtures)
