"""How each domain value is named to people, in their language."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from eventapp.models import (
    EventRoleKind,
    EventStatus,
    ItemKind,
    ItemStatus,
    OrganisationPart,
    OrganisationType,
    RegistrationStatus,
    Role,
    SignupStatus,
)

# StrEnum members equal their values (Role.SPEAKER == EventRoleKind.SPEAKER == "speaker"),
# so labels are looked up per enum class.
LABELS: dict[type[enum.Enum], dict[enum.Enum, object]] = {
    EventStatus: {
        EventStatus.DRAFT: lazy_pgettext("event", "draft"),
        EventStatus.PUBLISHED: lazy_pgettext("event", "published"),
        EventStatus.CANCELLED: lazy_pgettext("event", "cancelled"),
        EventStatus.FINISHED: lazy_pgettext("event", "finished"),
    },
    ItemKind: {
        ItemKind.OPENING: _l("Opening"),
        ItemKind.LECTURE: _l("Lecture"),
        ItemKind.PANEL: _l("Panel debate"),
        ItemKind.WORKSHOP: _l("Workshop"),
        ItemKind.BREAK: _l("Break"),
        ItemKind.NETWORKING: _l("Networking"),
        ItemKind.AWARDS: _l("Awards"),
        ItemKind.OTHER: _l("Other"),
    },
    ItemStatus: {
        ItemStatus.SCHEDULED: lazy_pgettext("agenda item", "scheduled"),
        ItemStatus.CANCELLED: lazy_pgettext("agenda item", "cancelled"),
    },
    Role: {
        Role.SPEAKER: _l("Speaker"),
        Role.MODERATOR: _l("Moderator"),
        Role.PANELIST: _l("Panelist"),
        Role.GUEST: _l("Guest"),
        Role.HOST: _l("Host"),
    },
    OrganisationPart: {
        OrganisationPart.ORGANISER: _l("Organiser"),
        OrganisationPart.CO_ORGANISER: _l("Co-organiser"),
        OrganisationPart.PARTNER: _l("Partner"),
        OrganisationPart.FUNDER: _l("Funder"),
        OrganisationPart.MEDIA_PATRON: _l("Media patron"),
    },
    OrganisationType: {
        OrganisationType.PUBLIC_ADMINISTRATION: _l("Local government or public administration"),
        OrganisationType.NGO: _l("NGO (association, foundation)"),
        OrganisationType.SOCIAL_ECONOMY: _l("Social-economy entity"),
        OrganisationType.BUSINESS: _l("Business"),
        OrganisationType.EDUCATION: _l("University or school"),
        OrganisationType.MEDIA: _l("Media"),
        OrganisationType.OTHER: _l("Other"),
    },
    RegistrationStatus: {
        RegistrationStatus.CONFIRMED: lazy_pgettext("registration", "confirmed"),
        RegistrationStatus.WAITLISTED: lazy_pgettext("registration", "on the waiting list"),
        RegistrationStatus.CANCELLED: lazy_pgettext("registration", "cancelled"),
    },
    EventRoleKind: {
        EventRoleKind.ORGANISER: _l("organiser"),
        EventRoleKind.STAFF: _l("staff"),
        EventRoleKind.SPEAKER: _l("speaker"),
    },
}

# The plural headings of the organisation parts on the event page.
PART_HEADINGS = {
    OrganisationPart.ORGANISER: _l("Organisers"),
    OrganisationPart.CO_ORGANISER: _l("Co-organisers"),
    OrganisationPart.PARTNER: _l("Partners"),
    OrganisationPart.FUNDER: _l("Funders"),
    OrganisationPart.MEDIA_PATRON: _l("Media patrons"),
}


def label(value: enum.Enum) -> str:
    """The translated name of an enum member (SignupStatus shares RegistrationStatus names)."""
    if isinstance(value, SignupStatus):
        value = RegistrationStatus(value.value)
    return str(LABELS[type(value)][value])


def choices(enum_cls: type[enum.Enum]) -> list[tuple[str, str]]:
    """(value, label) pairs for a select field."""
    return [(member.value, label(member)) for member in enum_cls]


# The history of changes: field names and actions as people read them.
FIELD_LABELS = {
    "title": _l("Title"),
    "abstract": _l("Abstract"),
    "kind": _l("Kind"),
    "start_dt": _l("Start"),
    "end_dt": _l("End"),
    "room": _l("Room"),
    "room_id": _l("Room"),
    "status": _l("Status"),
    "seat_limit": _l("Seat limit"),
    "requires_signup": _l("Own sign-up"),
    "speaker": _l("Speaker"),
    "role": _l("Role"),
    "order": _l("Order"),
    "name": _l("Name"),
    "organisation": _l("Organisation"),
    "position": _l("Position"),
    "bio": _l("Biography"),
    "email": _l("Email"),
    "phone": _l("Phone"),
    "website": _l("Website"),
    "photo_path": _l("Photo"),
    "slug": _l("Address (in the link)"),
    "summary": _l("Summary"),
    "description": _l("Description"),
    "timezone": _l("Time zone"),
    "start_date": _l("First day"),
    "end_date": _l("Last day"),
    "venue_name": _l("Venue"),
    "venue_address": _l("Street address"),
    "venue_city": _l("City"),
    "capacity": _l("Places"),
    "registration_opens_at": _l("Registration opens"),
    "registration_closes_at": _l("Registration closes"),
    "eu_funded": _l("Funded from EU funds"),
    "funding_note": _l("Funding note"),
    "speaker_edit_deadline": _l("Speakers may edit their items until"),
    "speaker_changes_need_approval": _l("Speakers' changes need my approval"),
    "part": _l("Part"),
    "url": _l("Website"),
    "logo_path": _l("Logo"),
    "cancellation_message": _l("Message to participants"),
    "notified": _l("People notified by email"),
}

ACTION_LABELS = {
    "event_created": _l("Event created"),
    "event_changed": _l("Event details changed"),
    "event_published": _l("Event published"),
    "event_cancelled": _l("Event cancelled"),
    "event_finished": _l("Event marked as finished"),
    "room_added": _l("Room added"),
    "room_changed": _l("Room changed"),
    "room_removed": _l("Room removed"),
    "item_created": _l("Item added"),
    "item_changed": _l("Item changed"),
    "item_moved": _l("Item moved"),
    "item_cancelled": _l("Item cancelled"),
    "item_restored": _l("Item restored"),
    "person_added": _l("Person added to an item"),
    "person_removed": _l("Person removed from an item"),
    "role_changed": _l("Role changed"),
    "people_reordered": _l("Order of people changed"),
    "speaker_created": _l("Speaker added"),
    "speaker_changed": _l("Speaker's profile changed"),
    "organisation_added": _l("Organisation added"),
    "organisation_changed": _l("Organisation changed"),
    "organisation_removed": _l("Organisation removed"),
    "funding_note_changed": _l("Funding note changed"),
    # Written by the speaker portal.
    "event.speaker_rules": _l("Speakers' editing rules changed"),
    "item.updated": _l("Item changed by its speaker"),
    "speaker.updated": _l("Speaker changed their profile"),
    "proposal.created": _l("Speaker proposed a change"),
    "proposal.accepted": _l("Speaker's proposal accepted"),
    "proposal.rejected": _l("Speaker's proposal rejected"),
}

# Which enum a field's stored value belongs to, to name it in the reader's language.
FIELD_ENUMS: dict[str, type[enum.Enum]] = {
    "kind": ItemKind, "role": Role, "part": OrganisationPart,
}


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def action_label(action: str) -> str:
    return str(ACTION_LABELS[action]) if action in ACTION_LABELS else action
