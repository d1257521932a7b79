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
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from milex.errors import StoreError, ValidationError

STORE_NAME = "milex.sqlite"
# Bump when the tables change: the checksum includes it, so old stores are rebuilt.
SCHEMA_VERSION = 2
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
    """What a build did: where, how many rows per release, how long it took."""

    path: Path
    checksum: str
    rows: dict[str, int]
    seconds: float


def _csv_rows(f: Traversable) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(f.read_text(encoding="utf-8")))
    yield from enumerate(reader, start=2)


def _load_yaml(f: Traversable) -> Any:
    import yaml

    try:
        return yaml.safe_load(f.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValidationError(f"{f.name}: not valid YAML: {exc}") from exc


def _fail(file: str, row: int, field: str, value: object, why: str) -> ValidationError:
    return ValidationError(f"{file}, row {row}, field {field!r}: {why} (value {value!r})")


def _parse_observations(
    f: Traversable, release: str, series: set[str], known: set[str]
) -> list[tuple[str, str, str, int, float, int, str]]:
    rows: list[tuple[str, str, str, int, float, int, str]] = []
    seen: set[tuple[str, str, int]] = set()
    name = f"observations/{f.name}"
    for number, row in _csv_rows(f):
        indicator, iso3 = row.get("indicator") or "", row.get("iso3") or ""
        if indicator not in series:
            raise _fail(name, number, "indicator", indicator, "no series for it in releases.yaml")
        if iso3 not in known:
            raise _fail(name, number, "iso3", iso3, "not a country milex knows")
        try:
            year = int(row["year"])
        except (KeyError, TypeError, ValueError):
            raise _fail(name, number, "year", row.get("year"), "not a whole year") from None
        try:
            value = float(row["value"])
        except (KeyError, TypeError, ValueError):
            raise _fail(name, number, "value", row.get("value"), "not a number") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise _fail(name, number, "value", row["value"], "not a finite number")
        estimate = row.get("estimate")
        if estimate not in ("0", "1"):
            raise _fail(name, number, "estimate", estimate, "must be 0 or 1")
        key = (indicator, iso3, year)
        if key in seen:
            raise _fail(name, number, "iso3/year", f"{iso3} {year}", f"duplicate {indicator} cell")
        seen.add(key)
        rows.append((release, indicator, iso3, year, value, int(estimate), row.get("flag") or ""))
    return rows


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
        )


def build(path: Path | None = None, *, progress: Progress | None = None) -> BuildReport:
    """Build the store from the bundled data into ``path`` (atomically) and return a report."""
    from milex.data import countries
    from milex.data.schema import DDL, Indicator, ReleaseFile

    started = time.perf_counter()
    target = path or default_path()
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
            conn.execute(
                "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'bundled')",
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
                ),
            )
            for indicator, s in release.series.items():
                if indicator not in indicators:
                    raise ValidationError(
                        f"releases.yaml, release {release.id}, series {indicator!r}: "
                        "indicator not defined in indicators.yaml"
                    )
                conn.execute(
                    "INSERT INTO series VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        release.id,
                        indicator,
                        s.table,
                        s.unit,
                        s.price_base,
                        s.source_url or release.url,
                    ),
                )
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
            "INSERT INTO targets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            "INSERT INTO us_tariffs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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
                )
                for _, r in _csv_rows(root / "us_tariffs_2025.csv")
            ],
        )
        from milex.data.validate import errors_only, run_checks

        problems = errors_only(run_checks(conn))
        if problems:
            raise ValidationError(
                "bundled data breaks validation rules:\n"
                + "\n".join(f"  {p.check}: {p.message}" for p in problems[:20])
            )
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("bundle_checksum", checksum),
                ("schema_version", str(SCHEMA_VERSION)),
                ("built_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
            ],
        )
        conn.commit()
        conn.execute("ANALYZE")
        conn.close()
        if progress:
            progress("done", total, total)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BuildReport(target, checksum, counts, time.perf_counter() - started)


def _stored_checksum(path: Path) -> str:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'bundle_checksum'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"the store at {path} is unreadable ({exc}); run `milex build` to rebuild it"
        ) from exc
    if row is None:
        raise StoreError(f"the store at {path} has no checksum; run `milex build` to rebuild it")
    return str(row[0])


def open_readonly(path: Path) -> sqlite3.Connection:
    """A new read-only connection to a store already known to be current (no checksum)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT 1 FROM releases LIMIT 1")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(
            f"the store at {path} is unreadable ({exc}); run `milex build` to rebuild it"
        ) from exc
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
