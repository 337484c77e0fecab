"""add free text views

Municipal organisers now read the free-text answers of their own municipality in the app.
These answers can identify people, so every view is logged: who, when, which questionnaire,
question and Quartier (none: all Quartiere). The district admin reads the log.

Revision ID: 9f2b6d4e8a13
Revises: 5e0c7a3d1b42
Create Date: 2026-12-02 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '9f2b6d4e8a13'
down_revision = '5e0c7a3d1b42'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'free_text_views',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organiser_id', sa.Integer(), nullable=False),
        sa.Column('questionnaire_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('quartier_id', sa.Integer(), nullable=True),
        sa.Column('viewed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organiser_id'], ['organisers.id'],
                                name=op.f('fk_free_text_views_organiser_id_organisers')),
        sa.ForeignKeyConstraint(['quartier_id'], ['quartiere.id'],
                                name=op.f('fk_free_text_views_quartier_id_quartiere')),
        sa.ForeignKeyConstraint(['question_id'], ['questions.id'],
                                name=op.f('fk_free_text_views_question_id_questions')),
        sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaires.id'],
                                name=op.f('fk_free_text_views_questionnaire_id_questionnaires')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_free_text_views')),
    )
    with op.batch_alter_table('free_text_views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_free_text_views_organiser_id'), ['organiser_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_free_text_views_questionnaire_id'),
                              ['questionnaire_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('free_text_views', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_free_text_views_questionnaire_id'))
        batch_op.drop_index(batch_op.f('ix_free_text_views_organiser_id'))
    op.drop_table('free_text_views')
