"""The store: a SQLite file built from the bundled data, opened read-only by every reader.

It lives in ``$MILEX_HOME`` (default: the user data dir) and is rebuilt whenever the bundled
data's checksum changes. A build writes a new file beside the old one and swaps it in with one
atomic rename, so a failed or killed build leaves the previous store as it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import sqlite3
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from milex.data.storefile import (
    REBUILD,
    fault_point,
    folder_problem,
    is_write_problem,
    open_read,
    quick_check,
    write_problem,
)
from milex.errors import ImportFileError, ReleaseConflictError, StoreError, ValidationError

if TYPE_CHECKING:
    from milex.data.importers.common import ParsedRelease, Row, SourceFile
    from milex.data.schema import Release
    from milex.table import Table

STORE_NAME = "milex.sqlite"
# Bump when the tables change: the checksum includes it, so old stores are rebuilt.
SCHEMA_VERSION = 7
Progress = Callable[[str, int, int], None]


def home() -> Path:
    """The folder that holds the store: ``$MILEX_HOME`` or the user data dir."""
    configured = os.environ.get("MILEX_HOME")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("milex", appauthor=False))


def default_path() -> Path:
    """Where the store file is (or will be) for this user."""
    return home() / STORE_NAME


def bundled() -> Traversable:
    """The package folder with the bundled data."""
    return resources.files("milex.data") / "bundled"


def _bundle_files() -> list[tuple[str, Traversable]]:
    root = bundled()
    files = [(f.name, f) for f in root.iterdir() if f.is_file()]
    files += [(f"observations/{f.name}", f) for f in (root / "observations").iterdir()]
    return sorted((name, f) for name, f in files if name.endswith((".csv", ".yaml")))


def bundle_checksum() -> str:
    """SHA-256 over the bundled files' names and contents (and the schema version)."""
    digest = hashlib.sha256(f"schema={SCHEMA_VERSION}".encode())
    for name, f in _bundle_files():
        digest.update(name.encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class BuildReport:
    """What a build did: where, how many rows per release, how long it took, which imported
    releases it carried over from the previous store, and, when that store was damaged, where
    it was moved and which of its imported releases could not be read back."""

    path: Path
    checksum: str
    rows: dict[str, int]
    seconds: float
    carried: tuple[str, ...] = ()
    damaged: Path | None = None  # the previous store, moved aside: it failed quick_check
    lost: tuple[str, ...] = ()  # imported releases the damaged store could not give back


def _csv_rows(f: Traversable) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(f.read_text(encoding="utf-8")))
    yield from enumerate(reader, start=2)


def _load_yaml(f: Traversable) -> Any:
    from milex.data.yamlfile import parse_yaml

    return parse_yaml(f.read_bytes(), f.name)


def _parse_observations(
    f: Traversable, release: str, series: set[str], known: set[str]
) -> list[tuple[str, str, str, int, float, int | None, str]]:
    from milex.data.importers.csv import read_lines, tidy_rows

    name = f"observations/{f.name}"
    rows = tidy_rows(
        read_lines(f.read_text(encoding="utf-8"), name),
        name,
        series,
        lambda code: code if code in known else None,
        require_estimate=True,
    )
    return [
        (release, indicator, iso3, year, value, estimate, flag)
        for iso3, year, indicator, value, estimate, flag in rows
    ]


def _count_rows(f: Traversable) -> int:
    if f.name.endswith(".yaml"):
        return len(_load_yaml(f).get("commitments", []))
    return sum(1 for _ in _csv_rows(f))


def _target_rows(root: Traversable) -> Iterator[tuple[object, ...]]:
    from milex.data.commitments import SHORT_IDS, parse

    short = {target: alias for alias, target in SHORT_IDS.items()}
    for t in parse(_load_yaml(root / "commitments.yaml"), "commitments.yaml"):
        yield (
            t.id,
            short.get(t.id),
            t.commitment_id,
            t.name,
            t.status,
            t.metric,
            t.threshold,
            t.comparator,
            t.deadline_year,
            " ".join(t.applies_to),
            " ".join(t.sources),
            t.agreed,
            t.threshold_range[0] if t.threshold_range else None,
            t.threshold_range[1] if t.threshold_range else None,
        )


