"""single-use resume codes, QR links with their own secret, paused drafts leave the device

A paused draft keeps the keyed hash of its typed code and of the longer secret in its QR
link; either works once. The page that shows them again after a reload finds the draft by
the hash of a random ticket in the browser's session and reads the code from a copy sealed
with that ticket, so neither the database nor the cookie alone reveals the code.

Revision ID: c3a9d5e1f720
Revises: b7e41c2d9a10
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'c3a9d5e1f720'
down_revision = 'b7e41c2d9a10'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('drafts', sa.Column('resume_link_hash', sa.String(length=64), nullable=True))
    op.add_column('drafts', sa.Column('paused_ticket_hash', sa.String(length=64), nullable=True))
    op.add_column('drafts', sa.Column('paused_sealed', sa.String(length=128), nullable=True))
    op.add_column('drafts', sa.Column('paused_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_drafts_resume_link_hash', 'drafts', ['resume_link_hash'], unique=True)
    op.create_index('ix_drafts_paused_ticket_hash', 'drafts', ['paused_ticket_hash'],
                    unique=True)
    # Codes issued before this revision were six characters and reusable: they end here.
    op.execute("UPDATE drafts SET resume_code_hash = NULL")


def downgrade() -> None:
    op.drop_index('ix_drafts_paused_ticket_hash', table_name='drafts')
    op.drop_index('ix_drafts_resume_link_hash', table_name='drafts')
    with op.batch_alter_table('drafts') as batch:
        batch.drop_column('paused_at')
        batch.drop_column('paused_sealed')
        batch.drop_column('paused_ticket_hash')
        batch.drop_column('resume_link_hash')
