"""Request bodies over MAX_CONTENT_LENGTH are refused with 413, also when sent chunked.

Werkzeug refuses a too-large body by its Content-Length. A chunked body has none: Werkzeug
then reads up to the limit and silently stops, so a form or JSON body arrives cut off (and is
refused as something else, or worse, half-read). `ChunkedBodyLimit` reads such a body before
the app sees it, at most one byte past the limit, spooling to disk past SPOOL_IN_MEMORY, and
hands it on as an ordinary body with a Content-Length; one past the limit gets the 413.
"""

from __future__ import annotations

import tempfile

from flask import Flask, abort, request
from werkzeug.wsgi import ClosingIterator, get_content_length

SPOOL_IN_MEMORY = 1024 * 1024
_CHUNK = 64 * 1024


class ChunkedBodyLimit:
    """WSGI middleware: a chunked request body becomes a counted one, or is marked too large."""

    def __init__(self, wsgi_app, app: Flask) -> None:
        self.wsgi_app = wsgi_app
        self.config = app.config

    def __call__(self, environ, start_response):
        limit = self.config.get("MAX_CONTENT_LENGTH")
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if limit is None or not chunked or get_content_length(environ) is not None:
            return self.wsgi_app(environ, start_response)
        body = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (closed after the response)
        size = _copy(environ["wsgi.input"], body, limit + 1)
        body.seek(0)
        if size > limit:
            body.truncate(0)  # nothing of it is read: the request is refused before its body is used
        environ["wsgi.input"] = body
        environ["CONTENT_LENGTH"] = str(size)
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ.pop("wsgi.input_terminated", None)
        return ClosingIterator(self.wsgi_app(environ, start_response), body.close)


def _copy(source, target, most: int) -> int:
    """Copy at most `most` bytes from a stream; how many were copied."""
    size = 0
    while size < most:
        chunk = source.read(min(_CHUNK, most - size))
        if not chunk:
            break
        target.write(chunk)
        size += len(chunk)
    return size


def init_app(app: Flask) -> None:
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, app)  # type: ignore[method-assign]  # Flask's middleware idiom

    def refuse_bodies_over_the_limit():
        """Also for views that never read their body (Werkzeug would refuse it only when read)."""
        limit = request.max_content_length
        if limit is not None and (request.content_length or 0) > limit:
            abort(413)

    # Ahead of CSRFProtect and every other check that would read the body.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_bodies_over_the_limit)