def build(
    path: Path | None = None, *, progress: Progress | None = None, keep_imports: bool = True
) -> BuildReport:
    """Build the store from the bundled data into ``path`` (atomically) and return a report.

    Releases a user imported into the previous store are carried over (an imported release
    replaces a bundled one of the same id), unless ``keep_imports`` is False."""
    target = path or default_path()
    problem = folder_problem(target)
    if problem is not None:
        raise problem
    try:
        with _locked(target.parent):
            _remove_stale_temporaries(target.parent)
            return _build(target, progress, keep_imports)
    except (OSError, sqlite3.Error) as exc:
        if not is_write_problem(exc):
            raise
        raise write_problem(target, exc) from exc


def _build(target: Path, progress: Progress | None, keep_imports: bool) -> BuildReport:
    from milex.data import countries
    from milex.data.schema import DDL, Indicator, ReleaseFile

    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    root = bundled()
    checksum = bundle_checksum()
    try:
        indicators = {
            key: Indicator.model_validate(value)
            for key, value in _load_yaml(root / "indicators.yaml").items()
        }
        release_file = ReleaseFile.model_validate(_load_yaml(root / "releases.yaml"))
    except Exception as exc:
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError(f"bundled metadata does not validate: {exc}") from exc
    releases = {r.id: r for r in release_file.releases}
    known = {c.iso3 for c in countries.all_countries()}
    obs_files = sorted((root / "observations").iterdir(), key=lambda f: f.name)
    total = len(obs_files) + 2

    fd, tmp_name = tempfile.mkstemp(prefix=".milex-build-", suffix=".sqlite", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    counts: dict[str, int] = {}
    try:
        conn = sqlite3.connect(tmp)
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + DDL)
        conn.executemany(
            "INSERT INTO indicators VALUES (?, ?, ?, ?)",
            [(k, v.label, v.kind, v.definition) for k, v in indicators.items()],
        )
        for release in releases.values():
            for indicator in release.series:
                if indicator not in indicators:
                    raise ValidationError(
                        f"releases.yaml, release {release.id}, series {indicator!r}: "
                        "indicator not defined in indicators.yaml"
                    )
            _insert_release(conn, release)
        for d in release_file.datasets:
            conn.execute(
                "INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    d.id,
                    d.source,
                    d.title,
                    d.publisher,
                    d.published.isoformat(),
                    d.url,
                    d.licence,
                    d.provenance,
                    d.file,
                    _count_rows(root / d.file),
                ),
            )
        for step, f in enumerate(obs_files, start=1):
            release_id = f.name.removesuffix(".csv")
            if release_id not in releases:
                raise ValidationError(
                    f"observations/{f.name}: no release {release_id!r} in releases.yaml"
                )
            if progress:
                progress(f"loading {release_id}", step, total)
            rows = _parse_observations(f, release_id, set(releases[release_id].series), known)
            conn.executemany("INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            counts[release_id] = len(rows)
        _insert_missing(conn, releases.values(), known)
        if progress:
            progress("countries, commitments, troops, tariffs", total - 1, total)
        conn.executemany(
            "INSERT INTO countries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    c.iso3,
                    c.name,
                    c.kind,
                    c.nato_accession.isoformat() if c.nato_accession else None,
                    c.eu_accession.isoformat() if c.eu_accession else None,
                    c.eu_exit.isoformat() if c.eu_exit else None,
                    c.currency,
                    int(c.has_armed_forces),
                    c.note,
                )
                for c in countries.all_countries()
            ],
        )
        conn.executemany(
            "INSERT INTO targets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            list(_target_rows(root)),
        )
        conn.executemany(
            "INSERT INTO us_troops VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    r["host_country_iso3"],
                    r["host_country"],
                    int(r["us_troops"]),
                    r["troop_type"],
                    r["as_of"],
                    r["notes"] or None,
                    r["source_url"],
                )
                for _, r in _csv_rows(root / "us_troops_europe.csv")
            ],
        )
        conn.executemany(
            "INSERT INTO us_tariffs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    r["country_iso3"],
                    r["measure"],
                    r["legal_basis"],
                    float(r["rate_pct"]),
                    r["effective_date"],
                    r["end_date"] or None,
                    r["scope_notes"] or None,
                    r["source_url"],
                    r["announced_date"] or None,
                    r["announced_source"] or None,
                )
                for _, r in _csv_rows(root / "us_tariffs_2025.csv")
            ],
        )
        from milex.data import evidence

        evidence.load(conn, root)
        carried, lost, damage = _carry_imports(conn, target) if keep_imports else ([], [], None)
        from milex.data.validate import errors_only, run_checks

        problems = errors_only(run_checks(conn))
        if problems:
            raise ValidationError(
                ("bundled and imported" if carried else "bundled")
                + " data breaks validation rules:\n"
                + "\n".join(f"  {p.check}: {p.message}" for p in problems[:20])
            )
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("bundle_checksum", checksum),
                ("schema_version", str(SCHEMA_VERSION)),
                ("built_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
                ("revision", uuid.uuid4().hex),
            ],
        )
        conn.commit()
        conn.execute("ANALYZE")
        conn.close()
        if progress:
            progress("done", total, total)
        fault_point("build-swap")
        damaged = _move_aside(target) if damage else None
        _swap(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    for release_id in carried:
        counts[release_id] = _count_release(target, release_id)
    return BuildReport(
        target,
        checksum,
        counts,
        time.perf_counter() - started,
        tuple(carried),
        damaged,
        tuple(lost),
    )


def _move_aside(target: Path) -> Path:
    """Keep a damaged store beside the new one (``milex-damaged-<time>.sqlite``) instead of
    overwriting it: what could not be carried over may still be recovered from it."""
    aside = target.with_name(
        f"{target.stem}-damaged-{time.strftime('%Y%m%dT%H%M%S')}{target.suffix}"
    )
    os.replace(target, aside)
    return aside


def _insert_missing(conn: sqlite3.Connection, releases: Iterable[Release], known: set[str]) -> None:
    """The figures each release's coverage spans that its bundled rows lack, and why."""
    from milex.data import countries, missing

    for release in releases:
        if release.coverage is None:
            continue
        try:
            missing.check(release.id, release.coverage, release.series, known)
        except ValueError as exc:
            raise ValidationError(f"releases.yaml: {exc}") from None
        held = set(
            conn.execute(
                "SELECT indicator, iso3, year FROM observations WHERE release_id = ?",
                (release.id,),
            )
        )
        allies = [c.iso3 for c in countries.members(release.published)]
        conn.executemany(
            "INSERT INTO missing VALUES (?, ?, ?, ?, ?, ?)",
            missing.expand(release.id, release.coverage, release.series, allies, held),
        )


def _swap(tmp: Path, target: Path) -> None:
    """Make ``tmp`` the store in one atomic rename, flushed to disk first."""
    with tmp.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    try:
        fd = os.open(target.parent, os.O_RDONLY)
    except OSError:  # some platforms cannot open a directory
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _count_release(path: Path, release_id: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (count,) = conn.execute(
            "SELECT COUNT(*) FROM observations WHERE release_id = ?", (release_id,)
        ).fetchone()
    finally:
        conn.close()
    return int(count)


# The columns an imported release is copied with, table by table (the old store may be an
# older schema: only these columns are read from it).
_RELEASE_TABLES = {
    "releases": (
        "release_id, source, title, publisher, published, published_note, url, licence, "
        "provenance, measure, origin, source_file, source_sha256, imported_at"
    ),
    "series": "release_id, indicator, table_name, unit, price_base, source_url",
    "observations": "release_id, indicator, iso3, year, value, estimate, flag",
    "notes": "release_id, iso3, indicator, marks, text",
    "missing": "release_id, indicator, iso3, year, why, reason",
}


def _insert_release(
    conn: sqlite3.Connection, release: Release, imported_from: SourceFile | None = None
) -> None:
    """A release's row and its series' rows: bundled, or imported from a file."""
    origin = (
        ("imported", imported_from.name, imported_from.sha256)
        if imported_from
        else (
            "bundled",
            None,
            None,
        )
    )
    imported_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()) if imported_from else None
    conn.execute(
        f"INSERT INTO releases ({_RELEASE_TABLES['releases']}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            release.id,
            release.source,
            release.title,
            release.publisher,
            release.published.isoformat(),
            release.published_note,
            release.url,
            release.licence,
            release.provenance,
            release.measure,
            *origin,
            imported_at,
        ),
    )
    conn.executemany(
        "INSERT INTO series VALUES (?, ?, ?, ?, ?, ?)",
        [
            (release.id, k, s.table, s.unit, s.price_base, s.source_url or release.url)
            for k, s in release.series.items()
        ],
    )


