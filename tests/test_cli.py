"""The ``milex`` command line: in-process with click's CliRunner, and the installed script run as a
subprocess for what only a real process shows (exit codes, stderr, a corrupted store)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest

from milex import errors
from milex.cli import app
from tests.cli_helpers import invoke, ok, records, run_milex, usage_failure

ISL_2024 = "NATO published no 2024 figure for ISL (Iceland has no armed forces)"
NOT_TRANSCRIBED_2025 = ("ALB", "BGR", "FIN", "GRC", "HRV", "HUN", "MNE", "NLD", "SVK", "SVN", "SWE")

COMMANDS = [
    "backtest",
    "build",
    "check",
    "commitments",
    "countries",
    "export",
    "gap",
    "import",
    "missing",
    "pathway",
    "releases",
    "revisions",
    "scenario",
    "series",
    "serve",
    "show",
    "sources",
    "sql",
    "status",
    "validate",
]
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def milex_cli(milex_home: Path) -> Run:
    """Run the installed script against the session's store."""
    return lambda *args: run_milex(milex_home, *args)


# -- status -------------------------------------------------------------------------------


def test_status_csv(milex_cli: Run) -> None:
    result = milex_cli("status", "--year", "2024", "--release", "nato-2025-08", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("iso3,country,year,share_gdp")
    rows = records(result.stdout)
    assert len(rows) == 33
    by_code = {r["iso3"]: r for r in rows}
    assert by_code["POL"]["share_gdp"] == "3.79"
    assert by_code["POL"]["rank"] == "1"
    assert by_code["NATO"]["rank"] == ""  # aggregates are unranked: an empty cell
    for row in rows:
        assert row["estimate"] in ("true", "false")
        assert row["meets_2pct"] in ("true", "false")
    assert by_code["DEU"]["meets_2pct"] == "true"
    assert by_code["SVK"]["meets_2pct"] == "false"
    assert sum(1 for r in rows if r["meets_2pct"] == "true" and r["rank"]) == 18
    # notes go to stderr so stdout stays machine-readable
    assert f"note: {ISL_2024}" in result.stderr


def test_status_2025_08_prints_the_honest_count_and_both_kinds_of_missing(
    milex_cli: Run,
) -> None:
    result = milex_cli("status", "--year", "2025", "--release", "nato-2025-08")
    assert result.returncode == 0, result.stderr
    assert "(19 of 19 allies with a figure in milex's copy at or above 2%; 12 not held)" in (
        result.stdout
    )
    assert "NATO published no 2025 figure for DEU (Germany's 2025 budget was pending" in (
        result.stdout
    )
    assert "11 allies' 2025 figures in nato-2025-08 are not in milex's copy: ALB, BGR" in (
        result.stdout
    )


def test_series_shows_unknown_estimate_flags(milex_cli: Run) -> None:
    args = ("series", "-c", "RUS", "-i", "share_gdp", "--release", "sipri-2026", "--start", "2024")
    table = milex_cli(*args)
    assert table.returncode == 0, table.stderr
    russia = [line.split() for line in table.stdout.splitlines() if line.startswith("RUS ")]
    assert [row[5] for row in russia] == ["?", "?"]  # the estimate column
    csv_rows = records(milex_cli(*args, "--format", "csv").stdout)
    assert [r["estimate"] for r in csv_rows] == ["", ""]
    data = json.loads(milex_cli(*args, "--format", "json").stdout)["rows"]
    assert [r["estimate"] for r in data] == [None, None]


def test_status_json_has_the_same_numbers_as_csv(milex_cli: Run) -> None:
    args = ("status", "--year", "2024", "--release", "nato-2025-08", "--format")
    as_csv = records(milex_cli(*args, "csv").stdout)
    result = milex_cli(*args, "json")
    assert result.returncode == 0, result.stderr
    as_json = json.loads(result.stdout)["rows"]
    assert [r["iso3"] for r in as_json] == [r["iso3"] for r in as_csv]
    for from_json, from_csv in zip(as_json, as_csv, strict=True):
        assert from_json["share_gdp"] == float(from_csv["share_gdp"])
        assert from_json["meets_2pct"] is (from_csv["meets_2pct"] == "true")
        assert from_json["rank"] == (int(from_csv["rank"]) if from_csv["rank"] else None)
    poland = next(r for r in as_json if r["iso3"] == "POL")
    assert (poland["share_gdp"], poland["previous_share_gdp"], poland["change_pp"]) == (
        3.79,
        3.27,
        0.52,
    )


def test_status_as_of_shows_the_edition_of_that_day(milex_cli: Run) -> None:
    result = milex_cli("status", "--as-of", "2025-04-03")
    assert result.returncode == 0, result.stderr
    assert "nato-2024-06" in result.stdout
    poland = next(line for line in result.stdout.splitlines() if line.startswith("POL "))
    assert "Poland" in poland and "4.12" in poland
    assert "23 of 31 allies" in result.stdout
    assert ISL_2024 in result.stdout  # the table view keeps its notes with it


def test_status_in_process() -> None:
    result = ok("status", "-y", "2024", "-r", "nato-2025-08", "-f", "csv")
    assert len(records(result.stdout)) == 33
    assert ISL_2024 in result.stderr


def test_status_bad_year(milex_cli: Run) -> None:
    message = usage_failure(milex_cli("status", "--year", "1990"), code=3)  # no data
    assert "no nato release with share_gdp for 1990" in message
    assert "nato-2024-06 (2014-2024" in message


def test_status_unknown_release(milex_cli: Run) -> None:
    message = usage_failure(milex_cli("status", "--release", "nato-2025-8"))
    assert "unknown release: 'nato-2025-8'" in message
    assert "did you mean nato-2025-08" in message


def test_status_release_and_as_of_together(milex_cli: Run) -> None:
    message = usage_failure(
        milex_cli("status", "--release", "nato-2025-08", "--as-of", "2025-09-01")
    )
    assert "not both" in message


def test_status_bad_date(milex_cli: Run) -> None:
    assert "YYYY-MM-DD" in usage_failure(milex_cli("status", "--as-of", "2025-13-01"))


def test_library_errors_reach_main_uncaught() -> None:
    # The app raises; main() alone turns errors into messages and exit code 2.
    result = invoke("status", "--year", "1990")
    assert isinstance(result.exception, errors.NoDataError)


# -- show ---------------------------------------------------------------------------------


def test_show_answers_to_every_name(milex_cli: Run) -> None:
    outputs = [milex_cli("show", name) for name in ("Türkiye", "turkey", "TUR")]
    for result in outputs:
        assert result.returncode == 0, result.stderr
    assert outputs[0].stdout.startswith("Türkiye (TUR)")
    assert outputs[0].stdout == outputs[1].stdout == outputs[2].stdout


def test_show_csv_is_long_with_provenance() -> None:
    rows = records(ok("show", "POL", "--since", "2024", "-f", "csv").stdout)
    assert rows
    assert {r["iso3"] for r in rows} == {"POL"}
    assert min(int(r["year"]) for r in rows) == 2024
    assert all(r["release"] and r["unit"] and r["source_url"] for r in rows)
    nato_2024 = [
        r
        for r in rows
        if (r["indicator"], r["release"], r["year"]) == ("share_gdp", "nato-2026-07", "2024")
    ]
    assert len(nato_2024) == 1


def test_show_unknown_country_suggests(milex_cli: Run) -> None:
    message = usage_failure(milex_cli("show", "Germny"))
    assert "Germany (DEU)" in message


# -- revisions, series --------------------------------------------------------------------


def test_revisions_csv(milex_cli: Run) -> None:
    result = milex_cli(
        "revisions", "--from", "nato-2024-06", "--to", "nato-2025-08", "--format", "csv"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "iso3,country,year,value_nato-2024-06,value_nato-2025-08,change,status"
    assert "POL,Poland,2024,4.12,3.79,-0.33,changed" in lines


def test_revisions_all_adds_cells_one_release_holds() -> None:
    args = ("revisions", "--from", "nato-2024-06", "--to", "nato-2025-08", "-c", "POL", "-f")
    rows = records(ok(*args, "csv", "--all").stdout)
    assert {r["status"] for r in rows} == {"changed", "added"}
    added = next(r for r in rows if r["year"] == "2025")
    assert (added["value_nato-2024-06"], added["value_nato-2025-08"]) == ("", "4.48")
    assert added["status"] == "added"
    assert "added" not in {r["status"] for r in records(ok(*args, "csv").stdout)}


def test_revisions_to_latest(milex_cli: Run) -> None:
    result = milex_cli("revisions", "--from", "nato-2024-06", "--to", "latest", "-f", "csv")
    assert result.returncode == 0, result.stderr
    assert "value_nato-2026-07" in result.stdout.splitlines()[0]


def test_series_json() -> None:
    result = ok("series", "-c", "POL", "-i", "share_gdp", "-r", "nato-2024-06", "-f", "json")
    rows = json.loads(result.stdout)["rows"]
    assert [r["year"] for r in rows] == list(range(2014, 2025))
    assert rows[-1]["value"] == 4.12
    assert all(r["release"] == "nato-2024-06" and r["table"] == "Table 3" for r in rows)


# -- sql ----------------------------------------------------------------------------------


def test_sql_reads() -> None:
    result = ok(
        "sql",
        "SELECT iso3, value FROM facts WHERE release_id = 'nato-2025-08' AND year = 2024 "
        "AND indicator = 'share_gdp' ORDER BY value DESC LIMIT 2",
        "-f",
        "csv",
    )
    assert result.stdout == "iso3,value\nPOL,3.79\nEST,3.37\n"


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("DELETE FROM observations", "only reading"),
        ("SELECT 1; SELECT 2", "exactly one"),
        ("ATTACH 'x' AS y", "only reading"),
        ("PRAGMA user_version=3", "only reading"),
        ("", "empty statement"),
    ],
)
def test_sql_refuses_anything_but_one_read(milex_cli: Run, statement: str, expected: str) -> None:
    message = usage_failure(milex_cli("sql", statement))
    assert expected in message


