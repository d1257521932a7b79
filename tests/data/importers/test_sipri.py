"""The SIPRI importer against SIPRI's own 1949-2024 workbook and against built workbooks: the
rows it yields must equal the bundled sipri-2025 rows cell for cell, flags included."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from milex.data.importers import sipri
from milex.data.importers.common import ParsedRelease
from milex.data.store import bundled
from tests.conftest import need_shared
from tests.data.importers import sipri_files

BUNDLED_INDICATORS = ("share_gdp", "usd_constant_million", "usd_current_million")


def raw_workbook() -> Path:
    path = need_shared() / "sipri" / "raw" / "SIPRI-Milex-data-1949-2024.xlsx"
    if not path.is_file():
        pytest.skip(f"SIPRI's workbook is not at {path}")
    return path


@pytest.fixture(scope="module")
def parsed() -> ParsedRelease:
    return sipri.parse(raw_workbook())


def bundled_rows() -> dict[tuple[str, int, str], tuple[float, int, str]]:
    text = (bundled() / "observations" / "sipri-2025.csv").read_text(encoding="utf-8")
    return {
        (r["iso3"], int(r["year"]), r["indicator"]): (
            float(r["value"]),
            int(r["estimate"]),
            r["flag"],
        )
        for r in csv.DictReader(text.splitlines())
    }


def test_the_real_workbook_is_release_sipri_2025_from_its_front_page(parsed: ParsedRelease) -> None:
    assert parsed.release_id == "sipri-2025"
    assert parsed.title == "SIPRI Military Expenditure Database, 1949-2024"
    assert "front page's citation ('SIPRI Military Expenditure Database 2025')" in parsed.log[0]
    assert parsed.published is None  # the workbook does not say; the store's release does


def test_every_country_sheet_becomes_a_series(parsed: ParsedRelease) -> None:
    assert parsed.counts() == {
        "lcu_current_million": 8686,
        "lcu_fiscal_current_million": 8751,
        "per_capita_usd": 5324,
        "share_gdp": 8245,
        "share_govt_spending": 4705,
        "usd_constant_million": 8173,
        "usd_current_million": 8438,
    }
    assert parsed.series["usd_constant_million"].price_base == (
        "constant 2023 prices and exchange rates"
    )
    assert parsed.series["usd_constant_million"].table == "Constant (2023) US$"
    assert any(line.startswith("Regional totals: regions, not countries") for line in parsed.log)


def test_rows_equal_the_bundled_release_cell_for_cell(parsed: ParsedRelease) -> None:
    expected = bundled_rows()
    got = {
        (iso3, year, indicator): (value, estimate, flag)
        for iso3, year, indicator, value, estimate, flag in parsed.rows
        if indicator in BUNDLED_INDICATORS
    }
    assert got.keys() == expected.keys()
    assert len(got) == 24856
    different = [
        (key, expected[key], got[key])
        for key in expected
        if not math.isclose(expected[key][0], got[key][0], rel_tol=1e-9)
        or expected[key][1:] != got[key][1:]
    ]
    assert different == []


def test_known_cells_with_their_colours(parsed: ParsedRelease) -> None:
    cells = {(r[0], r[1], r[2]): r[3:] for r in parsed.rows}
    value, estimate, flag = cells[("POL", 2024, "share_gdp")]
    assert round(value, 2) == 4.15  # SIPRI's fraction 0.0415... as percent
    assert (estimate, flag) == (0, "")
    # Russia's recent figures are SIPRI estimates (blue)
    assert cells[("RUS", 2024, "share_gdp")][1:] == (1, "estimate")
    # local currency is stored in millions: the US 2024 budget in dollars
    assert round(cells[("USA", 2024, "lcu_current_million")][0]) == 997309
    # former states and North/unified Yemen map to one code each
    assert ("SUN", 1988, "usd_constant_million") in cells
    assert ("YEM", 1988, "usd_constant_million") in cells  # North Yemen
    assert ("YEM", 2010, "usd_constant_million") in cells  # Yemen


def test_zeros_and_markers_are_left_out(parsed: ParsedRelease) -> None:
    cells = {(r[0], r[1], r[2]) for r in parsed.rows}
    assert ("ISL", 2020, "usd_current_million") not in cells  # a 0.0: nothing measured
    assert ("RUS", 1990, "usd_current_million") not in cells
    assert not any(r[3] <= 0 for r in parsed.rows)


def test_notes_carry_symbols_and_footnote_texts(parsed: ParsedRelease) -> None:
    notes = {(iso3, indicator): (marks, text) for iso3, indicator, marks, text in parsed.notes}
    marks, text = notes[("LBY", "share_gdp")]
    assert marks == "‡§¶16"
    assert text.startswith("current spending only (excludes capital spending); adopted budget")
    assert "16: Libya: The figures for Libya do not include spending on paramilitary" in text


def test_a_built_workbook_round_trips(tmp_path: Path) -> None:
    path = sipri_files.write(tmp_path / "mini.xlsx")
    result = sipri.parse(path)
    assert result.release_id == "sipri-2025"  # no front page text: last year 2024 + 1
    expected = sipri_files.bundled_cells()
    got = {(r[0], r[1], r[2]): r[3:] for r in result.rows}
    assert got.keys() == expected.keys()
    for key, (value, estimate, flag) in expected.items():
        assert math.isclose(got[key][0], value, rel_tol=1e-9), key
        assert got[key][1:] == (estimate, flag), key
    assert ("UKR", "share_gdp", "§1") in {n[:3] for n in result.notes}


def test_importing_the_real_workbook_into_a_fresh_store_gives_the_bundled_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Raw file -> store -> rows: the importer and the bundled data vouch for each other."""
    import sqlite3

    import milex

    monkeypatch.setenv("MILEX_HOME", str(tmp_path))
    result = milex.import_file("sipri", raw_workbook(), replace=True)
    assert (result.status, result.previous, result.rows) == ("replaced", "bundled", 52322)
    changes = {c.indicator: (c.added, c.changed, c.removed, c.same) for c in result.changes}
    assert changes["share_gdp"] == (0, 0, 0, 8245)
    assert changes["usd_constant_million"] == (0, 0, 0, 8173)
    assert changes["usd_current_million"] == (0, 0, 0, 8438)
    conn = sqlite3.connect(tmp_path / "milex.sqlite")
    stored = {
        (iso3, year, indicator): (value, estimate, flag)
        for iso3, year, indicator, value, estimate, flag in conn.execute(
            "SELECT iso3, year, indicator, value, estimate, flag FROM observations "
            "WHERE release_id = 'sipri-2025' AND indicator IN (?, ?, ?)",
            BUNDLED_INDICATORS,
        )
    }
    (published, origin) = conn.execute(
        "SELECT published, origin FROM releases WHERE release_id = 'sipri-2025'"
    ).fetchone()
    conn.close()
    expected = bundled_rows()
    assert stored.keys() == expected.keys()
    assert all(
        math.isclose(stored[k][0], v[0], rel_tol=1e-9) and stored[k][1:] == v[1:]
        for k, v in expected.items()
    )
    assert (published, origin) == ("2025-04-28", "imported")
    with milex.open(tmp_path / "milex.sqlite") as db:
        notes = db.tables.series(["LBY", "FRA"], "share_gdp", release="sipri-2025").notes
        shown = db.tables.show("Libya", start=2020).notes
    assert any(
        n.startswith("sipri-2025 note on LBY (share_gdp): ‡§¶16 = current spending") for n in notes
    )
    libya = [n for n in shown if n.startswith("sipri-2025 note on LBY")]
    assert libya and "16: Libya: The figures for Libya" in libya[0]
