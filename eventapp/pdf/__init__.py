"""Shared PDF machinery (reportlab): fonts with Polish letters for every document."""
