"""Language choice: Polish by default, English on request, remembered in a cookie."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request

LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    """The language of this request: an explicit ?lang=, then the cookie, then the default."""
    if not has_request_context():  # CLI, mail worker: callers use force_locale for a person's language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if candidate is not None and candidate in languages:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    @app.after_request
    def remember_explicit_language(response):
        chosen = request.args.get("lang")
        if chosen in app.config["LANGUAGES"] and request.cookies.get(LANGUAGE_COOKIE) != chosen:
            response.set_cookie(
                LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
            )
        return response
