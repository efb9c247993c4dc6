"""auth sessions: sign-in tokens that survive reloads

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 00:07:36.763695
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tutor.db.models

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", tutor.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", tutor.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", tutor.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", tutor.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("user_agent", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_auth_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_auth_sessions_token_hash")),
    )
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_auth_sessions_user", ["user_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_auth_sessions_user")

    op.drop_table("auth_sessions")
