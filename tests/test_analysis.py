"""milex.analysis: commitments, gaps and pathways on the real store, with the cross-check that
the pathways' alliance-wide extra spending agrees with shares x GDP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import milex
from milex import analysis
from milex.data import countries, store
from milex.data.query import Queries
from milex.errors import InvalidQueryError, NoDataError, UnknownTargetError
from milex.model.credibility import VERDICTS
from milex.model.pathways import SHAPES
from milex.table import Table
from tests.conftest import need_shared

IMF = "imf-weo-2026-04"
IMF_GDP = "gdp_usd_current_billion"
GROUPS = ("NATO", "NATO_EU_CA", "EU_ALLIES")
ALLIES = 31  # the 32 allies less Iceland, which has no armed forces
LATEST = "nato-2026-07"  # the newest NATO edition: shares to 2026


@pytest.fixture(scope="module")
def q(db: milex.Milex) -> Queries:
    return db.tables


@pytest.fixture(scope="module")
def gap_2024(q: Queries) -> Table:
    return analysis.gap(q, "2pct", 2024, release="nato-2025-08")


@pytest.fixture(scope="module")
def hague_all(q: Queries) -> analysis.PathwayReport:
    return analysis.pathways(q, "all", "hague-core")


def by_iso3(table: Table) -> dict[str, dict[str, Any]]:
    return {r["iso3"]: r for r in table.records()}


def allies_only(table: Table) -> list[dict[str, Any]]:
    return [r for r in table.records() if r["iso3"] not in GROUPS]


def write_commitments(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text("schema_version: 1\ncommitments:\n" + text, encoding="utf-8")
    return path


MY_3PCT = """
  - id: my-3pct
    name: "Three per cent"
    status: national_pledge
    metric: core_defence_share_gdp
    threshold: 3.0
    deadline_year: 2030
"""


# -- commitments --------------------------------------------------------------------------


def test_commitments_lists_the_short_ids(q: Queries) -> None:
    table = analysis.commitments(q)
    rows = {r["short_id"]: r for r in table.records() if r["short_id"]}
    assert {"2pct", "equipment-20", "hague-core", "hague-total"} <= set(rows)
    assert rows["hague-core"]["threshold"] == 3.5
    assert rows["hague-core"]["deadline_year"] == 2035
    assert rows["hague-core"]["assessable"] is True
    assert rows["hague-related"]["assessable"] is False  # no published data, and a ceiling
    assert rows["2pct"]["applies_to"] == "all allies"
    assert len(table) == len(q.targets())


def test_a_user_file_adds_its_targets_after_the_bundled_ones(q: Queries, tmp_path: Path) -> None:
    table = analysis.commitments(q, write_commitments(tmp_path, MY_3PCT))
    assert len(table) == len(q.targets()) + 1
    last = table.records()[-1]
    assert (last["id"], last["short_id"], last["threshold"]) == ("my-3pct", None, 3.0)


# -- gap: 2% in 2024, NATO's August 2025 edition ------------------------------------------


def test_gap_2024_counts_18_of_31_allies(gap_2024: Table) -> None:
    allies = allies_only(gap_2024)
    assert len(allies) == ALLIES
    assert sum(1 for r in allies if r["meets"]) == 18
    assert "18 of 31 allies meet it" in (gap_2024.title or "")
    assert {r["year"] for r in gap_2024.records()} == {2024}
    assert {r["release"] for r in gap_2024.records()} == {"nato-2025-08"}
    assert {r["target"] for r in gap_2024.records()} == {2.0}


def test_gap_csv_columns(gap_2024: Table) -> None:
    required = ["iso3", "year", "share_gdp", "target", "gap_pp", "gap_usd_bn"]
    assert set(required) <= set(gap_2024.columns)
    assert gap_2024.columns[:4] == ["iso3", "country", "year", "share_gdp"]


def test_gap_spain_in_points_and_imf_dollars_when_the_edition_has_no_table_2(
    q: Queries, gap_2024: Table
) -> None:
    # milex's copy of the August 2025 edition holds Table 3 only: money falls back to IMF GDP
    spain = by_iso3(gap_2024)["ESP"]
    imf_gdp = q.cells(IMF, IMF_GDP, [2024])[("ESP", 2024)]
    assert spain["share_gdp"] == 1.43
    assert spain["meets"] is False
    assert spain["gap_pp"] == 0.57
    assert spain["gap_usd_bn"] == pytest.approx(0.57 / 100 * imf_gdp, rel=1e-12)
    assert spain["money_basis"].startswith("IMF GDP x gap")
    assert spain["gap_usd_constant_bn"] is None  # no constant-price Table 2 in that copy
    assert spain["currency"] == "EUR"


def test_gap_in_natos_own_dollars_reproduces_table_2(q: Queries) -> None:
    """The money that lifts NATO's Table 3 share to the target is the ally's Table 2 spending
    scaled by target / share: at the target, spending / Table 3 share is NATO's own ratio."""
    table = analysis.gap(q, "hague-core", 2026)
    rows = by_iso3(table)
    spending = q.cells(LATEST, "usd_current_million", [2026])
    constant = q.cells(LATEST, "usd_constant_million", [2026])
    shares = q.cells(LATEST, "share_gdp", [2026])
    assert "gap_usd_2021_bn" in table.columns
    for iso3 in ("LUX", "NLD", "ESP", "SVN"):
        row = rows[iso3]
        share = shares[(iso3, 2026)]
        assert row["spending_usd_bn"] == pytest.approx(spending[(iso3, 2026)] / 1000)
        assert row["gap_usd_bn"] == pytest.approx(
            spending[(iso3, 2026)] / 1000 * (3.5 - share) / share
        )
        assert row["gap_usd_2021_bn"] == pytest.approx(
            constant[(iso3, 2026)] / 1000 * (3.5 - share) / share
        )
        assert row["money_basis"] == "NATO Table 2 x gap / share"
    # Luxembourg: NATO's dollars ($1.49 bn), not IMF GDP x share ($2.2 bn)
    assert rows["LUX"]["spending_usd_bn"] == pytest.approx(1.492)


def test_gap_at_exactly_the_threshold_and_just_below(gap_2024: Table) -> None:
    rows = by_iso3(gap_2024)
    assert rows["DEU"]["share_gdp"] == 2.0
    assert (rows["DEU"]["meets"], rows["DEU"]["gap_pp"], rows["DEU"]["gap_usd_bn"]) == (
        True,
        0.0,
        0.0,
    )
    assert (rows["SVK"]["meets"], rows["SVK"]["gap_pp"]) == (False, 0.04)


def test_gap_money_in_every_currency(q: Queries, gap_2024: Table) -> None:
    fx = q.cells(IMF, "lcu_per_usd", [2024])
    eur_per_usd = fx[("DEU", 2024)]
    for row in allies_only(gap_2024):
        assert row["meets"] is (row["gap_pp"] == 0)
        assert row["gap_eur_bn"] == pytest.approx(row["gap_usd_bn"] * eur_per_usd)
        rate = 1.0 if row["iso3"] == "USA" else fx[(row["iso3"], 2024)]
        assert row["gap_lcu_bn"] == pytest.approx(row["gap_usd_bn"] * rate)
    canada = by_iso3(gap_2024)["CAN"]
    assert canada["currency"] == "CAD"
    assert canada["gap_lcu_bn"] / canada["gap_usd_bn"] == pytest.approx(fx[("CAN", 2024)])


def test_gap_national_currency_is_natos_own_rate_where_held(q: Queries) -> None:
    rows = by_iso3(analysis.gap(q, "hague-core", 2026))
    lcu = q.cells(LATEST, "lcu_current_million", [2026])
    usd = q.cells(LATEST, "usd_current_million", [2026])
    poland = rows["POL"] if rows["POL"]["gap_usd_bn"] else rows["CZE"]
    rate = lcu[(poland["iso3"], 2026)] / usd[(poland["iso3"], 2026)]
    assert poland["gap_lcu_bn"] == pytest.approx(poland["gap_usd_bn"] * rate)


def test_gap_allies_are_sorted_by_gap(gap_2024: Table) -> None:
    gaps = [r["gap_pp"] for r in allies_only(gap_2024)]
    assert gaps == sorted(gaps, reverse=True)
    assert allies_only(gap_2024)[0]["iso3"] == "LUX"  # 1.19%: the furthest from 2%


