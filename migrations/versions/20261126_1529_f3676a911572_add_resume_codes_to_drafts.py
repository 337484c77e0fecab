"""add resume codes to drafts

Revision ID: f3676a911572
Revises: 9397851c7c85
Create Date: 2026-11-26 15:29:29.486393
"""

import sqlalchemy as sa
from alembic import op

revision = 'f3676a911572'
down_revision = '9397851c7c85'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resume_code_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_drafts_resume_code_hash'), ['resume_code_hash'])



def downgrade() -> None:
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_drafts_resume_code_hash'), type_='unique')
        batch_op.drop_column('resume_code_hash')

