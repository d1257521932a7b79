"""``milex commitments``, ``milex gap`` and ``milex pathway``: in-process with click's CliRunner,
and the installed script as a subprocess for exit codes and error messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from milex import errors
from milex.model.credibility import VERDICTS
from tests.cli_helpers import invoke, ok, records, run_milex, usage_failure

ALLIES = 31  # the 32 allies less Iceland
PATH_YEARS = list(range(2026, 2036))


@pytest.fixture
def bad_commitments(tmp_path: Path) -> Path:
    path = tmp_path / "bad commitments.yaml"
    path.write_text(
        "schema_version: 1\ncommitments:\n"
        "  - id: my-pledge\n"
        "    name: My pledge\n"
        "    status: national_pledge\n"
        "    metric: bogus_metric\n"
        "    threshold: 3.0\n",
        encoding="utf-8",
    )
    return path


# -- commitments --------------------------------------------------------------------------


def test_commitments_csv_lists_the_short_ids() -> None:
    rows = records(ok("commitments", "--format", "csv").stdout)
    by_short = {r["short_id"]: r for r in rows if r["short_id"]}
    assert {"2pct", "equipment-20", "hague-core", "hague-total"} <= set(by_short)
    assert by_short["hague-core"]["id"] == "nato_2025_hague_5pct.core"
    assert (by_short["hague-core"]["threshold"], by_short["hague-core"]["deadline_year"]) == (
        "3.5",
        "2035",
    )
    assert by_short["2pct"]["deadline_year"] == ""
    assert by_short["equipment-20"]["metric"] == "equipment_share_defence_exp"


def test_commitments_table_and_a_users_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "schema_version: 1\ncommitments:\n  - id: my-4pct\n    name: Four\n"
        "    status: national_pledge\n    metric: core_defence_share_gdp\n    threshold: 4\n",
        encoding="utf-8",
    )
    table = ok("commitments", "--commitments", str(path)).stdout
    assert "hague-core" in table
    assert "my-4pct" in table
    rows = records(ok("commitments", "--commitments", str(path), "-f", "csv").stdout)
    assert rows[-1]["id"] == "my-4pct"


# -- gap ----------------------------------------------------------------------------------


def test_gap_csv_2pct_2024() -> None:
    result = ok(
        "gap", "--commitment", "2pct", "--year", "2024", "--release", "nato-2025-08", "-f", "csv"
    )
    header = result.stdout.splitlines()[0].split(",")
    assert header[:4] == ["iso3", "country", "year", "share_gdp"]
    assert {"target", "gap_pp", "gap_usd_bn"} <= set(header)
    rows = {r["iso3"]: r for r in records(result.stdout)}
    spain = rows["ESP"]
    assert (spain["year"], spain["share_gdp"], spain["target"]) == ("2024", "1.43", "2.0")
    assert (spain["meets"], spain["gap_pp"]) == ("false", "0.57")
    assert float(spain["gap_usd_bn"]) == round(0.57 / 100 * 1725.152, 3)  # to the million
    assert {"NATO", "NATO_EU_CA", "EU_ALLIES"} <= set(rows)
    assert len(rows) == ALLIES + 3
    assert "imf-weo-2026-04 GDP x gap" in result.stderr  # notes stay off stdout
    assert spain["money_basis"].startswith("IMF GDP x gap")  # that copy has no Table 2


def test_gap_hague_core_table() -> None:
    result = ok("gap", "-c", "hague-core")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("hague-core: 3.5% of GDP (core defence expenditure) by 2035 — 2026")
    assert "5 of 31 allies meet it" in lines[0]
    spain = next(line for line in lines if line.startswith("ESP "))
    assert "Spain" in spain and "1.50" in spain  # 2.00% today: 1.5 points short
    assert any(line.startswith("NATO ") for line in lines)


def test_gap_json_matches_csv() -> None:
    args = ("gap", "-c", "2pct", "-y", "2024", "-r", "nato-2025-08", "-f")
    as_csv = records(ok(*args, "csv").stdout)
    as_json = json.loads(ok(*args, "json").stdout)["rows"]
    assert [r["iso3"] for r in as_json] == [r["iso3"] for r in as_csv]
    spain = next(r for r in as_json if r["iso3"] == "ESP")
    assert spain["gap_pp"] == 0.57
    assert spain["meets"] is False


def test_gap_with_a_users_commitment(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "schema_version: 1\ncommitments:\n  - id: my-3pct\n    name: Three\n"
        "    status: national_pledge\n    metric: core_defence_share_gdp\n    threshold: 3\n",
        encoding="utf-8",
    )
    args = ("gap", "-c", "my-3pct", "--commitments", str(path), "-y", "2024")
    rows = {r["iso3"]: r for r in records(ok(*args, "-r", "nato-2025-08", "-f", "csv").stdout)}
    assert rows["POL"]["meets"] == "true"  # 3.79%
    assert rows["ESP"]["target"] == "3.0"
    assert rows["ESP"]["gap_pp"] == "1.57"


# -- pathway ------------------------------------------------------------------------------


def test_pathway_spain_json() -> None:
    document = json.loads(ok("pathway", "Spain", "-t", "hague-core", "--format", "json").stdout)
    (spain,) = document["allies"]
    assert spain["iso3"] == "ESP"
    assert [y["year"] for y in spain["years"]] == PATH_YEARS
    assert spain["years"][0]["share_gdp"] == 2.0
    assert spain["years"][-1]["share_gdp"] == pytest.approx(3.5)
    assert spain["credibility"]["verdict"] in VERDICTS
    assert "%/yr" in spain["credibility"]["reason"]
    assert document["target"]["threshold"] == 3.5


def test_pathway_all_csv_years() -> None:
    result = ok("pathway", "all", "-t", "hague-core", "--format", "csv", "--years")
    rows = records(result.stdout)
    assert len(rows) == ALLIES * 10
    by_ally: dict[str, list[int]] = {}
    for row in rows:
        by_ally.setdefault(row["iso3"], []).append(int(row["year"]))
    assert len(by_ally) == ALLIES
    assert all(years == PATH_YEARS for years in by_ally.values())
    last = {r["iso3"]: float(r["share_gdp"]) for r in rows if r["year"] == "2035"}
    assert last["ESP"] == pytest.approx(3.5)
    assert last["POL"] > 3.5  # already above: stays at its share


def test_pathway_summary_has_the_groups_and_verdicts() -> None:
    rows = records(ok("pathway", "all", "-f", "csv").stdout)
    assert len(rows) == ALLIES + 3
    assert [r["iso3"] for r in rows[-3:]] == ["NATO", "NATO_EU_CA", "EU_ALLIES"]
    assert "at constant prices" in rows[-3]["reason"]
    assert {r["verdict"] for r in rows[:-3]} <= set(VERDICTS)
    two = records(ok("pathway", "ESP,DEU", "-f", "csv").stdout)
    assert [r["iso3"] for r in two] == ["ESP", "DEU", "TOTAL"]


def test_pathway_overrides_from_options_and_a_file(tmp_path: Path, milex_home: Path) -> None:
    file = tmp_path / "assumptions.yaml"
    file.write_text("growth: {all: 1.0, DEU: 2.0}\ndeflator: 3\nfx: {POL: 4.0}\n")
    document = json.loads(
        ok(
            "pathway",
            "DEU,ITA,POL",
            "--assumptions",
            str(file),
            "--growth",
            "ITA=0.5",
            "-f",
            "json",
        ).stdout
    )
    block = document["assumptions"]
    assert block["overridden"] == ["growth", "deflator", "fx"]
    assert block["deflator_pct"] == 3.0
    growth = {a["iso3"]: a["assumptions"]["growth_after_pct"] for a in document["allies"]}
    assert growth == {"DEU": 2.0, "ITA": 0.5, "POL": 1.0}
    poland = next(a for a in document["allies"] if a["iso3"] == "POL")
    assert poland["assumptions"]["lcu_per_usd"] == 4.0 and poland["assumptions"]["fx_overridden"]
    wrong = usage_failure(run_milex(milex_home, "pathway", "DEU", "--growth", "Atlantis=2"))
    assert "--growth: 'Atlantis' is not a country milex knows" in wrong
    file.write_text("growth: fast\n")
    wrong = usage_failure(run_milex(milex_home, "pathway", "DEU", "--assumptions", str(file)))
    assert f"{file}: growth: 'fast' is not a number" in wrong


def test_backtest_prints_verdicts_against_what_happened() -> None:
    table = ok("backtest", "--origin", "2014").stdout
    assert table.startswith("Backtest: the realism test as of 2014 on the Wales pledge")
    assert "accuracy of 'on-track or credible = reaches it'" in table
    rows = records(ok("backtest", "-f", "csv").stdout)
    assert {r["origin"] for r in rows} == {"2014", "2019"}
    assert {r["reached"] for r in rows} <= {"true", "false"}
    assert {r["verdict"] for r in rows} <= set(VERDICTS)
    data = json.loads(ok("backtest", "--origin", "2019", "-f", "json").stdout)
    assert data[0]["origin"] == 2019 and data[0]["scores"]["allies"] == len(data[0]["rows"])


def test_pathway_shapes_and_deadline() -> None:
    for shape in ("linear", "constant-growth", "front-loaded"):
        document = json.loads(ok("pathway", "ESP", "--shape", shape, "-f", "json").stdout)
        assert document["allies"][0]["shape"] == shape
        assert document["allies"][0]["years"][-1]["share_gdp"] == pytest.approx(3.5)
    two = json.loads(ok("pathway", "SVN", "-t", "2pct", "--deadline", "2030", "-f", "json").stdout)
    assert [y["year"] for y in two["allies"][0]["years"]] == list(range(2026, 2031))


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_pathway_chart_files(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    result = ok("pathway", "Spain", "-t", "hague-core", "--chart", str(out))
    assert f"chart written to {out}" in result.stderr
    data = out.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        assert b"<svg" in data[:500]
        assert b"Spain" in data
    assert len(data) > 1000


def test_gap_chart_file(tmp_path: Path) -> None:
    out = tmp_path / "gap.svg"
    ok("gap", "-c", "hague-core", "--chart", str(out), "-f", "csv")
    text = out.read_text(encoding="utf-8")
    assert "<svg" in text[:500]
    assert "Spain" in text


# -- errors: in process they reach main() as exceptions; the script exits 2 ---------------


def test_errors_reach_main_uncaught(bad_commitments: Path) -> None:
    result = invoke("gap", "-c", "hague-cor")
    assert isinstance(result.exception, errors.UnknownTargetError)
    result = invoke("gap", "--commitments", str(bad_commitments))
    assert isinstance(result.exception, errors.ValidationError)


def test_unknown_commitment_exits_2_with_a_suggestion(milex_home: Path) -> None:
    message = usage_failure(run_milex(milex_home, "gap", "-c", "hague-cor"))
    assert "unknown commitment: 'hague-cor'" in message
    assert "did you mean hague-core" in message
    message = usage_failure(run_milex(milex_home, "pathway", "Spain", "-t", "hague-cor"))
    assert "did you mean hague-core" in message


def test_bad_commitments_file_exits_2_naming_file_entry_field(
    milex_home: Path, bad_commitments: Path
) -> None:
    for command in (("gap",), ("pathway", "Spain"), ("commitments",)):
        message = usage_failure(
            run_milex(milex_home, *command, "--commitments", str(bad_commitments))
        )
        assert str(bad_commitments) in message
        assert "entry 'my-pledge'" in message
        assert "field 'metric'" in message


def test_pathway_errors_exit_2(milex_home: Path) -> None:
    assert "--deadline" in usage_failure(run_milex(milex_home, "pathway", "Spain", "-t", "2pct"))
    message = usage_failure(run_milex(milex_home, "pathway", "Spain", "--deadline", "2025"))
    assert "deadline_year: 2025" in message
    assert "share-of-GDP" in usage_failure(
        run_milex(milex_home, "pathway", "Spain", "-t", "equipment-20")
    )
    assert "unknown country" in usage_failure(run_milex(milex_home, "pathway", "Spainn"))


def test_bad_shape_and_chart_suffix_exit_2(milex_home: Path, tmp_path: Path) -> None:
    shape = run_milex(milex_home, "pathway", "Spain", "--shape", "exponential")
    assert shape.returncode == 2
    assert "Invalid value for '--shape'" in shape.stderr
    assert "Traceback" not in shape.stderr
    chart = run_milex(milex_home, "pathway", "Spain", "--chart", str(tmp_path / "out.gif"))
    assert chart.returncode == 2, chart.stderr
    assert "unsupported file type '.gif'" in chart.stderr


def test_the_script_prints_a_pathway(milex_home: Path) -> None:
    result = run_milex(milex_home, "pathway", "Spain", "-t", "hague-core", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert [y["year"] for y in json.loads(result.stdout)["allies"][0]["years"]] == PATH_YEARS
