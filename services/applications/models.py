"""Applications and the append-only log of staff access to them.

Answers are JSON keyed by the questionnaire's ``linkId``. A draft (``status = 'draft'``) may lack a
person until the conversation identifies them; a partial unique index allows one draft per person and
type. ``application_access_log`` has no foreign key, so erasing an application never rewrites the log,
and triggers refuse UPDATE and DELETE on it (SQLite and PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import DDL, JSON, Column, ForeignKey, Index, Integer, String, event, text

from services.store.db import Base
from services.store.types import UTCDateTime, utcnow

DRAFT = "draft"
STATUSES = ("received", "in_progress", "more_info_needed", "decided")  # after submission


class Application(Base):
    __tablename__ = "applications"

    id = Column(Integer, primary_key=True, autoincrement=True)
    reference = Column(String(16), nullable=True, unique=True)  # given on submission, e.g. EB-2026-4K7Q
    service = Column(String(32), nullable=False)  # the questionnaire's service type, e.g. home_care
    status = Column(String(20), nullable=False, default=DRAFT)
    person_id = Column(Integer, ForeignKey("persons.id", ondelete="CASCADE"), nullable=True)
    conversation_key = Column(String(64), nullable=False, index=True)
    applicant_relation = Column(String(24), nullable=False, default="self")  # or the helper's relation
    consent_at = Column(UTCDateTime, nullable=True)
    person_agreed_at = Column(UTCDateTime, nullable=True)  # a relative applies: the person has agreed
    answers = Column(JSON, nullable=False, default=dict)
    interview = Column(JSON, nullable=False, default=dict)  # history and the item being changed
    language = Column(String(2), nullable=False, default="sv")
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow)
    submitted_at = Column(UTCDateTime, nullable=True)

    __table_args__ = (
        Index(
            "uq_applications_one_draft",
            "person_id",
            "service",
            unique=True,
            sqlite_where=text("status = 'draft'"),
            postgresql_where=text("status = 'draft'"),
        ),
        Index("ix_applications_person", "person_id", "created_at"),
        Index("ix_applications_queue", "status", "service", "submitted_at"),
    )


class ApplicationAccessLog(Base):
    """Who on the staff read or changed which application, and when. Rows are only ever added."""

    __tablename__ = "application_access_log"

    id = Column(Integer, primary_key=True, autoincrement=True)
    staff_user = Column(String(128), nullable=False, index=True)
    action = Column(String(16), nullable=False)  # list | read | status
    application_id = Column(Integer, nullable=True, index=True)
    detail = Column(String(120), nullable=True)  # e.g. "received->in_progress"; never personal data
    at = Column(UTCDateTime, nullable=False, default=utcnow)


# The same statements as in migrations/versions/0003_applications.py, for tables made by create_all.
APPEND_ONLY_SQLITE = [
    f"CREATE TRIGGER application_access_log_no_{verb.lower()} BEFORE {verb} ON application_access_log "
    "BEGIN SELECT RAISE(ABORT, 'application_access_log is append-only'); END"
    for verb in ("UPDATE", "DELETE")
]
APPEND_ONLY_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION application_access_log_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'application_access_log is append-only'; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER application_access_log_append_only BEFORE UPDATE OR DELETE ON application_access_log "
    "FOR EACH ROW EXECUTE FUNCTION application_access_log_append_only()",
]
for _statement in APPEND_ONLY_SQLITE:
    event.listen(ApplicationAccessLog.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in APPEND_ONLY_POSTGRESQL:
    event.listen(
        ApplicationAccessLog.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )
