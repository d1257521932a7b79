"""milex.data.query: status, series, revisions, show and the catalogues, on the real store."""

from __future__ import annotations

import csv
import re
from datetime import date
from typing import Any

import pytest

import milex
from milex.data.query import Queries
from milex.table import Table
from tests.conftest import need_shared

ALLIES_2024 = 31  # the 32 allies of 2024 less Iceland, which has no armed forces
AGGREGATES = ("NATO", "NATO_EU_CA")
RELEASES = {
    "nato-2024-06": "2024-06-17",
    "nato-2025-08": "2025-08-28",
    "nato-2026-07": "2026-07-10",
    "sipri-2025": "2025-04-28",
    "sipri-2026": "2026-04-30",
    "imf-weo-2026-04": "2026-04-30",
    "census-trade-2026": "2026-06-30",
}

# The allies whose 2025 figure in NATO's August 2025 edition is not in milex's copy.
NOT_TRANSCRIBED_2025 = frozenset(
    ["ALB", "BGR", "FIN", "GRC", "HRV", "HUN", "MNE", "NLD", "SVK", "SVN", "SWE"]
)


@pytest.fixture(scope="module")
def q(db: milex.Milex) -> Queries:
    return db.tables


@pytest.fixture(scope="module")
def status_2024(q: Queries) -> Table:
    return q.status(2024, release="nato-2025-08")


def by_iso3(table: Table) -> dict[str, dict[str, Any]]:
    return {r["iso3"]: r for r in table.records()}


def allies_only(table: Table) -> list[dict[str, Any]]:
    return [r for r in table.records() if r["iso3"] not in AGGREGATES]


# -- status -------------------------------------------------------------------------------


def test_status_2024_has_every_ally_and_both_aggregates(status_2024: Table) -> None:
    rows = by_iso3(status_2024)
    assert len(status_2024) == ALLIES_2024 + 2
    assert len(rows) == len(status_2024)  # one row per entity
    assert "ISL" not in rows
    assert {"NATO", "NATO_EU_CA", "POL", "USA", "SWE", "FIN"} <= set(rows)
    assert set(status_2024.column("year")) == {2024}
    assert set(status_2024.column("release")) == {"nato-2025-08"}
    assert set(status_2024.column("table")) == {"Table 3"}


def test_status_2024_headline_values(status_2024: Table) -> None:
    rows = by_iso3(status_2024)
    assert rows["POL"]["share_gdp"] == 3.79
    assert rows["POL"]["rank"] == 1
    assert rows["USA"]["share_gdp"] == 3.21
    assert rows["NATO"]["share_gdp"] == 2.61
    assert rows["NATO_EU_CA"]["share_gdp"] == 1.99
    assert rows["NATO"]["meets_2pct"] is True
    assert rows["NATO_EU_CA"]["meets_2pct"] is False
    assert rows["POL"]["estimate"] is True  # 2024 is an estimate ('e') in this edition


def test_status_2024_counts_18_allies_at_2pct(status_2024: Table) -> None:
    meeting = [r["iso3"] for r in allies_only(status_2024) if r["meets_2pct"]]
    assert len(meeting) == 18
    # exactly 2.00 meets the guideline; 1.96 does not
    assert {"DEU", "NLD"} <= set(meeting)
    assert "SVK" not in meeting
    assert "(18 of 31 allies at or above 2%)" in (status_2024.title or "")


def test_status_ranks_allies_1_to_31_with_shared_ties(status_2024: Table) -> None:
    allies = allies_only(status_2024)
    ranks = [r["rank"] for r in allies]
    assert ranks[0] == 1
    assert max(ranks) == ALLIES_2024
    assert all(1 <= rank <= ALLIES_2024 for rank in ranks)
    rows = by_iso3(status_2024)
    assert rows["DNK"]["share_gdp"] == rows["NOR"]["share_gdp"] == 2.27
    assert rows["DNK"]["rank"] == rows["NOR"]["rank"] == 10
    assert rows["ROU"]["rank"] == 12  # competition ranking: the tie uses up rank 11
    assert rows["DEU"]["rank"] == rows["NLD"]["rank"] == 17
    # rank = 1 + number of allies with a strictly higher share
    for row in allies:
        higher = sum(1 for other in allies if other["share_gdp"] > row["share_gdp"])
        assert row["rank"] == 1 + higher, row["iso3"]


