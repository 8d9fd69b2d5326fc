"""Absolute addresses for feeds, built from PUBLIC_BASE_URL so that emails sent by a worker
and feeds fetched through a proxy carry the same public address."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def public_url(endpoint: str, **values) -> str:
    """The absolute public URL of an endpoint, with or without a request in progress."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def email_link(endpoint: str, *, language: str | None = None, anchor: str | None = None, **values) -> str:
    """An absolute public link for an email, carrying the reader's language (`?lang=`), so that
    someone reading in English opens English pages without a cookie. `language` defaults to the
    locale the email is being rendered in (callers use force_locale with the person's language)."""
    from flask_babel import get_locale

    language = language or str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    url = public_url(endpoint, lang=language, **values)
    return f"{url}#{anchor}" if anchor else url


def webcal(url: str) -> str:
    """The same address as a webcal:// link, which calendar apps open as a subscription."""
    return "webcal://" + url.split("://", 1)[1]


def uid_domain() -> str:
    """The right-hand side of every UID: fixed by config, else the public host (without port)."""
    configured = current_app.config.get("CALENDAR_UID_DOMAIN")
    if configured:
        return configured
    return urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "eventapp.invalid"
