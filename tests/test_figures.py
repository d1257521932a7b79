"""Figures as people write them (milex.figures, the one formatter of the pages, the terminal
tables and the notes): a true minus before the currency ("−$9.94 bn", never "$-9.94 bn"), and no
negative zero ("0.00", never "-0.00" or "−0.00"). CSV and JSON keep plain numbers."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from milex import render
from milex.figures import MINUS, figure, money
from milex.table import Table
from tests.cli_helpers import ok

NEGATIVE_ZERO = re.compile(r"[-\u2212]0\.0+(?![0-9])")
SIGN_AFTER_CURRENCY = re.compile(r"[$€][-\u2212]")


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (-9.94, 2, "−9.94"),
        (1234.567, 2, "1,234.57"),
        (-1234.567, 1, "−1,234.6"),
        (-0.004, 2, "0.00"),
        (-0.0, 2, "0.00"),
        (0.004, 2, "0.00"),
        (-0.005001, 2, "−0.01"),
        (-0.4, 0, "0"),
        (12.0, 0, "12"),
    ],
)
def test_figure(value: float, places: int, text: str) -> None:
    assert figure(value, places) == text


def test_signed_figures_and_plain_minus() -> None:
    assert figure(0.31, sign=True) == "+0.31"
    assert figure(-0.31, sign=True) == "−0.31"
    assert figure(-0.001, sign=True) == "0.00"  # a change that rounds to nothing has no sign
    assert figure(-2.5, 1, minus="-") == "-2.5"


@pytest.mark.parametrize(
    ("args", "kwargs", "text"),
    [
        ((-9.94,), {}, "−$9.94 bn"),
        ((9.94,), {}, "$9.94 bn"),
        ((-0.001,), {}, "$0.00 bn"),
        ((-31.74,), {"currency": "€"}, "−€31.74 bn"),
        ((-3.1,), {"currency": "", "unit": "bn PLN"}, "−3.10 bn PLN"),
        ((12.04, 1), {"currency": "USD "}, "USD 12.0 bn"),
        ((-1520.4, 0), {"unit": ""}, "−$1,520"),
        ((-9.94,), {"minus": "-"}, "-$9.94 bn"),
    ],
)
def test_money(args: tuple[float, ...], kwargs: dict[str, str], text: str) -> None:
    assert money(*args, **kwargs) == text  # type: ignore[arg-type]


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(0, 3))
def test_never_a_negative_zero_nor_a_sign_after_the_currency(value: float, places: int) -> None:
    for text in (figure(value, places), money(value, places), figure(value, places, sign=True)):
        assert not NEGATIVE_ZERO.search(text), text
        assert not SIGN_AFTER_CURRENCY.search(text), text
        assert "-" not in text  # a true minus, never the hyphen-minus
        # The figure reads back as the value, rounded.
        number = float(text.replace(MINUS, "-").replace("$", "").replace(",", "").split()[0])
        assert number == pytest.approx(round(value, places), abs=10**-places)


TABLE = Table(
    ["country", "change_pp", "extra_usd_bn", "small"],
    [("A", -9.94, -1234.5, -0.0001), ("B", -0.0, -0.004, 0.0), ("C", 2.5, 0.001, 1e-05)],
)


def test_terminal_tables_write_a_true_minus_and_no_negative_zero() -> None:
    out = io.StringIO()
    render.write_rich(TABLE, out)
    text = out.getvalue()
    assert "−9.94" in text and "−1,234.50" in text and "−0.0001" in text
    assert "1e-05" in text  # an exponent keeps its hyphen: it is no sign of the figure
    assert not NEGATIVE_ZERO.search(text)


def test_plain_text_for_pipes_keeps_the_hyphen_minus_and_no_negative_zero() -> None:
    out = io.StringIO()
    render.write_plain(TABLE, out)
    text = out.getvalue()
    assert "-9.94" in text and "-1,234.50" in text
    assert MINUS not in text
    assert not NEGATIVE_ZERO.search(text)


def test_csv_and_json_keep_plain_numbers() -> None:
    out = io.StringIO()
    render.write_csv(TABLE, out)
    assert "A,-9.94,-1234.5" in out.getvalue() and MINUS not in out.getvalue()
    out = io.StringIO()
    render.write_json(TABLE, out)
    rows = json.loads(out.getvalue())["rows"]
    assert rows[0]["change_pp"] == -9.94 and rows[1]["change_pp"] == 0.0


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("example", ["eu-deal-2025-08", "us-drawdown-half"])
def test_scenario_tables_in_a_terminal(
    example: str, monkeypatch: pytest.MonkeyPatch, milex_home: Path
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(render, "write_plain", render.write_rich)  # as if stdout were a tty
    text = ok("scenario", str(EXAMPLES / f"{example}.yaml"), "--draws", "200").stdout
    assert not NEGATIVE_ZERO.search(text)
    cells = [
        c.strip() for line in text.splitlines() if line.startswith("│") for c in line.split("│")
    ]
    figures = [c for c in cells if re.fullmatch(r"[-−]?[\d,]+\.\d+", c)]
    assert len(figures) > 100
    assert not [c for c in figures if c.startswith("-")]  # a true minus, always
    if example == "eu-deal-2025-08":
        assert any(c.startswith(MINUS) for c in figures)  # the tariffs cost GDP
