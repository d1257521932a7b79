"""Read queries over the store. Each returns a :class:`~milex.table.Table` (no pandas here)."""

from __future__ import annotations

import difflib
import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import Any

from milex.data import countries
from milex.data.missing import NOT_HELD, NOT_PUBLISHED, Absent, count_phrase
from milex.data.storefile import ReadConnection
from milex.errors import (
    InvalidQueryError,
    NoDataError,
    UnknownIndicatorError,
    UnknownReleaseError,
    UnknownTargetError,
)
from milex.model.commitments import Target
from milex.model.status import Share, YearStandings, standings
from milex.table import Table

# Store (file, revision) -> its targets, in file order.
_TARGETS: dict[tuple[str, str], tuple[Target, ...]] = {}

LATEST = "latest"
ICELAND_NOTE = (
    "Iceland (ISL) has no armed forces: NATO publishes no defence-expenditure figure for it."
)
SERIES_COLUMNS = [
    "iso3",
    "country",
    "year",
    "indicator",
    "value",
    "estimate",
    "flag",
    "unit",
    "price_base",
    "source",
    "release",
    "table",
    "source_url",
]


def parse_date(value: str | date | None, what: str = "as_of") -> date | None:
    """An ISO date (YYYY-MM-DD) or None; a clear error otherwise."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidQueryError(f"{what}: {value!r} is not a date (use YYYY-MM-DD)") from None


def parse_year(value: int | str | None) -> int | None:
    """A plausible calendar year or None; a clear error otherwise."""
    if value is None:
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise InvalidQueryError(f"year: {value!r} is not a year (e.g. 2024)") from None
    if not 1900 <= year <= 2100:
        raise InvalidQueryError(f"year: {year} is out of range (1900-2100)")
    return year


class Queries:
    """The store's read queries, on one read-only connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def version(self) -> tuple[str, str]:
        """Which store this is: its file and revision (new at every build and import). The
        store never changes while it is open, so anything derived from it can be kept under
        this key."""
        known: tuple[str, str] | None = getattr(self.conn, "version", None)
        if known is not None:
            return known
        path = str(self.conn.execute("PRAGMA database_list").fetchone()[2])
        found = self.conn.execute(
            "SELECT value FROM meta WHERE key IN ('revision', 'built_at') ORDER BY key DESC"
        ).fetchone()
        version = path, str(found[0]) if found else ""
        if isinstance(self.conn, ReadConnection):  # read-only: its version is for good
            self.conn.version = version
        return version

    # -- releases -------------------------------------------------------------------------

    def release_ids(self, source: str | None = None) -> list[str]:
        """Release ids, oldest first, optionally of one source."""
        sql = "SELECT release_id FROM releases"
        args: tuple[str, ...] = ()
        if source:
            sql, args = sql + " WHERE source = ?", (source,)
        return [r for (r,) in self.conn.execute(sql + " ORDER BY published, release_id", args)]

    def _first(self, source: str) -> str:
        """'sipri-2025, published 2025-04-28': a source's oldest release in the store."""
        release, published = self.conn.execute(
            "SELECT release_id, published FROM releases WHERE source = ? "
            "ORDER BY published LIMIT 1",
            (source,),
        ).fetchone()
        return f"{release}, was published {published}"

    def check_release(self, release: str) -> str:
        """The release id if the store holds it; UnknownReleaseError with close matches if not."""
        known = self.release_ids()
        if release in known:
            return release
        close = difflib.get_close_matches(release, known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownReleaseError(f"unknown release: {release!r}{hint} (known: {', '.join(known)})")

    def source_of(self, release: str) -> str:
        """The source (nato, sipri, ...) of a release the store holds."""
        row = self.conn.execute(
            "SELECT source FROM releases WHERE release_id = ?", (self.check_release(release),)
        ).fetchone()
        return str(row[0])

    def measure(self, release: str) -> str:
        """What a release's figures measure (its ``measure``): NATO's editions measure defence
        expenditure to 2025 and core defence expenditure (the Hague 3.5% definition, 2014 on
        restated) from July 2026; a release that names none measures defence expenditure."""
        row = self.conn.execute(
            "SELECT measure FROM releases WHERE release_id = ?", (release,)
        ).fetchone()
        return str(row[0]) if row and row[0] else "defence expenditure"

    def check_source(self, source: str) -> str:
        """The source if the store holds releases of it; InvalidQueryError if not."""
        known = [s for (s,) in self.conn.execute("SELECT DISTINCT source FROM releases ORDER BY 1")]
        if source not in known:
            raise InvalidQueryError(f"unknown source: {source!r} (known: {', '.join(known)})")
        return source

    def check_indicator(self, indicator: str) -> str:
        """The indicator if the store holds it; UnknownIndicatorError with close matches if not."""
        known = [i for (i,) in self.conn.execute("SELECT indicator FROM indicators ORDER BY 1")]
        if indicator in known:
            return indicator
        close = difflib.get_close_matches(indicator, known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownIndicatorError(f"unknown indicator: {indicator!r}{hint}")

    def resolve_release(
        self,
        source: str,
        release: str | None = None,
        as_of: str | date | None = None,
        indicator: str | None = None,
        year: int | None = None,
    ) -> str:
        """The release to read: the one named, or the newest of the source (published on or
        before ``as_of``) that holds the indicator (and the year, when given)."""
        if release and release != LATEST:
            release = self.check_release(release)
            if as_of is not None:
                raise InvalidQueryError("give a release or an as-of date, not both")
            if self.source_of(release) != source:
                raise InvalidQueryError(
                    f"{release} is a {self.source_of(release)} release; this reads {source} "
                    f"releases ({', '.join(self.release_ids(source))})"
                )
            return release
        cutoff = parse_date(as_of)
        found = self.find_release(source, indicator, cutoff, year)
        if found:
            return found
        what = f"{source} release"
        if indicator:
            what += f" with {indicator}" + (f" for {year}" if year else "")
        when = f" published on or before {cutoff.isoformat()}" if cutoff else ""
        raise NoDataError(f"no {what}{when}" + self._coverage_hint(source, indicator))

    def find_release(
        self,
        source: str,
        indicator: str | None = None,
        as_of: date | None = None,
        year: int | None = None,
    ) -> str | None:
        """The newest release of a source published by ``as_of`` that holds the indicator (and
        year), or None; the quick lookup behind resolve_release()."""
        sql = "SELECT r.release_id FROM releases r WHERE r.source = ?"
        args: list[Any] = [source]
        if as_of:
            sql += " AND r.published <= ?"
            args.append(as_of.isoformat())
        if indicator:
            sql += " AND EXISTS (SELECT 1 FROM observations o WHERE o.release_id = r.release_id "
            sql += "AND o.indicator = ?" + (" AND o.year = ?" if year else "") + ")"
            args += [indicator] + ([year] if year else [])
        found = self.conn.execute(sql + " ORDER BY r.published DESC LIMIT 1", args).fetchone()
        return str(found[0]) if found else None

    def values(self, release: str, indicator: str, iso3: str) -> dict[int, float]:
        """One country's values of an indicator in a release: year -> value."""
        return dict(
            self.conn.execute(
                "SELECT year, value FROM observations WHERE release_id = ? AND indicator = ? "
                "AND iso3 = ?",
                (release, indicator, iso3),
            )
        )

    def _coverage_hint(self, source: str, indicator: str | None) -> str:
        if not indicator:
            return ""
        rows = self.conn.execute(
            "SELECT o.release_id, MIN(o.year), MAX(o.year), r.published FROM observations o "
            "JOIN releases r USING (release_id) WHERE r.source = ? AND o.indicator = ? "
            "GROUP BY o.release_id ORDER BY r.published",
            (source, indicator),
        ).fetchall()
        spans = "; ".join(f"{r} ({lo}-{hi}, published {p})" for r, lo, hi, p in rows)
        return f" (held: {spans})" if spans else ""

    def releases(self, source: str | None = None) -> Table:
        """Every release with its publication date, rows and provenance."""
        sql = (
            "SELECT r.release_id, r.source, r.title, r.published, "
            "CASE WHEN r.origin = 'imported' THEN 'imported: ' || r.source_file || ' on ' "
            "|| substr(r.imported_at, 1, 10) ELSE r.origin END, "
            "(SELECT COUNT(*) FROM observations o WHERE o.release_id = r.release_id), "
            "r.url, r.licence, r.provenance, r.published_note FROM releases r"
        )
        args: tuple[str, ...] = ()
        if source:
            sql, args = sql + " WHERE r.source = ?", (self.check_source(source),)
        rows = self.conn.execute(sql + " ORDER BY r.source, r.published", args).fetchall()
        return Table(
            [
                "release",
                "source",
                "title",
                "published",
                "origin",
                "rows",
                "url",
                "licence",
                "provenance",
                "published_note",
            ],
            rows,
            title="Releases",
        )

    def sources(self) -> Table:
        """Where every number comes from: releases and the other bundled datasets."""
        table = self.releases()
        datasets = self.conn.execute(
            "SELECT dataset_id, source, title, published, 'bundled', rows, url, licence, "
            "provenance, NULL FROM datasets ORDER BY source"
        ).fetchall()
        return Table(
            table.columns,
            table.rows + datasets,
            title="Sources and licences",
            notes=[
                "SIPRI data: cite 'SIPRI Military Expenditure Database' (attribution required).",
                "NATO tables: 'Defence Expenditure of NATO Countries', NATO Public "
                "Diplomacy Division.",
                "IMF data under the IMF's terms of use; US Census and DMDC data are "
                "US government works.",
            ],
        )

    def indicators(self) -> Table:
        """Every indicator milex defines: label, kind, definition, the releases that hold it."""
        rows = self.conn.execute(
            "SELECT i.indicator, i.label, i.kind, i.definition, "
            "COALESCE(GROUP_CONCAT(s.release_id, ', '), '') FROM indicators i "
            "LEFT JOIN series s USING (indicator) GROUP BY i.indicator ORDER BY i.rowid"
        ).fetchall()
        return Table(
            ["indicator", "label", "kind", "definition", "releases"],
            rows,
            title="Indicators",
        )

    def series_list(self, release: str | None = None) -> Table:
        """Every series of every release (or one): indicator, label, table, unit, price base,
        the years and rows held, and the indicator's definition."""
        sql = (
            "SELECT s.release_id, s.indicator, i.label, s.table_name, s.unit, s.price_base, "
            "MIN(o.year), MAX(o.year), COUNT(o.year), i.definition, s.source_url "
            "FROM series s JOIN indicators i USING (indicator) JOIN releases r USING (release_id) "
            "LEFT JOIN observations o USING (release_id, indicator)"
        )
        args: tuple[str, ...] = ()
        if release:
            sql, args = sql + " WHERE s.release_id = ?", (self.check_release(release),)
        rows = self.conn.execute(
            sql + " GROUP BY s.release_id, s.indicator ORDER BY r.source, r.published, s.rowid",
            args,
        ).fetchall()
        return Table(
            [
                "release",
                "indicator",
                "label",
                "table",
                "unit",
                "price_base",
                "first_year",
                "last_year",
                "rows",
                "definition",
                "source_url",
            ],
            rows,
            title="Series: what each release holds, with units and definitions",
        )

    # -- series ---------------------------------------------------------------------------

    def sources_of(self, indicator: str) -> list[str]:
        """The sources that hold an indicator."""
        return [
            s
            for (s,) in self.conn.execute(
                "SELECT DISTINCT r.source FROM series s JOIN releases r USING (release_id) "
                "WHERE s.indicator = ? ORDER BY r.source",
                (indicator,),
            )
        ]

    def series(
        self,
        countries_: str | Iterable[str] | None,
        indicator: str,
        source: str | None = None,
        release: str | None = None,
        as_of: str | date | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> Table:
        """A long table of one indicator for some countries, with every row's provenance.

        With neither source nor release, the latest release of every source that holds the
        indicator (each row says which)."""
        self.check_indicator(indicator)
        unpublished: list[str] = []
        if release and release != LATEST:
            picked = [self.resolve_release(source or self.source_of(release), release, as_of)]
        else:
            sources = [self.check_source(source)] if source else self.sources_of(indicator)
            if source and source not in self.sources_of(indicator):
                raise NoDataError(
                    f"source {source!r} has no {indicator} "
                    f"(sources with it: {', '.join(self.sources_of(indicator))})"
                )
            picked, unpublished = [], []
            for name in sources:
                if source is None and as_of is not None:
                    # Every source that had published by then; the others are said so.
                    found = self.find_release(name, indicator, parse_date(as_of))
                    if found is None:
                        unpublished.append(name)
                    else:
                        picked.append(found)
                else:
                    picked.append(self.resolve_release(name, None, as_of, indicator))
            if not picked:  # none had: the error names what each holds
                picked = [self.resolve_release(sources[0], None, as_of, indicator)]
        codes = [c.iso3 for c in countries.resolve_many(countries_)] if countries_ else None
        sql = (
            "SELECT o.iso3, c.name, o.year, o.indicator, o.value, o.estimate, o.flag, s.unit, "
            "s.price_base, r.source, o.release_id, s.table_name, s.source_url "
            "FROM observations o JOIN series s USING (release_id, indicator) "
            "JOIN releases r USING (release_id) LEFT JOIN countries c ON c.iso3 = o.iso3 "
            f"WHERE o.indicator = ? AND o.release_id IN ({', '.join('?' * len(picked))})"
        )
        args: list[Any] = [indicator, *picked]
        if codes is not None:
            sql += f" AND o.iso3 IN ({', '.join('?' * len(codes))})"
            args += codes
        if start is not None:
            sql += " AND o.year >= ?"
            args.append(start)
        if end is not None:
            sql += " AND o.year <= ?"
            args.append(end)
        rows = self.conn.execute(sql + " ORDER BY o.iso3, r.source, o.year", args).fetchall()
        notes = [
            f"{name}: no release with {indicator} was published by {parse_date(as_of)} "
            f"(its first in milex, {self._first(name)})"
            for name in (unpublished if release is None or release == LATEST else [])
        ]
        explained: set[str] = set()
        for chosen in picked:
            absent = self.absent(chosen, indicator, None, codes, start, end)
            notes += absent.notes()
            explained |= {iso3 for iso3, _ in absent.cells}
        unknown = sorted({r[10] for r in rows if r[5] is None})
        if unknown:
            notes.append(
                f"estimate ? (empty in CSV, null in JSON) = unknown: milex's copy of "
                f"{', '.join(unknown)} does not say which figures are estimates (see the "
                "provenance in milex releases)"
            )
        if codes and "ISL" in codes and "ISL" not in explained:
            notes.append(ICELAND_NOTE)
        if codes:
            missing = sorted(set(codes) - {r[0] for r in rows} - explained)
            if missing:
                notes.append(f"no {indicator} in {', '.join(picked)} for {', '.join(missing)}")
            notes += self.source_notes(codes, [(release, indicator) for release in picked])
        held = [r for r in picked if any(row[10] == r for row in rows)] or picked
        return Table(
            SERIES_COLUMNS,
            [(*r[:5], None if r[5] is None else bool(r[5]), *r[6:]) for r in rows],
            meta={"value": self.column_meta(indicator, held)},
            title=f"{indicator} — {', '.join(picked)}",
            notes=notes,
        )

    def cells(
        self, release: str, indicator: str, years: Iterable[int] | None = None
    ) -> dict[tuple[str, int], float]:
        """Every value of one indicator in one release: (iso3, year) -> value."""
        sql = "SELECT iso3, year, value FROM observations WHERE release_id = ? AND indicator = ?"
        args: list[Any] = [release, indicator]
        if years is not None:
            wanted = sorted(set(years))
            sql += f" AND year IN ({', '.join('?' * len(wanted))})"
            args += wanted
        return {(iso3, year): value for iso3, year, value in self.conn.execute(sql, args)}

    def origin(self, release: str, indicator: str) -> dict[str, Any]:
        """Where one series of a release comes from, as owid-catalog's Origin says it: the
        producer, title, publication date, URL, licence, table, and a citation to use."""
        row = self.conn.execute(
            "SELECT r.source, r.publisher, r.title, r.published, r.url, r.licence, "
            "s.table_name, s.source_url, s.unit, s.price_base FROM series s "
            "JOIN releases r USING (release_id) WHERE s.release_id = ? AND s.indicator = ?",
            (release, indicator),
        ).fetchone()
        if row is None:
            raise NoDataError(f"{release} has no {indicator}")
        source, producer, title, published, url, licence, table, source_url, unit, base = row
        return {
            "release": release,
            "source": source,
            "producer": producer,
            "title": title,
            "published": published,
            "url": source_url or url,
            "licence": licence,
            "table": table,
            "unit": unit,
            "price_base": base,
            "citation": f"{producer}, {title}, {table} ({release}, published {published}), "
            f"{source_url or url}",
        }

    def column_meta(
        self, indicator: str, releases: Iterable[str], unit: str | None = None
    ) -> dict[str, Any]:
        """A column's metadata: the indicator, its label and definition, unit and price base
        (one, or a list when the releases differ), and the releases it comes from."""
        label, definition = self.conn.execute(
            "SELECT label, definition FROM indicators WHERE indicator = ?", (indicator,)
        ).fetchone() or (indicator, "")
        origins = [self.origin(r, indicator) for r in dict.fromkeys(releases)]
        units = list(dict.fromkeys(o["unit"] for o in origins))
        bases = list(dict.fromkeys(o["price_base"] for o in origins))
        return {
            "indicator": indicator,
            "label": label,
            "definition": definition,
            "unit": unit or (units[0] if len(units) == 1 else units),
            "price_base": bases[0] if len(bases) == 1 else bases,
            "origins": origins,
        }

    def series_meta(self, release: str, indicator: str) -> tuple[str, str]:
        """The table name and source URL of one series of a release."""
        row = self.conn.execute(
            "SELECT table_name, source_url FROM series WHERE release_id = ? AND indicator = ?",
            (release, indicator),
        ).fetchone()
        if row is None:
            raise NoDataError(f"{release} has no {indicator}")
        return str(row[0]), str(row[1])

    def absent(
        self,
        release: str,
        indicator: str,
        years: Iterable[int] | None = None,
        codes: Iterable[str] | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> Absent:
        """The figures of one series of a release that are missing, and why (published none,
        or not in milex's copy), for some years (or a span) and countries (default: all)."""
        sql = "SELECT iso3, year, why, reason FROM missing WHERE release_id = ? AND indicator = ?"
        args: list[Any] = [release, indicator]
        if years is not None:
            wanted = sorted(set(years))
            sql += f" AND year IN ({', '.join('?' * len(wanted))})"
            args += wanted
        if start is not None:
            sql += " AND year >= ?"
            args.append(start)
        if end is not None:
            sql += " AND year <= ?"
            args.append(end)
        if codes is not None:
            chosen = sorted(set(codes))
            sql += f" AND iso3 IN ({', '.join('?' * len(chosen))})"
            args += chosen
        cells = {(iso3, y): (why, reason) for iso3, y, why, reason in self.conn.execute(sql, args)}
        uncounted = frozenset(c.iso3 for c in countries.all_countries() if not c.has_armed_forces)
        return Absent(release, self.source_of(release), indicator, cells, uncounted)

    def missing(
        self,
        release: str | None = None,
        indicator: str | None = None,
        countries_: str | Iterable[str] | None = None,
        why: str | None = None,
    ) -> Table:
        """Every figure a release's tables cover that the store does not have, and why: the
        publisher published none (with its reason), or milex's copy lacks it."""
        sql = (
            "SELECT m.release_id, m.indicator, m.iso3, c.name, m.year, m.why, m.reason "
            "FROM missing m LEFT JOIN countries c USING (iso3) WHERE 1 = 1"
        )
        args: list[Any] = []
        if release:
            sql += " AND m.release_id = ?"
            args.append(self.check_release(release))
        if indicator:
            sql += " AND m.indicator = ?"
            args.append(self.check_indicator(indicator))
        if countries_:
            codes = [c.iso3 for c in countries.resolve_many(countries_)]
            sql += f" AND m.iso3 IN ({', '.join('?' * len(codes))})"
            args += codes
        if why:
            if why not in (NOT_PUBLISHED, NOT_HELD):
                raise InvalidQueryError(f"why: {why!r} is not one of {NOT_PUBLISHED}, {NOT_HELD}")
            sql += " AND m.why = ?"
            args.append(why)
        rows = self.conn.execute(
            sql + " ORDER BY m.release_id, m.indicator, m.why, m.iso3, m.year", args
        ).fetchall()
        published = sum(1 for r in rows if r[5] == NOT_PUBLISHED)
        return Table(
            ["release", "indicator", "iso3", "country", "year", "why", "reason"],
            rows,
            title=f"Missing figures: {published:,} not published, "
            f"{len(rows) - published:,} not in milex's copy",
            notes=[
                f"{NOT_PUBLISHED}: the publisher gave no figure (its reason, where known); "
                f"{NOT_HELD}: the publisher did, milex's copy does not have it",
            ],
        )

    # -- status ---------------------------------------------------------------------------

    def threshold(self, target_id: str = "2pct") -> float:
        """The threshold of a target (short or full id) in the bundled commitments."""
        return self.target(target_id).threshold

    def targets(self) -> list[Target]:
        """Every target of the bundled commitments, in file order (read once per store: the
        app asks on every pathway request)."""
        key = self.version()
        found = _TARGETS.get(key)
        if found is None:
            if len(_TARGETS) >= 16:  # stores seen lately: bounded, then forgotten
                _TARGETS.clear()
            found = _TARGETS[key] = tuple(self._read_targets())
        return list(found)

    def _read_targets(self) -> list[Target]:
        return [
            Target(
                id=r[0],
                commitment_id=r[2],
                name=r[3],
                status=r[4],
                metric=r[5],
                threshold=r[6],
                comparator=r[7],
                deadline_year=r[8],
                applies_to=tuple(r[9].split()),
                sources=tuple(r[10].split()),
                agreed=r[11],
                threshold_range=None if r[12] is None else (r[12], r[13]),
            )
            for r in self.conn.execute("SELECT * FROM targets ORDER BY rowid")
        ]

    def short_ids(self) -> dict[str, str]:
        """Full target id -> short id, for the targets that have one."""
        return dict(
            self.conn.execute("SELECT target_id, short_id FROM targets WHERE short_id IS NOT NULL")
        )

    def target(self, target_id: str) -> Target:
        """One target by short id (hague-core) or full id (nato_2025_hague_5pct.core)."""
        row = self.conn.execute(
            "SELECT target_id FROM targets WHERE target_id = ? OR short_id = ?",
            (target_id, target_id),
        ).fetchone()
        if row is None:
            known = sorted(self.short_ids().values())
            close = difflib.get_close_matches(
                target_id, known + [t.id for t in self.targets()], n=3, cutoff=0.5
            )
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UnknownTargetError(
                f"unknown commitment: {target_id!r}{hint} (short ids: {', '.join(known)}; "
                "all: milex commitments)"
            )
        return next(t for t in self.targets() if t.id == row[0])

    def latest_year(self, release: str, indicator: str = "share_gdp") -> int:
        """The last year a release holds for an indicator."""
        (year,) = self.conn.execute(
            "SELECT MAX(year) FROM observations WHERE release_id = ? AND indicator = ?",
            (release, indicator),
        ).fetchone()
        if year is None:
            raise NoDataError(f"{release} holds no {indicator}")
        return int(year)

    def year_standings(
        self,
        year: int | str | None = None,
        release: str | None = None,
        as_of: str | date | None = None,
    ) -> YearStandings:
        """Every ally's share of GDP in a year from one NATO release, ranked, with who counts
        (the allies that year) and who, of those, has no figure in it and why."""
        wanted = parse_year(year)
        chosen = self.resolve_release("nato", release, as_of, "share_gdp", wanted)
        wanted = wanted or self.latest_year(chosen)
        values = {
            (iso3, y): (value, None if estimate is None else bool(estimate))
            for iso3, y, value, estimate in self.conn.execute(
                "SELECT iso3, year, value, estimate FROM observations WHERE release_id = ? "
                "AND indicator = 'share_gdp' AND year IN (?, ?)",
                (chosen, wanted, wanted - 1),
            )
        }
        shares = [Share(iso3, v, e) for (iso3, y), (v, e) in values.items() if y == wanted]
        if not shares:
            raise NoDataError(
                f"{chosen} has no share of GDP for {wanted}"
                + self._coverage_hint("nato", "share_gdp")
            )
        previous = {iso3: v for (iso3, y), (v, _) in values.items() if y == wanted - 1}
        threshold = self.threshold()
        # NATO's tables list today's allies in every year; an ally counts from the year it
        # joined, as in NATO's own aggregates.
        allies_then = {c.iso3 for c in countries.members(date(wanted, 12, 31))}
        outside = sorted(
            s.iso3
            for s in shares
            if s.iso3 not in allies_then and s.iso3 not in countries.NATO_AGGREGATES
        )
        absent = self.absent(chosen, "share_gdp", [wanted])
        counted = frozenset(allies_then - absent.uncounted)
        return YearStandings(
            chosen,
            wanted,
            threshold,
            standings(shares, previous, threshold, countries.NATO_AGGREGATES, outside),
            tuple(outside),
            counted,
            counted - {s.iso3 for s in shares},
            absent,
        )

    def status(
        self,
        year: int | str | None = None,
        release: str | None = None,
        as_of: str | date | None = None,
    ) -> Table:
        """All allies in a year: share of GDP, rank, change on the year before, meets 2%;
        then the aggregates NATO and NATO Europe & Canada. From one NATO release."""
        ys = self.year_standings(year, release, as_of)
        chosen, wanted, threshold = ys.release, ys.year, ys.threshold
        table_name, url = self.series_meta(chosen, "share_gdp")
        rows = [
            (
                s.iso3,
                countries.name(s.iso3),
                wanted,
                s.share_gdp,
                s.estimate,
                s.rank,
                s.previous_share_gdp,
                s.change_pp,
                s.meets,
                chosen,
                table_name,
            )
            for s in ys.standings
        ]
        notes = ys.absent.notes() or [ICELAND_NOTE]
        unexplained = sorted(ys.lacking - set(ys.absent.codes()))
        if unexplained:
            notes.append(f"{chosen} gives no {wanted} figure for: {', '.join(unexplained)}")
        if ys.outside:
            notes.append(
                f"not yet allies in {wanted}, shown but not ranked or counted: "
                + ", ".join(
                    f"{countries.name(c)} (joined {countries.get(c).nato_accession})"
                    for c in ys.outside
                )
            )
        if any(s.estimate for s in ys.standings):
            notes.append(f"estimate = NATO marks the {wanted} figures 'e' (estimate) in {chosen}")
        notes.append(f"Source: NATO, {chosen}, {table_name} (share of real GDP): {url}")
        meeting, with_figure = ys.meeting()
        return Table(
            [
                "iso3",
                "country",
                "year",
                "share_gdp",
                "estimate",
                "rank",
                "previous_share_gdp",
                "change_pp",
                f"meets_{threshold:g}pct",
                "release",
                "table",
            ],
            rows,
            meta=self._status_meta(chosen),
            title=f"Defence expenditure as % of GDP, {wanted} — {chosen} "
            f"({count_phrase(meeting, with_figure, len(ys.lacking), f'{threshold:g}%')})",
            notes=notes,
        )

    def _status_meta(self, release: str) -> dict[str, dict[str, Any]]:
        share = self.column_meta("share_gdp", [release])
        change = {**share, "label": "Change on the year before", "unit": "percentage points"}
        return {"share_gdp": share, "previous_share_gdp": share, "change_pp": change}

    # -- revisions ------------------------------------------------------------------------

    def revisions(
        self,
        from_release: str,
        to_release: str,
        indicator: str = "share_gdp",
        countries_: str | Iterable[str] | None = None,
        include_added: bool = False,
    ) -> Table:
        """The cells that changed between two releases (old, new, change); with
        ``include_added``, also cells only one of them holds."""
        self.check_indicator(indicator)
        old = self.check_release(from_release)
        if to_release == LATEST:
            to_release = self.resolve_release(self.source_of(old), None, None, indicator)
        new = self.check_release(to_release)
        codes = {c.iso3 for c in countries.resolve_many(countries_)} if countries_ else None
        cells: dict[tuple[str, int], list[float | None]] = {}
        for release_index, release in enumerate((old, new)):
            for iso3, year, value in self.conn.execute(
                "SELECT iso3, year, value FROM observations WHERE release_id = ? AND indicator = ?",
                (release, indicator),
            ):
                if codes is None or iso3 in codes:
                    cells.setdefault((iso3, year), [None, None])[release_index] = value
        if not any(v[0] is not None for v in cells.values()):
            raise NoDataError(f"{old} holds no {indicator}")
        if not any(v[1] is not None for v in cells.values()):
            raise NoDataError(f"{new} holds no {indicator}")
        rows: list[tuple[Any, ...]] = []
        for (iso3, year), (before, after) in sorted(cells.items()):
            if before is not None and after is not None:
                if round(after - before, 9) == 0:
                    continue
                rows.append(
                    (
                        iso3,
                        countries.name(iso3),
                        year,
                        before,
                        after,
                        round(after - before, 9),
                        "changed",
                    )
                )
            elif include_added:
                status = "added" if before is None else "removed"
                rows.append((iso3, countries.name(iso3), year, before, after, None, status))
        changed = sum(1 for r in rows if r[6] == "changed")
        both = sum(1 for v in cells.values() if None not in v)
        return Table(
            ["iso3", "country", "year", f"value_{old}", f"value_{new}", "change", "status"],
            rows,
            title=f"Revisions of {indicator}: {old} -> {new} "
            f"({changed} of {both} shared cells changed)",
        )

    # -- countries and show ---------------------------------------------------------------

    def countries(self, kind: str | None = None) -> Table:
        """The countries table: codes, names, NATO and EU membership, currency."""
        sql = (
            "SELECT iso3, name, kind, nato_accession, eu_accession, eu_exit, currency, "
            "has_armed_forces, note FROM countries"
        )
        args: tuple[str, ...] = ()
        if kind:
            if kind not in countries.KINDS:
                raise InvalidQueryError(
                    f"kind: {kind!r} is not one of {', '.join(countries.KINDS)}"
                )
            sql, args = sql + " WHERE kind = ?", (kind,)
        rows = self.conn.execute(sql + " ORDER BY iso3", args).fetchall()
        return Table(
            [
                "iso3",
                "name",
                "kind",
                "nato_accession",
                "eu_accession",
                "eu_exit",
                "currency",
                "has_armed_forces",
                "note",
            ],
            [(*r[:7], bool(r[7]), r[8]) for r in rows],
            title="Countries",
        )

    def show(self, country: str, start: int | None = None, end: int | None = None) -> Table:
        """Every series the store holds for one country, latest release of each source."""
        found = countries.get(country)
        latest = {
            (source, indicator): release
            for source, indicator, release in self.conn.execute(
                "SELECT r.source, o.indicator, o.release_id FROM observations o "
                "JOIN releases r USING (release_id) WHERE o.iso3 = ? "
                "GROUP BY r.source, o.indicator, o.release_id "
                "ORDER BY r.published",
                (found.iso3,),
            )
        }
        rows: list[tuple[Any, ...]] = []
        for (_, indicator), release in sorted(latest.items()):
            part = self.series([found.iso3], indicator, release=release, start=start, end=end)
            rows += part.rows
        notes = [found.note] if found.note else []
        notes += self.source_notes(
            [found.iso3], [(release, indicator) for (_, indicator), release in latest.items()]
        )
        if not rows and not notes:
            notes.append(f"the store holds no series for {found.name}")
        facts = [f"{found.name} ({found.iso3})"]
        if found.nato_accession:
            facts.append(f"NATO member since {found.nato_accession.isoformat()}")
        if found.eu_accession and not found.eu_exit:
            facts.append(f"EU member since {found.eu_accession.isoformat()}")
        if found.currency:
            facts.append(f"currency {found.currency}")
        by_indicator = {
            indicator: self.column_meta(
                indicator, [r for (_, i), r in latest.items() if i == indicator]
            )
            for indicator in sorted({i for (_, i) in latest})
        }
        return Table(
            SERIES_COLUMNS,
            rows,
            title=" · ".join(facts),
            notes=notes,
            meta={"value": {"varies_with": "indicator", "indicators": by_indicator}},
        )

    def source_notes(self, codes: list[str], series: list[tuple[str, str]]) -> list[str]:
        """The publisher's footnotes on these countries' rows of these (release, indicator)
        series, as imported with the official files: one line per note, naming the series."""
        if not codes or not series:
            return []
        wanted = set(series)
        found: dict[tuple[str, str, str, str], list[str]] = {}
        for release, iso3, indicator, marks, text in self.conn.execute(
            "SELECT release_id, iso3, indicator, marks, text FROM notes "
            f"WHERE iso3 IN ({', '.join('?' * len(codes))}) ORDER BY release_id, indicator",
            codes,
        ):
            if (release, indicator) in wanted:
                found.setdefault((release, iso3, marks, text), []).append(indicator)
        return [
            f"{release} note on {iso3} ({', '.join(indicators)}): {marks} = {text}"
            for (release, iso3, marks, text), indicators in found.items()
        ]

    # -- sql ------------------------------------------------------------------------------

    def sql(self, statement: str, limit: int | None = 10_000, timeout: float = 5.0) -> Table:
        """Run one read-only SELECT with a row cap (None: none) and a time limit; a cut
        result says so (``truncated`` and a note)."""
        from milex.data.readonly_sql import run_readonly

        columns, rows, truncated = run_readonly(self.conn, statement, limit, timeout)
        notes = [f"stopped at the first {limit:,} rows: the result has more"] if truncated else []
        return Table(columns, rows, notes=notes, truncated=truncated)