def _columns_of(conn: sqlite3.Connection, table: str) -> set[str]:
    """The columns a table of this database has (none when it has no such table)."""
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _delete_release(conn: sqlite3.Connection, release_id: str) -> None:
    for table in ("observations", "notes", "missing", "series", "releases"):
        conn.execute(f"DELETE FROM {table} WHERE release_id = ?", (release_id,))


def _imported_ids(source: sqlite3.Connection) -> list[tuple[str, str]]:
    """The imported releases of a store and their files; none if it is of an older schema.
    A damaged store raises sqlite3.DatabaseError."""
    try:
        return [
            (release_id, file or "?")
            for release_id, file in source.execute(
                "SELECT release_id, source_file FROM releases WHERE origin = 'imported' ORDER BY 1"
            )
        ]
    except sqlite3.OperationalError as exc:
        if str(getattr(exc, "sqlite_errorname", "")) == "SQLITE_ERROR":  # no such column
            return []
        raise


def _unlisted(source: sqlite3.Connection, bundled_ids: set[str]) -> str:
    """The releases a damaged store holds beyond the bundled ones, from its series table,
    when its list of releases cannot be read."""
    try:
        held = {r for (r,) in source.execute("SELECT DISTINCT release_id FROM series")}
    except sqlite3.DatabaseError:
        return "any releases imported into it (the list cannot be read)"
    return ", ".join(sorted(held - bundled_ids)) or "none found"


