"""A light result table: columns, rows, a title and notes. Converts to pandas on demand.

The query layer returns these so that the CLI never has to import pandas (start-up time);
the Python API turns them into DataFrames with :meth:`Table.to_pandas`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

# Columns of yes/no flags by name: an empty cell is unknown (pandas <NA>, "?" in a terminal),
# even in a column of unknowns alone.
FLAG_COLUMNS = frozenset({"estimate"})


def decimals(column: str) -> int | None:
    """How many decimals a computed column is written with in CSV and JSON: the precision of
    its source, no float noise (``50.029999999999994``). Figures read from a release as they
    are (``value``) keep every digit the publisher gave."""
    if column in ("value", "year", "rank", "rows", "pages", "page", "total_rows"):
        return None
    if column.startswith("p_") or column.endswith(("_ratio", "_probability")):
        return 3  # probabilities and ratios
    if column.endswith("_per_capita"):
        return 0  # whole dollars
    if column.endswith("_bn"):
        return 3  # billions to the million, the unit of NATO's and SIPRI's money tables
    if column.endswith(("_pct", "_pp", "share", "_gdp")) or column.startswith(
        ("share_", "previous_share", "start_share", "value_")
    ):
        return 2  # percentages, as NATO prints them
    return None


def rounded(value: Any, places: int | None) -> Any:
    """A float at ``places`` decimals (never -0.0); anything else as it is."""
    if places is None or not isinstance(value, float) or isinstance(value, bool):
        return value
    out = round(value, places)
    return 0.0 if out == 0 else out


def written(row: Sequence[Any], places: Sequence[int | None]) -> tuple[Any, ...]:
    """A row as CSV and JSON write it: each value :func:`rounded` to its column's ``places``
    (inlined: JSON answers of thousands of figures call this per row)."""
    return tuple(
        [
            v if p is None or not isinstance(v, float) else (round(v, p) or 0.0)
            for v, p in zip(row, places, strict=True)
        ]
    )


# Below this distance from a half, numpy's rint(v * 10**p) might round the other way from the
# exact decimal value (the product carries at most half an ulp of error: 2e-9 at 1e7).
_NEAR_HALF = 1e-6
_EXACT_BELOW = 1e9  # beyond this, Python's round is used for every value
_FLOAT_OR_NONE = frozenset({float, type(None)})
_MANY_FROM = 30  # rows: below, written row by row is the faster (measured, see written_many)


def written_many(
    rows: Sequence[Sequence[Any]], places: Sequence[int | None]
) -> list[tuple[Any, ...]]:
    """:func:`written` for many rows at once: the same values, each column of floats rounded
    by numpy. ``rint(v * 10**p) / 10**p`` is the double nearest the correctly rounded decimal,
    which is what Python's ``round`` returns, unless ``v * 10**p`` lies within float error of a
    half; those values (and any column holding something else than floats) go through
    :func:`rounded`. The 310 years of an answer of all allies (3,100 figures): 0.40 ms
    against 0.99 ms row by row (best of five, in-process, 2026-12-03). Fewer rows than
    :data:`_MANY_FROM` go row by row: numpy's cost per column is then the larger (the 10
    years of one ally: 35 us row by row against 93 us; level at 30 rows)."""
    if len(rows) < _MANY_FROM:
        return [written(row, places) for row in rows]
    return written_columns(list(zip(*rows, strict=True)), places)


def written_columns(
    columns: Sequence[Sequence[Any]], places: Sequence[int | None]
) -> list[tuple[Any, ...]]:
    """:func:`written_many` for rows given as columns (all of one length): the rows."""
    if not columns or len(columns[0]) < _MANY_FROM:
        return [written(row, places) for row in zip(*columns, strict=True)]
    out: list[Sequence[Any]] = []
    for column, p in zip(columns, places, strict=True):
        if p is None or not set(map(type, column)) <= _FLOAT_OR_NONE:
            out.append(column if p is None else [rounded(v, p) for v in column])
            continue
        values = np.array(column, dtype=float)  # None is NaN, doubtful below: kept as None
        scale = 10.0**p
        with np.errstate(invalid="ignore", over="ignore"):  # inf and NaN: doubtful below
            scaled = values * scale
            result = np.rint(scaled) / scale + 0.0  # + 0.0: never -0.0
            doubtful = ~(np.abs(np.abs(scaled - np.floor(scaled)) - 0.5) >= _NEAR_HALF) | ~(
                np.abs(scaled) < _EXACT_BELOW
            )
        listed = result.tolist()
        for i in np.flatnonzero(doubtful).tolist():
            listed[i] = rounded(column[i], p)
        out.append(listed)
    return list(zip(*out, strict=True))


@dataclass
class Table:
    """Rows with named columns, plus the title and notes that belong with them."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    title: str | None = None
    notes: list[str] = field(default_factory=list)
    truncated: bool = False  # rows were left out (a row cap was reached)
    # Per column: what it measures, in which unit and prices, from which releases (each with
    # its producer, licence and a citation): the shape of owid-catalog's VariableMeta/Origin.
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts, column name to value."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def written_rows(self) -> list[tuple[Any, ...]]:
        """The rows as CSV and JSON write them: computed figures at their column's decimals."""
        places = [decimals(c) for c in self.columns]
        if not any(p is not None for p in places):
            return self.rows
        return [written(row, places) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        """All values of one column."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def select(self, columns: Sequence[str]) -> Table:
        """A table with only these columns, in this order."""
        indexes = [self.columns.index(c) for c in columns]
        return Table(
            list(columns),
            [tuple(r[i] for i in indexes) for r in self.rows],
            self.title,
            list(self.notes),
            self.truncated,
            {c: m for c, m in self.meta.items() if c in columns},
        )

    def to_json(self) -> dict[str, Any]:
        """The table as one object: title, columns, rows (objects), notes and metadata."""
        return {
            "title": self.title,
            "columns": list(self.columns),
            "rows": [dict(zip(self.columns, r, strict=True)) for r in self.written_rows()],
            "notes": list(self.notes),
            "metadata": self.meta,
        }

    def to_pandas(self) -> pd.DataFrame:
        """A DataFrame of the rows; the title and notes go in ``DataFrame.attrs``."""
        import pandas as pd

        frame = pd.DataFrame.from_records(self.rows, columns=self.columns)
        for index, name in enumerate(self.columns):
            present = [row[index] for row in self.rows if row[index] is not None]
            if name in FLAG_COLUMNS and all(isinstance(v, bool) for v in present):
                frame[name] = frame[name].astype("boolean")
                continue
            if not present or len(present) == len(self.rows):
                continue
            # Keep whole numbers whole and flags boolean where some cells are empty.
            if all(isinstance(v, bool) for v in present):
                frame[name] = frame[name].astype("boolean")
            elif all(isinstance(v, int) and not isinstance(v, bool) for v in present):
                frame[name] = frame[name].astype("Int64")
        frame.attrs["title"] = self.title
        frame.attrs["notes"] = list(self.notes)
        frame.attrs["metadata"] = self.meta
        return frame


def pivot(table: Table, index: str, columns: Sequence[str], value: str) -> Table:
    """Reshape a long table wide: one row per ``index`` value, one column per distinct
    combination of ``columns`` (joined with a space), cells from ``value``."""
    at = {name: table.columns.index(name) for name in (index, value, *columns)}
    headers: list[str] = []
    cells: dict[Any, dict[str, Any]] = {}
    for row in table.rows:
        header = " ".join(str(row[at[c]]) for c in columns)
        if header not in headers:
            headers.append(header)
        cells.setdefault(row[at[index]], {})[header] = row[at[value]]
    rows = [(key, *(cells[key].get(h) for h in headers)) for key in sorted(cells)]
    return Table([index, *headers], rows, table.title, list(table.notes))
