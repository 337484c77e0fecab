"""Statements built once and run straight on the DBAPI connection (QUALITY.md §6).

Every resident page reads a row or two, and every submission writes a handful of rows. For
such small statements the ORM session and Core's execution machinery cost ten times the
query itself on SQLite. So the hot paths compile a module-level statement once per dialect
and run it on the driver's connection: reads outside any transaction, on one pooled
connection the app context keeps for its further reads; writes inside the transaction of
the context's session, so the edge still commits once. The columns' own processors turn
values into Python ones and back (dates, JSON), as Core would.
"""

import functools
from collections import namedtuple
from dataclasses import dataclass

from flask import g
from sqlalchemy import Select, Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import UpdateBase

from participation.db import Database, get_db


def read_row(statement: Select, params: dict):
    """The first row of a small read (a named tuple), or None: see `read_rows`."""
    rows = read_rows(statement, params, limit=1)
    return rows[0] if rows else None


def read_rows(statement: Select, params: dict, limit: int | None = None) -> list:
    """The rows of a small read, as named tuples.

    `statement` is built once at module level (it keys the cache of compiled statements)
    and takes its values as bind parameters. Once the app context has a session, the read
    goes through it, so it sees that request's own writes.
    """
    db_session = g.get("db_session")
    if db_session is not None:
        result = db_session.connection().execute(statement, params)
        return result.fetchmany(limit) if limit else result.fetchall()
    database = get_db()
    prepared = _prepare(statement, database.engine.dialect)
    cursor = _read_connection(database).cursor()
    try:
        cursor.execute(prepared.sql, prepared.parameters(params))
        found = cursor.fetchmany(limit) if limit else cursor.fetchall()
    finally:
        cursor.close()
    return [prepared.row(values) for values in found]


def run(db: Session | Connection, statement: UpdateBase, params: dict | list[dict]):
    """Execute a write built once, in the transaction of `db`; a list runs as a batch.

    Returns the first column of the returned row (RETURNING) or None, else the row count."""
    connection = db.connection() if isinstance(db, Session) else db  # begins if needed
    prepared = _prepare(statement, connection.dialect)
    cursor = connection.connection.driver_connection.cursor()
    try:
        if isinstance(params, list):
            cursor.executemany(prepared.sql, [prepared.parameters(row) for row in params])
            return cursor.rowcount
        cursor.execute(prepared.sql, prepared.parameters(params))
        if prepared.returns:
            row = cursor.fetchone()
            return None if row is None else row[0]
        return cursor.rowcount
    finally:
        cursor.close()


def insert_ignoring_duplicates(db: Session | Connection, table: Table, values: dict,
                               returning=None):
    """INSERT … ON CONFLICT DO NOTHING on PostgreSQL and SQLite.

    Returns the `returning` column of the new row (or True) when a row was added, else None.
    """
    connection = db.connection() if isinstance(db, Session) else db
    statement = _insert_ignoring(connection.dialect.name, table, tuple(values), returning)
    found = run(connection, statement, values)
    if returning is not None:
        return found
    return True if (found or 0) > 0 else None


@functools.cache
def _insert_ignoring(dialect_name: str, table: Table, columns: tuple[str, ...], returning):
    # Built once per table and columns: the values come as parameters.
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement = (dialect.insert(table).values({name: bindparam(name) for name in columns})
                 .on_conflict_do_nothing())
    return statement if returning is None else statement.returning(returning)


def _read_connection(database: Database):
    connection = g.get("db_read_connection")
    if connection is None:
        connection = database.raw_connection()
        if not database.is_sqlite:  # SQLite connections already run without BEGIN
            connection.driver_connection.autocommit = True
        g.db_read_connection = connection
        g.db_borrowed_release = _close_read_connection  # db.py gives it back
    return connection


def _close_read_connection() -> None:
    connection = g.pop("db_read_connection", None)
    if connection is not None:
        if not get_db().is_sqlite:
            connection.driver_connection.autocommit = False
        connection.close()


@dataclass(frozen=True)
class _Prepared:
    sql: str
    names: tuple[str, ...] | None  # parameter order for positional paramstyles
    defaults: dict  # values written into the statement ("open"); None for the others
    binders: dict  # parameter name -> the column type's bind processor
    processors: tuple  # per returned column: its result processor, or None
    row_type: type | None
    returns: bool

    def parameters(self, params: dict):
        values = {**self.defaults, **params}
        for name, bind in self.binders.items():
            values[name] = bind(values[name])
        return tuple(values[name] for name in self.names) if self.names else values

    def row(self, values: tuple):
        return self.row_type(*(value if process is None else process(value)
                               for process, value in zip(self.processors, values,
                                                         strict=True)))


@functools.cache
def _prepare(statement, dialect: Dialect) -> _Prepared:
    compiled = statement.compile(dialect=dialect)
    binders = {name: binder for name, bind in compiled.binds.items()
               if (binder := bind.type.bind_processor(dialect)) is not None}
    positions = tuple(compiled.positiontup) if compiled.positional else None
    if isinstance(statement, Select):
        columns = statement.selected_columns
        processors = tuple(column.type.result_processor(dialect, None) for column in columns)
        row_type = namedtuple("Row", [column.key for column in columns])
        return _Prepared(str(compiled), positions, dict(compiled.params), binders,
                         processors, row_type, True)
    return _Prepared(str(compiled), positions, dict(compiled.params), binders, (), None,
                     bool(compiled.effective_returning))
