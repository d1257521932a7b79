"""The store's tables and the pydantic models that check the bundled metadata before a load."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE releases (
    release_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    published TEXT NOT NULL,
    published_note TEXT,
    url TEXT NOT NULL,
    licence TEXT NOT NULL,
    provenance TEXT NOT NULL,
    measure TEXT,
    origin TEXT NOT NULL DEFAULT 'bundled',
    source_file TEXT,
    source_sha256 TEXT,
    imported_at TEXT
);
CREATE TABLE datasets (
    dataset_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    published TEXT NOT NULL,
    url TEXT NOT NULL,
    licence TEXT NOT NULL,
    provenance TEXT NOT NULL,
    file TEXT NOT NULL,
    rows INTEGER NOT NULL
);
CREATE TABLE indicators (
    indicator TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    definition TEXT NOT NULL
);
CREATE TABLE series (
    release_id TEXT NOT NULL REFERENCES releases(release_id),
    indicator TEXT NOT NULL REFERENCES indicators(indicator),
    table_name TEXT NOT NULL,
    unit TEXT NOT NULL,
    price_base TEXT,
    source_url TEXT NOT NULL,
    PRIMARY KEY (release_id, indicator)
);
CREATE TABLE observations (
    release_id TEXT NOT NULL,
    indicator TEXT NOT NULL,
    iso3 TEXT NOT NULL,
    year INTEGER NOT NULL,
    value REAL NOT NULL,
    estimate INTEGER CHECK (estimate IN (0, 1)),  -- NULL: the source does not say
    flag TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (release_id, indicator, iso3, year),
    FOREIGN KEY (release_id, indicator) REFERENCES series(release_id, indicator),
    FOREIGN KEY (iso3) REFERENCES countries(iso3)
) WITHOUT ROWID;
CREATE INDEX observations_by_country ON observations (iso3, indicator, year);
CREATE VIEW facts AS
    SELECT o.release_id, r.source, o.iso3, o.year, o.indicator, o.value, o.estimate, o.flag,
           s.unit, s.price_base, s.table_name, s.source_url, r.published
    FROM observations o
    JOIN series s USING (release_id, indicator)
    JOIN releases r USING (release_id);
-- Figures a release does not give, and why: the publisher published none ('not_published',
-- with its reason where known) or milex's copy lacks one the publisher did publish ('not_held').
CREATE TABLE missing (
    release_id TEXT NOT NULL,
    indicator TEXT NOT NULL,
    iso3 TEXT NOT NULL,
    year INTEGER NOT NULL,
    why TEXT NOT NULL CHECK (why IN ('not_published', 'not_held')),
    reason TEXT NOT NULL,
    PRIMARY KEY (release_id, indicator, iso3, year),
    FOREIGN KEY (release_id, indicator) REFERENCES series(release_id, indicator),
    FOREIGN KEY (iso3) REFERENCES countries(iso3)
) WITHOUT ROWID;
CREATE TABLE notes (
    release_id TEXT NOT NULL REFERENCES releases(release_id),
    iso3 TEXT NOT NULL REFERENCES countries(iso3),
    indicator TEXT NOT NULL,
    marks TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (release_id, iso3, indicator)
);
CREATE TABLE countries (
    iso3 TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    nato_accession TEXT,
    eu_accession TEXT,
    eu_exit TEXT,
    currency TEXT,
    has_armed_forces INTEGER NOT NULL,
    note TEXT
);
CREATE TABLE targets (
    target_id TEXT PRIMARY KEY,
    short_id TEXT UNIQUE,
    commitment_id TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    metric TEXT NOT NULL,
    threshold REAL NOT NULL,
    comparator TEXT NOT NULL,
    deadline_year INTEGER,
    applies_to TEXT NOT NULL,
    sources TEXT NOT NULL,
    agreed TEXT,
    threshold_low REAL,
    threshold_high REAL
);
CREATE TABLE us_troops (
    host_iso3 TEXT NOT NULL,
    host_country TEXT NOT NULL,
    us_troops INTEGER NOT NULL,
    troop_type TEXT NOT NULL,
    as_of TEXT NOT NULL,
    notes TEXT,
    source_url TEXT NOT NULL
);
CREATE TABLE us_tariffs (
    iso3 TEXT NOT NULL,
    measure TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    rate_pct REAL NOT NULL,
    effective_date TEXT NOT NULL,
    end_date TEXT,
    scope_notes TEXT,
    source_url TEXT NOT NULL,
    announced_date TEXT,
    announced_source TEXT
);
"""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Strict):
    label: str
    kind: Literal["share", "ratio", "money", "growth", "rate", "count"]
    definition: str


class Series(_Strict):
    table: str
    unit: str
    price_base: str | None
    source_url: str | None = None


class NotPublished(_Strict):
    """Figures the publisher did not publish: these countries, in these years (default: every
    year covered) and series (default: all of the release's), with the publisher's reason."""

    iso3: list[str] = Field(min_length=1)
    years: tuple[int, int] | None = None
    indicators: list[str] | None = None
    reason: str


class Coverage(_Strict):
    """What a release's tables cover: the years, the countries (``allies``: every ally at the
    publication date, in every year, as NATO's tables list them) and aggregates. A covered
    figure the bundled copy lacks is either not published (listed, with the reason) or not
    held by milex (``not_held`` says why and how to complete it)."""

    years: tuple[int, int]
    countries: Literal["allies"]
    aggregates: list[str] = []
    not_held: str
    not_published: list[NotPublished] = []


class Release(_Strict):
    id: str = Field(pattern=r"^[a-z]+(-[a-z0-9]+)*-\d{4}(-\d{2})?$")
    source: str
    title: str
    publisher: str
    published: dt.date
    published_note: str | None = None
    url: str
    licence: str
    provenance: str
    # What the release's shares measure, where sources differ (NATO: "defence expenditure"
    # to 2025, "core defence expenditure" from the July 2026 edition).
    measure: str | None = None
    series: dict[str, Series]
    coverage: Coverage | None = None


class Dataset(_Strict):
    id: str
    source: str
    title: str
    publisher: str
    published: dt.date
    url: str
    licence: str
    provenance: str
    file: str


class ReleaseFile(_Strict):
    schema_version: Literal[1]
    releases: list[Release]
    datasets: list[Dataset]
