"""add the organiser's workbench tables

Response targets per Quartier (the questionnaire overview), the content version last
answered as a test (the publishing checklist), printed number ranges and the record of
corrected or deleted paper sheets.

Revision ID: c3d91e5a7b20
Revises: a6c3e8f1b254
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'c3d91e5a7b20'
down_revision = 'a6c3e8f1b254'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('questionnaires') as batch:
        batch.add_column(sa.Column('tested_version', sa.Integer(), nullable=True))
    op.create_table(
        'response_targets',
        sa.Column('questionnaire_id', sa.Integer(), nullable=False),
        sa.Column('quartier_id', sa.Integer(), nullable=False),
        sa.Column('target', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaires.id']),
        sa.ForeignKeyConstraint(['quartier_id'], ['quartiere.id']),
        sa.PrimaryKeyConstraint('questionnaire_id', 'quartier_id'),
    )
    op.create_table(
        'print_runs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('questionnaire_id', sa.Integer(), nullable=False),
        sa.Column('first', sa.Integer(), nullable=False),
        sa.Column('last', sa.Integer(), nullable=False),
        sa.Column('lang', sa.String(length=12), nullable=False),
        sa.Column('organiser_id', sa.Integer(), nullable=True),
        sa.Column('printed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaires.id']),
        sa.ForeignKeyConstraint(['organiser_id'], ['organisers.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_print_runs_questionnaire_id', 'print_runs', ['questionnaire_id'])
    op.create_table(
        'sheet_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('questionnaire_id', sa.Integer(), nullable=False),
        sa.Column('quartier_id', sa.Integer(), nullable=True),
        sa.Column('sheet_number', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=10), nullable=False),
        sa.Column('organiser_id', sa.Integer(), nullable=True),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaires.id']),
        sa.ForeignKeyConstraint(['quartier_id'], ['quartiere.id']),
        sa.ForeignKeyConstraint(['organiser_id'], ['organisers.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_sheet_changes_questionnaire_id', 'sheet_changes', ['questionnaire_id'])


def downgrade() -> None:
    op.drop_index('ix_sheet_changes_questionnaire_id', table_name='sheet_changes')
    op.drop_table('sheet_changes')
    op.drop_index('ix_print_runs_questionnaire_id', table_name='print_runs')
    op.drop_table('print_runs')
    op.drop_table('response_targets')
    with op.batch_alter_table('questionnaires') as batch:
        batch.drop_column('tested_version')
