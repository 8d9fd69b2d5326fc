from flask import Response, abort, render_template, request

from eventapp.feeds import bp, services

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(feed: services.Feed, *, private: bool = False, download: bool = False) -> Response:
    """The feed with validators; 304 when the client's copy is current."""
    response = Response(feed.body, content_type=CONTENT_TYPE)
    response.set_etag(feed.etag)
    if feed.last_modified is not None:
        response.last_modified = feed.last_modified
    # Clients may keep a copy but must ask again (cheap: 304) before using it.
    response.cache_control.no_cache = True
    if private:
        response.cache_control.private = True
        response.headers["X-Robots-Tag"] = "noindex"
        response.headers["Referrer-Policy"] = "no-referrer"
    else:
        response.cache_control.public = True
    response.vary.add("Cookie")  # the language may come from the cookie
    disposition = "attachment" if download else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{feed.filename}"'
    return response.make_conditional(request)


def _public_event(slug: str):
    event = services.find_public_event(slug)
    if event is None:
        abort(404)
    return event


@bp.route("/events/<slug>/calendar.ics")
def event_feed(slug: str):
    return _calendar_response(services.event_feed(_public_event(slug)))


@bp.route("/events/<slug>/rooms/<int:room_id>/calendar.ics")
def room_feed(slug: str, room_id: int):
    event = _public_event(slug)
    room = services.find_room(event, room_id)
    if room is None:
        abort(404)
    return _calendar_response(services.room_feed(event, room))


@bp.route("/events/<slug>/items/<int:item_id>.ics")
def item_file(slug: str, item_id: int):
    item = services.find_item(_public_event(slug), item_id)
    if item is None:
        abort(404)
    return _calendar_response(services.item_feed(item), download=True)


@bp.route("/calendar.ics")
def site_feed():
    return _calendar_response(services.site_feed())


@bp.route("/calendar/participant/<token>.ics")
def participant_feed(token: str):
    registration = services.find_registration_by_calendar_token(token)
    if registration is None:
        abort(404)
    return _calendar_response(services.participant_feed(registration), private=True)


@bp.route("/calendar/speaker/<token>.ics")
def speaker_feed(token: str):
    speaker = services.find_speaker_by_calendar_token(token)
    if speaker is None:
        abort(404)
    return _calendar_response(services.speaker_feed(speaker), private=True)


@bp.route("/events/<slug>/calendar")
def subscribe(slug: str):
    event = _public_event(slug)
    return render_template("feeds/subscribe.html", event=event, rooms=services.event_rooms(event))
