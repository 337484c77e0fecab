"""Migrations and models check each other: one head, models == head, up/down/up with data."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from participation.cli import alembic_config
from participation.db import import_models, normalise_url
from tests.conftest import POSTGRES_URL

MIGRATIONS_DB = POSTGRES_URL.rsplit("/", 1)[0] + "/participation_migrations"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    admin = create_engine(normalise_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS participation_migrations"))
        connection.execute(text("CREATE DATABASE participation_migrations"))
    yield MIGRATIONS_DB
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS participation_migrations WITH (FORCE)"))
    admin.dispose()


def test_there_is_exactly_one_head():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_migration_file_names_are_dated():
    import re

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    for revision in script.walk_revisions():
        name = revision.path.rsplit("/", 1)[-1]
        assert re.match(r"\d{8}_\d{4}_[0-9a-f]+_\w+\.py$", name), name
        assert revision.doc, f"{name} has no title"


def test_models_equal_upgrade_head(empty_database):
    command.upgrade(alembic_config(empty_database), "head")
    engine = create_engine(normalise_url(empty_database))
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, import_models())
    engine.dispose()
    assert differences == []


def test_up_down_up_keeps_working_with_data(empty_database):
    config = alembic_config(empty_database)
    command.upgrade(config, "head")
    engine = create_engine(normalise_url(empty_database))
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO districts (id, slug, name) VALUES (1, 'lk', 'Landkreis')"))
    command.downgrade(config, "base")
    assert "districts" not in inspect(engine).get_table_names()
    command.upgrade(config, "head")
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"responses", "answers", "digest_runs", "outgoing_emails", "drafts"} <= tables
