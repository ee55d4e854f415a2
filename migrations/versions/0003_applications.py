"""Applications for social services and the append-only log of staff access to them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)  # services.store.types.UTCDateTime stores this type

# The same statements as services/applications/models.py attaches to create_all.
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


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("reference", sa.String(16), nullable=True, unique=True),
        sa.Column("service", sa.String(32), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id", ondelete="CASCADE"), nullable=True),
        sa.Column("conversation_key", sa.String(64), nullable=False, index=True),
        sa.Column("applicant_relation", sa.String(24), nullable=False),
        sa.Column("consent_at", UTC, nullable=True),
        sa.Column("person_agreed_at", UTC, nullable=True),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("interview", sa.JSON, nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("submitted_at", UTC, nullable=True),
    )
    # One draft per person and type: the database's own guard when two conversations start at once.
    op.create_index(
        "uq_applications_one_draft",
        "applications",
        ["person_id", "service"],
        unique=True,
        sqlite_where=sa.text("status = 'draft'"),
        postgresql_where=sa.text("status = 'draft'"),
    )
    op.create_index("ix_applications_person", "applications", ["person_id", "created_at"])
    op.create_index("ix_applications_queue", "applications", ["status", "service", "submitted_at"])
    op.create_table(
        "application_access_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("staff_user", sa.String(128), nullable=False, index=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("application_id", sa.Integer, nullable=True, index=True),
        sa.Column("detail", sa.String(120), nullable=True),
        sa.Column("at", UTC, nullable=False),
    )
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": APPEND_ONLY_SQLITE, "postgresql": APPEND_ONLY_POSTGRESQL}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    op.drop_table("application_access_log")  # drops its triggers too
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS application_access_log_append_only()")
    op.drop_index("ix_applications_queue", table_name="applications")
    op.drop_index("ix_applications_person", table_name="applications")
    op.drop_index("uq_applications_one_draft", table_name="applications")
    op.drop_table("applications")
