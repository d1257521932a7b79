"""Take releases out whole: tidy files and a Frictionless data package that says what they are.

``milex export nato-2026-07 sipri-2025 --out DIR`` writes, per release, ``<release>.csv`` (or
``.parquet``) with every figure (``iso3, year, indicator, value, estimate, flag``: the format
``milex import csv`` reads back) and ``<release>.missing.csv`` (what the release does not
give, and why), and one ``datapackage.json``: each file as a resource with its schema (types
and, per indicator, unit and price base), the release's publisher, URL, licence, publication
date and provenance, the file's size and SHA-256. ``frictionless validate datapackage.json``
accepts it. ``--datasette-metadata`` also writes ``metadata.json`` for ``datasette`` over the
store itself (titles, licences, sources and column descriptions per table).
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from milex.data.query import Queries
from milex.errors import InvalidQueryError, MilexError
from milex.table import Table

FORMATS = ("csv", "parquet")
COLUMNS = ["iso3", "year", "indicator", "value", "estimate", "flag"]
FIELDS: list[dict[str, Any]] = [
    {
        "name": "iso3",
        "type": "string",
        "description": "ISO 3166 alpha-3 code (NATO, NATO_EU_CA, EUU: aggregates)",
    },
    {
        "name": "year",
        "type": "integer",
        "description": "calendar year (NATO: the year holding most of a financial year)",
    },
    {
        "name": "indicator",
        "type": "string",
        "description": "what the value measures (milex_series: unit, price base, table)",
    },
    {"name": "value", "type": "number", "description": "the figure, in the indicator's unit"},
    {
        "name": "estimate",
        "type": "boolean",
        "description": "the publisher marks it as an estimate; empty when the source does not say",
    },
    {
        "name": "flag",
        "type": "string",
        "description": "the publisher's mark as given (e, estimate, projection, ...)",
    },
]
MISSING_FIELDS: list[dict[str, Any]] = [
    {"name": "iso3", "type": "string"},
    {"name": "year", "type": "integer"},
    {"name": "indicator", "type": "string"},
    {"name": "why", "type": "string", "constraints": {"enum": ["not_published", "not_held"]}},
    {"name": "reason", "type": "string"},
]


@dataclass(frozen=True)
class Written:
    """One file written: its resource name, path, rows, bytes and SHA-256."""

    name: str
    path: Path
    rows: int
    bytes: int
    sha256: str


def release_table(q: Queries, release: str) -> Table:
    """Every figure of one release, tidy, in key order; estimate True, False or None."""
    chosen = q.check_release(release)
    rows = [
        (iso3, year, indicator, value, None if estimate is None else bool(estimate), flag)
        for iso3, year, indicator, value, estimate, flag in q.conn.execute(
            "SELECT iso3, year, indicator, value, estimate, flag FROM observations "
            "WHERE release_id = ? ORDER BY indicator, iso3, year",
            (chosen,),
        )
    ]
    return Table(list(COLUMNS), rows, title=f"{chosen}: every figure")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_csv(path: Path, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(
                [
                    "" if v is None else ("true" if v is True else "false" if v is False else v)
                    for v in row
                ]
            )


def _write_parquet(path: Path, table: Table) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InvalidQueryError(
            "--format parquet needs pyarrow: pip install 'milex[parquet]'"
        ) from None
    columns = list(zip(*table.rows, strict=True)) if table.rows else [()] * len(table.columns)
    types = [pa.string(), pa.int32(), pa.string(), pa.float64(), pa.bool_(), pa.string()]
    arrays = [pa.array(list(c), type=t) for c, t in zip(columns, types, strict=True)]
    pq.write_table(pa.Table.from_arrays(arrays, names=table.columns), path)


def _written(name: str, path: Path, rows: int) -> Written:
    return Written(name, path, rows, path.stat().st_size, _sha256(path))


def _release_meta(q: Queries, release: str) -> dict[str, Any]:
    row = q.conn.execute(
        "SELECT title, publisher, published, url, licence, provenance, measure, origin, "
        "source_file FROM releases WHERE release_id = ?",
        (release,),
    ).fetchone()
    keys = ("title", "publisher", "published", "url", "licence", "provenance", "measure")
    meta = dict(zip(keys, row[:7], strict=True))
    meta["origin"] = row[7] if row[8] is None else f"{row[7]}: {row[8]}"
    return meta


def _series(q: Queries, release: str) -> list[dict[str, Any]]:
    return [
        {
            "indicator": indicator,
            "label": label,
            "unit": unit,
            "price_base": price_base,
            "table": table,
            "source_url": url,
            "definition": definition,
        }
        for indicator, label, unit, price_base, table, url, definition in q.conn.execute(
            "SELECT s.indicator, i.label, s.unit, s.price_base, s.table_name, s.source_url, "
            "i.definition FROM series s JOIN indicators i USING (indicator) "
            "WHERE s.release_id = ? ORDER BY s.rowid",
            (release,),
        )
    ]


def _resource(
    written: Written, fmt: str, fields: list[dict[str, Any]], meta: dict[str, Any]
) -> dict[str, Any]:
    return {
        "name": written.name,
        "path": written.path.name,
        "profile": "tabular-data-resource",
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/vnd.apache.parquet",
        # Frictionless checks bytes and hash of text files; for Parquet (read through
        # pyarrow) it cannot, so they are kept as milex's own property there.
        **(
            {"encoding": "utf-8", "bytes": written.bytes, "hash": f"sha256:{written.sha256}"}
            if fmt == "csv"
            else {"milex_file": {"bytes": written.bytes, "sha256": written.sha256}}
        ),
        "schema": {"fields": fields, "missingValues": [""]},
        **meta,
    }


def export(
    q: Queries,
    releases: list[str],
    out: Path,
    fmt: str = "csv",
    datasette_metadata: bool = False,
) -> list[Written]:
    """Write each release (``["all"]``: every one) to ``out`` with a datapackage.json; the
    files written, the package last."""
    if fmt not in FORMATS:
        raise InvalidQueryError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    chosen = (
        q.release_ids() if releases in ([], ["all"]) else [q.check_release(r) for r in releases]
    )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MilexError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
    written: list[Written] = []
    resources: list[dict[str, Any]] = []
    for release in chosen:
        table = release_table(q, release)
        path = out / f"{release}.{fmt}"
        if fmt == "csv":
            _write_csv(path, table.columns, table.rows)
        else:
            _write_parquet(path, table)
        meta = _release_meta(q, release)
        figures = _written(release, path, len(table.rows))
        resources.append(
            _resource(
                figures,
                fmt,
                FIELDS,
                {
                    "title": meta["title"],
                    "description": meta["provenance"],
                    "sources": [{"title": meta["publisher"], "path": meta["url"]}],
                    "licenses": [
                        {"name": f"{release}-terms", "path": meta["url"], "title": meta["licence"]}
                    ],
                    "milex_release": {**meta, "rows": len(table.rows)},
                    "milex_series": _series(q, release),
                },
            )
        )
        written.append(figures)
        gaps = q.conn.execute(
            "SELECT iso3, year, indicator, why, reason FROM missing WHERE release_id = ? "
            "ORDER BY indicator, iso3, year",
            (release,),
        ).fetchall()
        if gaps:
            path = out / f"{release}.missing.csv"
            _write_csv(path, ["iso3", "year", "indicator", "why", "reason"], gaps)
            missing = _written(f"{release}.missing", path, len(gaps))
            resources.append(
                _resource(
                    missing,
                    "csv",
                    MISSING_FIELDS,
                    {
                        "title": f"{meta['title']}: figures it does not give, and why",
                        "description": (
                            "not_published: the publisher gave no figure (its reason); "
                            "not_held: the publisher did, milex's copy does not have it"
                        ),
                    },
                )
            )
            written.append(missing)
    package = {
        "profile": "tabular-data-package",
        "name": "milex-export",
        "title": "milex: defence expenditure with its sources",
        "description": (
            "Releases exported from a milex store: every figure of each release with its "
            "publisher, licence and provenance. SIPRI data require attribution: cite 'SIPRI "
            "Military Expenditure Database'."
        ),
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": [r["licenses"][0] for r in resources if "licenses" in r],
        "resources": resources,
    }
    path = out / "datapackage.json"
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(_written("datapackage", path, len(resources)))
    if datasette_metadata:
        path = out / "metadata.json"
        path.write_text(
            json.dumps(datasette(q), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        written.append(_written("metadata", path, 1))
    return written


def datasette(q: Queries) -> dict[str, Any]:
    """datasette's metadata.json for the store: a title, licences and sources, and for each
    table a description and its columns' meanings."""
    database = Path(str(q.conn.execute("PRAGMA database_list").fetchone()[2])).stem
    licences = sorted({lic for (lic,) in q.conn.execute("SELECT licence FROM releases")})
    tables = {
        "facts": (
            "Every figure with its provenance (a view over observations, series and releases)",
            {
                "release_id": "the release (vintage) the figure comes from",
                "source": "nato, sipri, imf, census or a user's",
                "iso3": "country or aggregate (see countries)",
                "indicator": "what it measures (see indicators)",
                "value": "the figure, in unit",
                "estimate": "1: the publisher marks it an estimate; 0: not; empty: unknown",
                "flag": "the publisher's mark as given",
                "unit": "the series' unit",
                "price_base": "current or constant prices, and their base year",
                "table_name": "the publisher's table",
                "source_url": "where the publisher's file is",
                "published": "the release's publication date",
            },
        ),
        "observations": ("One figure per release, indicator, country and year", {}),
        "releases": ("Releases (vintages) with publisher, date, URL, licence and provenance", {}),
        "series": ("Each series of a release: table, unit, price base, source URL", {}),
        "indicators": ("Every indicator milex defines, with its definition", {}),
        "countries": ("Codes, names, NATO and EU membership, currency", {}),
        "missing": ("Figures a release does not give, and why (not_published / not_held)", {}),
        "targets": ("Commitments, guidelines, national pledges and rhetoric, as targets", {}),
        "notes": ("The publisher's footnotes on a country's row of a table", {}),
        "us_troops": ("US military personnel in European allies (DMDC) and Europe-wide totals", {}),
        "us_tariffs": ("US tariff measures affecting allies, 2025-2026, with dates", {}),
        "datasets": ("Bundled facts that are not yearly series, with their sources", {}),
    }
    present = {name for (name,) in q.conn.execute("SELECT name FROM sqlite_master")}
    return {
        "title": "milex: NATO defence spending with official figures and their sources",
        "description": (
            "NATO's defence-expenditure tables (every edition held), SIPRI since 1949, IMF GDP "
            "and fiscal series, US trade and tariffs. Every figure carries its release, table "
            "and source URL (view facts)."
        ),
        "license": "; ".join(licences),
        "source": "NATO, SIPRI, IMF, US Census Bureau, DMDC (see the releases table)",
        "source_url": "https://www.nato.int/en/what-we-do/introduction-to-nato/defence-expenditures-and-natos-5-commitment",
        "databases": {
            database: {
                "tables": {
                    name: {"description": text, **({"columns": columns} if columns else {})}
                    for name, (text, columns) in tables.items()
                    if name in present
                }
            }
        },
    }