def test_status_orders_allies_by_share_and_aggregates_last_unranked(status_2024: Table) -> None:
    records = status_2024.records()
    assert [r["iso3"] for r in records[-2:]] == ["NATO", "NATO_EU_CA"]
    assert records[-1]["rank"] is None and records[-2]["rank"] is None
    shares = [r["share_gdp"] for r in records[:-2]]
    assert shares == sorted(shares, reverse=True)


def test_status_change_is_share_minus_previous_year(q: Queries, status_2024: Table) -> None:
    previous = {
        r["iso3"]: r["value"]
        for r in q.series(None, "share_gdp", release="nato-2025-08", start=2023, end=2023).records()
    }
    for row in status_2024.records():
        assert row["previous_share_gdp"] == previous[row["iso3"]]
        assert row["change_pp"] == pytest.approx(row["share_gdp"] - previous[row["iso3"]])
    rows = by_iso3(status_2024)
    assert rows["POL"]["previous_share_gdp"] == 3.27
    assert rows["POL"]["change_pp"] == 0.52
    assert rows["GRC"]["change_pp"] == -0.02


def test_status_as_of_picks_the_edition_published_by_then(q: Queries) -> None:
    table = q.status(2024, as_of="2025-04-03")
    rows = by_iso3(table)
    assert set(table.column("release")) == {"nato-2024-06"}
    assert rows["POL"]["share_gdp"] == 4.12
    assert sum(1 for r in allies_only(table) if r["meets_2pct"]) == 23
    assert q.status(2024, as_of=date(2025, 4, 3)).rows == table.rows


def test_status_as_of_the_publication_day_includes_that_edition(q: Queries) -> None:
    assert set(q.status(2024, as_of="2024-06-17").column("release")) == {"nato-2024-06"}
    assert set(q.status(2024, as_of="2025-08-28").column("release")) == {"nato-2025-08"}


def test_status_as_of_before_the_first_edition_raises(q: Queries) -> None:
    with pytest.raises(milex.NoDataError, match="published on or before 2024-06-16"):
        q.status(2024, as_of="2024-06-16")


def test_status_defaults_to_the_latest_release_and_its_latest_year(q: Queries) -> None:
    table = q.status()
    assert set(table.column("release")) == {"nato-2026-07"}
    assert set(table.column("year")) == {2026}
    assert len(table) == ALLIES_2024 + 2


def test_status_year_no_release_covers_names_the_releases_held(q: Queries) -> None:
    with pytest.raises(milex.NoDataError) as caught:
        q.status(1990)
    message = str(caught.value)
    assert "1990" in message
    for release in ("nato-2024-06", "nato-2025-08", "nato-2026-07"):
        assert release in message
    assert "2014-2024" in message


def test_status_year_out_of_range_is_invalid(q: Queries) -> None:
    with pytest.raises(milex.InvalidQueryError, match="out of range"):
        q.status(3000)
    with pytest.raises(milex.InvalidQueryError, match="not a year"):
        q.status("twenty")


def test_status_unknown_release_suggests_a_close_match(q: Queries) -> None:
    with pytest.raises(milex.UnknownReleaseError, match="did you mean nato-2025-08"):
        q.status(2024, release="nato-2025-8")


def test_status_release_and_as_of_together_are_invalid(q: Queries) -> None:
    with pytest.raises(milex.InvalidQueryError, match="not both"):
        q.status(2024, release="nato-2025-08", as_of="2025-09-01")


def test_status_bad_as_of_date_is_invalid(q: Queries) -> None:
    with pytest.raises(milex.InvalidQueryError, match="2025-13-01"):
        q.status(2024, as_of="2025-13-01")


def test_status_refuses_a_release_of_another_source(q: Queries) -> None:
    with pytest.raises(milex.MilexError):
        q.status(2024, release="sipri-2025")


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"year": 2024, "release": "nato-2025-08"},
        {"year": 2024, "as_of": "2025-04-03"},
        {"year": 2014, "release": "nato-2024-06"},
        {"year": 2025, "release": "nato-2025-08"},
    ],
)
def test_every_status_table_notes_iceland(q: Queries, kwargs: dict[str, Any]) -> None:
    table = q.status(**kwargs)
    year = table.column("year")[0]
    assert f"NATO published no {year} figure for ISL (Iceland has no armed forces)" in table.notes


