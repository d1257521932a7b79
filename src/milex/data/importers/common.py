"""What every importer returns: a release's metadata, its tidy rows, and what it left out.

An importer turns one official or user file into a :class:`ParsedRelease` (raw file -> tidy
rows), without touching the store; :class:`milex.data.store.ImportSession` then loads it atomically.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from milex.data.schema import Series

# One tidy row: (iso3, year, indicator, value, estimate 0/1 or None when unknown, flag).
Row = tuple[str, int, str, float, int | None, str]
# A figure the publisher's file does not give: (indicator, iso3, year, why, reason).
Gap = tuple[str, str, int, str, str]

# Text cells that mean "no figure" in the official tables (SIPRI's ". ." / "..." / "xxx",
# NATO's and users' dashes and n.a.). Any other text in a number cell is an error.
MISSING_MARKERS = frozenset(
    {"", "...", ". .", ". . .", "..", "xxx", "-", "–", "—", "n.a.", "n.a", "na", "n/a", "nan"}
)


@dataclass(frozen=True)
class SourceFile:
    """The imported file: its name (as shown in messages), size and SHA-256."""

    name: str
    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path, label: str | None = None) -> SourceFile:
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
        return cls(label or path.name, size, digest.hexdigest())


@dataclass
class ParsedRelease:
    """One file's content as a release: metadata, series, rows, notes and what was skipped.

    ``published`` may be None when the file does not state it; the caller then takes it from
    the store's release of the same id or from the user (``--published``).
    """

    release_id: str
    source: str
    title: str
    publisher: str
    published: date | None
    url: str
    licence: str
    provenance: str
    file: SourceFile
    series: dict[str, Series] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    # (iso3, indicator, marks, text): footnote marks on a country's row of a table.
    notes: list[tuple[str, str, str, str]] = field(default_factory=list)
    # Human-readable lines: tables read, tables or rows left out and why.
    log: list[str] = field(default_factory=list)
    published_note: str | None = None
    # Figures the file's tables cover but leave blank (the publisher gave none).
    missing: list[Gap] = field(default_factory=list)
    # What the release's shares measure (NATO: "core defence expenditure" from 2026).
    measure: str | None = None

    def counts(self) -> dict[str, int]:
        """Rows per indicator."""
        out: dict[str, int] = {}
        for row in self.rows:
            out[row[2]] = out.get(row[2], 0) + 1
        return dict(sorted(out.items()))


def release_id_ok(release_id: str) -> bool:
    """Release ids look like ``nato-2024-06``, ``sipri-2025`` or ``user-ukraine-aid-2026``."""
    return re.fullmatch(r"[a-z]+(-[a-z0-9]+)*-\d{4}(-\d{2})?", release_id) is not None


def date_in_name(name: str) -> date | None:
    """A publication date at the start of a file name, as NATO names its files: 240617-..."""
    match = re.match(r"(\d{2})(\d{2})(\d{2})[-_ ]", name)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(2000 + year, month, day)
    except ValueError:
        return None
