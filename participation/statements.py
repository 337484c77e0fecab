"""Statements built once and run straight on the DBAPI connection (QUALITY.md §6).

Every resident page reads a row or two, and every submission writes a handful of rows. For
such small statements the ORM session and Core's execution machinery cost ten times the
query itself on SQLite, and a session's transaction another 150 us. So the hot paths
compile a module-level statement once per dialect and run it on the driver's connection.

An app context has one transaction. When it has an ORM session, statements join the
session's transaction. Without one, they use the context's direct connection: one pooled
connection borrowed on first use, read outside any transaction, which begins a writing
transaction with its first write (SQLite: BEGIN IMMEDIATE, queued on the writer lock of
db.py). The edge commits or rolls back either (db.commit, db.rollback), and a context that
writes directly cannot open a session as well. The columns' own processors turn values
into Python ones and back (dates, JSON), as Core would.
"""

import functools
from collections import namedtuple
from dataclasses import dataclass

from flask import g, has_request_context, request
from sqlalchemy import Select, Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.dml import UpdateBase

from participation.db import Database, get_db


def read_row(statement: Select, params: dict):
    """The first row of a small read (a named tuple), or None: see `read_rows`."""
    rows = read_rows(statement, params, limit=1)
    return rows[0] if rows else None


def read_rows(statement: Select, params: dict, limit: int | None = None) -> list:
    """The rows of a small read, as named tuples.

    `statement` is built once at module level (it keys the cache of compiled statements)
    and takes its values as bind parameters. With a session in the app context the read
    goes through it, so it sees that request's own writes.
    """
    db_session = g.get("db_session")
    if db_session is not None:
        result = db_session.connection().execute(statement, params)
        return result.fetchmany(limit) if limit else result.fetchall()
    direct = _direct()
    prepared = _prepare(statement, direct.dialect)
    cursor = direct.driver.cursor()
    try:
        cursor.execute(prepared.sql, prepared.parameters(params))
        found = cursor.fetchmany(limit) if limit else cursor.fetchall()
    finally:
        cursor.close()
    return [prepared.row(values) for values in found]


def run(statement: UpdateBase, params: dict | list[dict]):
    """Execute a write built once, in the context's transaction; a list runs as a batch.

    Returns the first column of the returned row (RETURNING) or None, else the row count."""
    if has_request_context() and request.method in ("GET", "HEAD"):
        raise RuntimeError("a GET request must not write")  # it may run without a transaction
    db_session = g.get("db_session")
    if db_session is not None:
        connection = db_session.connection()  # begins the session's transaction if needed
        dialect, driver = connection.dialect, connection.connection.driver_connection
    else:
        direct = _direct()
        direct.begin()
        dialect, driver = direct.dialect, direct.driver
    prepared = _prepare(statement, dialect)
    cursor = driver.cursor()
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


def insert_ignoring_duplicates(table: Table, values: dict, returning=None):
    """INSERT … ON CONFLICT DO NOTHING, in the context's transaction.

    Returns the `returning` column of the new row (or True) when a row was added, else None.
    """
    statement = _insert_ignoring(get_db().engine.dialect.name, table, tuple(values), returning)
    found = run(statement, values)
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


class DirectConnection:
    """The pooled connection an app context without a session reads and writes on."""

    def __init__(self, database: Database):
        self.is_sqlite = database.is_sqlite
        self.dialect = database.engine.dialect
        self._pooled = database.raw_connection()
        self.driver = self._pooled.driver_connection
        self.writing = False
        if not self.is_sqlite:  # SQLite connections already run without BEGIN
            self.driver.autocommit = True

    def begin(self) -> None:
        if self.writing:
            return
        if self.is_sqlite:
            self.driver.take_write_lock()
            self.driver.execute("BEGIN IMMEDIATE")
        else:
            self.driver.autocommit = False  # psycopg begins with the next statement
        self.writing = True

    def commit(self) -> None:
        if self.writing:
            self.driver.commit()
            self._done_writing()

    def rollback(self) -> None:
        if self.writing:
            self.driver.rollback()
            self._done_writing()

    def release(self) -> None:
        """Roll back what was not committed and give the connection back to the pool."""
        try:
            self.rollback()
        finally:
            if not self.is_sqlite:
                self.driver.autocommit = False
            self._pooled.close()

    def _done_writing(self) -> None:
        self.writing = False
        if not self.is_sqlite:
            self.driver.autocommit = True


def _direct() -> DirectConnection:
    direct = g.get("db_direct")
    if direct is None:
        direct = g.db_direct = DirectConnection(get_db())  # db.py commits and releases it
    return direct


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
    # the dialect's own type (SQLite keeps dates as text: its DATETIME turns them back)
    binders = {name: binder for name, bind in compiled.binds.items()
               if (binder := bind.type.dialect_impl(dialect).bind_processor(dialect))
               is not None}
    positions = tuple(compiled.positiontup) if compiled.positional else None
    if isinstance(statement, Select):
        columns = statement.selected_columns
        processors = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None)
                           for column in columns)
        row_type = namedtuple("Row", [column.key for column in columns])
        return _Prepared(str(compiled), positions, dict(compiled.params), binders,
                         processors, row_type, True)
    return _Prepared(str(compiled), positions, dict(compiled.params), binders, (), None,
                     bool(compiled.effective_returning))
