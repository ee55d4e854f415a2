"""Booking (care units, slots, appointments, reminders), identity and the SMS outbox.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)  # services.store.types.UTCDateTime stores this type


def upgrade() -> None:
    op.create_table(
        "sms_outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("to", sa.String(20), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", UTC, nullable=False, index=True),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("pnr_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("pnr_masked", sa.String(16), nullable=False),
        sa.Column("mobile_encrypted", sa.Text, nullable=True),
        sa.Column("mobile_hash", sa.String(64), nullable=True, index=True),
        sa.Column("mobile_masked", sa.String(20), nullable=True),
        sa.Column("mobile_verified_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
    )
    op.create_table(
        "otp_challenges",
        sa.Column("id", sa.String(43), primary_key=True),
        sa.Column("conversation_id", sa.String(64), nullable=False, index=True),
        sa.Column("phone_hash", sa.String(64), nullable=False, index=True),
        sa.Column("phone_encrypted", sa.Text, nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
    )
    op.create_table(
        "verified_contacts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(64), nullable=False, unique=True),
        sa.Column("phone_hash", sa.String(64), nullable=False, index=True),
        sa.Column("phone_encrypted", sa.Text, nullable=False),
        sa.Column("phone_masked", sa.String(20), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id", ondelete="SET NULL"), nullable=True),
        sa.Column("verified_at", UTC, nullable=False),
    )
    op.create_table(
        "care_units",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("municipality", sa.String(100), nullable=False, index=True),
        sa.Column("phone", sa.String(30), nullable=False),
        sa.Column("opening_hours", sa.JSON, nullable=False),
        sa.Column("accessibility", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
    )
    op.create_table(
        "visit_kinds",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name_sv", sa.String(100), nullable=False),
        sa.Column("name_en", sa.String(100), nullable=False),
        sa.Column("slot_minutes", sa.Integer, nullable=False),
    )
    op.create_table(
        "unit_offerings",
        sa.Column(
            "unit_id", sa.String(64), sa.ForeignKey("care_units.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("visit_kind", sa.String(32), sa.ForeignKey("visit_kinds.code"), primary_key=True),
        sa.Column("slot_minutes", sa.Integer, nullable=False),
        sa.Column("staff", sa.Integer, nullable=False),
        sa.Column("hours", sa.JSON, nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "slots",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "unit_id", sa.String(64), sa.ForeignKey("care_units.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("visit_kind", sa.String(32), sa.ForeignKey("visit_kinds.code"), nullable=False),
        sa.Column("start_at", UTC, nullable=False),
        sa.Column("end_at", UTC, nullable=False),
        sa.Column("seat", sa.Integer, nullable=False),
        sa.Column("local_minute", sa.Integer, nullable=False),
        sa.Column("local_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.UniqueConstraint(
            "unit_id", "visit_kind", "start_at", "seat", name="uq_slots_unit_kind_start_seat"
        ),
    )
    op.create_index("ix_slots_search", "slots", ["visit_kind", "status", "start_at"])
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("reference", sa.String(12), nullable=False, unique=True),
        sa.Column("slot_id", sa.Integer, sa.ForeignKey("slots.id"), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id", ondelete="CASCADE"), nullable=False),
        sa.Column("unit_id", sa.String(64), sa.ForeignKey("care_units.id"), nullable=False),
        sa.Column("visit_kind", sa.String(32), sa.ForeignKey("visit_kinds.code"), nullable=False),
        sa.Column("start_at", UTC, nullable=False),
        sa.Column("end_at", UTC, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("idempotency_key", sa.String(128), nullable=True, unique=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("cancelled_at", UTC, nullable=True),
    )
    # At most one booked appointment per slot: the database's own guard against double booking.
    op.create_index(
        "uq_appointments_active_slot",
        "appointments",
        ["slot_id"],
        unique=True,
        sqlite_where=sa.text("status = 'booked'"),
        postgresql_where=sa.text("status = 'booked'"),
    )
    op.create_index("ix_appointments_person", "appointments", ["person_id", "start_at"])
    op.create_table(
        "appointment_reminders",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "appointment_id",
            sa.Integer,
            sa.ForeignKey("appointments.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("due_at", UTC, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claimed_by", sa.String(32), nullable=True),
        sa.Column("claimed_at", UTC, nullable=True),
        sa.Column("sent_at", UTC, nullable=True),
        sa.Column("provider_reference", sa.String(64), nullable=True),
    )
    op.create_index("ix_reminders_due", "appointment_reminders", ["status", "due_at"])


def downgrade() -> None:
    op.drop_table("appointment_reminders")
    op.drop_index("ix_appointments_person", table_name="appointments")
    op.drop_index("uq_appointments_active_slot", table_name="appointments")
    op.drop_table("appointments")
    op.drop_index("ix_slots_search", table_name="slots")
    op.drop_table("slots")
    op.drop_table("unit_offerings")
    op.drop_table("visit_kinds")
    op.drop_table("care_units")
    op.drop_table("verified_contacts")
    op.drop_table("otp_challenges")
    op.drop_table("persons")
    op.drop_table("sms_outbox")
