"""The bundled data vouches for the reference data: tools/bundle.py, run on ../shared/data,
makes exactly the committed files, and every row has its release, series and definition."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from milex import Milex
from tests.conftest import REPO, need_shared

BUNDLED = REPO / "src" / "milex" / "data" / "bundled"
OBSERVATIONS = BUNDLED / "observations"
# Bundled file -> the reference file it is a byte-for-byte copy of.
COPIED = {
    "us_troops_europe.csv": "forces/us_troops_europe.csv",
    "commitments.yaml": "commitments/commitments.yaml",
}
RELEASES = yaml.safe_load((BUNDLED / "releases.yaml").read_text(encoding="utf-8"))["releases"]
RELEASE_IDS = [release["id"] for release in RELEASES]
INDICATORS = yaml.safe_load((BUNDLED / "indicators.yaml").read_text(encoding="utf-8"))


def load_tool() -> ModuleType:
    """A fresh copy of tools/bundle.py (not a package, so loaded from its path)."""
    spec = importlib.util.spec_from_file_location(
        "milex_tools_bundle", REPO / "tools" / "bundle.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_cells(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def observations(release: str) -> list[dict[str, str]]:
    with (OBSERVATIONS / f"{release}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled folder as tools/bundle.py writes it from ../shared/data, in a temp dir."""
    shared = need_shared()
    tool = load_tool()
    target = tmp_path_factory.mktemp("bundled")
    tool.BUNDLED = target  # this module object is ours alone: nothing else sees the change
    assert tool.main(["bundle.py", str(shared)]) == 0
    return target


def test_tool_writes_one_observations_file_per_release(regenerated: Path) -> None:
    made = sorted(p.name for p in (regenerated / "observations").iterdir())
    committed = sorted(p.name for p in OBSERVATIONS.iterdir())
    assert made == committed == sorted(f"{release}.csv" for release in RELEASE_IDS)


@pytest.mark.parametrize("release", RELEASE_IDS)
def test_committed_observations_equal_what_the_tool_makes(regenerated: Path, release: str) -> None:
    made = read_cells(regenerated / "observations" / f"{release}.csv")
    committed = read_cells(OBSERVATIONS / f"{release}.csv")
    assert committed[0] == ["iso3", "year", "indicator", "value", "estimate", "flag"]
    assert made[0] == committed[0]
    differences = [
        (line, made_row, committed_row)
        for line, (made_row, committed_row) in enumerate(zip(made, committed, strict=False), 1)
        if made_row != committed_row
    ]
    assert differences[:5] == []
    assert len(made) == len(committed)


@pytest.mark.parametrize("name", sorted(COPIED))
def test_copied_files_are_byte_identical(regenerated: Path, name: str) -> None:
    reference = (need_shared() / COPIED[name]).read_bytes()
    assert (BUNDLED / name).read_bytes() == reference
    assert (regenerated / name).read_bytes() == reference


def test_tariff_measures_are_the_reference_file_with_the_day_each_was_announced(
    regenerated: Path,
) -> None:
    reference = read_cells(need_shared() / "tariffs" / "us_tariffs_2025.csv")
    committed = read_cells(BUNDLED / "us_tariffs_2025.csv")
    assert read_cells(regenerated / "us_tariffs_2025.csv") == committed
    assert [row[:-2] for row in committed] == reference
    assert committed[0][-2:] == ["announced_date", "announced_source"]


