"""add paper sheets, covered quartiere and content changes

Revision ID: 632424b12277
Revises: 54f106a0cf3d
Create Date: 2026-11-26 15:41:53.300315
"""

import sqlalchemy as sa
from alembic import op

revision = '632424b12277'
down_revision = '54f106a0cf3d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('content_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.Integer(), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['organiser_id'], ['organisers.id'], name=op.f('fk_content_changes_organiser_id_organisers')),
    sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaires.id'], name=op.f('fk_content_changes_questionnaire_id_questionnaires')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_changes'))
    )
    with op.batch_alter_table('content_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_changes_questionnaire_id'), ['questionnaire_id'], unique=False)

    op.create_table('questionnaire_quartiere',
    sa.Column('questionnaire_id', sa.Integer(), nullable=False),
    sa.Column('quartier_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['quartier_id'], ['quartiere.id'], name=op.f('fk_questionnaire_quartiere_quartier_id_quartiere')),
    sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaires.id'], name=op.f('fk_questionnaire_quartiere_questionnaire_id_questionnaires')),
    sa.PrimaryKeyConstraint('questionnaire_id', 'quartier_id', name=op.f('pk_questionnaire_quartiere'))
    )
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sheet_number', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_responses_questionnaire_id_sheet_number'), ['questionnaire_id', 'sheet_number'])



def downgrade() -> None:
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_responses_questionnaire_id_sheet_number'), type_='unique')
        batch_op.drop_column('sheet_number')

    op.drop_table('questionnaire_quartiere')
    with op.batch_alter_table('content_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_changes_questionnaire_id'))

    op.drop_table('content_changes')