def test_gap_totals_are_the_sums_of_their_allies(gap_2024: Table) -> None:
    rows = by_iso3(gap_2024)
    assert [r["iso3"] for r in gap_2024.records()][-3:] == list(GROUPS)
    allies = allies_only(gap_2024)
    on = date(2024, 12, 31)
    for group in GROUPS:
        members = {c.iso3 for c in countries.group_members(group, on)}
        part = [r for r in allies if r["iso3"] in members]
        total = rows[group]
        assert total["gap_usd_bn"] == pytest.approx(sum(r["gap_usd_bn"] for r in part), rel=1e-12)
        assert total["money_basis"] == "sum of the members' gaps"
    # group shares: NATO's published aggregates, not milex's weighting
    assert rows["NATO"]["share_gdp"] == 2.61 and rows["NATO_EU_CA"]["share_gdp"] == 1.99
    assert rows["NATO"]["share_basis"].startswith("NATO's published aggregate (nato-2025-08")
    # the EU allies have no NATO aggregate, and this copy no Table 5 to weight them: said so
    assert rows["EU_ALLIES"]["share_gdp"] is None
    assert "no NATO aggregate" in rows["EU_ALLIES"]["share_basis"]
    assert rows["NATO"]["gap_usd_bn"] == pytest.approx(41.4324819)
    assert "gap $41.4 bn" in (gap_2024.title or "")
    # the US meets 2%: all allies and Europe & Canada lack the same money
    assert rows["NATO"]["gap_usd_bn"] == pytest.approx(rows["NATO_EU_CA"]["gap_usd_bn"])
    assert rows["EU_ALLIES"]["gap_usd_bn"] < rows["NATO"]["gap_usd_bn"]  # Canada is not in the EU


def test_gap_group_shares_are_natos_published_aggregates(q: Queries) -> None:
    rows = by_iso3(analysis.gap(q, "hague-core", 2026))
    assert (rows["NATO"]["share_gdp"], rows["NATO_EU_CA"]["share_gdp"]) == (2.86, 2.53)
    assert rows["EU_ALLIES"]["share_basis"].startswith("milex's own weighting")


def test_gap_notes_name_the_sources(gap_2024: Table) -> None:
    assert gap_2024.notes[0].startswith(
        "share_gdp: nato-2025-08, Table 3 (defence expenditure, share of real GDP"
    )
    assert any(f"{IMF} GDP x gap" in n for n in gap_2024.notes)
    assert (gap_2024.title or "").startswith("2pct: 2% of GDP (defence expenditure) — 2024")


def test_gap_hague_total_says_related_spending_is_not_published(q: Queries) -> None:
    table = analysis.gap(q, "hague-total")
    assert "Defence-related spending" in table.notes[0]
    assert "not published" in table.notes[0]
    assert {r["target"] for r in table.records()} == {5.0}
    assert {r["year"] for r in table.records()} == {2026}  # the latest year of the newest edition


def test_gap_hague_related_cannot_be_measured(q: Queries) -> None:
    with pytest.raises(NoDataError, match="no published data"):
        analysis.gap(q, "hague-related")


def test_gap_north_of_3_exactly_at_3_does_not_meet(q: Queries) -> None:
    table = analysis.gap(q, "north-of-3", 2024, release="nato-2025-08")
    shares = q.cells("nato-2025-08", "share_gdp", [2024])
    for row in allies_only(table):
        assert row["meets"] is (round(shares[(row["iso3"], 2024)] - 3.0, 9) > 0)


def test_gap_equipment_20_uses_the_equipment_share_and_spending(q: Queries) -> None:
    table = analysis.gap(q, "equipment-20", 2024)
    assert "equipment_share" in table.columns
    assert "share_gdp" not in table.columns
    spending = q.cells(LATEST, "usd_current_million", [2024])
    equipment = q.cells(LATEST, "equipment_share", [2024])
    portugal = by_iso3(table)["PRT"]
    assert portugal["equipment_share"] == equipment[("PRT", 2024)] == 15.11
    assert portugal["target"] == 20.0
    assert portugal["gap_pp"] == 4.89
    assert portugal["spending_usd_bn"] == pytest.approx(spending[("PRT", 2024)] / 1000)
    assert portugal["gap_usd_bn"] == pytest.approx(4.89 / 100 * spending[("PRT", 2024)] / 1000)
    assert portugal["money_basis"] == "NATO Table 2 x gap"
    assert "27 of 31 allies meet it" in (table.title or "")