def test_status_2025_08_tells_not_published_from_not_held(q: Queries) -> None:
    """NATO's August 2025 edition published a 2025 figure for every ally but Germany (budget
    pending) and Iceland; milex's copy lacks eleven of them. The count and the notes say so."""
    table = q.status(2025, release="nato-2025-08")
    assert table.title == (
        "Defence expenditure as % of GDP, 2025 — nato-2025-08 (19 of 19 allies with a figure "
        "in milex's copy at or above 2%; 12 not held)"
    )
    assert (
        "NATO published no 2025 figure for DEU (Germany's 2025 budget was pending at the "
        "cut-off)" in table.notes
    )
    held_not = [n for n in table.notes if "not in milex's copy" in n]
    assert len(held_not) == 1
    assert held_not[0].startswith(
        "11 allies' 2025 figures in nato-2025-08 are not in milex's copy: ALB, BGR, FIN, GRC, "
        "HRV, HUN, MNE, NLD, SVK, SVN, SWE ("
    )
    assert "import NATO's workbook" in held_not[0]
    assert not any("gives no" in n for n in table.notes)  # every gap is explained
    assert len(table) == 19 + 2  # 19 allies and both aggregates


def test_year_standings_bound_a_count_by_the_figures_not_held(q: Queries) -> None:
    ys = q.year_standings(2025, "nato-2025-08")
    assert ys.lacking == NOT_TRANSCRIBED_2025 | {"DEU"}
    assert ys.count_bounds(2.0) == (19, 31)
    assert ys.count_bounds(3.5) == (3, 15)
    assert ys.count_bounds(2.0, below=True) == (0, 12)
    complete = q.year_standings(2024, "nato-2025-08")
    assert complete.lacking == frozenset()
    assert complete.count_bounds(2.0) == (18, 18)


def test_missing_table_lists_both_kinds(q: Queries) -> None:
    table = q.missing("nato-2025-08", "share_gdp")
    rows = table.records()
    by_kind = {
        why: {(r["iso3"], r["year"]) for r in rows if r["why"] == why}
        for why in ("not_published", "not_held")
    }
    assert ("DEU", 2025) in by_kind["not_published"]
    assert {("ISL", y) for y in range(2014, 2026)} <= by_kind["not_published"]
    assert len(by_kind["not_published"]) == 13
    assert {c for c, _ in by_kind["not_held"]} == NOT_TRANSCRIBED_2025
    with pytest.raises(milex.InvalidQueryError, match="not_published, not_held"):
        q.missing(why="lost")


def test_missing_matches_the_reference_sources() -> None:
    """The eleven not transcribed and Germany not published, as nato/SOURCES.md lists them."""
    shared = need_shared()
    text = (shared / "nato" / "SOURCES.md").read_text(encoding="utf-8")
    listed = re.search(r"Still not found \(2025e\): ([A-Z, ]+)\.", text)
    assert listed is not None
    expected = {c.strip() for c in listed.group(1).split(",")}
    with milex.open() as db:
        rows = db.tables.missing("nato-2025-08", "share_gdp", why="not_held").records()
    assert {r["iso3"] for r in rows} == expected