def _carry_imports(
    conn: sqlite3.Connection, previous: Path
) -> tuple[list[str], list[str], str | None]:
    """Copy the imported releases of the store at ``previous`` into the store being built.
    Returns the ids carried, those lost (with their files: a damaged store could not give them
    back), and what ``PRAGMA quick_check`` found wrong with the previous store (None: sound).
    The previous store is read through its own connection: its damage stays there."""
    if not previous.exists():
        return [], [], None
    bundled_ids = {r for (r,) in conn.execute("SELECT release_id FROM releases")}
    carried: list[str] = []
    lost: list[str] = []
    try:
        source = sqlite3.connect(f"file:{previous}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [], ["any releases imported into it (it cannot be opened)"], str(exc)
    try:
        damage = quick_check(source)
        try:
            ids = _imported_ids(source)
        except sqlite3.DatabaseError as exc:
            return [], [_unlisted(source, bundled_ids)], damage or str(exc)
        # A store of an older schema may lack a table or a column: copy what it has.
        present = {
            table: ", ".join(c for c in wanted.split(", ") if c in _columns_of(source, table))
            for table, wanted in _RELEASE_TABLES.items()
        }
        for release_id, file in ids:
            try:
                rows = {
                    table: source.execute(
                        f"SELECT {columns} FROM {table} WHERE release_id = ?", (release_id,)
                    ).fetchall()
                    for table, columns in present.items()
                    if columns
                }
            except sqlite3.DatabaseError:
                lost.append(f"{release_id} (from {file})")
                continue
            conn.execute("SAVEPOINT carry")
            try:
                _delete_release(conn, release_id)
                for table, columns in present.items():
                    if not columns:
                        continue
                    marks = ", ".join("?" * len(columns.split(",")))
                    conn.executemany(
                        f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows[table]
                    )
            except sqlite3.IntegrityError:  # rows an older milex let in that this one refuses
                conn.execute("ROLLBACK TO carry")
                lost.append(f"{release_id} (from {file})")
            else:
                carried.append(release_id)
            conn.execute("RELEASE carry")
        return carried, lost, damage
    finally:
        source.close()


def _stored_checksum(path: Path) -> str:
    conn = open_read(path)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'bundle_checksum'").fetchone()
    except StoreError:
        raise
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"the store at {path} is unreadable ({exc}); {REBUILD}") from exc
    finally:
        conn.close()
    if row is None:
        raise StoreError(f"the store at {path} has no checksum; run `milex build` to rebuild it")
    return str(row[0])


