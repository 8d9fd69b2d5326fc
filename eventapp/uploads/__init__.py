"""Uploaded files: photos, logos and PDF materials, checked by content and served safely."""

from flask import Blueprint

bp = Blueprint("uploads", __name__)

from eventapp.uploads import routes  # noqa: E402,F401
