"""Output renderers shared by every CLI command: a table in a terminal, plain text when piped,
CSV and JSON. Title and notes go with the table; for CSV and JSON, notes go to stderr so the
data on stdout stays machine-readable."""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from typing import Any, TextIO

from milex.errors import InvalidQueryError
from milex.figures import MINUS, figure
from milex.table import FLAG_COLUMNS, Table

FORMATS = ("table", "csv", "json")
# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): =HYPERLINK(...), +cmd|..., -2+3, @SUM(...), and tab or carriage return first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell no spreadsheet runs as a formula: text that starts like one gets a leading
    apostrophe, as OWASP recommends ('=1+2 shows as =1+2); numbers, and text that is only a
    number ("-1.5"), are left as they are."""
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_START)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def _cell_csv(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    safe = spreadsheet_safe(value)
    if isinstance(safe, str) and "\r" in safe:
        # The csv module quotes a field with a line feed but not one with a bare carriage
        # return, which would end the row in a spreadsheet: line breaks become line feeds.
        safe = safe.replace("\r\n", "\n").replace("\r", "\n")
    return safe


def _cell_text(value: Any, flag: bool = False, minus: str = "-") -> str:
    """A cell as a person reads it: figures at two decimals (by milex.figures: no "-0.00"),
    a figure too small for two as three significant digits; ``minus`` is the sign of a
    negative figure (a true minus in a terminal, the hyphen-minus in plain text for pipes)."""
    if value is None:
        return "?" if flag else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if abs(value) >= 0.005 or value == 0:
            return figure(value, minus=minus)
        small = f"{abs(value):.3g}"
        return minus + small if value < 0 else small
    if isinstance(value, int) and value < 0:
        return minus + str(-value)
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _flags(table: Table) -> list[bool]:
    """Per column: does it hold yes/no flags? An empty cell of one is unknown ("?")."""
    return [
        all(isinstance(r[i], bool) or r[i] is None for r in table.rows)
        and (name in FLAG_COLUMNS or any(isinstance(r[i], bool) for r in table.rows))
        for i, name in enumerate(table.columns)
    ]


def write_csv(table: Table, out: TextIO) -> None:
    """CSV with a header row; empty cells for missing values; no cell a spreadsheet would run
    as a formula (see :func:`spreadsheet_safe`)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_cell_csv(c) for c in table.columns])
    for row in table.written_rows():
        writer.writerow([_cell_csv(v) for v in row])


