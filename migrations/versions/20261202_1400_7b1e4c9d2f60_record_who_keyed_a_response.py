"""record who keyed a response

A staff member who keys in a paper sheet, or answers together with a resident, knows that
response's answers. Disclosure control must not let them subtract what they know from the
figures they see (issue 9, "padding"), so a response (and an assisted draft) records the
organiser who entered it. Online responses keep no such link.

Revision ID: 7b1e4c9d2f60
Revises: 9f2b6d4e8a13
Create Date: 2026-12-02 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '7b1e4c9d2f60'
down_revision = '9f2b6d4e8a13'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('responses', 'drafts'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('entered_by_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f'fk_{table}_entered_by_id_organisers'), 'organisers',
                ['entered_by_id'], ['id'])


def downgrade() -> None:
    for table in ('drafts', 'responses'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_entered_by_id_organisers'),
                                     type_='foreignkey')
            batch_op.drop_column('entered_by_id')
