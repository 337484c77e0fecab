"""never reuse questionnaire ids on SQLite

A questionnaire's id is in its public links, short links and the QR codes of printed
posters, and keys the per-process caches of rendered content. SQLite gave the id of a
deleted questionnaire (the highest one) to the next new one, so a poster of a deleted
questionnaire led to another, and a process could show the deleted one's cached texts.
AUTOINCREMENT makes SQLite never hand out an id twice, as PostgreSQL's sequences do.

Revision ID: b7e41c2d9a10
Revises: 632424b12277
Create Date: 2026-12-02 09:00:00
"""

from alembic import op

revision = 'b7e41c2d9a10'
down_revision = '632424b12277'
branch_labels = None
depends_on = None


def _recreate(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL never reuses a sequence value
    with op.batch_alter_table('questionnaires', recreate='always',
                              table_kwargs={'sqlite_autoincrement': autoincrement}):
        pass


def upgrade() -> None:
    _recreate(True)


def downgrade() -> None:
    _recreate(False)
