"""The app's store: one read-only SQLite connection per thread, reopened when another process
swaps in a new store file. Its own module, so the app and the pages that use it import it
without importing each other."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from milex.data import store
from milex.data.query import Queries


class Store:
    """One read-only SQLite connection per thread, on a store checked once at start-up.

    Imports and builds replace the store's file by a rename; ``version`` (the file's inode and
    modification time, one ``stat`` per request) tells when, and each thread then reopens."""

    def __init__(self, path: Path | None, time_limit: float) -> None:
        self.path = path or store.default_path()
        store.connect(self.path).close()  # builds or rebuilds it if needed, once
        self.time_limit = time_limit
        self._local = threading.local()

    def version(self) -> tuple[int, int]:
        """Which file the store is now: (inode, modification time in ns)."""
        try:
            found = os.stat(self.path)
        except OSError:
            return (0, 0)
        return (found.st_ino, found.st_mtime_ns)

    def queries(self) -> Queries:
        """Queries on this thread's connection, with a fresh time limit."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        version = self.version()
        if conn is not None and getattr(self._local, "version", None) != version:
            conn.close()  # another process swapped in a new store
            conn = None
        if conn is None:
            conn = store.open_readonly(self.path)
            self._local.conn, self._local.version = conn, version
        deadline = time.monotonic() + self.time_limit
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 20_000)
        return Queries(conn)
