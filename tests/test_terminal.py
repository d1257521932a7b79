"""Tables in an 80-column terminal: one line per row, no word broken (a cut cell ends with
"…"), numbers never cut, long text in numbered footnotes, hidden columns named."""

from __future__ import annotations

import re

import pytest

from milex import render
from tests.cli_helpers import ok

BORDER = "│"


def terminal_output(monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    """The command's table as a terminal 80 columns wide would show it."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(render, "write_plain", render.write_rich)  # as if stdout were a tty
    return ok(*args).stdout


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--year", "2025", "--release", "nato-2025-08"),
        ("series", "-c", "POL,DEU,Türkiye", "-i", "share_gdp", "--start", "2023"),
        ("show", "North Macedonia", "--since", "2020"),
    ],
)
def test_no_word_is_broken_at_80_columns(
    monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    text = terminal_output(monkeypatch, *args)
    lines = text.splitlines()
    body = [line for line in lines if line.startswith(BORDER)]
    assert body
    assert all(len(line) <= 80 for line in lines if line[:1] in "┏┃┡│└")
    # one line per row: as many body lines as rows the command gives
    csv_rows = ok(*args, "--format", "csv").stdout.strip().splitlines()[1:]
    if args[0] != "show":  # show's table view is wide (a column per series), its csv long
        assert len(body) == len(csv_rows)
    for line in body:
        for cell in (c.strip() for c in line.strip(BORDER).split(BORDER)):
            if cell.endswith("…"):
                continue
            # a cell not cut is whole: a number, a code, a word or words, a footnote mark
            assert re.fullmatch(r"[-\w.,%()?' ·\[\]é/&ü]*", cell), cell
    assert "Pola\n" not in text and "shar\n" not in text


def test_long_text_goes_to_footnotes_and_hidden_columns_are_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(render, "write_plain", render.write_rich)
    text = ok(
        "series", "-c", "POL", "-i", "share_gdp", "--release", "sipri-2026", "--start", "2024"
    ).stdout
    assert (
        "[1] https://www.sipri.org/sites/default/files/SIPRI-Milex-data-1949-2025_v1.2.xlsx" in text
    )
    assert "│ [1]" in text
    narrow = terminal_output(
        monkeypatch, "series", "-c", "POL", "-i", "share_gdp", "--start", "2024"
    )
    assert "not shown at this width:" in narrow and "source_url" in narrow


def test_numbers_are_never_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    text = terminal_output(monkeypatch, "gap", "--commitment", "hague-core")
    for line in text.splitlines():
        if line.startswith(BORDER):
            cells = [c.strip() for c in line.strip(BORDER).split(BORDER)]
            assert not any(re.fullmatch(r"[-\u2212]?[\d,.]+…", c) for c in cells), line


def test_csv_and_json_write_computed_figures_at_their_sources_precision() -> None:
    from tests.cli_helpers import records

    rows = records(ok("pathway", "all", "--format", "csv").stdout)
    for row in rows:
        for column in ("spending_start_usd_bn", "cumulative_extra_usd_bn"):
            assert len(row[column].partition(".")[2]) <= 3, (column, row[column])
        assert len(row["required_real_growth_pct"].partition(".")[2]) <= 2
    import json

    document = json.loads(ok("pathway", "ESP", "--format", "json").stdout)
    first = document["allies"][0]["years"][1]
    assert first["spending_usd_bn"] == round(first["spending_usd_bn"], 3)
    assert not any(str(v) == "-0.0" for r in rows for v in r.values())  # no negative zero anywhere
