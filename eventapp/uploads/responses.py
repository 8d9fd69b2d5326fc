"""How a stored upload is sent: as data, never as a document."""

from __future__ import annotations

from pathlib import Path

from flask import Response, send_file

# Served files are data, never documents: no scripts, no styles, no frames, no plugins.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def send_stored(full: Path, content_type: str, name: str, *, private: bool = False) -> Response:
    """A photo inline or a document (PDF, office file) as a download under `name`; `private` for
    files only some may see (never kept by shared caches)."""
    is_document = not content_type.startswith("image/")
    # Werkzeug writes a non-ASCII name as RFC 5987 filename*=UTF-8''… beside an ASCII filename=.
    response = send_file(full, mimetype=content_type, as_attachment=is_document, download_name=name,
                         conditional=True, max_age=0 if private else 7 * 24 * 3600)
    if private:
        response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_CSP
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
