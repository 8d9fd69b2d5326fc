from flask import abort

# A module, not a name: agenda.services imports uploads.services, and either may load first.
from eventapp.agenda import services as agenda_services
from eventapp.uploads import bp
from eventapp.uploads.responses import send_stored
from eventapp.uploads.services import resolve


@bp.route("/files/<path:path>")
def file(path: str):
    """An uploaded photo (inline) or PDF (as a download), by its random stored name; a
    material's PDF arrives under its uploader's file name or its session's title."""
    found = resolve(path)
    if found is None:
        abort(404)
    full, content_type = found
    is_pdf = content_type == "application/pdf"
    name = full.name
    if is_pdf:
        # Only a material's PDF is public: the file of a speaker's proposal waiting for (or
        # refused) approval has no material yet, and organisers review it through the portal.
        name = agenda_services.material_download_name(path)
        if name is None:
            abort(404)
    return send_stored(full, content_type, name)
