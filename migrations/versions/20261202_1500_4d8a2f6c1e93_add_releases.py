"""add releases

Digests repeat a Quartier's per-question figures until its responses have doubled, then
release them anew after an audit against every earlier release, so two weekly digests
cannot be compared to read the answers of the people in between. A release stores the
counts and marks it showed.

Revision ID: 4d8a2f6c1e93
Revises: 7b1e4c9d2f60
Create Date: 2026-12-02 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '4d8a2f6c1e93'
down_revision = '7b1e4c9d2f60'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'releases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('questionnaire_id', sa.Integer(), nullable=False),
        sa.Column('quartier_id', sa.Integer(), nullable=False),
        sa.Column('responses', sa.Integer(), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['quartier_id'], ['quartiere.id'],
                                name=op.f('fk_releases_quartier_id_quartiere')),
        sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaires.id'],
                                name=op.f('fk_releases_questionnaire_id_questionnaires')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_releases')),
        sa.UniqueConstraint('questionnaire_id', 'quartier_id', 'responses',
                            name=op.f('uq_releases_questionnaire_id_quartier_id_responses')),
    )


def downgrade() -> None:
    op.drop_table('releases')
