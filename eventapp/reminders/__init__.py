"""Reminders before an event: the schedule each event has (`schedule`), the periodic task that
finds and queues the due ones (`sending`), and the email itself (`emails`)."""
