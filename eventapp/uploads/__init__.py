"""Uploaded files: photos, logos and PDF materials, checked by content and served safely."""

from flask import Blueprint

bp = Blueprint("uploads", __name__)


@bp.app_template_filter("document_kind")
def document_kind(content_type: str | None) -> str:
    """'PDF', 'PowerPoint', 'Word', 'Excel', 'OpenDocument': what a material is, for its link."""
    from eventapp.uploads.documents import KINDS

    names = {kind.content_type: kind.name for kind in KINDS.values()}
    return names.get(content_type or "", "PDF")

from eventapp.uploads import routes  # noqa: E402,F401
