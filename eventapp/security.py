"""Security headers on every response.

The Content-Security-Policy allows scripts, styles, images, fonts and workers from
this site only: no inline <script>, no CDN, no framing by other sites. Style
attributes stay allowed (progress bars, chart widths); <style> blocks do not.
"""

from __future__ import annotations

from flask import Flask, abort, request
from flask_babel import gettext as _

from eventapp.errors import refuse

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-elem 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

# Pages under these path parts carry secrets in the URL: never cache them in shared caches,
# never leak them in a Referer header.
PRIVATE_PATH_MARKERS = ("/r/", "/calendar/", "/invitation/")


# Keyword arguments that url_for() reads itself: as query keys they would break every link
# the page builds to itself (the language switcher), so they are refused up front.
URL_FOR_KEYWORDS = frozenset({"_anchor", "_method", "_scheme", "_external"})
# Deeper JSON than this is no request our pages or stations send.
MAX_JSON_DEPTH = 32


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


def _json_problem(body) -> str | None:
    """What is wrong with a parsed JSON body (too deep, a NUL in a text or key), or None.

    Walked without recursion, so a body nested as deep as the parser allows cannot overflow."""
    pending = [(body, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return _("The request contains a NUL character, which no text may hold.")
        elif isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                return _("The request is nested too deeply.")
            if isinstance(value, dict):
                pending.extend((key, depth) for key in value)
                pending.extend((item, depth + 1) for item in value.values())
            else:
                pending.extend((item, depth + 1) for item in value)
    return None


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_query_keys_that_shadow_the_route():
        """`/events/forum/?slug=other` or `/?_method=x`: refused with a 400 that names the key."""
        path_args = request.view_args or {}
        for key in request.args:
            if key in path_args or key in URL_FOR_KEYWORDS:
                refuse(400, _("The address has a parameter that cannot be used here: %(name)s.", name=key))

    @app.before_request
    def refuse_malformed_json():
        """A JSON body nested too deeply for the parser or holding a NUL: a clear 400, not a 500.

        The parsed body is cached by Flask, so views read it without parsing twice; a body that
        is not JSON at all is left to the view (which answers with its own message)."""
        if not request.is_json:
            return
        try:
            body = request.get_json(silent=True)
        except RecursionError:
            refuse(400, _("The request is nested too deeply."))
        problem = _json_problem(body)
        if problem:
            refuse(400, problem)

    @app.before_request
    def refuse_nul_characters():
        """No text we store or look up may hold a NUL: PostgreSQL refuses it, so refuse it first."""
        if "\x00" in request.path or _has_nul(request.args.values()):
            abort(400)
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data") and _has_nul(
            request.form.values()
        ):
            abort(400)

    @app.after_request
    def add_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if any(marker in request.path for marker in PRIVATE_PATH_MARKERS):
            headers["Referrer-Policy"] = "no-referrer"
            headers.setdefault("Cache-Control", "private, no-store")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