def test_gap_with_a_users_commitment(q: Queries, tmp_path: Path) -> None:
    path = write_commitments(tmp_path, MY_3PCT)
    table = analysis.gap(q, "my-3pct", 2024, release="nato-2025-08", commitments_file=path)
    shares = q.cells("nato-2025-08", "share_gdp", [2024])
    allies = allies_only(table)
    assert {r["target"] for r in allies} == {3.0}
    meeting = {r["iso3"] for r in allies if r["meets"]}
    assert meeting == {iso3 for (iso3, _), v in shares.items() if v >= 3.0 and iso3 not in GROUPS}
    assert {"POL", "USA"} <= meeting


def test_gap_with_a_users_commitment_for_some_allies(q: Queries, tmp_path: Path) -> None:
    path = write_commitments(tmp_path, MY_3PCT + "    applies_to: [ESP, PRT]\n")
    table = analysis.gap(q, "my-3pct", 2024, release="nato-2025-08", commitments_file=path)
    # a commitment of two allies has no group rows: "all allies" would be two allies
    assert [r["iso3"] for r in table.records()] == ["ESP", "PRT"]


def test_gap_unknown_commitment_suggests(q: Queries) -> None:
    with pytest.raises(UnknownTargetError, match="did you mean hague-core"):
        analysis.gap(q, "hague-cor")


# -- pathways -----------------------------------------------------------------------------


def test_spain_to_hague_core(q: Queries) -> None:
    report = analysis.pathways(q, ["ESP"], "hague-core")
    (spain,) = report.allies
    path = spain.path
    assert (spain.iso3, spain.country) == ("ESP", "Spain")
    assert [y.year for y in path.years] == list(range(2026, 2036))
    assert path.years[0].share_gdp == 2.0
    assert path.years[-1].share_gdp == pytest.approx(3.5, abs=1e-9)
    # NATO's own money: Table 2 spending and Table 5 GDP in the start year
    gdp = q.cells(LATEST, "gdp_usd_current_million", [2026])[("ESP", 2026)]
    spending = q.cells(LATEST, "usd_current_million", [2026])[("ESP", 2026)]
    assert path.years[0].gdp_usd_bn == pytest.approx(gdp / 1000)
    assert path.years[0].spending_usd_bn == pytest.approx(spending / 1000)
    assert spain.credibility.verdict in VERDICTS
    assert spain.credibility.required_real_growth_pct == path.required_real_growth_pct
    assert f"{path.required_real_growth_pct:.1f}%/yr" in spain.credibility.reason
    assert spain.history[0] == (2014, q.cells(LATEST, "share_gdp", [2014])[("ESP", 2014)])
    assert spain.history[-1] == (2026, 2.0)


@pytest.fixture(scope="module")
def with_2024_workbook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Queries]:
    """A store that also holds NATO's own June 2024 workbook (every table, every ally)."""
    workbook = need_shared() / "nato" / "raw" / "240617-def-exp-2024-TABLES-en.xlsx"
    path = tmp_path_factory.mktemp("with-2024") / "milex.sqlite"
    store.build(path)
    milex.import_file("nato", workbook, replace=True, path=path)
    with milex.open(path) as opened:
        yield opened.tables


def assert_base_year_is_table_2(q: Queries, release: str) -> None:
    report = analysis.pathways(q, "all", "hague-core", release=release, deadline=2035)
    start = report.allies[0].path.start_year
    spending = q.cells(release, "usd_current_million", [start])
    gdp = q.cells(release, "gdp_usd_current_million", [start])
    assert len(report.allies) == ALLIES
    for ally in report.allies:
        first = ally.path.years[0]
        table_2 = spending[(ally.iso3, start)] / 1000
        assert first.spending_usd_bn == pytest.approx(table_2, rel=0.005), ally.iso3
        ratio = spending[(ally.iso3, start)] / gdp[(ally.iso3, start)] * 100
        assert first.share_nominal_gdp == pytest.approx(ratio, rel=1e-9), ally.iso3
        assert ally.assumptions.money_basis.startswith("NATO's own dollars"), ally.iso3


