"""`milex check FILE|-`: the claim checker from the command line, on the DW article of 3 April
2025 (../shared/fixtures), as plain text, HTML and standard input; its JSON, CSV, table and
HTML report; and its errors (exit 2, naming the file)."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import milex
from milex.cli import app
from tests.cli_helpers import ok, records, run_milex
from tests.conftest import DW_FIXTURE, need_shared

FIELDS = {
    "sentence",
    "start",
    "end",
    "kind",
    "entity",
    "year",
    "value",
    "unit",
    "qualifier",
    "verdict_as_of_date",
    "verdict_latest",
    "reference",
}
REFERENCE_FIELDS = {"value", "release", "table", "source_url", "year"}


def feed(text: str, *args: str) -> Result:
    """Run `milex check - ARGS` in-process with ``text`` on standard input."""
    return CliRunner().invoke(app, ["check", "-", *args], input=text, prog_name="milex")


def dw_path() -> Path:
    """The DW article, or skip when the shared fixtures are not beside the clone."""
    need_shared()
    if not DW_FIXTURE.is_file():
        pytest.skip(f"fixture not found: {DW_FIXTURE}")
    return DW_FIXTURE


@pytest.fixture(scope="module")
def dw_claims(milex_home: Path) -> list[dict[str, Any]]:
    result = ok("check", str(dw_path()), "--date", "2025-04-03", "--format", "json")
    claims: list[dict[str, Any]] = json.loads(result.stdout)
    return claims


def one(claims: list[dict[str, Any]], kind: str, value: float, **match: Any) -> dict[str, Any]:
    """The one claim of a kind and value (and any other fields given)."""
    found = [
        c
        for c in claims
        if c["kind"] == kind
        and c["value"] == value
        and all(c[key] == wanted for key, wanted in match.items())
    ]
    assert len(found) == 1, (kind, value, match, found)
    return found[0]


def verdicts(claim: dict[str, Any]) -> tuple[str, str]:
    return claim["verdict_as_of_date"], claim["verdict_latest"]


def test_json_has_every_claim_with_its_fields(dw_claims: list[dict[str, Any]]) -> None:
    assert len(dw_claims) == 13
    for claim in dw_claims:
        assert set(claim) >= FIELDS
        if claim["reference"] is not None:
            assert set(claim["reference"]) == REFERENCE_FIELDS


def test_dw_article_verdicts(dw_claims: list[dict[str, Any]]) -> None:
    average = one(dw_claims, "share_gdp", 2.7, entity="NATO", year=2024)
    assert verdicts(average) == ("accurate", "accurate")
    assert average["reference"]["release"] == "nato-2024-06"
    assert average["reference"]["source_url"].startswith("https://www.nato.int/")
    # "currently spends 3.5%" (April 2025): 2024, the latest year published then, for both.
    assert verdicts(one(dw_claims, "share_gdp", 3.5, entity="USA", year=2024)) == (
        "roughly_accurate",
        "roughly_accurate",
    )
    russia = one(dw_claims, "share_gdp", 6, entity="RUS", qualifier="above")
    assert verdicts(russia) == ("unverifiable", "accurate")
    members = one(dw_claims, "membership_count", 31)
    assert verdicts(members) == ("inaccurate", "inaccurate")
    assert members["reference"]["value"] == 32
    for rate in (10, 20):
        assert verdicts(one(dw_claims, "tariff", rate)) == ("accurate", "accurate")
    for target in (2, 5):
        assert verdicts(one(dw_claims, "commitment", target)) == ("accurate", "accurate")


def test_offsets_point_at_the_numbers(dw_claims: list[dict[str, Any]]) -> None:
    text = dw_path().read_text(encoding="utf-8")
    for claim in dw_claims:
        span = text[claim["start"] : claim["end"]]
        assert span and span[0].isdigit(), claim
        assert claim["sentence"] in text


def test_json_is_the_library_report(dw_claims: list[dict[str, Any]]) -> None:
    text = dw_path().read_text(encoding="utf-8")
    report = milex.check(text, date="2025-04-03")
    # The CLI's rows are the library's claims, each with the document it came from.
    assert all(claim["document"] == str(dw_path()) for claim in dw_claims)
    assert json.loads(json.dumps(report.to_json())) == [
        {k: v for k, v in claim.items() if k != "document"} for claim in dw_claims
    ]
    assert report.date_source == "given"


def test_table_title_says_which_date(milex_home: Path) -> None:
    result = ok("check", str(dw_path()), "--date", "2025-04-03")
    assert "13 claims, checked as of 3 April 2025 (given)" in result.stdout
    assert "membership_count" in result.stdout


def test_csv_has_a_row_per_claim(milex_home: Path) -> None:
    result = ok("check", str(dw_path()), "--date", "2025-04-03", "--format", "csv")
    rows = records(result.stdout)
    assert len(rows) == 13
    assert {"claim", "kind", "entity", "as_of_date", "latest"} <= set(rows[0])
    assert "(given)" in result.stderr


def test_html_report(milex_home: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = ok("check", str(dw_path()), "--date", "2025-04-03", "--html", str(target))
    assert "report written to" in result.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    marks = re.findall(r'<mark id="claim-(\d+)" class="claim verdict-([a-z_]+)"', page)
    assert len(marks) == 13
    assert {verdict for _, verdict in marks} >= {"accurate", "inaccurate", "unverifiable"}
    # The tooltip of "23 of the 31" gives both verdicts and the evidence.
    thirty_one = re.search(r'<mark [^>]*title="([^"]*)">31</mark>', page)
    assert thirty_one is not None
    assert "As of 2025-04-03: inaccurate" in thirty_one.group(1)
    assert "32" in thirty_one.group(1)
    # Self-contained: nothing fetched, nothing run.
    assert "<script" not in page.lower()
    assert "<link" not in page.lower()
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//[^"']*\.(?:js|css)""", page)
    assert not re.search(r"\son[a-z]+=", page)
    # Evidence links in the table.
    assert 'href="https://www.nato.int/' in page
    assert 'id="row-1"' in page