def open_readonly(path: Path, *, check: bool = True) -> sqlite3.Connection:
    """A new read-only connection to a store already known to be current (no checksum),
    checked with ``PRAGMA quick_check`` unless ``check`` is False; queries on it raise a
    StoreError when they meet a damaged page."""
    conn = open_read(path)
    try:
        conn.execute("SELECT 1 FROM releases LIMIT 1")
        damage = quick_check(conn) if check else None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"the store at {path} is unreadable ({exc}); {REBUILD}") from exc
    except StoreError:
        conn.close()
        raise
    if damage is not None:
        conn.close()
        raise StoreError(f"the store at {path} is damaged ({damage}); {REBUILD}")
    return conn


def connect(path: Path | None = None, *, auto_build: bool = True) -> sqlite3.Connection:
    """Open the store read-only, building it first if it is missing or out of date."""
    target = path or default_path()
    if not target.exists():
        if not auto_build:
            raise StoreError(f"no store at {target}; run `milex build`")
        build(target)
    elif _stored_checksum(target) != bundle_checksum():
        if not auto_build:
            raise StoreError(f"the store at {target} is out of date; run `milex build`")
        build(target)
    return open_readonly(target)


# -- imports -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """How an indicator of a release differs between the store and a file."""

    indicator: str
    added: int
    changed: int
    removed: int
    same: int


