"""The evidence scenarios are built from and held against, in the store: dated US tariff
measures and export shares, realised effective tariff rates (Census duties / imports), allies'
exports by sector, the IMF's April 2025 growth revisions, and published costings of US forces
in Europe. Each table is loaded from one bundled CSV (written by tools/bundle.py, listed with
its provenance under ``datasets`` in releases.yaml) and keeps every row's source URL.

This module owns those tables: their layout, their loading and their reading.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import dataclass
from datetime import date
from importlib.resources.abc import Traversable
from typing import Any

# table -> (bundled file, columns, numeric columns)
TABLES: dict[str, tuple[str, tuple[str, ...], frozenset[str]]] = {
    "tariff_measures": (
        "tariff_measures.csv",
        (
            "partner",
            "kind",
            "sector",
            "rate_pct",
            "share_pct",
            "start_date",
            "end_date",
            "excludes",
            "measure",
            "source_file",
            "source_url",
            "note",
        ),
        frozenset({"rate_pct", "share_pct"}),
    ),
    "effective_tariffs": (
        "effective_tariffs.csv",
        (
            "partner",
            "period",
            "period_start",
            "period_end",
            "rate_pct",
            "reported",
            "basis",
            "publisher",
            "method_note",
            "source_url",
        ),
        frozenset({"rate_pct"}),
    ),
    "sector_imports": (
        "us_imports_by_sector.csv",
        (
            "partner",
            "sector",
            "description",
            "hs_codes",
            "year",
            "imports_usd_million",
            "share_pct",
            "basis",
            "source_url",
        ),
        frozenset({"year", "imports_usd_million", "share_pct"}),
    ),
    "growth_revisions": (
        "imf_weo_2025_growth_revisions.csv",
        (
            "economy",
            "iso3",
            "year",
            "indicator",
            "forecast_jan2025",
            "forecast_apr2025",
            "difference_pp",
            "publisher",
            "publication",
            "source_url",
            "cross_check_url",
        ),
        frozenset({"year", "forecast_jan2025", "forecast_apr2025", "difference_pp"}),
    ),
    "troop_costs": (
        "troop_costs.csv",
        (
            "id",
            "publisher",
            "title",
            "published",
            "figure",
            "unit",
            "annual_or_oneoff",
            "what_included",
            "price_year_text",
            "troops_basis",
            "per_troop_derived",
            "source_url",
            "note",
            "covers",
            "troops",
            "per_troop_year",
            "currency",
            "price_year",
            "price_year_note",
        ),
        frozenset({"troops", "per_troop_year", "price_year"}),
    ),
}


WHOLE = frozenset({"year", "price_year", "troops"})  # numeric columns that hold whole numbers


def _ddl(table: str) -> str:
    _, columns, numeric = TABLES[table]
    kinds = {c: ("INTEGER" if c in WHOLE else "REAL") if c in numeric else "TEXT" for c in columns}
    return f"CREATE TABLE {table} ({', '.join(f'{c} {kinds[c]}' for c in columns)})"


def _number(column: str, value: str) -> float | int | None:
    if value == "":
        return None
    return int(value) if column in WHOLE else float(value)


def load(conn: sqlite3.Connection, root: Traversable) -> None:
    """Create the evidence tables and fill them from the bundled files."""
    for table, (name, columns, numeric) in TABLES.items():
        conn.execute(_ddl(table))
        reader = csv.reader(io.StringIO((root / name).read_text(encoding="utf-8")))
        header = next(reader)
        if len(header) != len(columns):
            raise ValueError(f"{name}: {len(header)} columns, expected {len(columns)}")
        rows = [
            tuple(
                _number(column, value) if column in numeric else (value or None)
                for column, value in zip(columns, row, strict=True)
            )
            for row in reader
        ]
        marks = ", ".join("?" * len(columns))
        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _rows(conn: sqlite3.Connection, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, args)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class MeasureRow:
    """A row of tariff_measures: a dated rate or share, or context."""

    partner: str
    kind: str
    sector: str | None
    rate_pct: float | None
    share_pct: float | None
    start: date | None
    end: date | None
    excludes: frozenset[str]
    measure: str
    source_url: str


def tariff_measures(conn: sqlite3.Connection) -> list[MeasureRow]:
    """Every tariff measure and share, in the file's order."""
    return [
        MeasureRow(
            r["partner"],
            r["kind"],
            r["sector"],
            r["rate_pct"],
            r["share_pct"],
            date.fromisoformat(r["start_date"]) if r["start_date"] else None,
            date.fromisoformat(r["end_date"]) if r["end_date"] else None,
            frozenset((r["excludes"] or "").split(";")) - {""},
            r["measure"],
            r["source_url"],
        )
        for r in _rows(conn, "SELECT * FROM tariff_measures ORDER BY rowid")
    ]


def realised_rates(conn: sqlite3.Connection) -> dict[tuple[str, str, str], float]:
    """Census realised effective rates: (partner, first day, last day) -> percent."""
    return {
        (r["partner"], r["period_start"], r["period_end"]): r["rate_pct"]
        for r in _rows(
            conn,
            "SELECT partner, period_start, period_end, rate_pct FROM effective_tariffs "
            "WHERE basis = 'census-realised' AND rate_pct IS NOT NULL",
        )
    }


def sector_shares(conn: sqlite3.Connection) -> dict[str, dict[str, float]]:
    """Each partner's exports to the US by Section 232 sector, percent of its total."""
    out: dict[str, dict[str, float]] = {}
    for r in _rows(
        conn, "SELECT partner, sector, share_pct FROM sector_imports WHERE sector IS NOT NULL"
    ):
        by_sector = out.setdefault(r["partner"], {})
        by_sector[r["sector"]] = by_sector.get(r["sector"], 0.0) + r["share_pct"]
    return out


def growth_revisions(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The IMF's April 2025 growth forecasts against January 2025, per economy and year."""
    return _rows(
        conn,
        "SELECT economy, iso3, year, forecast_jan2025, forecast_apr2025, difference_pp, "
        "source_url FROM growth_revisions ORDER BY year, rowid",
    )


@dataclass(frozen=True)
class Costing:
    """A published costing of US forces in Europe, as a cost per service member and year."""

    id: str
    publisher: str
    published: str
    covers: str
    troops: int
    per_troop_year: float
    currency: str
    price_year: int
    price_year_note: str
    what_included: str
    annual_or_oneoff: str
    source_url: str


def costings(conn: sqlite3.Connection) -> dict[str, Costing]:
    """The costings that give a cost per service member and year, by id."""
    return {
        r["id"]: Costing(
            r["id"],
            r["publisher"],
            r["published"],
            r["covers"],
            r["troops"],
            r["per_troop_year"],
            r["currency"],
            int(r["price_year"]),
            r["price_year_note"] or "",
            r["what_included"],
            r["annual_or_oneoff"],
            r["source_url"],
        )
        for r in _rows(conn, "SELECT * FROM troop_costs WHERE per_troop_year IS NOT NULL")
    }
