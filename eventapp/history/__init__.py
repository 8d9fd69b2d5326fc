"""The history of changes to the agenda and speakers (shared by the back office and the portal)."""