@dataclass(frozen=True)
class ImportResult:
    """What an import did: ``added``, ``replaced``, ``unchanged`` (the same file again) or
    ``dry-run`` (read and compared, nothing stored)."""

    release_id: str
    status: str
    rows: int
    previous: str | None  # the replaced release's origin and file, if there was one
    changes: tuple[Change, ...]
    path: Path
    seconds: float
    file: str = ""
    log: tuple[str, ...] = ()

    def summary(self) -> str:
        """One line: what happened to which release."""
        what = {
            "added": "added",
            "replaced": f"replaced (was {self.previous})",
            "unchanged": f"unchanged: the store holds it from this file ({self.previous})",
            "dry-run": "read and checked; nothing stored (--dry-run)",
        }[self.status]
        return f"{self.file}: release {self.release_id} {what}: {self.rows:,} figures"

    def table(self) -> Table:
        """Per indicator: the file's figures against the release the store held before."""
        from milex.table import Table

        return Table(
            ["indicator", "figures", "added", "changed", "dropped", "unchanged"],
            [
                (
                    c.indicator,
                    c.added + c.changed + c.same,
                    c.added,
                    c.changed,
                    c.removed,
                    c.same,
                )
                for c in self.changes
            ],
            title=self.summary(),
            notes=list(self.log),
        )


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One writer at a time: an exclusive lock on the store's folder itself (no lock file to
    leave behind; the operating system frees it when the process ends or is killed)."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock; imports are rare and interactive
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary stores left by a killed or failed build or import, with their journals (only
    called under the lock: no other writer is using them)."""
    for stale in folder.glob(".milex-*.sqlite*"):
        stale.unlink(missing_ok=True)


def _diff(conn: sqlite3.Connection, new: str, old: str) -> tuple[Change, ...]:
    """Per indicator: the cells table ``new`` adds to, changes in or drops from ``old``; both
    tables have the columns (indicator, iso3, year, value), keyed on the first three."""
    tally: dict[str, list[int]] = {}
    close = "ABS(o.value - n.value) <= 1e-9 * MAX(1.0, ABS(n.value))"
    for indicator, added, changed, same in conn.execute(
        f"SELECT n.indicator, SUM(o.value IS NULL), SUM(o.value IS NOT NULL AND NOT {close}), "
        f"SUM(o.value IS NOT NULL AND {close}) FROM {new} n LEFT JOIN {old} o "
        "ON o.indicator = n.indicator AND o.iso3 = n.iso3 AND o.year = n.year "
        "GROUP BY n.indicator"
    ):
        tally[indicator] = [added, changed, 0, same]
    for indicator, removed in conn.execute(
        f"SELECT o.indicator, COUNT(*) FROM {old} o WHERE NOT EXISTS (SELECT 1 FROM {new} n "
        "WHERE n.indicator = o.indicator AND n.iso3 = o.iso3 AND n.year = o.year) "
        "GROUP BY o.indicator"
    ):
        tally.setdefault(indicator, [0, 0, 0, 0])[2] = removed
    return tuple(Change(k, *v) for k, v in sorted(tally.items()))


_TEMP_CELLS = (
    "(indicator TEXT, iso3 TEXT, year INTEGER, value REAL, "
    "PRIMARY KEY (indicator, iso3, year)) WITHOUT ROWID"
)


def compare_release(
    conn: sqlite3.Connection, release_id: str, rows: list[Row]
) -> tuple[Change, ...]:
    """Per indicator: cells the rows add to, change in, or drop from the stored release
    (read-only: the rows go into a temporary table of this connection)."""
    conn.execute("DROP TABLE IF EXISTS temp.incoming")
    conn.execute(f"CREATE TEMP TABLE incoming {_TEMP_CELLS}")
    try:
        conn.executemany(
            "INSERT INTO temp.incoming VALUES (?, ?, ?, ?)",
            [(indicator, iso3, year, value) for iso3, year, indicator, value, _, _ in rows],
        )
        conn.execute(
            "CREATE TEMP VIEW stored AS SELECT indicator, iso3, year, value "
            "FROM main.observations WHERE release_id = " + _quote(release_id)
        )
        return _diff(conn, "temp.incoming", "temp.stored")
    finally:
        conn.execute("DROP VIEW IF EXISTS temp.stored")
        conn.execute("DROP TABLE temp.incoming")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class ImportSession:
    """One writer's hold on the store for an import: the lock, and a private copy of the store
    that a background thread makes while the caller reads the file (SQLite's backup releases
    the GIL, so the copy costs the import almost nothing). ``add`` writes a parsed release into
    the copy, validates it and swaps it in; leaving the session without ``add`` (an error, a
    dry run) removes the copy and the store is as it was.

        with ImportSession() as session:
            parsed = importers.parse("sipri", path)
            result = session.add(parsed, replace=True)
    """

    def __init__(self, path: Path | None = None) -> None:
        self.target = path or default_path()
        self._lock = _locked(self.target.parent)
        self._tmp: Path | None = None
        self._current: sqlite3.Connection | None = None
        self._copy: sqlite3.Connection | None = None
        self._copying: threading.Thread | None = None
        self._copy_error: BaseException | None = None

    def __enter__(self) -> ImportSession:
        problem = folder_problem(self.target)
        if problem is not None:
            raise problem
        try:
            self._lock.__enter__()
        except OSError as exc:
            raise write_problem(self.target, exc) from exc
        try:
            _remove_stale_temporaries(self.target.parent)
            if not self.target.exists() or _stored_checksum(self.target) != bundle_checksum():
                _build(self.target, None, True)  # build or refresh the store first
            self._current = open_readonly(self.target)  # checked: a damaged store is not copied
            fd, name = tempfile.mkstemp(
                prefix=".milex-import-", suffix=".sqlite", dir=self.target.parent
            )
            os.close(fd)
            self._tmp = Path(name)
            self._copy = sqlite3.connect(self._tmp, check_same_thread=False)
            # A private copy: no journal needed (the rename in ``add`` is the commit), so none
            # is left behind if the disk fills up while it is written.
            self._copy.executescript(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
            )
            self._copying = threading.Thread(target=self._make_copy, name="milex-store-copy")
            self._copying.start()
        except BaseException as exc:
            self.__exit__(None, None, None)
            if isinstance(exc, OSError | sqlite3.Error) and is_write_problem(exc):
                raise write_problem(self.target, exc) from exc
            raise
        return self

    def _make_copy(self) -> None:
        assert self._current is not None and self._copy is not None
        try:
            self._current.backup(self._copy)
        except BaseException as exc:  # raised in the caller's thread by ``_ready_copy``
            self._copy_error = exc

    def _ready_copy(self) -> sqlite3.Connection:
        assert self._copying is not None and self._copy is not None
        self._copying.join()
        error = self._copy_error
        if error is not None:
            if is_write_problem(error):
                raise write_problem(self.target, error) from error
            raise StoreError(f"could not copy the store at {self.target}: {error}")
        return self._copy

    def __exit__(self, *exc: object) -> None:
        try:
            if self._copying is not None:
                self._copying.join()
            for conn in (self._copy, self._current):
                if conn is not None:
                    conn.close()
            if self._tmp is not None:
                for leftover in (self._tmp, self._tmp.with_name(self._tmp.name + "-journal")):
                    leftover.unlink(missing_ok=True)
        finally:
            self._lock.__exit__(None, None, None)

    def add(
        self,
        parsed: ParsedRelease,
        *,
        replace: bool = False,
        allow_drop: bool = False,
        progress: Progress | None = None,
    ) -> ImportResult:
        """Load one parsed release into the store, atomically.

        The release goes into the copy, is validated there with every rule that can fail the
        bundled data, and the copy is swapped in by one rename only when all of that
        succeeded: a failure or a kill at any point leaves the previous store as it was. The
        same file again is a no-op (``unchanged``); another file for a release the store
        already holds is refused unless ``replace``, and one that would drop every figure of
        one of the release's indicators unless ``allow_drop``."""
        from milex.data.validate import run_failing_checks

        started = time.perf_counter()
        current = self._current
        assert current is not None and self._tmp is not None
        existing = current.execute(
            "SELECT origin, source_file, source_sha256, published FROM releases "
            "WHERE release_id = ?",
            (parsed.release_id,),
        ).fetchone()
        if existing and existing[2] == parsed.file.sha256:
            return self._result(
                parsed,
                "unchanged",
                _describe(existing),
                compare_release(current, parsed.release_id, parsed.rows),
                started,
            )
        if existing and not replace:
            changes = compare_release(current, parsed.release_id, parsed.rows)
            raise ReleaseConflictError(
                f"{parsed.file.name}: release {parsed.release_id} is already in the store "
                f"({_describe(existing)}); this file differs from it ({_summary(changes)}). "
                "Nothing was changed; import again with --replace to replace it."
            )
        release = _release_of(parsed, date.fromisoformat(existing[3]) if existing else None)
        try:
            copy = self._ready_copy()
            try:
                changes = _write_release(copy, release, parsed, progress)
            except sqlite3.IntegrityError as exc:
                raise ImportFileError(
                    parsed.file.name, f"the rows break a rule of the store ({exc})"
                ) from None
            fault_point("import-written")
            if not allow_drop:
                _refuse_drops(parsed, changes)
            # A new revision: whatever readers derived from the store before is out of date.
            copy.execute("INSERT OR REPLACE INTO meta VALUES ('revision', ?)", (uuid.uuid4().hex,))
            problems = run_failing_checks(copy)
            if problems:
                raise ImportFileError(
                    parsed.file.name,
                    f"release {parsed.release_id} breaks validation rules; nothing was changed:\n"
                    + "\n".join(f"  {p.check}: {p.message}" for p in problems[:20]),
                )
            copy.commit()
            copy.close()
            self._copy = None
            fault_point("import-swap")
            _swap(self._tmp, self.target)
        except (OSError, sqlite3.Error) as exc:
            if not is_write_problem(exc):
                raise
            raise write_problem(self.target, exc) from exc
        self._tmp = None
        status = "replaced" if existing else "added"
        return self._result(
            parsed, status, _describe(existing) if existing else None, changes, started
        )

    def _result(
        self,
        parsed: ParsedRelease,
        status: str,
        previous: str | None,
        changes: tuple[Change, ...],
        started: float,
    ) -> ImportResult:
        return ImportResult(
            parsed.release_id,
            status,
            len(parsed.rows),
            previous,
            changes,
            self.target,
            time.perf_counter() - started,
            parsed.file.name,
            tuple(parsed.log),
        )