def test_base_year_money_equals_natos_table_2_for_every_ally(q: Queries) -> None:
    """For every ally, the path's start-year spending is NATO's Table 2 figure and spending /
    GDP NATO's own ratio (LUX and NLD included, whose Table 3 share is not spending / nominal
    GDP)."""
    assert_base_year_is_table_2(q, LATEST)
    report = analysis.pathways(q, ["LUX", "NLD"], "hague-core")
    by = {a.iso3: a.path.years[0] for a in report.allies}
    assert by["LUX"].spending_usd_bn == pytest.approx(1.492)  # not $2.2 bn (IMF GDP x share)
    assert by["NLD"].spending_usd_bn == pytest.approx(32.9)  # not $37.4 bn
    assert (by["NLD"].share_gdp, round(by["NLD"].share_nominal_gdp, 2)) == (2.58, 2.29)


def test_base_year_money_equals_table_2_in_the_june_2024_edition_too(
    with_2024_workbook: Queries,
) -> None:
    assert_base_year_is_table_2(with_2024_workbook, "nato-2024-06")
    report = analysis.pathways(with_2024_workbook, ["POL"], "hague-core", release="nato-2024-06")
    assert report.constant_column == "spending_usd_2015_bn"  # that edition's price base


def test_constant_prices_are_natos_base_year_in_gap_and_pathway(q: Queries) -> None:
    report = analysis.pathways(q, ["NLD"], "hague-core")
    assert report.constant_column == "spending_usd_2021_bn"
    assert "spending_usd_2021_bn" in report.years_table().columns
    first = report.allies[0].path.years[0]
    constant = q.cells(LATEST, "usd_constant_million", [2026])[("NLD", 2026)]
    assert first.spending_usd_constant_bn == pytest.approx(constant / 1000)
    assert "gap_usd_2021_bn" in analysis.gap(q, "hague-core").columns


def test_an_edition_without_table_2_says_its_money_is_milexs_estimate(q: Queries) -> None:
    report = analysis.pathways(q, ["ESP"], "hague-core", release="nato-2025-08")
    (spain,) = report.allies
    assert spain.assumptions.money_basis.startswith("milex's estimate: nato-2025-08's Table 3")
    assert report.constant_column == "spending_usd_2025_bn"


def test_pathways_every_shape_reaches_the_target(q: Queries) -> None:
    for shape in SHAPES:
        report = analysis.pathways(q, ["ESP", "POL"], "hague-core", shape=shape)
        spain, poland = report.allies
        assert spain.path.years[-1].share_gdp == pytest.approx(3.5, abs=1e-9)
        assert poland.path.years[-1].share_gdp == poland.path.start_share  # above 3.5 already
        assert poland.path.cumulative_extra_usd_bn == pytest.approx(0.0, abs=1e-9)
        assert poland.credibility.verdict == "on-track"
        assert poland.credibility.reason == "already at or above the target"


def test_an_ally_above_the_target_stays_flat_with_constant_growth(q: Queries) -> None:
    report = analysis.pathways(
        q, ["POL"], "hague-core", shape="constant-growth", release="nato-2025-08", growth=0.0
    )
    path = report.allies[0].path
    assert [y.share_gdp for y in path.years] == pytest.approx([path.start_share] * 11)
    assert path.cumulative_extra_usd_bn == pytest.approx(0.0, abs=1e-9)


def test_pathways_bad_arguments(q: Queries) -> None:
    with pytest.raises(InvalidQueryError, match="shape: 'exponential'"):
        analysis.pathways(q, ["ESP"], "hague-core", shape="exponential")
    with pytest.raises(InvalidQueryError, match="--deadline"):
        analysis.pathways(q, ["ESP"], "2pct")
    with pytest.raises(InvalidQueryError, match="deadline_year: 2025") as caught:
        analysis.pathways(q, ["ESP"], "hague-core", deadline=2025)
    assert "2026" in str(caught.value)  # the latest data year it must come after
    with pytest.raises(InvalidQueryError, match="deadline_year"):
        analysis.pathways(q, ["ESP"], "hague-core", deadline=2026)
    with pytest.raises(InvalidQueryError, match="share-of-GDP floors"):
        analysis.pathways(q, ["ESP"], "equipment-20")


