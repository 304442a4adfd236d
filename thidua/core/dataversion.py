"""The data version: one counter raised after every committed write to a project table.

Every SQL statement Django runs passes through an execute wrapper installed on each database
connection. A statement that writes (INSERT, UPDATE, DELETE) to a table of a `thidua` app marks the
connection; once the transaction commits, the counter row is raised in its own short statement, so
no transaction holds a lock on it while it works. Readers (the page cache) read the counter first
and the data after, so whatever they build under version N is at least as new as N.

Tables whose model sets `data_version_exempt = True` (the secret-ballot storage written by every
vote) do not raise it. Writes that bypass Django's cursor (PostgreSQL COPY) call `touch()`.
"""

import re
from functools import partial
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "core_dataversion"
ROW_ID = 1
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)
# Logging in only stamps last_login: it changes nothing a page shows.
_LAST_LOGIN = re.compile(
    r'\s*UPDATE\s+"?accounts_user"?\s+SET\s+"?last_login"?\s*=\s*%s\s+WHERE', re.IGNORECASE
)
_PENDING = "_thidua_data_written"
_tables: frozenset[str] | None = None


def versioned_tables() -> frozenset[str]:
    """Tables of the project's models whose writes raise the version."""
    global _tables
    if _tables is None:
        _tables = frozenset(
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model.__module__.startswith("thidua.")
            and model._meta.db_table != TABLE
            and not getattr(model, "data_version_exempt", False)
        )
    return _tables


def writes_versioned_table(sql: str) -> bool:
    head = sql[:7].lstrip().upper()
    if not head.startswith(("INSERT", "UPDATE", "DELETE")):
        return False
    match = _WRITE.match(sql)
    if match is None or match.group(1) not in versioned_tables():
        return False
    return _LAST_LOGIN.match(sql) is None


def current(using: str = DEFAULT_DB_ALIAS) -> int:
    """The committed version (0 before the first write)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT version FROM {TABLE} WHERE id = %s", [ROW_ID])  # noqa: S608 — constant name
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _raise_version(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET version = version + 1 WHERE id = %s", [ROW_ID])  # noqa: S608
        if cursor.rowcount == 0:  # the row went with a flushed database: start again
            cursor.execute(f"INSERT INTO {TABLE} (id, version) VALUES (%s, 1)", [ROW_ID])  # noqa: S608


def _after_commit(connection: BaseDatabaseWrapper) -> None:
    if getattr(connection, _PENDING, False):
        setattr(connection, _PENDING, False)
        _raise_version(connection)


def _inside_real_transaction(connection: BaseDatabaseWrapper) -> bool:
    """In a transaction that will commit: not autocommit, and not only a test case's wrapping atomics."""
    if not connection.in_atomic_block:
        return False
    return not all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def mark_written(connection: BaseDatabaseWrapper) -> None:
    if _inside_real_transaction(connection):
        # One callback per write: a callback registered inside a rolled-back savepoint is dropped,
        # so the next write must register again. The flag makes all but the first a no-op.
        setattr(connection, _PENDING, True)
        connection.on_commit(partial(_after_commit, connection))
    else:
        _raise_version(connection)


def touch(using: str = DEFAULT_DB_ALIAS) -> None:
    """Record a write made outside Django's cursor (e.g. COPY), in the current transaction's terms."""
    mark_written(connections[using])


def _wrapper(execute, sql: str, params: Any, many: bool, context: dict[str, Any]):
    result = execute(sql, params, many, context)
    if writes_versioned_table(sql):
        mark_written(context["connection"])
    return result


def install(sender: Any = None, connection: BaseDatabaseWrapper | None = None, **kwargs: Any) -> None:
    """connection_created receiver: put the wrapper first, once per connection object."""
    if connection is not None and _wrapper not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _wrapper)