def _release_of(parsed: ParsedRelease, stored_published: date | None) -> Release:
    """The release's metadata, checked; the publication date from the file, else the store."""
    from pydantic import ValidationError as PydanticValidationError

    from milex.data.schema import Release

    published = parsed.published or stored_published
    if published is None:
        raise ImportFileError(
            parsed.file.name,
            f"the file does not say when release {parsed.release_id} was published; "
            "give the date with --published YYYY-MM-DD",
        )
    try:
        return Release(
            id=parsed.release_id,
            source=parsed.source,
            title=parsed.title,
            publisher=parsed.publisher,
            published=published,
            published_note=parsed.published_note,
            url=parsed.url,
            licence=parsed.licence,
            provenance=parsed.provenance,
            measure=parsed.measure,
            series=parsed.series,
        )
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        raise ImportFileError(
            parsed.file.name,
            f"release metadata: {first['msg']}",
            field=".".join(str(p) for p in first["loc"]),
            value=first.get("input"),
        ) from None


def _refuse_drops(parsed: ParsedRelease, changes: tuple[Change, ...]) -> None:
    """An error if the file would drop every figure of an indicator the stored release holds
    (a table or sheet missing from the file, more likely than a publisher's withdrawal)."""
    dropped = [c for c in changes if c.removed and not (c.added + c.changed + c.same)]
    if dropped:
        what = ", ".join(f"{c.indicator} ({c.removed:,} figures)" for c in dropped)
        raise ImportFileError(
            parsed.file.name,
            f"release {parsed.release_id} in the store holds {what}, and this file has none "
            "of them (a table or sheet missing?); nothing was changed. If the file is right "
            "and they should go, import again with --allow-drop",
        )


