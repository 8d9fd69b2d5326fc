"""Participant sign-up: registration, waiting list, workshops, private page, badges."""