def test_sql_refusal_leaves_the_store_intact(milex_cli: Run) -> None:
    milex_cli("sql", "DELETE FROM observations")
    result = milex_cli("sql", "SELECT COUNT(*) AS n FROM observations", "-f", "json")
    assert json.loads(result.stdout)["rows"][0]["n"] > 50_000


# -- the store ----------------------------------------------------------------------------


def test_a_corrupted_store_says_to_rebuild_and_build_repairs_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    built = run_milex(home, "build")
    assert built.returncode == 0, built.stderr
    assert "7 releases" in built.stdout
    store = home / "milex.sqlite"
    assert store.is_file()
    store.write_bytes(b"this is not a SQLite database\n" * 200)

    broken = run_milex(home, "status")
    message = usage_failure(broken, code=4)  # a store problem
    assert "milex build" in message
    assert str(store) in message

    repaired = run_milex(home, "build")
    assert repaired.returncode == 0, repaired.stderr
    again = run_milex(home, "status", "--year", "2024", "--release", "nato-2025-08", "-f", "csv")
    assert again.returncode == 0, again.stderr
    assert len(records(again.stdout)) == 33


def test_a_missing_store_is_built_on_first_use(tmp_path: Path) -> None:
    result = run_milex(tmp_path, "releases", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert len(records(result.stdout)) == 7
    assert (tmp_path / "milex.sqlite").is_file()


def test_build_quiet_prints_nothing(tmp_path: Path) -> None:
    result = run_milex(tmp_path, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_validate_passes(milex_cli: Run) -> None:
    result = milex_cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Validation: 0 error")


def test_validate_json() -> None:
    findings = json.loads(ok("validate", "-f", "json").stdout)["rows"]
    assert findings
    assert {f["level"] for f in findings} <= {"warning", "info"}
    assert set(findings[0]) == {"level", "check", "message"}


# -- help and usage -----------------------------------------------------------------------


def test_every_command_is_covered_here() -> None:
    assert sorted(app.commands) == COMMANDS


# A phrase each command's help must show: its example, or the options that matter.
HELP_MENTIONS = {
    "backtest": "milex backtest --origin 2019",
    "build": "--path",
    "check": "milex check article.txt --date 2025-04-03",
    "commitments": "hague-core",
    "gap": "milex gap --commitment hague-core",
    "pathway": "milex pathway -c Spain --commitment hague-core",
    "countries": "--kind [country|former|aggregate]",
    "export": "frictionless validate data/datapackage.json",
    "import": "milex import sipri SIPRI-Milex-data-1949-2025.xlsx",
    "missing": "milex missing --release nato-2025-08",
    "releases": "--source",
    "revisions": "milex revisions --from nato-2024-06 --to nato-2025-08",
    "scenario": "milex scenario examples/tariffs-2025-04-02.yaml",
    "serve": "http://127.0.0.1:8000",
    "series": "milex series -c POL",
    "show": "Türkiye, turkey, TUR",
    "sources": "--format [table|csv|json]",
    "sql": 'milex sql "SELECT',
    "status": "milex status --year 2024 --as-of 2025-04-03",
    "validate": "exit 1 if any check fails",
}


@pytest.mark.parametrize("command", COMMANDS)
def test_help(milex_cli: Run, command: str) -> None:
    result = ok(command, "--help")
    assert result.stdout.startswith(f"Usage: milex {command} ")
    assert HELP_MENTIONS[command] in result.stdout
    if command not in ("build", "serve", "export"):  # they print no data to format
        assert "--format" in result.stdout
    installed = milex_cli(command, "--help")
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout.startswith(f"Usage: milex {command} ")


def test_top_level_help_lists_commands_and_examples(milex_cli: Run) -> None:
    result = milex_cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert f"  {command} " in result.stdout
    assert "milex status --year 2024 --as-of 2025-04-03" in result.stdout


def test_exit_codes_tell_usage_no_data_and_store_problems_apart(
    milex_cli: Run, tmp_path: Path
) -> None:
    assert "Exit codes: 0 done" in milex_cli("--help").stdout
    assert milex_cli("status", "--release", "nato-1999").returncode == 2  # a bad argument
    assert milex_cli("status", "--year", "1990").returncode == 3  # no figures for it
    folder = tmp_path / "home"
    (folder / "milex.sqlite").mkdir(parents=True)  # a folder where the store should be
    assert run_milex(folder, "status").returncode == 4
    module = subprocess.run(
        [sys.executable, "-m", "milex", "--version"], capture_output=True, text=True
    )
    assert module.returncode == 0 and module.stdout.startswith("milex, version")


def test_usage_errors_exit_2(milex_cli: Run) -> None:
    for args in (("nosuch",), ("status", "--year", "abc"), ("countries", "--kind", "bogus")):
        result = milex_cli(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert "Usage: milex" in result.stderr


# -- releases, sources, countries in every format -----------------------------------------

LISTINGS = {
    ("releases",): (7, "release", "nato-2025-08"),
    ("sources",): (15, "release", "dmdc-2026-03"),
    ("countries", "--kind", "aggregate"): (3, "iso3", "NATO_EU_CA"),
}


@pytest.mark.parametrize("args", list(LISTINGS))
def test_listing_csv(args: tuple[str, ...]) -> None:
    count, key, example = LISTINGS[args]
    rows = records(ok(*args, "--format", "csv").stdout)
    assert len(rows) == count
    assert example in {r[key] for r in rows}


@pytest.mark.parametrize("args", list(LISTINGS))
def test_listing_json(args: tuple[str, ...]) -> None:
    count, key, example = LISTINGS[args]
    rows = json.loads(ok(*args, "--format", "json").stdout)["rows"]
    assert len(rows) == count
    assert example in {r[key] for r in rows}


@pytest.mark.parametrize("args", list(LISTINGS))
def test_listing_table(args: tuple[str, ...]) -> None:
    count, _, example = LISTINGS[args]
    lines = ok(*args).stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("-" * 4))
    body = [line for line in lines[header + 1 :] if line.strip()][:count]
    assert len(body) == count
    assert any(line.startswith(example + " ") for line in body)


def test_sources_csv_carries_sipri_attribution() -> None:
    rows = {r["release"]: r for r in records(ok("sources", "-f", "csv").stdout)}
    assert "attribution required" in rows["sipri-2025"]["licence"]
    assert rows["us-tariffs-2025"]["url"].startswith("https://")


def test_sources_series_lists_the_imf_fiscal_series() -> None:
    rows = records(ok("sources", "--series", "-r", "imf-weo-2026-04", "-f", "csv").stdout)
    fiscal = {r["indicator"]: r for r in rows if r["indicator"].startswith("gg_")}
    assert sorted(fiscal) == [
        "gg_debt_pct_gdp",
        "gg_expenditure_pct_gdp",
        "gg_net_lending_pct_gdp",
        "gg_revenue_pct_gdp",
    ]
    debt = fiscal["gg_debt_pct_gdp"]
    assert (debt["table"], debt["unit"], debt["first_year"], debt["last_year"]) == (
        "GGXWDG_NGDP",
        "percent of GDP",
        "2014",
        "2026",
    )
    assert "general government" in debt["definition"]
    refused = invoke("sources", "--release", "imf-weo-2026-04")
    assert refused.exit_code == 2 and "--release goes with --series" in refused.output


def test_show_lists_the_fiscal_series() -> None:
    table = ok("show", "DEU", "--since", "2024").stdout
    for label in ("gov debt%", "gov balance%"):  # the headline; every series in csv
        assert f"{label} imf-weo-2026-04" in table
    long = records(ok("show", "DEU", "-f", "csv").stdout)
    assert {r["indicator"] for r in long} >= {
        "gg_debt_pct_gdp",
        "gg_net_lending_pct_gdp",
        "gg_revenue_pct_gdp",
        "gg_expenditure_pct_gdp",
    }
    debt = [r for r in long if r["indicator"] == "gg_debt_pct_gdp"]
    assert [r["year"] for r in debt][-1] == "2026" and debt[-1]["flag"] == "projection"


def test_missing_lists_both_kinds() -> None:
    rows = records(ok("missing", "--release", "nato-2025-08", "-f", "csv").stdout)
    assert {(r["iso3"], r["why"]) for r in rows if r["year"] == "2025"} == {
        ("DEU", "not_published"),
        ("ISL", "not_published"),
        *(
            (c, "not_held")
            for c in ["ALB", "BGR", "FIN", "GRC", "HRV", "HUN", "MNE", "NLD", "SVK", "SVN", "SWE"]
        ),
    }
    germany = next(r for r in rows if r["iso3"] == "DEU")
    assert germany["reason"] == "Germany's 2025 budget was pending at the cut-off"


def test_countries_json_booleans_and_empty_cells() -> None:
    rows = json.loads(ok("countries", "--kind", "aggregate", "-f", "json").stdout)["rows"]
    nato = next(r for r in rows if r["iso3"] == "NATO")
    assert nato["has_armed_forces"] is True
    assert nato["nato_accession"] is None
    as_csv = records(ok("countries", "--kind", "aggregate", "-f", "csv").stdout)
    assert {r["has_armed_forces"] for r in as_csv} == {"true"}
    assert {r["nato_accession"] for r in as_csv} == {""}


def test_json_output_is_the_apis_object_with_metadata() -> None:
    document = json.loads(ok("series", "-c", "POL", "-i", "share_gdp", "-f", "json").stdout)
    assert set(document) == {"title", "columns", "rows", "notes", "metadata"}
    origins = document["metadata"]["value"]["origins"]
    assert {o["release"] for o in origins} == {"nato-2026-07", "sipri-2026"}
    sipri = next(o for o in origins if o["source"] == "sipri")
    assert "attribution required" in sipri["licence"]


def test_as_of_a_date_before_a_sources_first_release_answers_from_the_others(
    milex_cli: Run,
) -> None:
    result = milex_cli("series", "-c", "POL", "-i", "share_gdp", "--as-of", "2025-04-03")
    assert result.returncode == 0, result.stderr
    assert "nato-2024-06" in result.stdout and "4.12" in result.stdout
    assert (
        "sipri: no release with share_gdp was published by 2025-04-03 (its first in milex, "
        "sipri-2025, was published 2025-04-28)"
    ) in result.stdout


def test_a_pathway_for_a_non_ally_or_iceland_says_why(milex_cli: Run) -> None:
    russia = usage_failure(milex_cli("pathway", "Russia"), code=3)
    assert "Russia (RUS) is not a NATO ally" in russia
    iceland = usage_failure(milex_cli("pathway", "Iceland"), code=3)
    assert "Iceland (ISL) has no armed forces" in iceland


def test_serve_on_a_busy_port_says_so_and_how_to_pick_another(milex_cli: Run) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        message = usage_failure(milex_cli("serve", "--port", str(port)))
    assert f"cannot listen on 127.0.0.1:{port}" in message
    assert f"--port {port + 1}" in message and f"make run PORT={port + 1}" in message


# The one vocabulary: a parameter of this name is spelt so on every command.
VOCABULARY = {
    "country": {"--country", "-c"},
    "target": {"--commitment", "-t"},
    "release": {"--release", "-r"},
    "indicator": {"--indicator", "-i"},
    "fmt": {"--format", "-f"},
    "from_year": {"--from"},
    "to_year": {"--to"},
    "year": {"--year", "-y"},
    "as_of": {"--as-of"},
}
OLD_SPELLINGS = {"--countries", "--start", "--end", "--since"}


def test_every_command_speaks_one_vocabulary() -> None:
    for name, command in app.commands.items():
        for param in command.params:
            if not isinstance(param, click.Option):
                continue
            shown = set(param.opts) - set(getattr(param, "hidden_names", ()))
            assert not shown & OLD_SPELLINGS, (name, param.opts)
            wanted = VOCABULARY.get(param.name or "")
            if wanted is not None and not (name == "export" and param.name == "fmt"):
                assert wanted <= shown, (name, param.name, shown)
            if "-c" in shown:
                assert param.name == "country", (name, param.name)


def test_old_spellings_still_work_for_a_release() -> None:
    new = ok("series", "-c", "POL", "--from", "2023", "--to", "2024", "-f", "csv").stdout
    old = ok("series", "--countries", "POL", "--start", "2023", "--end", "2024", "-f", "csv").stdout
    assert new == old
    assert (
        ok("show", "POL", "--since", "2024").stdout
        == ok("show", "-c", "POL", "--from", "2024").stdout
    )
    assert "--countries" not in ok("series", "--help").stdout
    gap_old = ok("gap", "-c", "hague-core", "-f", "csv").stdout
    assert gap_old == ok("gap", "-t", "hague-core", "-f", "csv").stdout


def test_completion_offers_countries_releases_and_indicators() -> None:
    from click.shell_completion import ShellComplete

    def offers(args: list[str], incomplete: str) -> list[str]:
        complete = ShellComplete(app, {}, "milex", "_MILEX_COMPLETE")
        return [c.value for c in complete.get_completions(args, incomplete)]

    assert "POL" in offers(["series", "-c"], "PO")
    assert "Poland" in offers(["series", "-c"], "Pol")
    assert "nato-2025-08" in offers(["status", "--release"], "nato-2025")
    assert "share_gdp" in offers(["series", "-i"], "share")


def test_a_dash_reads_standard_input_wherever_a_file_is_taken(tmp_path: Path) -> None:
    home = tmp_path / "home"
    rows = "country,year,indicator,value\nPoland,2027,share_gdp,5.0\n"

    def run(*args: str, given: str) -> subprocess.CompletedProcess[str]:
        return run_milex(home, *args, stdin=given)

    imported = run(
        "import", "csv", "-", "--release", "user-p-2027", "--published", "2026-06-01", given=rows
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("stdin.csv: release user-p-2027 added: 1 figures")
    mine = (
        "schema_version: 1\ncommitments:\n  - id: my-3pct\n    name: Three\n"
        "    status: national_pledge\n    metric: core_defence_share_gdp\n"
        "    threshold: 3.0\n    deadline_year: 2030\n"
    )
    listed = run("commitments", "--commitments", "-", "-f", "csv", given=mine)
    assert listed.returncode == 0, listed.stderr
    assert "my-3pct" in listed.stdout
    pathway = run("pathway", "-c", "DEU", "--assumptions", "-", "-f", "json", given="growth: 1.0\n")
    assert json.loads(pathway.stdout)["assumptions"]["overridden"] == ["growth"]
    broken = run("import", "csv", "-", "--release", "user-q-2027", given="country,year\n")
    assert broken.returncode == 2 and broken.stderr.startswith("Error: stdin.csv")
