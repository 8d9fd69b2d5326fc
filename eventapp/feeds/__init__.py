"""Calendar feeds: the whole event, each room, one item, the site, and private feeds."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)

from eventapp.feeds import routes  # noqa: E402,F401


def _template_globals() -> None:
    """Functions templates call to show calendar links (templates/feeds/_macros.html)."""
    from eventapp.feeds import services

    for name, function in {
        "feeds_item_download_url": services.item_download_url,
        "feeds_google_calendar_url": services.google_calendar_url,
        "feeds_event_urls": services.event_feed_urls,
        "feeds_room_urls": services.room_feed_urls,
        "feeds_site_urls": services.site_feed_urls,
        "feeds_participant_urls": services.participant_feed_urls,
        "feeds_speaker_urls": services.speaker_feed_urls,
    }.items():
        bp.add_app_template_global(function, name)


_template_globals()
