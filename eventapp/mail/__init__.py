"""Outbound email: messages are stored in the outbox first, then delivered and retried."""
