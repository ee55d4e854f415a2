"""Care units, what they offer, slots, appointments and their reminder SMS.

Two guards keep a slot from being booked twice, each enforced by the database: the slot moves from
``free`` to ``booked`` in one conditional UPDATE, and a partial unique index allows one ``booked``
appointment per slot (SQLite and PostgreSQL both support partial indexes).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)

from services.store.db import Base
from services.store.types import UTCDateTime, utcnow

UNIT_KINDS = ("vardcentral", "jourmottagning", "ungdomsmottagning", "tandvard", "akutmottagning")
BOOKABLE_UNIT_KINDS = ("vardcentral", "jourmottagning", "ungdomsmottagning", "tandvard")


class CareUnit(Base):
    __tablename__ = "care_units"

    id = Column(String(64), primary_key=True)
    kind = Column(String(24), nullable=False)
    name = Column(String(200), nullable=False)
    address = Column(String(300), nullable=False)
    municipality = Column(String(100), nullable=False, index=True)
    phone = Column(String(30), nullable=False)
    opening_hours = Column(JSON, nullable=False)  # {"mon": [["08:00", "17:00"]], ...}
    accessibility = Column(JSON, nullable=False)  # {"sv": "...", "en": "..."}
    active = Column(Boolean, nullable=False, default=True)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow)


class VisitKind(Base):
    __tablename__ = "visit_kinds"

    code = Column(String(32), primary_key=True)
    name_sv = Column(String(100), nullable=False)
    name_en = Column(String(100), nullable=False)
    slot_minutes = Column(Integer, nullable=False)


class UnitOffering(Base):
    """A kind of visit a unit offers: slot length, parallel staff and (optionally) its own hours."""

    __tablename__ = "unit_offerings"

    unit_id = Column(String(64), ForeignKey("care_units.id", ondelete="CASCADE"), primary_key=True)
    visit_kind = Column(String(32), ForeignKey("visit_kinds.code"), primary_key=True)
    slot_minutes = Column(Integer, nullable=False)
    staff = Column(Integer, nullable=False, default=1)
    hours = Column(JSON, nullable=True)  # overrides the unit's opening hours when set
    active = Column(Boolean, nullable=False, default=True)


class Slot(Base):
    __tablename__ = "slots"
    __table_args__ = (
        UniqueConstraint("unit_id", "visit_kind", "start_at", "seat", name="uq_slots_unit_kind_start_seat"),
        Index("ix_slots_search", "visit_kind", "status", "start_at"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    unit_id = Column(String(64), ForeignKey("care_units.id", ondelete="CASCADE"), nullable=False)
    visit_kind = Column(String(32), ForeignKey("visit_kinds.code"), nullable=False)
    start_at = Column(UTCDateTime, nullable=False)
    end_at = Column(UTCDateTime, nullable=False)
    seat = Column(Integer, nullable=False, default=0)
    # Local (Stockholm) minute of the day the slot starts, so "after 15:00" is a plain SQL filter.
    local_minute = Column(Integer, nullable=False)
    local_date = Column(Date, nullable=False)
    status = Column(String(16), nullable=False, default="free")  # free | booked


class Appointment(Base):
    __tablename__ = "appointments"
    __table_args__ = (
        Index(
            "uq_appointments_active_slot",
            "slot_id",
            unique=True,
            sqlite_where=text("status = 'booked'"),
            postgresql_where=text("status = 'booked'"),
        ),
        Index("ix_appointments_person", "person_id", "start_at"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    reference = Column(String(12), nullable=False, unique=True)
    slot_id = Column(Integer, ForeignKey("slots.id"), nullable=False)
    person_id = Column(Integer, ForeignKey("persons.id", ondelete="CASCADE"), nullable=False)
    unit_id = Column(String(64), ForeignKey("care_units.id"), nullable=False)
    visit_kind = Column(String(32), ForeignKey("visit_kinds.code"), nullable=False)
    start_at = Column(UTCDateTime, nullable=False)
    end_at = Column(UTCDateTime, nullable=False)
    status = Column(String(16), nullable=False, default="booked")  # booked | cancelled | fulfilled | noshow
    language = Column(String(2), nullable=False, default="sv")
    channel = Column(String(16), nullable=False, default="web")
    idempotency_key = Column(String(128), nullable=True, unique=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow)
    cancelled_at = Column(UTCDateTime, nullable=True)


class Reminder(Base):
    """One reminder SMS per appointment, claimed atomically by whichever worker sends it."""

    __tablename__ = "appointment_reminders"
    __table_args__ = (Index("ix_reminders_due", "status", "due_at"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    appointment_id = Column(
        Integer, ForeignKey("appointments.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    due_at = Column(UTCDateTime, nullable=False)
    status = Column(
        String(16), nullable=False, default="pending"
    )  # pending|sending|sent|cancelled|skipped|failed
    attempts = Column(Integer, nullable=False, default=0)
    claimed_by = Column(String(32), nullable=True)
    claimed_at = Column(UTCDateTime, nullable=True)
    sent_at = Column(UTCDateTime, nullable=True)
    provider_reference = Column(String(64), nullable=True)
