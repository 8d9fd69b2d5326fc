"""The organiser's own sign-up questions per event, and participants' answers to them.

A question that has answers is never deleted: the foreign key from answers refuses it, so
old answers stay stored and exported; organisers hide, rename or add options instead.
Options carry stable keys (answers store keys, never labels), so renaming an option keeps
every earlier answer meaning the same thing.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.extensions import db
from eventapp.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from eventapp.models.events import Event
    from eventapp.models.registrations import Registration


class QuestionKind(enum.StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    COUNTY = "county"
    MUNICIPALITY = "municipality"
    CONSENT = "consent"


class QuestionVisibility(enum.StrEnum):
    ORGANISERS = "organisers"
    STAFF = "staff"


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (
        # A ready-made set switched on twice adds nothing the second time.
        sa.UniqueConstraint("event_id", "set_key", "origin_key"),
        sa.CheckConstraint("condition_question_id IS NULL OR condition_option IS NOT NULL",
                           name="condition_names_option"),
        sa.Index("ix_questions_event_position", "event_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, "question_kind"))
    # For one-of-a-list: "radio" or "select".
    widget: Mapped[str] = mapped_column(sa.String(10), default="radio")
    label_pl: Mapped[str] = mapped_column(sa.Text)
    label_en: Mapped[str] = mapped_column(sa.Text, default="")
    help_pl: Mapped[str] = mapped_column(sa.Text, default="")
    help_en: Mapped[str] = mapped_column(sa.Text, default="")
    # [{"key": "vegan", "pl": "wegańska", "en": "vegan", "hidden": false}, …]
    options: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    required: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    visibility: Mapped[QuestionVisibility] = mapped_column(
        enum_column(QuestionVisibility, "question_visibility"), default=QuestionVisibility.ORGANISERS
    )
    # An extra check of a short text by name: "pesel" (11 digits and their checksum).
    text_check: Mapped[str | None] = mapped_column(sa.String(20))
    # Offers "I prefer not to answer" (stored with its time, so a refusal is documented).
    allow_decline: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    hidden: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # "Ask only if": shown (and required) only when this earlier choice question has this option.
    condition_question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="SET NULL")
    )
    condition_option: Mapped[str | None] = mapped_column(sa.String(64))
    # Where the question came from: a ready-made set ("needs", "esf", "days") and its item.
    set_key: Mapped[str | None] = mapped_column(sa.String(32))
    origin_key: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    condition_question: Mapped[Question | None] = relationship(remote_side=[id])

    def label(self, language: str) -> str:
        return (self.label_en if language == "en" else self.label_pl) or self.label_pl

    def help(self, language: str) -> str:
        return (self.help_en if language == "en" else self.help_pl) or self.help_pl

    def option_label(self, key: str, language: str) -> str:
        for option in self.options or []:
            if option["key"] == key:
                return (option.get(language) or option.get("pl") or key)
        return key

    @property
    def is_monitoring(self) -> bool:
        """Funder monitoring data: organisers only, never door staff."""
        return self.set_key == "esf"

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.kind}>"


class QuestionSetUse(db.Model):
    """A ready-made set switched on for an event, with the organiser's note on why it is asked."""

    __tablename__ = "question_set_uses"
    __table_args__ = (sa.UniqueConstraint("event_id", "set_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    set_key: Mapped[str] = mapped_column(sa.String(32))
    note_pl: Mapped[str] = mapped_column(sa.Text, default="")
    note_en: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def note(self, language: str) -> str:
        return (self.note_en if language == "en" else self.note_pl) or self.note_pl


class Answer(db.Model):
    """One participant's answer to one question: a value, or a documented "prefer not to answer"."""

    __tablename__ = "answers"
    __table_args__ = (
        sa.UniqueConstraint("registration_id", "question_id"),
        sa.Index("ix_answers_question", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registrations.id", ondelete="CASCADE"))
    # No cascade: a question with answers cannot be deleted.
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="RESTRICT"))
    # str, number, bool, ISO date, option key, or a list of option keys; null when declined.
    value: Mapped[Any] = mapped_column(sa.JSON(none_as_null=True), nullable=True)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration: Mapped[Registration] = relationship()
    question: Mapped[Question] = relationship()
