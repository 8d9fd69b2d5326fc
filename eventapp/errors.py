"""Error pages in the user's language; JSON errors for the API."""

from __future__ import annotations

from typing import NoReturn

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, default_exceptions
from werkzeug.http import HTTP_STATUS_CODES

from eventapp import csrf_failures


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def refuse(code: int, message: str) -> NoReturn:
    """Stop the request with an HTTP error whose page (or JSON) says `message`, already translated."""
    error = default_exceptions[code](description=message)
    error.for_people = True  # type: ignore[attr-defined]
    raise error


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        403: _("You do not have access to this page."),
        404: _("We could not find that page."),
        405: _("This action is not allowed here."),
        413: _("The file is too large."),
        429: _("Too many attempts. Please wait a moment and try again."),
    }


def error_response(code: int, message: str | None = None, name: str | None = None):
    """The error page (or JSON for the API) with a status; the standard message for the code
    unless one is given. Never repeats anything the request sent."""
    message = message or _messages().get(code, _("Something went wrong on our side."))
    if _wants_json():
        name = name or HTTP_STATUS_CODES.get(code, "error").lower().replace(" ", "_")
        return jsonify(error=name, message=message), code
    return render_template("errors/error.html", code=code, message=message), code


def csrf_failed():
    """Count a post without a valid CSRF token; the 429 answer once the client is over the limit."""
    if csrf_failures.note_failure():
        return error_response(429)
    return None


def init_app(app: Flask) -> None:
    def refuse_clients_over_the_csrf_limit():
        if csrf_failures.over_limit():
            return error_response(429)
        return None

    # First of all before-request functions: ahead of CSRFProtect, which reads the whole body.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_clients_over_the_csrf_limit)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        over = csrf_failed()
        if over is not None:
            return over
        message = _("This form has expired or did not come from our page. Go back, reload the page "
                    "and send it again.")
        return error_response(400, message, "csrf_failed")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        message = error.description if getattr(error, "for_people", False) else None
        return error_response(code, message)
