"""Security headers on every response.

The Content-Security-Policy allows scripts, styles, images, fonts and workers from
this site only: no inline <script>, no CDN, no framing by other sites. Style
attributes stay allowed (progress bars, chart widths); <style> blocks do not.
"""

from __future__ import annotations

from flask import Flask, abort, request

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


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


def init_app(app: Flask) -> None:
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
