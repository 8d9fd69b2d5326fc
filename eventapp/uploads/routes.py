from flask import abort, send_file

# A module, not a name: agenda.services imports uploads.services, and either may load first.
from eventapp.agenda import services as agenda_services
from eventapp.uploads import bp
from eventapp.uploads.services import resolve

# Served files are data, never documents: no scripts, no styles, no frames, no plugins.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@bp.route("/files/<path:path>")
def file(path: str):
    """An uploaded photo (inline) or document (as a download), by its random stored name; a
    material arrives under its uploader's file name or its session's title."""
    found = resolve(path)
    if found is None:
        abort(404)
    full, content_type = found
    # Documents (PDF and office files) download; photos and logos show inline.
    is_document = not content_type.startswith("image/")
    name = (agenda_services.material_download_name(path) if is_document else None) or full.name
    # Werkzeug writes a non-ASCII name as RFC 5987 filename*=UTF-8''… beside an ASCII filename=.
    response = send_file(full, mimetype=content_type, as_attachment=is_document,
                         download_name=name, conditional=True, max_age=7 * 24 * 3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_CSP
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
