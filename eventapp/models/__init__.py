"""All models, imported here so that the metadata knows every table."""

from eventapp.models.accounts import Account, AccountSession, EventRole, EventRoleKind, Invitation
from eventapp.models.agenda import (
    AgendaItem,
    ItemKind,
    ItemProposal,
    ItemSpeaker,
    ItemStatus,
    Material,
    MaterialKind,
    ProposalStatus,
    Role,
)
from eventapp.models.checkins import CheckIn, CheckInConflict, CheckInSource, ConflictKind
from eventapp.models.events import Event, EventOrganisation, EventStatus, OrganisationPart, Room
from eventapp.models.history import ChangeRecord
from eventapp.models.manage import ChangeNotice, Mailing, MailingRecipient, MailingStatus
from eventapp.models.outbox import EmailStatus, OutboundEmail
from eventapp.models.people import Speaker
from eventapp.models.programmes import (
    DirectoryOrganisation,
    EvidenceScan,
    MergeDecision,
    MergeKind,
    MergeRecord,
    Programme,
    ProgrammeEvent,
    ProgrammeLogo,
    ProgrammeManager,
    ProgrammeTarget,
    TargetUnit,
)
from eventapp.models.questions import Answer, Question, QuestionKind, QuestionSetUse, QuestionVisibility
from eventapp.models.registrations import (
    ConsentKind,
    ConsentText,
    OrganisationType,
    Registration,
    RegistrationConsent,
    RegistrationSource,
    RegistrationStatus,
    SignupStatus,
    UsedFormStamp,
    WorkshopSignup,
)
from eventapp.models.reports import BatchStatus, CertificateBatch
from eventapp.models.stations import StationToken
from eventapp.models.types import utcnow

__all__ = [
    "Answer",
    "Question",
    "QuestionKind",
    "QuestionSetUse",
    "QuestionVisibility",
    "EvidenceScan",
    "TargetUnit",
    "ProgrammeTarget",
    "ProgrammeManager",
    "ProgrammeLogo",
    "ProgrammeEvent",
    "Programme",
    "MergeRecord",
    "MergeKind",
    "MergeDecision",
    "DirectoryOrganisation",
    "BatchStatus",
    "CertificateBatch",
    "Account",
    "AccountSession",
    "AgendaItem",
    "ChangeNotice",
    "ChangeRecord",
    "CheckIn",
    "CheckInConflict",
    "CheckInSource",
    "ConflictKind",
    "ConsentKind",
    "ConsentText",
    "EmailStatus",
    "Event",
    "EventOrganisation",
    "EventRole",
    "EventRoleKind",
    "EventStatus",
    "Invitation",
    "ItemKind",
    "ItemProposal",
    "ItemSpeaker",
    "ItemStatus",
    "Mailing",
    "MailingRecipient",
    "MailingStatus",
    "Material",
    "MaterialKind",
    "OrganisationPart",
    "OrganisationType",
    "OutboundEmail",
    "ProposalStatus",
    "Registration",
    "RegistrationConsent",
    "RegistrationSource",
    "RegistrationStatus",
    "Role",
    "Room",
    "SignupStatus",
    "Speaker",
    "StationToken",
    "UsedFormStamp",
    "WorkshopSignup",
    "utcnow",
]
