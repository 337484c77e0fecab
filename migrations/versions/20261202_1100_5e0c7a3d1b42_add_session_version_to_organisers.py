"""add session version to organisers

A copied session cookie worked until it expired, even after its owner had logged out.
Each session now carries the version of its account it was started with; logging out and
a new password count the version up, which ends every session of the account.

Revision ID: 5e0c7a3d1b42
Revises: c3a9d5e1f720
Create Date: 2026-12-02 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '5e0c7a3d1b42'
down_revision = 'c3a9d5e1f720'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('organisers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('organisers', schema=None) as batch_op:
        batch_op.drop_column('session_version')
