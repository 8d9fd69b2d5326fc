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
