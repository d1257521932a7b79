"""The store's file and what can go wrong with it: a folder that cannot be written (read-only,
no permission, a full disk), a folder where the file should be, a file that is damaged. Each
becomes a :class:`~milex.errors.StoreError` whose message says what happened and what to do;
reads through :class:`ReadConnection` turn SQLite's "database disk image is malformed" into one
too, wherever in a query it comes.
"""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
from pathlib import Path
from typing import Any

from milex.errors import StoreError

REBUILD = (
    "run `milex build` to rebuild it (the releases you imported are kept where they can still be "
    "read)"
)
# SQLite's names for a file it cannot trust, for a disk that failed under it, and for a folder
# it cannot write.
_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_IOERR")
_FULL = ("SQLITE_FULL",)
_READ_ONLY = ("SQLITE_READONLY", "SQLITE_CANTOPEN")


def _name(exc: sqlite3.Error) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def is_damage(exc: BaseException) -> bool:
    """Whether a reader's error is the file's or the disk's (not a query's, not a time
    limit's, not a refused statement's)."""
    return isinstance(exc, sqlite3.Error) and _name(exc).startswith(_DAMAGED)


def is_write_problem(exc: BaseException) -> bool:
    """Whether a writer's error is the disk's or the folder's (not a bug in a statement)."""
    if isinstance(exc, OSError):
        return True
    return isinstance(exc, sqlite3.Error) and _name(exc).startswith(_DAMAGED + _FULL + _READ_ONLY)


def fault_point(name: str) -> None:
    """A seam for the tests of crash safety: with ``MILEX_KILL_AT=name`` in the environment the
    process kills itself here, as ``kill -9`` or a power cut would, at a point the code reaches
    for certain (not after a guessed delay)."""
    if os.environ.get("MILEX_KILL_AT") == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def folder_problem(target: Path) -> StoreError | None:
    """A folder where the store file should be (``milex build`` would fail to rename onto it)."""
    if target.is_dir():
        return StoreError(
            f"{target} is a folder, not milex's store: move it out of the way (or set MILEX_HOME "
            "to another folder), then run `milex build`"
        )
    return None


def write_problem(target: Path, exc: BaseException) -> StoreError:
    """Writing the store at ``target`` failed: why, in words, and what to do. The writer left
    the store as it was (builds and imports write a copy and swap it in only at the end)."""
    folder = target.parent
    unchanged = f"the store at {target} is as it was" if target.is_file() else "nothing was written"
    code = exc.errno if isinstance(exc, OSError) else None
    name = _name(exc) if isinstance(exc, sqlite3.Error) else ""
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or name.startswith(_FULL):
        return StoreError(
            f"cannot write the store in {folder}: the disk is full; free some space (a build or "
            f"an import needs about twice the store's size) and try again; {unchanged}"
        )
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or name.startswith(_READ_ONLY):
        why = "it is on a read-only file system" if code == errno.EROFS else "no permission"
        if name.startswith(_READ_ONLY):
            why = f"it cannot be written ({exc})"
        return StoreError(
            f"cannot write the store in {folder}: {why}; set MILEX_HOME to a folder you can "
            f"write to, or make this one writable; {unchanged}"
        )
    if code == errno.EISDIR:
        found = folder_problem(target)
        if found is not None:
            return found
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return StoreError(
        f"cannot write the store in {folder} ({detail}); check the disk and try again; {unchanged}"
    )


def read_problem(path: Path, exc: sqlite3.Error) -> StoreError:
    """Reading the store at ``path`` failed inside SQLite: a damaged file, or a disk error."""
    if _name(exc).startswith("SQLITE_IOERR"):
        return StoreError(
            f"the store at {path} could not be read ({exc}); check the disk, then {REBUILD}"
        )
    return StoreError(f"the store at {path} is damaged ({exc}); {REBUILD}")


def quick_check(conn: sqlite3.Connection) -> str | None:
    """SQLite's ``PRAGMA quick_check`` of an open store: None when it is sound, else the first
    problems it lists (or the error that stopped it)."""
    try:
        found = [str(row[0]) for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if found == ["ok"]:
        return None
    lines = [" ".join(line.split()) for line in found if not line.startswith("***")]
    return "quick_check: " + "; ".join(lines or found)


class ReadCursor(sqlite3.Cursor):
    """A cursor whose damaged-file errors are StoreErrors naming the store and what to do."""

    def _problem(self, exc: sqlite3.Error) -> BaseException:
        connection = self.connection
        if isinstance(connection, ReadConnection) and is_damage(exc):
            return read_problem(connection.path, exc)
        return exc

    def execute(self, sql: str, parameters: Any = (), /) -> ReadCursor:
        try:
            super().execute(sql, parameters)
        except sqlite3.Error as exc:
            raise self._problem(exc) from exc
        return self

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as exc:
            raise self._problem(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as exc:
            raise self._problem(exc) from exc

    def fetchmany(self, size: int | None = 1) -> list[Any]:
        try:
            return super().fetchmany(size if size is not None else self.arraysize)
        except sqlite3.Error as exc:
            raise self._problem(exc) from exc

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.Error as exc:
            raise self._problem(exc) from exc


class ReadConnection(sqlite3.Connection):
    """A read-only connection to the store at ``path`` (set by :func:`open_read`) whose queries
    raise a StoreError, not SQLite's bare error, when the file turns out damaged."""

    path: Path
    # Which store it reads, (file, revision), once asked (milex.data.query.Queries.version):
    # the store never changes while it is open, so neither does this.
    version: tuple[str, str] | None = None

    def execute(self, sql: str, parameters: Any = (), /) -> ReadCursor:
        return self.cursor(ReadCursor).execute(sql, parameters)


def open_read(path: Path) -> ReadConnection:
    """A read-only connection to the store file at ``path`` (not checked)."""
    found = folder_problem(path)
    if found is not None:
        raise found
    try:
        conn = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, check_same_thread=False, factory=ReadConnection
        )
    except sqlite3.Error as exc:
        raise StoreError(f"the store at {path} cannot be opened ({exc}); {REBUILD}") from exc
    conn.path = path
    return conn