def test_a_pathway_reads_the_store_once_per_store_version(q: Queries) -> None:
    """What does not depend on the request (the target, releases, each ally's start, the
    realism test's evidence) is read once per store version: answers with other assumptions,
    shapes and allies then run no query at all."""
    analysis.pathways(q, "all", "hague-core")
    statements: list[str] = []
    q.conn.set_trace_callback(statements.append)
    try:
        again = analysis.pathways(q, "all", "hague-core", "front-loaded", 2.5, 3.0)
        analysis.pathways(q, ["DEU", "POL"], "hague-core", "constant-growth", growth=-1.0)
    finally:
        q.conn.set_trace_callback(None)
    assert statements == []
    assert again.assumptions is not None and again.assumptions.overridden == (
        "growth",
        "deflator",
    )
    assert {a.assumptions.growth_after_pct for a in again.allies} == {2.5}


def test_2pct_with_a_deadline(q: Queries) -> None:
    report = analysis.pathways(q, ["BEL", "SVN"], "2pct", deadline=2030)
    belgium, slovenia = report.allies
    assert [y.year for y in slovenia.path.years] == list(range(2026, 2031))
    assert slovenia.path.start_share == 1.61
    assert slovenia.path.years[-1].share_gdp == pytest.approx(2.0, abs=1e-9)
    assert belgium.path.cumulative_extra_usd_bn == pytest.approx(0.0, abs=1e-9)  # at 2.00


def test_all_allies_paths_and_notes(hague_all: analysis.PathwayReport) -> None:
    assert len(hague_all.allies) == ALLIES
    assert "ISL" not in {a.iso3 for a in hague_all.allies}
    assert any("ISL (Iceland has no armed forces)" in note for note in hague_all.notes)
    assert hague_all.release == LATEST
    assert hague_all.imf_release == IMF
    assert {a.credibility.verdict for a in hague_all.allies} <= set(VERDICTS)
    assert len(hague_all.years_table()) == ALLIES * 10
    summary = hague_all.summary_table()
    # one row per ally, then the groups the commitment covers (no separate TOTAL: "all allies")
    assert len(summary) == ALLIES + 3
    assert [r["iso3"] for r in summary.records()][-3:] == list(GROUPS)
    notes = hague_all.all_notes()
    assert any("US-dollar GDP deflator rises 2% a year" in n for n in notes)
    assert any(n.startswith("assumptions: real GDP growth after 2026") for n in notes)


def test_group_rows_only_for_groups_the_commitment_covers(q: Queries) -> None:
    poland = analysis.pathways(q, ["POL"], "pol_2025_4_7pct", deadline=2030)
    assert [r["iso3"] for r in poland.summary_table().records()] == ["POL"]
    two = analysis.pathways(q, ["ESP", "DEU"], "hague-core")
    assert [r["iso3"] for r in two.summary_table().records()] == ["ESP", "DEU", "TOTAL"]


def test_the_growth_assumption_after_the_imf_years(q: Queries) -> None:
    default = analysis.pathways(q, ["ESP"], "hague-core").allies[0]
    growth = q.cells(IMF, "real_gdp_growth_pct")
    assert default.growth_after_pct == growth[("ESP", 2026)]  # its last IMF projection
    assert default.assumptions.growth_overridden is False
    assert "held after 2026" in default.assumptions.growth_source
    stated = analysis.pathways(q, ["ESP"], "hague-core", growth=1.0, deflator=3.0)
    years = stated.allies[0].path.years
    assert years[1].gdp_usd_bn == pytest.approx(years[0].gdp_usd_bn * 1.01 * 1.03)
    assert years[-1].gdp_usd_bn == pytest.approx(years[0].gdp_usd_bn * (1.01 * 1.03) ** 9)
    assert stated.allies[0].assumptions.growth_overridden is True
    assert stated.assumptions is not None
    assert stated.assumptions.overridden == ("growth", "deflator")
    assert stated.assumptions.deflator_overridden is True