def test_status_matches_the_reference_csv() -> None:
    shared = need_shared()
    expected: dict[str, tuple[float, bool]] = {}
    with (shared / "nato" / "defence_expenditure.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if (row["edition"], row["indicator"], row["year"]) == ("2025-08", "share_gdp", "2024"):
                expected[row["country_iso3"]] = (float(row["value"]), row["estimate"] == "1")
    assert len(expected) == ALLIES_2024 + 2
    with milex.open() as db:
        table = db.tables.status(2024, release="nato-2025-08")
    got = {r["iso3"]: (r["share_gdp"], r["estimate"]) for r in table.records()}
    assert got == expected


# -- series -------------------------------------------------------------------------------


def test_series_one_release(q: Queries) -> None:
    table = q.series("POL", "share_gdp", release="nato-2024-06")
    assert table.column("year") == list(range(2014, 2025))
    assert table.column("value")[-1] == 4.12
    assert table.column("value")[0] == 1.88
    assert set(table.column("release")) == {"nato-2024-06"}
    assert set(table.column("unit")) == {"percent of real GDP"}
    assert set(table.column("table")) == {"Table 3"}
    assert set(table.column("country")) == {"Poland"}


def test_series_without_source_takes_the_latest_release_of_each_source(q: Queries) -> None:
    table = q.series(["Germany", "FRA"], "share_gdp")
    assert set(table.column("iso3")) == {"DEU", "FRA"}
    assert set(table.column("release")) == {"nato-2026-07", "sipri-2026"}
    assert {(r["source"], r["release"]) for r in table.records()} == {
        ("nato", "nato-2026-07"),
        ("sipri", "sipri-2026"),
    }
    for row in table.records():
        for field in ("release", "table", "unit", "source_url"):
            assert row[field], (field, row)
    # one value per country, release and year
    keys = [(r["iso3"], r["release"], r["year"]) for r in table.records()]
    assert len(keys) == len(set(keys))


def test_series_as_of_selects_older_releases(q: Queries) -> None:
    table = q.series(["Germany", "FRA"], "share_gdp", as_of="2025-06-01")
    assert set(table.column("release")) == {"nato-2024-06", "sipri-2025"}
    assert max(r["year"] for r in table.records() if r["release"] == "nato-2024-06") == 2024


def test_series_start_and_end_bound_the_years(q: Queries) -> None:
    table = q.series("POL", "share_gdp", release="nato-2024-06", start=2020, end=2022)
    assert table.column("year") == [2020, 2021, 2022]


def test_series_keeps_sipri_flags(q: Queries) -> None:
    table = q.series(["RUS", "CHN"], "share_gdp", release="sipri-2025")
    flagged = [r for r in table.records() if r["flag"] == "estimate"]
    assert {r["iso3"] for r in flagged} == {"RUS", "CHN"}
    assert all(r["estimate"] is True for r in flagged)
    russia_1992 = next(r for r in table.records() if (r["iso3"], r["year"]) == ("RUS", 1992))
    assert russia_1992["flag"] == "estimate"
    assert set(table.column("source")) == {"sipri"}
    assert set(table.column("unit")) == {"percent of GDP"}


def test_series_notes_countries_without_figures(q: Queries) -> None:
    table = q.series("ISL", "share_gdp")
    assert len(table) == 0
    assert "NATO published no figure for ISL in 2014-2026 (Iceland has no armed forces)" in (
        table.notes
    )


def test_series_says_why_a_figure_is_missing(q: Queries) -> None:
    table = q.series(["DEU", "NLD", "POL"], "share_gdp", release="nato-2025-08", start=2024)
    assert (
        "NATO published no 2025 figure for DEU (Germany's 2025 budget was pending at the "
        "cut-off)" in table.notes
    )
    assert any(
        n.startswith("NLD's 2025 figure in nato-2025-08 is not in milex's copy (")
        for n in table.notes
    )
    assert not any("POL" in n for n in table.notes)


def test_series_estimate_flags_can_be_unknown(q: Queries) -> None:
    """The bundled sipri-2026 comes from a conversion without SIPRI's colour markings."""
    table = q.series("RUS", "share_gdp", release="sipri-2026")
    assert len(table) > 30
    assert set(table.column("estimate")) == {None}
    assert any("estimate ? (empty in CSV, null in JSON) = unknown" in n for n in table.notes)
    known = q.series("RUS", "share_gdp", release="sipri-2025")
    assert set(known.column("estimate")) == {True, False}


def test_series_unknown_indicator_suggests(q: Queries) -> None:
    with pytest.raises(milex.UnknownIndicatorError, match="share_gdp"):
        q.series("POL", "share_gpd")


def test_series_source_without_the_indicator(q: Queries) -> None:
    with pytest.raises(milex.NoDataError, match="nato, sipri"):
        q.series("POL", "share_gdp", source="imf")


def test_series_unknown_country_suggests(q: Queries) -> None:
    with pytest.raises(milex.UnknownCountryError, match=re.escape("Germany (DEU)")):
        q.series("Germny", "share_gdp")


# -- revisions ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def revised(q: Queries) -> Table:
    return q.revisions("nato-2024-06", "nato-2025-08")


def test_revisions_list_changed_cells(revised: Table) -> None:
    assert revised.columns == [
        "iso3",
        "country",
        "year",
        "value_nato-2024-06",
        "value_nato-2025-08",
        "change",
        "status",
    ]
    poland = {r[2]: r for r in revised.rows if r[0] == "POL"}
    assert poland[2024][3:] == (4.12, 3.79, -0.33, "changed")
    assert poland[2023][3:] == (3.26, 3.27, 0.01, "changed")


def test_revisions_leave_out_unchanged_and_one_sided_cells(revised: Table) -> None:
    assert set(revised.column("status")) == {"changed"}
    for row in revised.rows:
        assert row[3] is not None and row[4] is not None
        assert row[3] != row[4]
        assert row[5] != 0
        assert row[5] == pytest.approx(row[4] - row[3])
    count = re.search(r"\((\d+) of (\d+) shared cells changed\)", revised.title or "")
    assert count is not None
    assert int(count.group(1)) == len(revised)
    assert int(count.group(1)) < int(count.group(2))


def test_revisions_include_added(q: Queries, revised: Table) -> None:
    table = q.revisions("nato-2024-06", "nato-2025-08", include_added=True)
    added = [r for r in table.rows if r[6] == "added"]
    assert ("POL", "Poland", 2025, None, 4.48, None, "added") in added
    assert all(r[3] is None and r[4] is not None for r in added)
    assert all(r[4] is None for r in table.rows if r[6] == "removed")
    assert [r for r in table.rows if r[6] == "changed"] == revised.rows


def test_revisions_for_some_countries(q: Queries) -> None:
    table = q.revisions("nato-2024-06", "nato-2025-08", countries_="Poland, Germany")
    assert set(table.column("iso3")) <= {"POL", "DEU"}
    assert "POL" in table.column("iso3")


def test_revisions_unknown_indicator(q: Queries) -> None:
    with pytest.raises(milex.UnknownIndicatorError, match="did you mean share_gdp"):
        q.revisions("nato-2024-06", "nato-2025-08", "share_gpd")


def test_revisions_unknown_release(q: Queries) -> None:
    with pytest.raises(milex.UnknownReleaseError):
        q.revisions("nato-2024-6", "nato-2025-08")


# -- show, countries, releases, sources ---------------------------------------------------


def test_show_answers_to_every_name_of_a_country(q: Queries) -> None:
    by_name = q.show("Türkiye")
    assert len(by_name) > 0
    assert set(by_name.column("iso3")) == {"TUR"}
    assert q.show("turkey").rows == by_name.rows
    assert q.show("TUR").rows == by_name.rows
    assert (by_name.title or "").startswith("Türkiye (TUR)")


def test_show_takes_the_latest_release_of_each_source(q: Queries) -> None:
    table = q.show("POL")
    shares = {r["release"] for r in table.records() if r["indicator"] == "share_gdp"}
    assert shares == {"nato-2026-07", "sipri-2026"}
    # nato-2024-06 also holds usd_current_million, but nato-2026-07 is newer
    usd = {r["release"] for r in table.records() if r["indicator"] == "usd_current_million"}
    assert usd == {"nato-2026-07", "sipri-2026"}


def test_show_iceland_explains_the_missing_figures(q: Queries) -> None:
    table = q.show("ISL")
    assert any("no armed forces" in note for note in table.notes)
    assert not [r for r in table.records() if r["indicator"] == "share_gdp"]


def test_show_start_bounds_the_years(q: Queries) -> None:
    assert min(q.show("POL", start=2020).column("year")) == 2020


def test_countries(q: Queries) -> None:
    table = q.countries()
    assert len(table) == 175
    assert len(set(table.column("iso3"))) == 175
    aggregates = q.countries("aggregate")
    assert aggregates.column("iso3") == ["EUU", "NATO", "NATO_EU_CA"]
    iceland = next(r for r in table.records() if r["iso3"] == "ISL")
    assert iceland["has_armed_forces"] is False
    assert iceland["nato_accession"] == "1949-04-04"


def test_releases(q: Queries) -> None:
    table = q.releases()
    assert {r["release"]: r["published"] for r in table.records()} == RELEASES
    for row in table.records():
        date.fromisoformat(row["published"])
        assert row["rows"] > 0
        assert row["url"] and row["licence"] and row["provenance"]
    assert q.releases("nato").column("release") == ["nato-2024-06", "nato-2025-08", "nato-2026-07"]


def test_sources_name_licences_and_datasets(q: Queries) -> None:
    table = q.sources()
    records = {r["release"]: r for r in table.records()}
    assert set(RELEASES) <= set(records)
    for sipri in ("sipri-2025", "sipri-2026"):
        assert "attribution required" in records[sipri]["licence"]
    assert {"dmdc-2026-03", "us-tariffs-2025", "commitments-2026"} <= set(records)
    assert records["us-tariffs-2025"]["rows"] > 0
    assert any("SIPRI" in note for note in table.notes)
