"""add events and sign-ups

Participation formats with per-language texts, their Quartiere, sign-ups with the row lock
counter on the event, the log of who saw the needs, and outbox columns for e-mails about a
sign-up (purpose, sign-up, calendar attachment).

Revision ID: a6c3e8f1b254
Revises: 4d8a2f6c1e93
Create Date: 2026-12-02 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'a6c3e8f1b254'
down_revision = '4d8a2f6c1e93'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=True),
        sa.Column('format', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('meeting_point', sa.Text(), nullable=False),
        sa.Column('map_url', sa.String(length=500), nullable=True),
        sa.Column('step_free', sa.Boolean(), nullable=True),
        sa.Column('accessible_toilet', sa.Boolean(), nullable=True),
        sa.Column('seating', sa.Boolean(), nullable=True),
        sa.Column('hearing_loop', sa.Boolean(), nullable=True),
        sa.Column('walk_distance_km', sa.Float(), nullable=True),
        sa.Column('walk_pace', sa.String(length=10), nullable=True),
        sa.Column('walk_rest_stops', sa.Boolean(), nullable=True),
        sa.Column('capacity', sa.Integer(), nullable=False),
        sa.Column('held_back', sa.Integer(), nullable=False),
        sa.Column('waiting_list', sa.Boolean(), nullable=False),
        sa.Column('signup_deadline', sa.DateTime(timezone=True), nullable=True),
        sa.Column('contact_name', sa.String(length=200), nullable=False),
        sa.Column('contact_phone', sa.String(length=50), nullable=False),
        sa.Column('series_key', sa.String(length=32), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('confirmed_people', sa.Integer(), server_default='0', nullable=False),
        sa.Column('held_people', sa.Integer(), server_default='0', nullable=False),
        sa.Column('waiting_people', sa.Integer(), server_default='0', nullable=False),
        sa.Column('seat_lock', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['organisers.id'],
                                name=op.f('fk_events_created_by_id_organisers')),
        sa.ForeignKeyConstraint(['district_id'], ['districts.id'],
                                name=op.f('fk_events_district_id_districts')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'],
                                name=op.f('fk_events_municipality_id_municipalities')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f('ix_events_district_id'), 'events', ['district_id'])
    op.create_index(op.f('ix_events_series_key'), 'events', ['series_key'])
    op.create_index('ix_events_municipality_starts', 'events', ['municipality_id', 'starts_at'])
    op.create_table(
        'event_texts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('lang', sa.String(length=12), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                                name=op.f('fk_event_texts_event_id_events')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_texts')),
        sa.UniqueConstraint('event_id', 'lang', name=op.f('uq_event_texts_event_id_lang')),
    )
    op.create_table(
        'event_quartiere',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('quartier_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                                name=op.f('fk_event_quartiere_event_id_events')),
        sa.ForeignKeyConstraint(['quartier_id'], ['quartiere.id'],
                                name=op.f('fk_event_quartiere_quartier_id_quartiere')),
        sa.PrimaryKeyConstraint('event_id', 'quartier_id', name=op.f('pk_event_quartiere')),
    )
    op.create_table(
        'event_signups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('people', sa.Integer(), nullable=False),
        sa.Column('held_places', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=True),
        sa.Column('organiser_id', sa.Integer(), nullable=True),
        sa.Column('locale', sa.String(length=12), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=True),
        sa.Column('phone', sa.String(length=50), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('needs', sa.JSON(), nullable=True),
        sa.Column('needs_consent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('code_hash', sa.String(length=64), nullable=True),
        sa.Column('submission_key', sa.String(length=64), nullable=False),
        sa.Column('ticket_hash', sa.String(length=64), nullable=True),
        sa.Column('sealed_code', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('promoted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('to_call', sa.Boolean(), nullable=False),
        sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('needs_erased_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('contact_erased_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['entered_by_id'], ['organisers.id'],
                                name=op.f('fk_event_signups_entered_by_id_organisers')),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                                name=op.f('fk_event_signups_event_id_events')),
        sa.ForeignKeyConstraint(['organiser_id'], ['organisers.id'],
                                name=op.f('fk_event_signups_organiser_id_organisers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_signups')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_event_signups_code_hash')),
        sa.UniqueConstraint('submission_key', name=op.f('uq_event_signups_submission_key')),
        sa.UniqueConstraint('ticket_hash', name=op.f('uq_event_signups_ticket_hash')),
    )
    op.create_index('ix_event_signups_event_status', 'event_signups', ['event_id', 'status'])
    op.create_table(
        'event_needs_views',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('organiser_id', sa.Integer(), nullable=False),
        sa.Column('viewed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('purpose', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                                name=op.f('fk_event_needs_views_event_id_events')),
        sa.ForeignKeyConstraint(['organiser_id'], ['organisers.id'],
                                name=op.f('fk_event_needs_views_organiser_id_organisers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_needs_views')),
    )
    op.create_index(op.f('ix_event_needs_views_event_id'), 'event_needs_views', ['event_id'])
    with op.batch_alter_table('outgoing_emails') as batch:
        batch.add_column(sa.Column('purpose', sa.String(length=80), nullable=True))
        batch.add_column(sa.Column('signup_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('attachment_ics', sa.Text(), nullable=True))
        batch.create_unique_constraint(op.f('uq_outgoing_emails_purpose'), ['purpose'])
        batch.create_foreign_key(op.f('fk_outgoing_emails_signup_id_event_signups'),
                                 'event_signups', ['signup_id'], ['id'])
        batch.create_index(op.f('ix_outgoing_emails_signup_id'), ['signup_id'])


def downgrade() -> None:
    with op.batch_alter_table('outgoing_emails') as batch:
        batch.drop_index(op.f('ix_outgoing_emails_signup_id'))
        batch.drop_constraint(op.f('fk_outgoing_emails_signup_id_event_signups'),
                              type_='foreignkey')
        batch.drop_constraint(op.f('uq_outgoing_emails_purpose'), type_='unique')
        batch.drop_column('attachment_ics')
        batch.drop_column('signup_id')
        batch.drop_column('purpose')
    op.drop_index(op.f('ix_event_needs_views_event_id'), table_name='event_needs_views')
    op.drop_table('event_needs_views')
    op.drop_index('ix_event_signups_event_status', table_name='event_signups')
    op.drop_table('event_signups')
    op.drop_table('event_quartiere')
    op.drop_table('event_texts')
    op.drop_index('ix_events_municipality_starts', table_name='events')
    op.drop_index(op.f('ix_events_series_key'), table_name='events')
    op.drop_index(op.f('ix_events_district_id'), table_name='events')
    op.drop_table('events')