def test_overriding_growth_for_one_ally_changes_its_money_and_is_reported(q: Queries) -> None:
    from milex.data.assumptions import Overrides

    base = analysis.pathways(q, ["DEU", "ITA"], "hague-core")
    faster = analysis.pathways(
        q, ["DEU", "ITA"], "hague-core", overrides=Overrides(growth={"DEU": 2.5})
    )
    deu0, ita0 = base.allies
    deu1, ita1 = faster.allies
    assert deu1.path.years[-1].spending_usd_bn > deu0.path.years[-1].spending_usd_bn
    assert ita1.path.years[-1].spending_usd_bn == pytest.approx(ita0.path.years[-1].spending_usd_bn)
    assert (deu1.assumptions.growth_overridden, ita1.assumptions.growth_overridden) == (True, False)
    document = faster.to_json()
    assert document["assumptions"]["overridden"] == ["growth"]
    germany = next(a for a in document["allies"] if a["iso3"] == "DEU")
    assert germany["assumptions"]["growth_after_pct"] == 2.5
    assert germany["assumptions"]["growth_path"]["2035"] == 2.5
    assert any("DEU 2.50%*" in n for n in faster.all_notes())


def test_cross_check_extra_spending_in_2035(q: Queries, hague_all: analysis.PathwayReport) -> None:
    """The extra spending in 2035 that lifts every ally below 3.5% up to it: the sum of the
    per-ally pathways, the direct figure from the gap x NATO's money, and the same by hand."""
    from_paths = sum(
        a.path.years[-1].extra_usd_bn for a in hague_all.allies if a.path.start_share < 3.5
    )
    direct = analysis.extra_at_deadline_direct(q, "hague-core")
    assert from_paths == pytest.approx(direct, rel=1e-6)

    shares = q.cells(hague_all.release, "share_gdp", [2026])
    spending = q.cells(hague_all.release, "usd_current_million", [2026])
    growth = q.cells(IMF, "real_gdp_growth_pct", [2026])
    by_hand = 0.0
    below = 0
    for ally in hague_all.allies:
        share = shares[(ally.iso3, 2026)]
        if share >= 3.5:
            continue
        below += 1
        # 2035: NATO's 2026 spending grown 9 years at the ally's last real growth and 2%
        # prices, scaled from its share to 3.5%
        grown = (
            spending[(ally.iso3, 2026)] / 1000 * ((1 + growth[(ally.iso3, 2026)] / 100) * 1.02) ** 9
        )
        by_hand += grown * (3.5 - share) / share
    assert below == ALLIES - 5  # POL, LTU, EST, LVA and GRC are above 3.5% in 2026
    assert from_paths == pytest.approx(by_hand, rel=1e-6)
    assert hague_all.totals()["extra_in_deadline_year_usd_bn"] == pytest.approx(from_paths)


def test_cross_check_holds_for_every_shape(q: Queries, hague_all: analysis.PathwayReport) -> None:
    expected = hague_all.totals()["extra_in_deadline_year_usd_bn"]
    for shape in SHAPES:
        report = analysis.pathways(q, "all", "hague-core", shape=shape)
        in_2035 = sum(a.path.years[-1].extra_usd_bn for a in report.allies)
        assert in_2035 == pytest.approx(expected, rel=1e-6), shape


def test_totals_answer_how_much_more_and_whether_it_doubles(
    hague_all: analysis.PathwayReport,
) -> None:
    totals = hague_all.totals()
    first = [a.path.years[0] for a in hague_all.allies]
    last = [a.path.years[-1] for a in hague_all.allies]
    assert totals["start_spending_usd_bn"] == pytest.approx(sum(y.spending_usd_bn for y in first))
    assert totals["deadline_spending_usd_bn"] == pytest.approx(sum(y.spending_usd_bn for y in last))
    assert totals["cumulative_extra_usd_bn"] == pytest.approx(
        sum(a.path.cumulative_extra_usd_bn for a in hague_all.allies)
    )
    assert totals["nominal_ratio"] == pytest.approx(
        totals["deadline_spending_usd_bn"] / totals["start_spending_usd_bn"]
    )
    assert (totals["start_year"], totals["deadline"]) == (2026, 2035)
    doubling = totals["doubling"]
    assert f"x{totals['nominal_ratio']:.2f} in current dollars" in doubling
    assert f"x{totals['real_ratio']:.2f} at constant prices" in doubling
    expected = "a doubling or more" if totals["real_ratio"] >= 2 else "less than a doubling"
    assert expected in doubling


