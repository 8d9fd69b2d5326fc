from flask import abort

# A module, not a name: agenda.services imports uploads.services, and either may load first.
from eventapp.agenda import services as agenda_services
from eventapp.uploads import bp
from eventapp.uploads.responses import send_stored
from eventapp.uploads.services import resolve


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
    name = full.name
    if is_document:
        # Only a material's document is public: the file of a speaker's proposal waiting for (or
        # refused) approval has no material yet, and organisers review it through the portal.
        name = agenda_services.material_download_name(path)
        if name is None:
            abort(404)
    return send_stored(full, content_type, name)
