"""add content version to questionnaires

Revision ID: 54f106a0cf3d
Revises: f3676a911572
Create Date: 2026-11-26 15:39:42.897040
"""

import sqlalchemy as sa
from alembic import op

revision = '54f106a0cf3d'
down_revision = 'f3676a911572'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('questionnaires', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('questionnaires', schema=None) as batch_op:
        batch_op.drop_column('version')

