"""Error pages in the user's language; JSON errors for the API."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _("This form has expired or did not come from our page. Go back, reload the page "
                    "and send it again.")
        if _wants_json():
            return jsonify(error="csrf_failed", message=message), 400
        return render_template("errors/error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            400: _("The request could not be understood."),
            403: _("You do not have access to this page."),
            404: _("We could not find that page."),
            405: _("This action is not allowed here."),
            413: _("The file is too large."),
            429: _("Too many attempts. Please wait a moment and try again."),
        }
        message = messages.get(error.code or 500, _("Something went wrong on our side."))
        if _wants_json():
            return jsonify(error=error.name.lower().replace(" ", "_"), message=message), error.code
        return (
            render_template("errors/error.html", code=error.code, message=message),
            error.code,
        )