def preview_release(
    parsed: ParsedRelease, *, path: Path | None = None, allow_drop: bool = False
) -> ImportResult:
    """What importing ``parsed`` would change, without changing anything (``--dry-run``);
    refused as the import would be if it drops an indicator (unless ``allow_drop``)."""
    started = time.perf_counter()
    target = path or default_path()
    conn = connect(target)
    try:
        existing = conn.execute(
            "SELECT origin, source_file, source_sha256, published FROM releases "
            "WHERE release_id = ?",
            (parsed.release_id,),
        ).fetchone()
        changes = compare_release(conn, parsed.release_id, parsed.rows)
    finally:
        conn.close()
    if existing and not allow_drop:
        _refuse_drops(parsed, changes)
    return ImportResult(
        parsed.release_id,
        "dry-run",
        len(parsed.rows),
        _describe(existing) if existing else None,
        changes,
        target,
        time.perf_counter() - started,
        parsed.file.name,
        tuple(parsed.log),
    )


def _describe(existing: tuple[str, str | None, str | None, str]) -> str:
    origin, file, _, _ = existing
    return f"{origin}, from {file}" if file else origin


def _summary(changes: tuple[Change, ...]) -> str:
    added = sum(c.added for c in changes)
    changed = sum(c.changed for c in changes)
    removed = sum(c.removed for c in changes)
    return f"{added:,} cells added, {changed:,} changed, {removed:,} dropped"


def _write_release(
    conn: sqlite3.Connection,
    release: Release,
    parsed: ParsedRelease,
    progress: Progress | None,
) -> tuple[Change, ...]:
    """Write the release into ``conn`` (replacing one of the same id); returns what changed."""
    known_indicators = {i for (i,) in conn.execute("SELECT indicator FROM indicators")}
    for indicator in release.series:
        if indicator not in known_indicators:
            raise ImportFileError(
                parsed.file.name,
                f"indicator {indicator!r} is not one milex defines "
                f"(known: {', '.join(sorted(known_indicators))})",
            )
    # The release as it was (if it was), kept aside to tell what the file changes.
    conn.execute(f"CREATE TEMP TABLE previous {_TEMP_CELLS}")
    conn.execute(
        "INSERT INTO temp.previous SELECT indicator, iso3, year, value FROM observations "
        "WHERE release_id = ?",
        (release.id,),
    )
    _delete_release(conn, release.id)
    _insert_release(conn, release, parsed.file)
    # In key order: the table's B-tree then fills page by page (a third faster).
    ordered = sorted(
        (release.id, indicator, iso3, year, value, estimate, flag)
        for iso3, year, indicator, value, estimate, flag in parsed.rows
    )
    total = len(ordered)
    step = 25_000
    for start in range(0, total, step):
        conn.executemany(
            "INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?, ?)", ordered[start : start + step]
        )
        if progress:
            progress(f"loading {release.id}", min(start + step, total), total)
    conn.execute(
        "CREATE TEMP VIEW stored AS SELECT indicator, iso3, year, value FROM main.observations "
        "WHERE release_id = " + _quote(release.id)
    )
    changes = _diff(conn, "temp.stored", "temp.previous")
    conn.execute("DROP VIEW temp.stored")
    conn.execute("DROP TABLE temp.previous")
    conn.executemany(
        "INSERT INTO notes VALUES (?, ?, ?, ?, ?)",
        [(release.id, *note) for note in parsed.notes],
    )
    conn.executemany(
        "INSERT INTO missing VALUES (?, ?, ?, ?, ?, ?)",
        [(release.id, *row) for row in parsed.missing],
    )
    return changes