def test_to_json_has_an_object_per_ally(hague_all: analysis.PathwayReport) -> None:
    document = json.loads(json.dumps(hague_all.to_json()))  # plain JSON all the way down
    assert document["target"]["id"] == "nato_2025_hague_5pct.core"
    assert document["target"]["threshold"] == 3.5
    assert document["target"]["measure"] == "core defence expenditure"
    assert len(document["allies"]) == ALLIES
    for ally in document["allies"]:
        assert [y["year"] for y in ally["years"]] == list(range(2026, 2036))
        # the shape scripts rely on
        assert all({"year", "share_gdp", "spending_usd_bn"} <= set(y) for y in ally["years"])
        assert ally["years"][0]["share_gdp"] == ally["start_share"]
        assert ally["credibility"]["verdict"] in VERDICTS
        assert ally["credibility"]["reason"]
        kinds = [e["kind"] for e in ally["credibility"]["evidence"]]
        assert kinds[:3] == ["trend", "record", "alliance"] and kinds[-1] == "fiscal"
        assert {"growth_after_pct", "growth_source", "fx_source", "money_basis"} <= set(
            ally["assumptions"]
        )
    spain = next(a for a in document["allies"] if a["iso3"] == "ESP")
    assert spain["years"][-1]["share_gdp"] == pytest.approx(3.5)
    assert "doubling" in document["totals"]["doubling"]
    assert document["totals"]["deadline"] == 2035
    block = document["assumptions"]
    assert (block["deflator_pct"], block["price_year"], block["last_imf_year"]) == (2.0, 2021, 2026)
    assert block["overridden"] == []
    assert [g["code"] for g in document["groups"]] == list(GROUPS)


def test_the_korean_war_rearmament_is_left_out_of_the_record(q: Queries) -> None:
    """The founders' best runs were the Korean-War rearmament (US 1950-54, Canada 1951-55,
    Luxembourg 1950-54): left out by default, named, and counted only on request."""
    peace = analysis.pathways(q, ["CAN", "LUX", "USA"], "hague-core")
    war = analysis.pathways(q, ["CAN", "LUX", "USA"], "hague-core", include_episodes=True)
    assert "Korean-War rearmament (1950-1955)" in " ".join(peace.all_notes())
    for calm, counted in zip(peace.allies, war.allies, strict=True):
        record = next(e for e in calm.credibility.evidence if e.kind == "record")
        with_war = next(e for e in counted.credibility.evidence if e.kind == "record")
        assert not any(f"in {y}-" in record.text for y in range(1950, 1956)), record.text
        assert any(f"in {y}-" in with_war.text for y in range(1950, 1956)), with_war.text


def test_spains_opt_out_and_slovakias_position_are_named_against(q: Queries) -> None:
    report = analysis.pathways(q, ["ESP", "SVK"], "hague-core")
    spain, slovakia = report.allies
    against = spain.credibility.reason.split("against: ", 1)[1]
    assert "stated position: Spain says 2.1% of GDP is enough" in against
    assert spain.credibility.verdict in ("stretched", "implausible")
    assert "Slovakia reserves the right to set its own pace" in slovakia.credibility.reason
    # a national pledge that reaches the target counts for
    germany = analysis.pathways(q, ["DEU"], "hague-core").allies[0]
    assert "pledge: Germany" in germany.credibility.reason


def test_the_verdicts_on_hague_core(hague_all: analysis.PathwayReport) -> None:
    counts = {v: 0 for v in VERDICTS}
    for ally in hague_all.allies:
        counts[ally.credibility.verdict] += 1
    assert sum(counts.values()) == ALLIES
    assert counts["stretched"] >= 1  # the test can say no


def test_chart_rows_hold_history_and_path(q: Queries) -> None:
    report = analysis.pathways(q, ["ESP"], "hague-core")
    rows = report.chart_rows().records()
    kinds = {r["kind"] for r in rows}
    assert kinds == {"history", "path"}
    path_rows = [r for r in rows if r["kind"] == "path"]
    assert [r["year"] for r in path_rows] == list(range(2026, 2036))
    assert {r["target"] for r in rows} == {3.5}
