"""Programmes: funded projects grouping events, people and organisations counted once,
targets from the grant, the programme report, next editions and evidence for audits.

Rules live in one module per concern (`services` for programmes and their team,
`identity` for who is the same person or organisation, `counting` and `targets` for
the numbers); `routes` and `manage_routes` only parse and render.
"""

from flask import Blueprint

bp = Blueprint("programmes", __name__)

from eventapp.programmes import (  # noqa: E402,F401
    directory_routes,
    edition_routes,
    evidence_routes,
    manage_routes,
    routes,
)
