"""milex.data.validate: the rules, their levels and their named exceptions."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing

import pytest

from milex import Milex
from milex.data import validate
from milex.data.schema import DDL
from milex.data.validate import Finding, errors_only, run_checks

Row = tuple[str, str, str, int, float]  # release, indicator, iso3, year, value
MakeStore = Callable[[list[Row]], sqlite3.Connection]

INDICATOR_KINDS = {
    "share_gdp": "share",
    "usd_current_million": "money",
    "usd_constant_million": "money",
    "real_change_pct": "growth",
    "equipment_share": "share",
    "personnel_share": "share",
    "infrastructure_share": "share",
    "other_share": "share",
}
RELEASES = [
    ("nato-2024-06", "nato", "2024-06-17"),
    ("nato-2025-08", "nato", "2025-08-28"),
    ("sipri-2025", "sipri", "2025-04-28"),
]
COUNTRIES = [
    ("USA", "country", "1949-04-04"),
    ("FRA", "country", "1949-04-04"),
    ("BGR", "country", "2004-03-29"),
    ("FIN", "country", "2023-04-04"),
    ("KWT", "country", None),
    ("RUS", "country", None),
    ("SAU", "country", None),
    ("NATO", "aggregate", None),
    ("NATO_EU_CA", "aggregate", None),
]


@pytest.fixture
def make_store() -> Iterator[MakeStore]:
    """An in-memory store with the real schema, three releases, a few countries and some rows."""
    opened: list[sqlite3.Connection] = []

    def make(rows: list[Row]) -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:")
        opened.append(conn)
        conn.executescript(DDL)
        conn.executemany(
            "INSERT INTO indicators VALUES (?, ?, ?, 'test')",
            [(name, name, kind) for name, kind in INDICATOR_KINDS.items()],
        )
        conn.executemany(
            "INSERT INTO releases (release_id, source, title, publisher, published, url, "
            "licence, provenance) VALUES (?, ?, 'title', 'publisher', ?, 'https://x', 'l', 'p')",
            RELEASES,
        )
        conn.executemany(
            "INSERT INTO countries (iso3, name, kind, nato_accession, has_armed_forces) "
            "VALUES (?, ?, ?, ?, 1)",
            [(iso3, iso3, kind, joined) for iso3, kind, joined in COUNTRIES],
        )
        conn.executemany(
            "INSERT INTO observations VALUES (?, ?, ?, ?, ?, 0, '')",
            rows,
        )
        return conn

    yield make
    for conn in opened:
        conn.close()


def of(findings: list[Finding], check: str) -> list[tuple[str, str]]:
    return [(f.level, f.message) for f in findings if f.check == check]


# -- synthetic stores -----------------------------------------------------------------------


def test_an_empty_store_has_no_findings(make_store: MakeStore) -> None:
    assert run_checks(make_store([])) == []


def test_share_above_100_without_exception_is_an_error(make_store: MakeStore) -> None:
    findings = run_checks(make_store([("sipri-2025", "share_gdp", "FRA", 2020, 120.0)]))
    assert of(findings, "share_range") == [
        ("error", "sipri-2025 share_gdp FRA 2020 = 120 is outside [0, 100]")
    ]
    assert errors_only(findings) == [f for f in findings if f.check == "share_range"]


def test_negative_share_is_an_error(make_store: MakeStore) -> None:
    findings = run_checks(make_store([("nato-2025-08", "equipment_share", "FRA", 2020, -0.5)]))
    assert of(findings, "share_range") == [
        ("error", "nato-2025-08 equipment_share FRA 2020 = -0.5 is outside [0, 100]")
    ]


def test_shares_at_the_bounds_pass(make_store: MakeStore) -> None:
    findings = run_checks(
        make_store(
            [
                ("sipri-2025", "share_gdp", "FRA", 2020, 100.0),
                ("sipri-2025", "share_gdp", "USA", 2020, 0.0),
            ]
        )
    )
    assert of(findings, "share_range") == []


def test_kuwait_1991_is_a_named_exception_but_1990_is_not(make_store: MakeStore) -> None:
    findings = run_checks(
        make_store(
            [
                ("sipri-2025", "share_gdp", "KWT", 1991, 117.35),
                ("sipri-2025", "share_gdp", "KWT", 1990, 101.0),
            ]
        )
    )
    by_level = {level: message for level, message in of(findings, "share_range")}
    assert by_level["info"].startswith("sipri-2025 share_gdp KWT 1991 = 117.35")
    assert "named exception: Gulf War" in by_level["info"]
    assert by_level["error"] == "sipri-2025 share_gdp KWT 1990 = 101 is outside [0, 100]"


def test_negative_money_is_an_error(make_store: MakeStore) -> None:
    findings = run_checks(make_store([("sipri-2025", "usd_current_million", "FRA", 2020, -5.0)]))
    assert of(findings, "negative_money") == [
        ("error", "sipri-2025 usd_current_million FRA 2020 = -5 is negative")
    ]


def test_negative_growth_is_not_money(make_store: MakeStore) -> None:
    findings = run_checks(make_store([("nato-2025-08", "real_change_pct", "FRA", 2020, -5.0)]))
    assert findings == []


def members_and_aggregates(nato: float, nato_eu_ca: float, year: int = 2020) -> list[Row]:
    return [
        ("nato-2024-06", "usd_current_million", "USA", year, 100.0),
        ("nato-2024-06", "usd_current_million", "FRA", year, 200.0),
        ("nato-2024-06", "usd_current_million", "NATO", year, nato),
        ("nato-2024-06", "usd_current_million", "NATO_EU_CA", year, nato_eu_ca),
    ]


def test_aggregate_inconsistent_with_members_is_an_error(make_store: MakeStore) -> None:
    findings = run_checks(make_store(members_and_aggregates(nato=999.0, nato_eu_ca=200.0)))
    assert of(findings, "aggregate_consistency") == [
        (
            "error",
            "nato-2024-06 usd_current_million 2020: members add up to 300, NATO row says 999",
        )
    ]


def test_aggregate_within_rounding_of_members_passes(make_store: MakeStore) -> None:
    findings = run_checks(make_store(members_and_aggregates(nato=304.9, nato_eu_ca=195.1)))
    assert findings == []


def test_europe_and_canada_aggregate_leaves_out_the_united_states(make_store: MakeStore) -> None:
    findings = run_checks(make_store(members_and_aggregates(nato=300.0, nato_eu_ca=300.0)))
    assert of(findings, "aggregate_consistency") == [
        (
            "error",
            "nato-2024-06 usd_current_million 2020: members add up to 200, NATO_EU_CA row says 300",
        )
    ]


def test_allies_count_in_aggregates_from_the_year_they_joined(make_store: MakeStore) -> None:
    finland = [
        ("nato-2024-06", "usd_current_million", "FIN", 2022, 50.0),
        ("nato-2024-06", "usd_current_million", "FIN", 2023, 50.0),
    ]
    rows = [
        *members_and_aggregates(nato=300.0, nato_eu_ca=200.0, year=2022),
        *members_and_aggregates(nato=300.0, nato_eu_ca=200.0, year=2023),
        *finland,
    ]
    messages = [m for _, m in of(run_checks(make_store(rows)), "aggregate_consistency")]
    assert messages == [
        "nato-2024-06 usd_current_million 2023: members add up to 350, NATO row says 300",
        "nato-2024-06 usd_current_million 2023: members add up to 250, NATO_EU_CA row says 200",
    ]


def test_aggregates_alone_are_not_checked(make_store: MakeStore) -> None:
    rows = [("nato-2024-06", "usd_constant_million", "NATO", 2020, 1234.0)]
    assert run_checks(make_store(rows)) == []


def test_nato_and_sipri_apart_by_more_than_the_band_is_info(make_store: MakeStore) -> None:
    rows = [
        ("nato-2025-08", "share_gdp", "FRA", 2020, 2.0),
        ("sipri-2025", "share_gdp", "FRA", 2020, 2.6),
        ("nato-2025-08", "share_gdp", "USA", 2020, 3.5),
        ("sipri-2025", "share_gdp", "USA", 2020, 3.1),  # within 0.5: not reported
        ("nato-2024-06", "share_gdp", "BGR", 2020, 9.0),  # an older NATO edition: not compared
        ("sipri-2025", "share_gdp", "BGR", 2020, 1.6),
    ]
    findings = run_checks(make_store(rows))
    assert of(findings, "nato_vs_sipri") == [
        ("info", "FRA 2020: nato-2025-08 2.00 vs sipri-2025 2.60 (\u22120.60 points)")
    ]
    assert errors_only(findings) == []


def categories(values: tuple[float, ...], year: int = 2024) -> list[Row]:
    return [
        ("nato-2025-08", name, "FRA", year, value)
        for name, value in zip(validate.CATEGORIES, values, strict=False)
    ]


def test_categories_not_adding_up_to_100_is_a_warning(make_store: MakeStore) -> None:
    findings = run_checks(make_store(categories((20.0, 40.0, 10.0, 20.0))))
    assert of(findings, "categories_sum") == [
        ("warning", "nato-2025-08 FRA 2024: categories add up to 90.00%, not 100%")
    ]
    assert errors_only(findings) == []


def test_categories_within_rounding_or_incomplete_pass(make_store: MakeStore) -> None:
    rows = categories((25.02, 49.99, 5.03, 20.01)) + categories((20.0, 40.0, 10.0), year=2023)
    assert run_checks(make_store(rows)) == []


def test_year_on_year_jumps(make_store: MakeStore) -> None:
    rows = [
        ("nato-2025-08", "share_gdp", "FRA", 2019, 2.0),
        ("nato-2025-08", "share_gdp", "FRA", 2020, 3.5),  # unexplained: warning
        ("nato-2025-08", "share_gdp", "USA", 2019, 3.0),
        ("nato-2025-08", "share_gdp", "USA", 2020, 4.0),  # exactly the limit: passes
        ("nato-2025-08", "share_gdp", "BGR", 2018, 1.45),
        ("nato-2025-08", "share_gdp", "BGR", 2019, 3.14),  # the F-16 payment: info
        ("sipri-2025", "share_gdp", "RUS", 2014, 3.0),
        ("sipri-2025", "share_gdp", "RUS", 2015, 5.5),  # watched non-ally: warning
        ("sipri-2025", "share_gdp", "SAU", 2014, 8.0),
        ("sipri-2025", "share_gdp", "SAU", 2015, 13.0),  # not watched: ignored
    ]
    assert sorted(of(run_checks(make_store(rows)), "yoy_jump")) == [
        (
            "info",
            "nato-2025-08 share_gdp BGR 2019: 1.45 -> 3.14 (named exception: one-off payment "
            "for eight F-16 Block 70 aircraft in 2019)",
        ),
        ("warning", "nato-2025-08 share_gdp FRA 2020: 2.00 -> 3.50"),
        ("warning", "sipri-2025 share_gdp RUS 2015: 3.00 -> 5.50"),
    ]


# -- the real store -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def findings(db: Milex) -> list[Finding]:
    return run_checks(db.tables.conn)


def test_the_bundled_store_has_no_errors(findings: list[Finding]) -> None:
    assert errors_only(findings) == []
    assert {f.level for f in findings} <= {"warning", "info"}


def test_kuwait_1991_is_reported_as_info_with_its_reason(findings: list[Finding]) -> None:
    reason = validate.SHARE_RANGE_EXCEPTIONS[("KWT", 1991)]
    assert of(findings, "share_range") == [
        (
            "info",
            f"{release} share_gdp KWT 1991 = 117.35 is outside [0, 100] "
            f"(named exception: {reason})",
        )
        for release in ("sipri-2025", "sipri-2026")
    ]


def test_named_jumps_are_info_and_only_named_jumps_are(findings: list[Finding]) -> None:
    jumps = [f for f in findings if f.check == "yoy_jump"]
    assert len(jumps) > 20
    for jump in jumps:
        assert (jump.level == "info") == ("(named exception:" in jump.message), jump.message
    assert (
        "info",
        "nato-2024-06 share_gdp BGR 2019: 1.45 -> 3.13 (named exception: one-off payment for "
        "eight F-16 Block 70 aircraft in 2019)",
    ) in of(findings, "yoy_jump")


def test_every_named_exception_explains_a_real_finding(findings: list[Finding]) -> None:
    # A stale exception would silently widen a bound: each must still match a finding.
    messages = [f.message for f in findings if f.level == "info"]
    for source, iso3, year in validate.JUMP_EXCEPTIONS:
        assert any(m.startswith(source) and f" {iso3} {year}: " in m for m in messages), (
            source,
            iso3,
            year,
        )
    for iso3, year in validate.SHARE_RANGE_EXCEPTIONS:
        assert any(f" {iso3} {year} = " in m for m in messages), (iso3, year)


def test_nato_2026_usd_aggregates_agree_with_members(db: Milex) -> None:
    conn = db.tables.conn
    (aggregate_rows,) = conn.execute(
        "SELECT COUNT(*) FROM observations WHERE release_id = 'nato-2026-07' "
        "AND iso3 IN ('NATO', 'NATO_EU_CA') AND indicator LIKE 'usd_%'"
    ).fetchone()
    assert aggregate_rows == 2 * 2 * 13  # two aggregates, two price bases, 2014-2026
    assert [f for f in validate._aggregates(conn) if "nato-2026-07" in f.message] == []


def test_aggregate_check_catches_a_changed_nato_2026_row(db: Milex) -> None:
    with closing(sqlite3.connect(":memory:")) as copy:
        db.tables.conn.backup(copy)
        (stated,) = copy.execute(
            "SELECT value FROM observations WHERE release_id = 'nato-2026-07' "
            "AND indicator = 'usd_current_million' AND iso3 = 'NATO' AND year = 2024"
        ).fetchone()
        (members,) = copy.execute(
            "SELECT SUM(o.value) FROM observations o JOIN countries c USING (iso3) "
            "WHERE o.release_id = 'nato-2026-07' AND o.indicator = 'usd_current_million' "
            "AND o.year = 2024 AND c.nato_accession <= '2024-12-31'"
        ).fetchone()
        assert abs(members - stated) <= validate.AGGREGATE_TOLERANCE_MILLION
        copy.execute(
            "UPDATE observations SET value = value + 100 WHERE release_id = 'nato-2026-07' "
            "AND indicator = 'usd_current_million' AND iso3 = 'NATO' AND year = 2024"
        )
        errors = errors_only(run_checks(copy))
    assert [(f.check, f.message) for f in errors] == [
        (
            "aggregate_consistency",
            f"nato-2026-07 usd_current_million 2024: members add up to {members:,.0f}, "
            f"NATO row says {stated + 100:,.0f}",
        )
    ]
