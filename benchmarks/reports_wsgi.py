"""gunicorn entry point for benchmarks/reports_summary.py: the app plus a bare endpoint to compare with."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eventapp import create_app  # noqa: E402

app = create_app()


@app.get("/bench/bare")
def bare():
    return "ok"
