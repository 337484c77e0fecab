"""create foundation tables

Revision ID: 9397851c7c85
Revises:
Create Date: 2026-11-26 15:09:51.225253
"""

import sqlalchemy as sa
from alembic import op

revision = '9397851c7c85'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('districts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_districts')),
    sa.UniqueConstraint('slug', name=op.f('uq_districts_slug'))
    )
    op.create_table('municipalities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_municipalities_district_id_districts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipalities')),
    sa.UniqueConstraint('slug', name=op.f('uq_municipalities_slug'))
    )
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_municipalities_district_id'), ['district_id'], unique=False)

    op.create_table('digest_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('locale', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_digest_recipients_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_recipients')),
    sa.UniqueConstraint('municipality_id', 'email', name=op.f('uq_digest_recipients_municipality_id_email'))
    )
    with op.batch_alter_table('digest_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_recipients_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('digest_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_digest_runs_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_runs')),
    sa.UniqueConstraint('municipality_id', 'period', name=op.f('uq_digest_runs_municipality_id_period'))
    )
    with op.batch_alter_table('digest_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_runs_status'), ['status'], unique=False)

    op.create_table('organisers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=12), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role = 'district_admin' OR municipality_id IS NOT NULL", name=op.f('ck_organisers_scoped_role')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_organisers_district_id_districts')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_organisers_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisers')),
    sa.UniqueConstraint('email', name=op.f('uq_organisers_email'))
    )
    with op.batch_alter_table('organisers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisers_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisers_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('quartiere',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_quartiere_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quartiere')),
    sa.UniqueConstraint('municipality_id', 'slug', name=op.f('uq_quartiere_municipality_id_slug'))
    )
    with op.batch_alter_table('quartiere', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quartiere_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('questionnaires',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=True),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_questionnaires_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaires')),
    sa.UniqueConstraint('municipality_id', 'slug', name=op.f('uq_questionnaires_municipality_id_slug'))
    )
    with op.batch_alter_table('questionnaires', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questionnaires_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('questionnaire_id', sa.Integer(), nullable=False),
    sa.Column('quartier_id', sa.Integer(), nullable=True),
    sa.Column('locale', sa.String(length=12), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['quartier_id'], ['quartiere.id'], name=op.f('fk_drafts_quartier_id_quartiere')),
    sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaires.id'], name=op.f('fk_drafts_questionnaire_id_questionnaires')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drafts')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_drafts_token_hash'))
    )
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drafts_questionnaire_id'), ['questionnaire_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drafts_updated_at'), ['updated_at'], unique=False)

    op.create_table('outgoing_emails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest_run_id', sa.Integer(), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('locale', sa.String(length=12), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['digest_run_id'], ['digest_runs.id'], name=op.f('fk_outgoing_emails_digest_run_id_digest_runs')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_outgoing_emails_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_emails')),
    sa.UniqueConstraint('digest_run_id', 'recipient', name=op.f('uq_outgoing_emails_digest_run_id_recipient'))
    )
    with op.batch_alter_table('outgoing_emails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_emails_digest_run_id'), ['digest_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_emails_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_emails_status'), ['status'], unique=False)

    op.create_table('questionnaire_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=12), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaires.id'], name=op.f('fk_questionnaire_texts_questionnaire_id_questionnaires')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaire_texts')),
    sa.UniqueConstraint('questionnaire_id', 'lang', name=op.f('uq_questionnaire_texts_questionnaire_id_lang'))
    )
    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('field_of_action', sa.String(length=30), nullable=True),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaires.id'], name=op.f('fk_questions_questionnaire_id_questionnaires')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions')),
    sa.UniqueConstraint('questionnaire_id', 'key', name=op.f('uq_questions_questionnaire_id_key'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questions_questionnaire_id'), ['questionnaire_id'], unique=False)

    op.create_table('responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.Integer(), nullable=False),
    sa.Column('quartier_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('locale', sa.String(length=12), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['quartier_id'], ['quartiere.id'], name=op.f('fk_responses_quartier_id_quartiere')),
    sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaires.id'], name=op.f('fk_responses_questionnaire_id_questionnaires')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responses')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_responses_submission_key'))
    )
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_responses_quartier_id'), ['quartier_id'], unique=False)
        batch_op.create_index('ix_responses_questionnaire_quartier', ['questionnaire_id', 'quartier_id'], unique=False)

    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('option_key', sa.String(length=80), nullable=True),
    sa.Column('number_value', sa.Float(), nullable=True),
    sa.Column('text_value', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_answers_question_id_questions')),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_answers_response_id_responses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_question_option', ['question_id', 'option_key', 'response_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answers_response_id'), ['response_id'], unique=False)

    op.create_table('options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_options_question_id_questions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_options')),
    sa.UniqueConstraint('question_id', 'key', name=op.f('uq_options_question_id_key'))
    )
    with op.batch_alter_table('options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_options_question_id'), ['question_id'], unique=False)

    op.create_table('question_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=12), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('hint', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_question_texts_question_id_questions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_texts')),
    sa.UniqueConstraint('question_id', 'lang', name=op.f('uq_question_texts_question_id_lang'))
    )
    op.create_table('option_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=12), nullable=False),
    sa.Column('label', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['option_id'], ['options.id'], name=op.f('fk_option_texts_option_id_options')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_option_texts')),
    sa.UniqueConstraint('option_id', 'lang', name=op.f('uq_option_texts_option_id_lang'))
    )


def downgrade() -> None:
    op.drop_table('option_texts')
    op.drop_table('question_texts')
    with op.batch_alter_table('options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_options_question_id'))

    op.drop_table('options')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_response_id'))
        batch_op.drop_index('ix_answers_question_option')

    op.drop_table('answers')
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_questionnaire_quartier')
        batch_op.drop_index(batch_op.f('ix_responses_quartier_id'))

    op.drop_table('responses')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_questionnaire_id'))

    op.drop_table('questions')
    op.drop_table('questionnaire_texts')
    with op.batch_alter_table('outgoing_emails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outgoing_emails_status'))
        batch_op.drop_index(batch_op.f('ix_outgoing_emails_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_outgoing_emails_digest_run_id'))

    op.drop_table('outgoing_emails')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drafts_updated_at'))
        batch_op.drop_index(batch_op.f('ix_drafts_questionnaire_id'))

    op.drop_table('drafts')
    with op.batch_alter_table('questionnaires', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questionnaires_municipality_id'))

    op.drop_table('questionnaires')
    with op.batch_alter_table('quartiere', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quartiere_municipality_id'))

    op.drop_table('quartiere')
    with op.batch_alter_table('organisers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisers_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_organisers_district_id'))

    op.drop_table('organisers')
    with op.batch_alter_table('digest_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_runs_status'))

    op.drop_table('digest_runs')
    with op.batch_alter_table('digest_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_recipients_municipality_id'))

    op.drop_table('digest_recipients')
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_municipalities_district_id'))

    op.drop_table('municipalities')
    op.drop_table('districts')