def test_every_tariff_measure_was_announced_on_or_before_it_took_effect() -> None:
    with (BUNDLED / "us_tariffs_2025.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 26
    for row in rows:
        announced = row["announced_date"]
        assert bool(announced) == row["announced_source"].startswith("https://"), row["measure"]
        if announced:
            assert dt.date.fromisoformat(announced) <= dt.date.fromisoformat(
                row["effective_date"]
            ), row["measure"]


def test_values_are_copied_as_text_not_reformatted() -> None:
    # The tool copies digits as they are: trailing zeros and long fractions survive.
    nato = {(r["iso3"], r["year"]): r for r in observations("nato-2025-08")}
    assert nato[("ALB", "2017")]["value"] == "1.10"
    assert nato[("ALB", "2024")] == {
        "iso3": "ALB",
        "year": "2024",
        "indicator": "share_gdp",
        "value": "1.70",
        "estimate": "1",
        "flag": "e",
    }
    sipri = {(r["iso3"], r["year"], r["indicator"]): r["value"] for r in observations("sipri-2025")}
    assert sipri[("AFG", "1970", "share_gdp")] == "1.629606099"
    assert observations("sipri-2026")[0]["value"] == "1.629606"


@pytest.mark.parametrize("release", RELEASE_IDS)
def test_every_observed_series_is_declared_and_defined(release: str) -> None:
    declared = next(r for r in RELEASES if r["id"] == release)["series"]
    observed = {row["indicator"] for row in observations(release)}
    assert observed - set(declared) == set()
    assert observed - set(INDICATORS) == set()
    # And no declared series is empty: a series entry is a promise of rows.
    assert set(declared) - observed == set()


def test_every_indicator_has_a_full_definition() -> None:
    for name, indicator in INDICATORS.items():
        assert set(indicator) == {"label", "kind", "definition"}, name
        assert indicator["label"].strip() and indicator["definition"].strip(), name


@pytest.mark.parametrize("release", RELEASES, ids=RELEASE_IDS)
def test_every_release_has_a_source_url_and_publication_date(release: dict[str, Any]) -> None:
    assert str(release["url"]).startswith("https://")
    assert isinstance(release["published"], dt.date)
    assert dt.date(2020, 1, 1) < release["published"] < dt.date(2030, 1, 1)
    for field in ("source", "title", "publisher", "licence", "provenance"):
        assert str(release[field]).strip(), field


def test_store_holds_every_release_with_its_url_and_date(db: Milex) -> None:
    rows = db.tables.conn.execute(
        "SELECT release_id, url, published FROM releases ORDER BY release_id"
    ).fetchall()
    expected = sorted((str(r["id"]), str(r["url"]), r["published"].isoformat()) for r in RELEASES)
    assert rows == expected


SHARE_GDP_ROWS = {
    "nato-2024-06": 363,
    "nato-2025-08": 384,
    "nato-2026-07": 429,
    "sipri-2025": 8245,
}


@pytest.mark.parametrize(("release", "count"), sorted(SHARE_GDP_ROWS.items()))
def test_share_gdp_rows_per_release(db: Milex, release: str, count: int) -> None:
    in_file = Counter(row["indicator"] for row in observations(release))["share_gdp"]
    (in_store,) = db.tables.conn.execute(
        "SELECT COUNT(*) FROM observations WHERE release_id = ? AND indicator = 'share_gdp'",
        (release,),
    ).fetchone()
    assert in_file == in_store == count


def test_iceland_has_no_defence_expenditure_row_anywhere(db: Milex) -> None:
    defence = [r["id"] for r in RELEASES if r["source"] in ("nato", "sipri")]
    assert len(defence) == 5
    for release in defence:
        assert [row for row in observations(release) if row["iso3"] == "ISL"] == [], release
    by_source = dict(
        db.tables.conn.execute(
            "SELECT r.source, COUNT(*) FROM observations o JOIN releases r USING (release_id) "
            "WHERE o.iso3 = 'ISL' GROUP BY r.source"
        ).fetchall()
    )
    # Iceland is in the store under ISL (its GDP and trade), so the absence above is real.
    assert set(by_source) == {"imf", "census"}
    assert by_source["imf"] > 0


FISCAL = {
    "GGXWDG_NGDP": "gg_debt_pct_gdp",
    "GGXCNL_NGDP": "gg_net_lending_pct_gdp",
    "GGR_NGDP": "gg_revenue_pct_gdp",
    "GGX_NGDP": "gg_expenditure_pct_gdp",
}


@pytest.mark.parametrize("iso3", ["DEU", "ITA", "POL"])
def test_fiscal_series_equal_the_imf_reference(db: Milex, iso3: str) -> None:
    """IMF WEO April 2026 general government series, every year, against economy/fiscal.csv."""
    with (need_shared() / "economy" / "fiscal.csv").open(newline="", encoding="utf-8") as f:
        expected = {
            (FISCAL[r["indicator"]], int(r["year"])): (
                float(r["value"]),
                r["is_projection"] == "True",
            )
            for r in csv.DictReader(f)
            if r["country_iso3"] == iso3
        }
    assert len(expected) == 4 * 13  # four series, 2014-2026
    frame = db.series([iso3], "gg_debt_pct_gdp", release="imf-weo-2026-04")
    assert set(frame["unit"]) == {"percent of GDP"}
    stored = {}
    for indicator in FISCAL.values():
        for row in db.tables.series([iso3], indicator, release="imf-weo-2026-04").records():
            stored[(indicator, row["year"])] = (row["value"], row["estimate"])
    assert stored == expected


def test_fiscal_values_above_100_and_below_0_load(db: Milex) -> None:
    """Debt above 100% of GDP and deficits are real (kind 'ratio', not a 0-100 share):
    IMF WEO April 2026, read off the reference file."""
    cells = {
        (iso3, year, indicator): value
        for iso3, year, indicator, value in db.tables.conn.execute(
            "SELECT iso3, year, indicator, value FROM observations "
            "WHERE release_id = 'imf-weo-2026-04' AND indicator LIKE 'gg_%'"
        )
    }
    assert len(cells) == 1716
    assert cells[("ITA", 2024, "gg_debt_pct_gdp")] == 134.735
    assert cells[("USA", 2024, "gg_debt_pct_gdp")] == 122.27
    assert cells[("ITA", 2025, "gg_net_lending_pct_gdp")] == -3.113
    assert cells[("USA", 2026, "gg_net_lending_pct_gdp")] == -7.502