def write_json(table: Table, out: TextIO) -> None:
    """One JSON object: title, columns, rows (an object each), notes and each column's
    metadata (unit, prices, sources, licence, citation), as the API answers."""
    json.dump(table.to_json(), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_plain(table: Table, out: TextIO) -> None:
    """Aligned plain text, for pipes and files."""
    flags = _flags(table)
    cells = [[_cell_text(v, f) for v, f in zip(row, flags, strict=True)] for row in table.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(table.columns)]
    numeric = [any(_is_number(r[i]) for r in table.rows) for i in range(len(table.columns))]

    def line(values: list[str]) -> str:
        parts = [
            v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    if table.title:
        out.write(table.title + "\n\n")
    out.write(line(table.columns) + "\n")
    out.write(line(["-" * w for w in widths]) + "\n")
    for row in cells:
        out.write(line(row) + "\n")
    if table.notes:
        out.write("\n" + "".join(note + "\n" for note in table.notes))


# A text column whose cells run longer than this goes to numbered footnotes in a terminal.
FOOTNOTE_WIDTH = 40


def _long_columns(table: Table, cells: list[list[str]]) -> set[int]:
    """Columns of long text (URLs, provenance, reasons: their typical cell, the median, is
    long, not only one of them): footnotes in a terminal."""
    out = set()
    for i in range(len(table.columns)):
        if any(_is_number(r[i]) for r in table.rows):
            continue
        lengths = sorted(len(row[i]) for row in cells if row[i])
        if lengths and lengths[len(lengths) // 2] > FOOTNOTE_WIDTH:
            out.add(i)
    return out


def _footnote(cells: list[list[str]], columns: list[int]) -> list[str]:
    """Each distinct value of these columns becomes a numbered footnote (in the order the
    table shows them) and the cell shows its number."""
    footnotes: dict[str, int] = {}
    for row in cells:
        for i in columns:
            if row[i]:
                number = footnotes.setdefault(row[i], len(footnotes) + 1)
                row[i] = f"[{number}]"
    return [f"[{n}] {text}" for text, n in footnotes.items()]


# The narrowest a text column is cut to (with "…"); numbers are never cut.
MIN_TEXT_WIDTH = 8


def _fit(widths: list[int], numeric: list[bool], room: int) -> tuple[list[int], list[int]]:
    """Which columns a terminal of ``room`` characters shows, and at what width: left to
    right while they fit at their narrowest (numbers whole, text cut to MIN_TEXT_WIDTH), the
    space left shared out up to each column's full width."""
    narrowest = [w if n else min(w, MIN_TEXT_WIDTH) for w, n in zip(widths, numeric, strict=True)]
    shown: list[int] = []
    used = 1  # the left border
    for i, least in enumerate(narrowest):
        if used + least + 3 > room and shown:
            break
        shown.append(i)
        used += least + 3  # padding either side and a border
    sizes = {i: narrowest[i] for i in shown}
    spare = room - used
    for i in shown:  # widen, left to right, up to each column's full width
        grow = min(widths[i] - sizes[i], max(spare, 0))
        sizes[i] += grow
        spare -= grow
    return shown, [sizes[i] for i in shown]


def write_rich(table: Table, out: TextIO) -> None:
    """A rich table for a terminal: one line per row whatever the width, never a word broken:
    long text goes to numbered footnotes below, a cell too wide is cut with "…", numbers are
    never cut, and columns that do not fit are named below (``--format csv`` has them all)."""
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console(file=out)
    flags = _flags(table)
    cells = [
        [_cell_text(v, f, MINUS) for v, f in zip(row, flags, strict=True)] for row in table.rows
    ]
    long = _long_columns(table, cells)
    numeric = [any(_is_number(r[i]) for r in table.rows) for i in range(len(table.columns))]
    widths = [
        max([len(column)] + [len(f"[{len(cells)}]") if i in long else len(row[i]) for row in cells])
        for i, column in enumerate(table.columns)
    ]
    shown, sizes = _fit(widths, numeric, console.width)
    footnotes = _footnote(cells, [i for i in shown if i in long])
    if table.title:
        console.print(table.title, markup=False, highlight=False)
    view = RichTable(show_lines=False)
    for i, size in zip(shown, sizes, strict=True):
        view.add_column(
            table.columns[i],
            justify="right" if numeric[i] else "left",
            overflow="ellipsis",
            no_wrap=True,
            width=size,
        )
    for row in cells:
        view.add_row(*[row[i] for i in shown])
    console.print(view)
    hidden = [c for i, c in enumerate(table.columns) if i not in shown]
    lines = [*footnotes, *table.notes]
    if hidden:
        lines.append(
            f"not shown at this width: {', '.join(hidden)} (--format csv or json has every column)"
        )
    for line in lines:  # not broken by rich: a terminal wraps a long URL without a break
        console.print(line, style="dim", markup=False, highlight=False, soft_wrap=True)


def render_object(value: Any, out: TextIO | None = None) -> None:
    """Write a nested object (e.g. a pathway report) as JSON."""
    out = out or sys.stdout
    json.dump(value, out, ensure_ascii=False, indent=2)
    out.write("\n")


def render(
    table: Table,
    fmt: str = "table",
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> None:
    """Write a table in one of FORMATS."""
    out = out or sys.stdout
    err = err or sys.stderr
    if fmt == "csv":
        write_csv(table, out)
    elif fmt == "json":  # the notes are in the object
        write_json(table, out)
        return
    elif fmt == "table":
        (write_rich if out.isatty() else write_plain)(table, out)
        return
    else:
        raise InvalidQueryError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    for note in table.notes:
        err.write(f"note: {note}\n")