def test_standard_input(milex_home: Path) -> None:
    text = dw_path().read_text(encoding="utf-8")
    result = feed(text, "--date", "2025-04-03", "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 13


def test_date_detected_from_the_text(milex_home: Path) -> None:
    text = "Published 3 April 2025\n\nNATO allies spent an average of 2.7% of GDP in 2024.\n"
    result = feed(text)
    assert result.exit_code == 0, result.output
    assert "checked as of 3 April 2025 (detected)" in result.stdout


def test_no_date_means_today(milex_home: Path) -> None:
    result = feed("NATO has 32 members.\n")
    assert result.exit_code == 0, result.output
    # Said once: no date, so the text is read as written today, and one set of verdicts.
    assert "1 claim, checked against the latest figures (no date given or found in the text" in (
        result.stdout
    )
    assert "as of today" not in result.stdout
    assert result.stdout.count("1 accurate") == 1


def _as_html(text: str) -> str:
    paragraphs = "".join(f"<p>{escape(line)}</p>\n" for line in text.splitlines() if line.strip())
    return (
        "<!doctype html>\n<html><head><title>DW</title>"
        "<script>var spending = '9.9% of GDP in 2024';</script>"
        "<style>p { margin: 0 }</style></head>\n<body>"
        "<nav><a href='/'>Home</a> NATO allies spend 7% of GDP in 2024</nav>\n"
        f"<article>{paragraphs}</article>\n"
        "<footer>© 2025 DW: 99% of NATO allies read us</footer></body></html>\n"
    )


def _summary(claims: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted(
        (c["kind"], c["entity"] or "", c["year"] or 0, c["value"], *verdicts(c)) for c in claims
    )


@pytest.mark.parametrize("name", ["dw.html", "dw.htm", "dw-page.txt"])
def test_html_input(
    milex_home: Path, tmp_path: Path, dw_claims: list[dict[str, Any]], name: str
) -> None:
    page = tmp_path / name  # .txt: an HTML page all the same, it starts with '<'
    page.write_text(_as_html(dw_path().read_text(encoding="utf-8")), encoding="utf-8")
    result = ok("check", str(page), "--date", "2025-04-03", "--format", "json")
    claims = json.loads(result.stdout)
    assert _summary(claims) == _summary(dw_claims)  # no claim from the script, nav or footer


def test_html_from_standard_input(milex_home: Path) -> None:
    page = "\n  <p>The <a href='#'>EU</a> includes 23 of the <b>31</b> NATO member states.</p>"
    result = feed(page, "--date", "2025-04-03", "--format", "json")
    assert result.exit_code == 0, result.output
    claims = json.loads(result.stdout)
    assert [(c["kind"], c["value"], c["verdict_as_of_date"]) for c in claims] == [
        ("membership_count", 31, "inaccurate")
    ]


def test_inaccurate_claims_still_exit_0(milex_home: Path) -> None:
    result = run_milex(milex_home, "check", str(dw_path()), "--date", "2025-04-03")
    assert result.returncode == 0, result.stderr
    assert "inaccurate" in result.stdout


def test_bad_date_exits_2(milex_home: Path) -> None:
    result = run_milex(milex_home, "check", str(dw_path()), "--date", "2025-13-03")
    assert result.returncode == 2
    assert "--date" in result.stderr
    assert "is not a date" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_exits_2_naming_it(milex_home: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = run_milex(milex_home, "check", str(missing))
    assert result.returncode == 2
    assert "nope.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_text_over_the_limit_exits_2_naming_the_file(milex_home: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("x" * 1_000_001, encoding="utf-8")
    result = run_milex(milex_home, "check", str(big))
    assert result.returncode == 2
    assert "big.txt" in result.stderr
    assert "1,000,000" in result.stderr
    assert "Traceback" not in result.stderr


def test_text_that_is_not_utf8_exits_2_naming_the_file(milex_home: Path, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Défense: 2% du PIB en 2024".encode("latin-1"))
    result = run_milex(milex_home, "check", str(latin))
    assert result.returncode == 2
    assert "latin1.txt" in result.stderr
    assert "UTF-8" in result.stderr


def test_unwritable_report_exits_2(milex_home: Path, tmp_path: Path) -> None:
    text = tmp_path / "short.txt"
    text.write_text("NATO has 32 members.\n", encoding="utf-8")
    target = tmp_path / "no-such-dir" / "report.html"
    result = run_milex(milex_home, "check", str(text), "--html", str(target))
    assert result.returncode == 2
    assert "report.html" in result.stderr


# -- archives: several files, folders, globs and JSON Lines ---------------------------------

TEXTS = {
    "a.txt": "Poland spent 4.12% of GDP on defence in 2024.",
    "b.txt": "NATO has 32 members. Spain spent 1.28% of GDP in 2024.",
    "c.html": "<p>In 2024, 23 of NATO's 32 allies met the 2% target.</p>",
}


def _archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "notes.csv").write_text("not read", encoding="utf-8")
    return folder


def _rows(*args: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(ok("check", *args, "--format", "json").stdout)
    return rows


def test_a_folder_gives_one_row_per_claim_with_its_document(
    milex_home: Path, tmp_path: Path
) -> None:
    folder = _archive(tmp_path)
    rows = _rows(str(folder), "--date", "2024-06-18", "--jobs", "1")
    assert [(Path(r["document"]).name, r["kind"], r["value"]) for r in rows] == [
        ("a.txt", "share_gdp", 4.12),
        ("b.txt", "membership_count", 32),
        ("b.txt", "share_gdp", 1.28),
        ("c.html", "count_meeting", 23),
        ("c.html", "membership_count", 32),
    ]
    assert {r["verdict_as_of_date"] for r in rows} == {"accurate"}


def test_two_processes_give_the_same_rows_in_the_same_order(
    milex_home: Path, tmp_path: Path
) -> None:
    folder = _archive(tmp_path)
    one = _rows(str(folder), "--date", "2024-06-18", "--jobs", "1")
    two = _rows(str(folder), "--date", "2024-06-18", "--jobs", "2")
    assert one == two


def test_files_and_globs_in_the_order_given(milex_home: Path, tmp_path: Path) -> None:
    folder = _archive(tmp_path)
    rows = _rows(str(folder / "b.txt"), str(folder / "a.*"), "--date", "2024-06-18")
    assert [Path(r["document"]).name for r in rows] == ["b.txt", "b.txt", "a.txt"]


def test_json_lines_records_carry_their_ids_and_dates(milex_home: Path, tmp_path: Path) -> None:
    archive = tmp_path / "news.jsonl"
    archive.write_text(
        '{"id": "early", "date": "2024-06-18", "text": "Poland spent 4.12% of GDP in 2024."}\n'
        "\n"
        '{"id": 7, "date": null, "text": "Poland spent 4.12% of GDP in 2024."}\n',
        encoding="utf-8",
    )
    rows = _rows(str(archive), "--date", "2026-08-01")
    assert [(r["document"], r["verdict_as_of_date"]) for r in rows] == [
        ("early", "accurate"),  # its own date: nato-2024-06, 4.12
        ("7", "inaccurate"),  # --date: nato-2026-07, 3.75
    ]
    table = ok("check", str(archive), "--date", "2026-08-01").stdout
    assert "2 documents, 2 claims" in table
    assert "as of their dates 1 accurate, 1 inaccurate" in table


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "line 1: not JSON"),
        ('{"id": "x"}', 'line 1: "text" must be a string'),
        ('{"id": "x", "date": "2025-13-01", "text": "t"}', "line 1: date"),
        ('{"id": "x", "text": "a"}\n{"id": "x", "text": "b"}', "line 2: id 'x' is used twice"),
    ],
)
def test_bad_json_lines_exit_2_naming_the_line(
    milex_home: Path, tmp_path: Path, line: str, message: str
) -> None:
    archive = tmp_path / "bad.jsonl"
    archive.write_text(line + "\n", encoding="utf-8")
    result = run_milex(milex_home, "check", str(archive))
    assert result.returncode == 2
    assert "bad.jsonl" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_glob_that_matches_nothing_exits_2(milex_home: Path, tmp_path: Path) -> None:
    result = run_milex(milex_home, "check", str(tmp_path / "*.txt"))
    assert result.returncode == 2
    assert "no file matches it" in result.stderr


def test_html_report_needs_one_document(milex_home: Path, tmp_path: Path) -> None:
    folder = _archive(tmp_path)
    result = run_milex(milex_home, "check", str(folder), "--html", str(tmp_path / "r.html"))
    assert result.returncode == 2
    assert "one document" in result.stderr
