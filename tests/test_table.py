"""milex.table: the rounding that CSV and JSON writers apply, row by row."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from milex.table import _MANY_FROM, Table, rounded, written, written_many

VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e6, max_value=1e6).map(lambda v: round(v, 4) + 0.0005),  # near ties
    st.integers(min_value=-(10**12), max_value=10**12),
    st.booleans(),
    st.none(),
    st.text(max_size=3),
)
PLACES = st.one_of(st.none(), st.integers(min_value=0, max_value=3))


@given(st.lists(st.tuples(VALUES, PLACES), max_size=14))
def test_written_rounds_each_value_as_rounded_does(cells: list[tuple[Any, int | None]]) -> None:
    row = tuple(v for v, _ in cells)
    places = [p for _, p in cells]
    # repr tells -0.0 from 0.0 and compares NaN with NaN
    assert repr(written(row, places)) == repr(tuple(rounded(v, p) for v, p in cells))


FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e6, max_value=1e6).map(lambda v: round(v, 4) + 0.0005),  # near ties
    st.floats(min_value=-1e4, max_value=1e4).map(lambda v: round(v, 2) + 0.005),  # near ties
    st.floats(min_value=-1e12, max_value=1e12),
)


@given(
    # enough rows for numpy to round them (fewer go row by row, through written itself)
    st.lists(
        st.tuples(FLOATS, st.one_of(FLOATS, st.none()), VALUES),  # None: a year without growth
        min_size=_MANY_FROM,
        max_size=_MANY_FROM + 20,
    ),
    st.tuples(st.integers(0, 3), st.integers(0, 3), PLACES),
)
def test_written_many_gives_what_written_gives_row_by_row(
    rows: list[tuple[Any, ...]], places: tuple[int, int, int | None]
) -> None:
    # numpy rounds the columns of floats; the values near a half go through Python's round
    assert repr(written_many(rows, places)) == repr([written(r, places) for r in rows])


def test_written_rows_never_write_minus_zero_or_float_noise() -> None:
    table = Table(["iso3", "share_gdp", "gap_usd_bn", "year"], [("DEU", -0.001, 50.0299999, 2026)])
    assert table.written_rows() == [("DEU", 0.0, 50.03, 2026)]
    assert repr(table.written_rows()[0][1]) == "0.0"
