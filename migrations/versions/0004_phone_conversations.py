"""Phone-number conversations (SMS and calls), inbound message ids and outbound counts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

UTC = sa.DateTime(timezone=True)  # services.store.types.UTCDateTime stores this type

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "phone_conversations",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("last_choices", sa.JSON(), nullable=True),
        sa.Column("stopped_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
    )
    op.create_table(
        "inbound_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("provider_message_id", sa.String(64), nullable=False),
        sa.Column("conversation_key", sa.String(64), nullable=False, index=True),
        sa.Column("received_at", UTC, nullable=False, index=True),
        sa.UniqueConstraint("provider", "provider_message_id", name="uq_inbound_provider_id"),
    )
    op.create_table(
        "outbound_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_key", sa.String(64), nullable=False, index=True),
        sa.Column("segments", sa.Integer, nullable=False),
        sa.Column("sent_at", UTC, nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("outbound_messages")
    op.drop_table("inbound_messages")
    op.drop_table("phone_conversations")
