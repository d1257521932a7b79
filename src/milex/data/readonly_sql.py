"""Run one user-supplied SELECT against the store, and nothing else.

Three locks: the connection is opened read-only (``mode=ro``); an authorizer denies every
action but reading (so no ATTACH, no writes, no PRAGMA that sets anything); and only one
statement is accepted. A progress handler stops a query that runs past its time limit.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from milex.errors import InvalidQueryError

MAX_VALUE_BYTES = 10_000_000
_READ_PRAGMAS = frozenset(
    {
        "table_info",
        "table_xinfo",
        "index_list",
        "index_info",
        "foreign_key_list",
        "database_list",
        "table_list",
    }
)
_ALLOWED = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
)
_ACTIONS = (
    "CREATE_INDEX",
    "CREATE_TABLE",
    "CREATE_TEMP_INDEX",
    "CREATE_TEMP_TABLE",
    "CREATE_TEMP_TRIGGER",
    "CREATE_TEMP_VIEW",
    "CREATE_TRIGGER",
    "CREATE_VIEW",
    "DELETE",
    "DROP_INDEX",
    "DROP_TABLE",
    "DROP_TEMP_INDEX",
    "DROP_TEMP_TABLE",
    "DROP_TEMP_TRIGGER",
    "DROP_TEMP_VIEW",
    "DROP_TRIGGER",
    "DROP_VIEW",
    "INSERT",
    "PRAGMA",
    "READ",
    "SELECT",
    "TRANSACTION",
    "UPDATE",
    "ATTACH",
    "DETACH",
    "ALTER_TABLE",
    "REINDEX",
    "ANALYZE",
    "CREATE_VTABLE",
    "DROP_VTABLE",
    "FUNCTION",
    "SAVEPOINT",
    "RECURSIVE",
)
# Authorizer action codes to words, for the error message ("refused: insert observations").
_ACTION_NAMES = {
    getattr(sqlite3, f"SQLITE_{name}"): name.lower().replace("_", " ") for name in _ACTIONS
}


def _authorizer(refused: list[str]) -> Any:
    def check(action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
        if action in _ALLOWED:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and arg1 in _READ_PRAGMAS:
            return sqlite3.SQLITE_OK
        what = _ACTION_NAMES.get(action, f"action {action}")
        refused.append(f"{what} {arg1}" if arg1 else what)
        return sqlite3.SQLITE_DENY

    return check


def run_readonly(
    conn: sqlite3.Connection, statement: str, limit: int | None, timeout: float
) -> tuple[list[str], list[tuple[Any, ...]], bool]:
    """Columns, up to ``limit`` rows (None: every row), and whether rows were left out."""
    text = statement.strip().rstrip(";").strip()
    if not text:
        raise InvalidQueryError("sql: empty statement")
    if limit is not None and limit < 1:
        raise InvalidQueryError(f"sql: limit must be at least 1 (got {limit})")
    try:
        # A newline first, so that a trailing "-- comment" cannot swallow the ';'.
        complete = sqlite3.complete_statement(text + "\n;")
    except (ValueError, UnicodeEncodeError) as exc:
        raise InvalidQueryError(f"sql: the text cannot be passed to SQLite ({exc})") from exc
    if not complete:
        raise InvalidQueryError("sql: give exactly one complete statement (this one is cut off)")
    refused: list[str] = []
    deadline = time.monotonic() + timeout
    conn.set_authorizer(_authorizer(refused))
    # Bound the size of any one value (randomblob(1e9) would otherwise allocate it).
    length_before = conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        cursor = conn.execute(text)
        rows = cursor.fetchall() if limit is None else cursor.fetchmany(limit + 1)
        columns = [d[0] for d in cursor.description or ()]
    except (sqlite3.Warning, sqlite3.ProgrammingError) as exc:
        # sqlite3 prepares the first statement only and refuses a tail that is more than
        # whitespace and comments.
        if "one statement" in str(exc):
            raise InvalidQueryError("sql: give exactly one complete statement") from exc
        raise InvalidQueryError(f"sql: {exc}") from exc
    except (ValueError, UnicodeEncodeError) as exc:
        raise InvalidQueryError(f"sql: the text cannot be passed to SQLite ({exc})") from exc
    except sqlite3.DatabaseError as exc:
        if refused:
            raise InvalidQueryError(
                f"sql: only reading is allowed; refused: {', '.join(refused)}"
            ) from exc
        if "interrupted" in str(exc):
            raise InvalidQueryError(f"sql: stopped after the {timeout:g} s time limit") from exc
        raise InvalidQueryError(f"sql: {exc}") from exc
    finally:
        conn.set_authorizer(None)
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, length_before)
        conn.set_progress_handler(None, 0)
    if limit is None:
        return columns, rows, False
    return columns, rows[:limit], len(rows) > limit
