"""Importers: NATO's and SIPRI's own files, and a user's tidy CSV, into releases of the store.

Each importer reads one file into a :class:`~milex.data.importers.common.ParsedRelease`
(raw file -> tidy rows, nothing stored); :func:`import_file` then loads it with
:class:`milex.data.store.ImportSession`, which validates it in a copy of the store and swaps
the copy in only when everything passed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from milex.data.importers.common import ParsedRelease
from milex.data.store import ImportResult, ImportSession, Progress, preview_release
from milex.data.storefile import fault_point
from milex.errors import ImportFileError

__all__ = ["KINDS", "ParsedRelease", "import_file", "parse"]

KINDS = ("sipri", "nato", "csv")


def parse(
    kind: str,
    path: Path,
    *,
    release: str | None = None,
    published: date | None = None,
    title: str | None = None,
    label: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ParsedRelease:
    """Read ``path`` as a ``kind`` file (sipri, nato or csv) into a release, without storing it.

    ``release`` and ``published`` override what the file says (or supply what it does not);
    ``label`` is the name used for the file in messages (default: its file name)."""
    name = label or path.name
    if kind == "sipri":
        from milex.data.importers import sipri

        parsed = sipri.parse(path, label=name, progress=progress)
    elif kind == "nato":
        from milex.data.importers import nato

        parsed = nato.parse(path, label=name, progress=progress, release=release)
    elif kind == "csv":
        from milex.data.importers import csv

        if not release:
            raise ImportFileError(name, "a user's CSV needs a release id: give --release ID")
        parsed = csv.parse(path, release_id=release, label=name, title=title)
    else:
        raise ImportFileError(name, f"unknown kind of file {kind!r} (one of: {', '.join(KINDS)})")
    if release and release != parsed.release_id:
        from milex.data.importers.common import release_id_ok

        if not release_id_ok(release):
            raise ImportFileError(
                name,
                "a release id is lower-case words and a year, e.g. nato-2026-07 or user-aid-2026",
                field="release",
                value=release,
            )
        parsed.log.append(
            f"release id {release} given by the user (the file says {parsed.release_id})"
        )
        parsed.release_id = release
    if published:
        parsed.published = published
        parsed.published_note = None
    if title:
        parsed.title = title
    return parsed


def import_file(
    kind: str,
    path: Path,
    *,
    replace: bool = False,
    release: str | None = None,
    published: date | None = None,
    title: str | None = None,
    store: Path | None = None,
    progress: Progress | None = None,
    dry_run: bool = False,
    allow_drop: bool = False,
) -> tuple[ParsedRelease, ImportResult]:
    """Parse ``path`` and add it to the store as a release, atomically (see
    :class:`~milex.data.store.ImportSession`); with ``dry_run``, only say what would change.
    A file that would drop every figure of an indicator the stored release holds is refused
    unless ``allow_drop``."""

    def step(sheet: str) -> None:
        if progress:
            progress(f"reading {sheet}", 0, 1)

    if dry_run:
        parsed = parse(kind, path, release=release, published=published, title=title, progress=step)
        return parsed, preview_release(parsed, path=store, allow_drop=allow_drop)
    # The store is copied in the background while the file is read.
    with ImportSession(store) as session:
        parsed = parse(kind, path, release=release, published=published, title=title, progress=step)
        fault_point("import-read")
        return parsed, session.add(
            parsed, replace=replace, allow_drop=allow_drop, progress=progress
        )
