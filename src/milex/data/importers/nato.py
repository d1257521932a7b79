"""NATO's "Defence Expenditure of NATO Countries" tables: the xlsx workbook, or a PDF with text.

One release per file, ``nato-YYYY-MM``. YYYY is the edition: the last year of the tables'
headers. MM and the publication date come from the date NATO puts before its file names
(``240617-def-exp-2024-TABLES-en.xlsx`` -> nato-2024-06, published 2024-06-17), or from the
user (``--release`` / ``--published``) when the name has none. The layouts differ between
editions (shared/data/FORMATS.md): sheet names (``TABLE2``, ``Table 2``), title, header and
label positions are found, never assumed. What is read:

    table  blocks (by subtitle)                         indicators
    1      Current prices / Constant YYYY prices        lcu_current_million, lcu_constant_million
    2      Current / Constant ... and exchange rates    usd_current_million, usd_constant_million
    3      Share of real GDP / Annual real change       share_gdp, real_change_pct
    5      Current / Constant ... and exchange rates    gdp_usd_current_million, ..._constant_...
    6      GDP per capita / (Core) defence exp. p.c.    gdp_per_capita_thousand_usd, per_capita_usd
    7      one block                                    personnel_thousands
    8a     Equipment / Personnel                        equipment_share, personnel_share
    8b     Infrastructure / Other                       infrastructure_share, other_share

Table 4 of the June 2024 edition summarises Tables 2 and 3: it is checked against them and not
stored. Years headed ``2024e`` are NATO's estimates (estimate=1, flag ``e``). A ``*`` after an
ally's name is stored as a note with the text of the table's ``*`` footnote.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from milex.data import countries
from milex.data.importers.common import (
    MISSING_MARKERS,
    Gap,
    ParsedRelease,
    Row,
    SourceFile,
    date_in_name,
    release_id_ok,
)
from milex.data.importers.xlsx import (
    Cell,
    CellError,
    Workbook,
    cell_number,
    cell_ref,
    check_size,
)
from milex.data.missing import NOT_PUBLISHED
from milex.data.schema import Series
from milex.errors import ImportFileError

PUBLISHER = "NATO Public Diplomacy Division"
URL = "https://www.nato.int/content/dam/nato/webready/documents/finance/def-exp-{edition}-en.{ext}"
MARKERS = "NATO's cells hold a number, or are empty or '-' / 'n.a.' where there is no figure"
ESTIMATE_FLAG = "e"
NO_DATE = (
    "the file name has no date (NATO names files YYMMDD-def-exp-YYYY-...); give --release "
    "nato-YYYY-MM (and --published YYYY-MM-DD for an edition the store does not hold)"
)
NO_TEXT = (
    "has no text layer (a scanned image, like NATO's 2026 PDF): import NATO's xlsx of the "
    "same edition instead"
)
# A header row has at least this many year cells (NATO's tables run over 10 years or more).
MIN_YEARS = 5
# The title "Table N : ..." is looked for in this many rows and columns of a sheet.
TITLE_ROWS, TITLE_COLS = 40, 12

TITLE = re.compile(r"\s*table\s*(\d+\s*[a-z]?)\s*:\s*(.*)", re.IGNORECASE | re.DOTALL)
SHEET = re.compile(r"\s*table\s*(\d+\s*[a-z]?)\s*", re.IGNORECASE)
YEAR_TEXT = re.compile(r"((?:19|20)\d\d)\s*(e?)", re.IGNORECASE)
NOTES = re.compile(r"notes?\b", re.IGNORECASE)
BASE_YEAR = re.compile(r"\b((?:19|20)\d\d) prices", re.IGNORECASE)
CUT_OFF = re.compile(r"cut-?\s*off[^.]*?(\d{1,2} [A-Z][a-z]+ (?:19|20)\d\d)", re.IGNORECASE)
STAR = re.compile(r"(.*?)\s*(\*+)\s*")
LAST_PARENS = re.compile(r"(.*?)\s*\([^()]*\)\s*")


@dataclass(frozen=True)
class Block:
    """One block of a NATO table: the subtitle that announces it and what it holds."""

    name: str  # the subtitle, as messages show it
    pattern: str  # regular expression matched at the start of the subtitle, any case
    indicator: str
    unit: str  # the unit, unless the table's unit row names one (see TableSpec.sheet_unit)
    # "subtitle": the subtitle's own words ("constant 2015 prices and exchange rates");
    # "{base}": a constant-price base with the base year the file states; None: no price base.
    price_base: str | None


@dataclass(frozen=True)
class TableSpec:
    """One of NATO's numbered tables and its blocks."""

    number: str
    blocks: tuple[Block, ...]
    sheet_unit: bool = False  # the row under the title ("Million US dollars") is the unit
    currency_in_label: bool = False  # labels end in "(Leks)": the national currency
    untitled: bool = False  # its one block may come without a subtitle


def _money(number: str, current: str, constant: str) -> TableSpec:
    """Tables 1, 2 and 5: a current-price block and a constant-price block."""
    unit = "million national currency" if number == "1" else "million US dollars"
    return TableSpec(
        number,
        (
            Block("Current prices", r"current\b", current, unit, "subtitle"),
            Block("Constant YYYY prices", r"constant\b", constant, unit, "subtitle"),
        ),
        sheet_unit=True,
        currency_in_label=number == "1",
    )


SHARES = "percent of defence expenditure"
TABLES: dict[str, TableSpec] = {
    spec.number: spec
    for spec in (
        _money("1", "lcu_current_million", "lcu_constant_million"),
        _money("2", "usd_current_million", "usd_constant_million"),
        TableSpec(
            "3",
            (
                Block(
                    "Share of real GDP",
                    r"share of (real )?gdp",
                    "share_gdp",
                    "percent of real GDP",
                    "{base}",
                ),
                Block(
                    "Annual real change",
                    r"annual real change",
                    "real_change_pct",
                    "percent annual real change of defence expenditure",
                    "{base}",
                ),
            ),
        ),
        _money("5", "gdp_usd_current_million", "gdp_usd_constant_million"),
        TableSpec(
            "6",
            (
                Block(
                    "GDP per capita",
                    r"gdp per capita",
                    "gdp_per_capita_thousand_usd",
                    "thousand US dollars",
                    "{base}",
                ),
                Block(
                    "Defence expenditure per capita",
                    r"(core )?defence expenditure per capita",
                    "per_capita_usd",
                    "US dollars of defence expenditure per capita",
                    "{base}",
                ),
            ),
        ),
        TableSpec(
            "7",
            (
                Block(
                    "Thousands",
                    r"(thousands|military personnel)",
                    "personnel_thousands",
                    "thousand military personnel",
                    None,
                ),
            ),
            untitled=True,
        ),
        TableSpec(
            "8a",
            (
                Block("Equipment", r"equipment", "equipment_share", SHARES, None),
                Block("Personnel", r"personnel", "personnel_share", SHARES, None),
            ),
            sheet_unit=True,
        ),
        TableSpec(
            "8b",
            (
                Block("Infrastructure", r"infrastructure", "infrastructure_share", SHARES, None),
                Block("Other", r"other", "other_share", SHARES, None),
            ),
            sheet_unit=True,
        ),
    )
}
SUMMARY_TABLE = "4"
# "{base}" price bases, per table: Table 6 is in US dollars, so its exchange rates are fixed too.
BASE_TEMPLATE = {"3": "constant {base} prices", "6": "constant {base} prices and exchange rates"}
# The one indicator NATO prints with a sign: every other figure is a level or a share.
SIGNED = frozenset({"real_change_pct"})


# -- reading a year, a label, a figure ------------------------------------------------------


def _year(cell: Cell) -> tuple[int, bool] | None:
    """(year, estimate) of a header cell: 2014.0, '2019' or '2023e'; None for anything else."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        if float(cell).is_integer() and 1900 <= cell <= 2100:
            return int(cell), False
        return None
    if isinstance(cell, str):
        match = YEAR_TEXT.fullmatch(cell.strip())
        if match:
            return int(match.group(1)), bool(match.group(2))
    return None


def _clean_label(label: str, currency_in_label: bool) -> tuple[str, bool]:
    """A row label without its currency ("Albania   (Leks)") and footnote star; and whether
    it had a star."""
    text = " ".join(label.split())
    if currency_in_label:
        match = LAST_PARENS.fullmatch(text)
        if match:
            text = match.group(1)
    match = STAR.fullmatch(text)
    if match and match.group(2):
        return match.group(1), True
    return text, False


@lru_cache(maxsize=512)
def _country(name: str) -> str | None:
    found = countries.find(name)
    return found.iso3 if found else None


def _plain(text: str) -> str:
    return " ".join(text.split())


def _without_parens(text: str) -> str:
    """A subtitle without its trailing "(%)" or "(a)"."""
    match = LAST_PARENS.fullmatch(text)
    return match.group(1) if match else text


# -- where the cells come from: a sheet or a PDF's text --------------------------------------


class Grid(ABC):
    """One table's rows, read from a sheet or from the text of a PDF's pages, and the names
    of its places for messages (a sheet's rows and cells; a PDF's pages and lines)."""

    def __init__(self, file: str, name: str) -> None:
        self.file = file
        self.name = name

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def place(self, row: int) -> str:
        """A row's name in messages: "row 12" (or "page 8, line 12")."""

    @abstractmethod
    def error(
        self, message: str, *, row: int | None = None, col: int | None = None, value: object = None
    ) -> ImportFileError:
        """An error naming the file and the place: sheet and cell or row, or page and line."""

    @abstractmethod
    def where(self, row: int, col: int) -> str:
        """A cell's name in a message about another: "sheet 'TABLE3', cell N15"."""

    @abstractmethod
    def blank(self, row: int) -> bool: ...

    @abstractmethod
    def header(self, row: int) -> list[tuple[int, Cell]] | None:
        """The cells of a row that looks like a header (at least MIN_YEARS years and no label
        before them), from its first year on; None for any other row."""

    @abstractmethod
    def text(self, row: int, before: int | None = None) -> tuple[str, int] | None:
        """The first text cell of a row (left of column ``before``) and its column."""

    @abstractmethod
    def has_figures(self, row: int, columns: list[int]) -> bool: ...

    @abstractmethod
    def figures(
        self, row: int, columns: list[int], unlabelled: bool = False
    ) -> list[tuple[int, float | None]]:
        """The row's figures in these year columns (None: no figure); errors name the cell.
        In an ``unlabelled`` row (skipped if it holds nothing but zeros) a formula's error
        counts as no figure: NATO's workbooks have rows of #REF! below some tables."""


class SheetGrid(Grid):
    """A worksheet's cells (0-based rows and columns; shown as Excel names them)."""

    def __init__(self, file: str, name: str, rows: list[list[Cell]]) -> None:
        super().__init__(file, name)
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def place(self, row: int) -> str:
        return f"row {row + 1}"

    def where(self, row: int, col: int) -> str:
        return f"sheet {self.name!r}, cell {cell_ref(row, col)}"

    def error(
        self, message: str, *, row: int | None = None, col: int | None = None, value: object = None
    ) -> ImportFileError:
        if row is not None and col is not None:
            return ImportFileError(
                self.file, message, sheet=self.name, cell=cell_ref(row, col), value=value
            )
        return ImportFileError(
            self.file, message, sheet=self.name, row=None if row is None else row + 1, value=value
        )

    def blank(self, row: int) -> bool:
        return all(
            cell == "" or (isinstance(cell, str) and not cell.strip()) for cell in self.rows[row]
        )

    def header(self, row: int) -> list[tuple[int, Cell]] | None:
        cells = self.rows[row]
        years = [col for col, cell in enumerate(cells) if _year(cell) is not None]
        if len(years) < MIN_YEARS:
            return None
        first = years[0]
        if any(isinstance(c, str) and c.strip() for c in cells[:first]):
            return None  # a labelled row: figures that happen to look like years
        return [(col, cell) for col, cell in enumerate(cells) if col >= first]

    def text(self, row: int, before: int | None = None) -> tuple[str, int] | None:
        for col, cell in enumerate(self.rows[row][:before]):
            if isinstance(cell, str) and cell.strip():
                return cell.strip(), col
        return None

    def has_figures(self, row: int, columns: list[int]) -> bool:
        cells = self.rows[row]
        return any(col < len(cells) and cells[col] != "" for col in columns)

    def figures(
        self, row: int, columns: list[int], unlabelled: bool = False
    ) -> list[tuple[int, float | None]]:
        cells = self.rows[row]
        return [
            (
                col,
                None
                if unlabelled and isinstance(cells[col], CellError)
                else cell_number(cells[col], self.file, self.name, row, col, MARKERS),
            )
            for col in columns
            if col < len(cells)
        ]


# A PDF's figures: "34,975", "34 975" (thousands in groups), "-2.63", "1.35".
_NUMBER = re.compile(r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_GROUP_START = re.compile(r"[-−]?\d{1,3}")
_GROUP = re.compile(r"\d{3}")
_LAST_GROUP = re.compile(r"\d{3}(?:\.\d+)?")


def _figure_token(token: str) -> bool:
    return _NUMBER.fullmatch(token) is not None or token.lower() in MISSING_MARKERS


def _to_float(text: str) -> float:
    return float(text.replace(",", "").replace("−", "-"))


def split_figures(tokens: list[str], count: int) -> list[float | None] | None:
    """The ``count`` figures a PDF line's tokens spell, or None when they spell none or more
    than one way. Thousands may be separated by spaces ("34 975"), so one figure may span
    several tokens: a 1-3 digit start, then groups of three digits (decimals on the last)."""
    memo: dict[tuple[int, int], tuple[int, list[float | None]]] = {}

    def ways(start: int, left: int) -> tuple[int, list[float | None]]:
        """How many splits of tokens[start:] into ``left`` figures (counted to 2), and one."""
        if left == 0 or start == len(tokens):
            return (1, []) if left == 0 and start == len(tokens) else (0, [])
        key = (start, left)
        if key in memo:
            return memo[key]
        total, found = 0, []
        token = tokens[start]
        options: list[tuple[int, float | None]] = []
        if token.lower() in MISSING_MARKERS:
            options.append((start + 1, None))
        elif _NUMBER.fullmatch(token):
            options.append((start + 1, _to_float(token)))
            if _GROUP_START.fullmatch(token):
                end = start + 1
                while end < len(tokens) and _LAST_GROUP.fullmatch(tokens[end]):
                    joined = "".join(tokens[start : end + 1])
                    options.append((end + 1, _to_float(joined)))
                    if not _GROUP.fullmatch(tokens[end]):
                        break  # decimals end a figure
                    end += 1
        for after, value in options:
            n, rest = ways(after, left - 1)
            if n and not total:
                found = [value, *rest]
            total = min(2, total + n)
        memo[key] = (total, found)
        return memo[key]

    total, found = ways(0, count)
    return found if total == 1 else None


@dataclass
class PdfLine:
    """One line of a PDF page's text, sorted into header, data or text."""

    page: int
    number: int
    kind: str  # "header", "data" or "text"
    text: str  # the whole line, or a data line's label
    tokens: list[str] = field(default_factory=list)  # a header's or data line's tokens


def _join_estimate_marks(tokens: list[str]) -> list[str]:
    """A year and its estimate mark printed apart ("2023 e", a superscript) made one token."""
    out: list[str] = []
    for token in tokens:
        if token.lower() == "e" and out and YEAR_TEXT.fullmatch(out[-1]):
            out[-1] += token
        else:
            out.append(token)
    return out


def pdf_line(page: int, number: int, line: str, currency_in_label: bool) -> PdfLine:
    """Sort one line of text: a year header, a label followed by figures, or text."""
    tokens = _join_estimate_marks(line.split())
    years = sum(1 for t in tokens if _year(t) is not None)
    if tokens and years >= MIN_YEARS and _year(tokens[0]) is not None:
        return PdfLine(page, number, "header", line.strip(), tokens)
    first = next((i for i, t in enumerate(tokens) if _figure_token(t)), None)
    if first is None or (len(tokens) == 1 and first == 0 and "." not in tokens[0]):
        return PdfLine(page, number, "text", line.strip())  # text, or a bare page number
    label, figures = " ".join(tokens[:first]), tokens[first:]
    if all(_figure_token(t) for t in figures):
        return PdfLine(page, number, "data", label, figures)
    name, _ = _clean_label(label, currency_in_label)
    if label and _country(name):  # an ally's line with text among its figures
        return PdfLine(page, number, "data", label, figures)
    return PdfLine(page, number, "text", line.strip())


class PdfGrid(Grid):
    """A table's lines in a PDF, as pdfplumber's text gives them; a data line is a label and
    one figure per year, so the year columns are 1..N in the order of the header."""

    def __init__(self, file: str, name: str, lines: list[PdfLine]) -> None:
        super().__init__(file, name)
        self.lines = lines

    def __len__(self) -> int:
        return len(self.lines)

    def place(self, row: int) -> str:
        line = self.lines[row]
        return f"page {line.page}, line {line.number}"

    def where(self, row: int, col: int) -> str:
        return f"{self.name}, {self.place(row)}"

    def error(
        self, message: str, *, row: int | None = None, col: int | None = None, value: object = None
    ) -> ImportFileError:
        where = self.name if row is None else f"{self.name}, {self.place(row)}"
        return ImportFileError(self.file, f"{where}: {message}", value=value)

    def blank(self, row: int) -> bool:
        return not self.lines[row].text and not self.lines[row].tokens

    def header(self, row: int) -> list[tuple[int, Cell]] | None:
        line = self.lines[row]
        if line.kind != "header":
            return None
        return [(col, token) for col, token in enumerate(line.tokens, start=1)]

    def text(self, row: int, before: int | None = None) -> tuple[str, int] | None:
        text = self.lines[row].text
        return (text, 0) if text else None

    def has_figures(self, row: int, columns: list[int]) -> bool:
        return self.lines[row].kind == "data"

    def figures(
        self, row: int, columns: list[int], unlabelled: bool = False
    ) -> list[tuple[int, float | None]]:
        tokens = self.lines[row].tokens
        bad = next((t for t in tokens if not _figure_token(t)), None)
        if bad is not None:
            raise self.error(f"text among the figures ({MARKERS})", row=row, value=bad)
        values = split_figures(tokens, len(columns))
        if values is None:
            raise self.error(
                f"{len(tokens)} figures that cannot be read as one per year for the "
                f"{len(columns)} years of the header (a blank cell, or thousands separated by "
                "spaces that can be split more than one way)",
                row=row,
                value=" ".join(tokens),
            )
        return list(zip(columns, values, strict=True))


# -- one table ---------------------------------------------------------------------------


@dataclass
class BlockRead:
    """The rows read from one block of a table."""

    spec: Block | None  # None: a subtitle milex does not know (an error if figures follow)
    subtitle: str
    row: int  # where the block starts (its subtitle, or its first row)
    rows: list[Row] = field(default_factory=list)
    cells: list[tuple[int, int]] = field(default_factory=list)  # each row's (row, column)
    starred: list[str] = field(default_factory=list)
    countries: int = 0


@dataclass
class TableRead:
    """What one table holds: its blocks, unit and explanation rows, years and footnotes."""

    spec: TableSpec
    grid: Grid
    title: str
    unit_text: str | None = None
    explanations: list[str] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    estimate_years: set[int] = field(default_factory=set)
    blocks: list[BlockRead] = field(default_factory=list)
    star_text: str | None = None
    notes_text: list[str] = field(default_factory=list)
    # rows with no label and only zeros (or formulas' errors)
    skipped: list[int] = field(default_factory=list)


class TableReader:
    """Walks a table's rows from its title down: header rows set the year columns, subtitle
    rows open blocks, data rows fill them, a blank row closes a block and "Notes" ends it."""

    def __init__(self, grid: Grid, spec: TableSpec, title_row: int, title: str) -> None:
        self.grid, self.spec, self.start = grid, spec, title_row + 1
        self.read = TableRead(spec, grid, title)
        self.columns: dict[int, tuple[int, bool]] = {}  # year column -> (year, estimate)
        self.block: BlockRead | None = None
        self.closed_at: int | None = None  # the blank row that closed the current block
        self.in_notes = False
        self.seen: dict[str, dict[str, int]] = {}  # indicator -> iso3 -> row
        self.last_text: tuple[int, str] | None = None  # the last text row above the header

    def run(self) -> TableRead:
        grid = self.grid
        headers = {r for r in range(self.start, len(grid)) if grid.header(r) is not None}
        if not headers:
            raise grid.error(
                f"no year header below the title: expected a row of at least {MIN_YEARS} years "
                "(2014, 2015, ... 2024e)"
            )
        for row in range(self.start, len(grid)):
            if self.in_notes:
                self._note(row)
            elif grid.blank(row):
                if self.block is not None and self.block.countries:
                    self.closed_at = row
            elif row in headers:
                self._header(row)
            elif not self.columns:
                self._above_header(row)
            else:
                self._row(row)
        if not any(block.rows for block in self.read.blocks):
            raise grid.error("no figures below the year header")
        return self.read

    def _header(self, row: int) -> None:
        cells = self.grid.header(row) or []
        columns: dict[int, tuple[int, bool]] = {}
        for col, cell in cells:
            if cell == "" or (isinstance(cell, str) and not cell.strip()):
                continue
            year = _year(cell)
            if year is None:
                raise self.grid.error(
                    "a column heading that is not a year (YYYY, or YYYYe for NATO's estimates)",
                    row=row,
                    col=col,
                    value=cell,
                )
            if columns and year[0] <= max(y for y, _ in columns.values()):
                raise self.grid.error(
                    "the years of the header are not in increasing order",
                    row=row,
                    col=col,
                    value=cell,
                )
            columns[col] = year
        self.columns = columns
        self.read.years |= {y for y, _ in columns.values()}
        self.read.estimate_years |= {y for y, e in columns.values() if e}

    def _above_header(self, row: int) -> None:
        found = self.grid.text(row)
        if found is None:
            raise self.grid.error("figures above the year header", row=row)
        text = _plain(found[0])
        self.last_text = (row, text)
        if self._open_block(row, text):
            return
        if self.read.unit_text is None:
            self.read.unit_text = text
        else:
            self.read.explanations.append(text)

    def _open_block(self, row: int, text: str) -> bool:
        """Start the block this subtitle announces; False when it announces none of ours."""
        for block in self.spec.blocks:
            if not re.match(block.pattern, text, re.IGNORECASE):
                continue
            if self.block is not None and self.block.spec == block and not self.block.countries:
                # The same block announced twice (Table 7's unit row and subtitle, "Thousands").
                self.block.subtitle, self.block.row = text, row
            else:
                self.block = BlockRead(block, text, row)
                self.read.blocks.append(self.block)
            self.closed_at = None
            return True
        return False

    def _row(self, row: int) -> None:
        grid = self.grid
        first_year = min(self.columns)
        columns = sorted(self.columns)
        label = grid.text(row, before=first_year)
        text = label[0] if label else ""
        if text and NOTES.match(text):
            self.in_notes = True
            self.read.notes_text.append(_plain(text))
            return
        if text.startswith("*"):  # the footnote of starred allies, before any "Notes" row
            self._note(row)
            return
        if not grid.has_figures(row, columns):
            self._text_row(row, text)
            return
        self._data_row(row, label, grid.figures(row, columns, unlabelled=label is None))

    def _text_row(self, row: int, text: str) -> None:
        """A row with text and no figures: a block subtitle, an ally without figures, or a
        subtitle milex does not read (an error only if figures follow it)."""
        found = self.grid.text(row)
        text = _plain(found[0]) if found else text
        if not text or self._open_block(row, text):
            return
        name, _ = _clean_label(text, self.spec.currency_in_label)
        if _country(name) is None:
            self.block = BlockRead(None, text, row)
            self.closed_at = None

    def _data_row(
        self, row: int, label: tuple[str, int] | None, values: list[tuple[int, float | None]]
    ) -> None:
        grid = self.grid
        if label is None:
            if all(not value for _, value in values):
                self.read.skipped.append(row)
                return
            raise grid.error("figures on a row with no country name", row=row)
        block = self._current_block(row)
        assert block.spec is not None  # (checked by _current_block)
        text, label_col = label
        name, starred = _clean_label(text, self.spec.currency_in_label)
        iso3 = _country(name)
        if iso3 is None:
            raise grid.error(
                "not a country milex knows (add it to the countries module, or fix the name)",
                row=row,
                col=label_col,
                value=text,
            )
        indicator = block.spec.indicator
        seen = self.seen.setdefault(indicator, {})
        if iso3 in seen:
            raise grid.error(
                f"{name} appears twice in the block for {indicator} ({grid.place(seen[iso3])} "
                f"and {grid.place(row)})",
                row=row,
                col=label_col,
                value=text,
            )
        seen[iso3] = row
        block.countries += 1
        if starred:
            block.starred.append(iso3)
        for col, value in values:
            if value is None:
                continue
            if value < 0 and indicator not in SIGNED:
                raise grid.error(
                    f"a negative figure for {indicator} (only Table 3's annual real change can "
                    "be negative)",
                    row=row,
                    col=col,
                    value=value,
                )
            year, estimate = self.columns[col]
            flag = ESTIMATE_FLAG if estimate else ""
            block.rows.append((iso3, year, indicator, value, int(estimate), flag))
            block.cells.append((row, col))

    def _current_block(self, row: int) -> BlockRead:
        """The block a data row belongs to, or an error saying why it belongs to none."""
        grid, block = self.grid, self.block
        known = ", ".join(repr(b.name) for b in self.spec.blocks)
        if block is None:
            if self.spec.untitled:
                self.block = BlockRead(self.spec.blocks[0], "", row)
                self.read.blocks.append(self.block)
                return self.block
            above = self.last_text
            hint = (
                f"; the nearest text above: {above[1]!r} ({grid.place(above[0])})" if above else ""
            )
            raise grid.error(
                f"figures before any block subtitle (Table {self.spec.number}'s blocks start "
                f"with {known}{hint})",
                row=row,
            )
        if block.spec is None:
            raise grid.error(
                f"figures under the subtitle {block.subtitle!r} ({grid.place(block.row)}), "
                f"which is not a block of Table {self.spec.number} (subtitles read: {known})",
                row=row,
            )
        if self.closed_at is not None:
            raise grid.error(
                f"figures after the blank {grid.place(self.closed_at)} that ended the block "
                f"{block.subtitle or block.spec.indicator!r}, with no new block subtitle",
                row=row,
            )
        return block

    def _note(self, row: int) -> None:
        """A row of the notes under a table: the '*' footnote's text is kept."""
        self.in_notes = True
        found = self.grid.text(row)
        if found is None:
            return
        text = _plain(found[0])
        if text.startswith("*") and self.read.star_text is None:
            self.read.star_text = text.lstrip("*").strip()
        self.read.notes_text.append(text)


# -- Table 4: a summary, checked against Tables 2 and 3 ---------------------------------------


# (indicator, iso3, year) -> the figure a table holds, and where: (grid, row, column).
Stored = dict[tuple[str, str, int], tuple[float, Grid, int, int]]


def check_summary(grid: Grid, title_row: int, stored: Stored) -> str:
    """Check the June 2024 Table 4 (2014 and 2024e in constant US dollars, real change, shares
    of real GDP) against Tables 2 and 3; a log line. Another layout is logged, not read."""
    label = f"{grid.name}: Table 4"
    if not isinstance(grid, SheetGrid):
        return f"{label}: summary of Tables 2 and 3, not checked in a PDF, not stored"
    found = _summary_header(grid, title_row)
    if found is None:
        return (
            f"{label}: not the summary layout milex knows (2014, 2024e, real change, shares): "
            "not stored"
        )
    header, money, shares = found
    held = {key[0] for key in stored}
    if "usd_constant_million" not in held:
        return (
            f"{label}: summary of Tables 2 and 3, not checked (no Table 2 constant-price "
            "block), not stored"
        )
    needed = {c: ("usd_constant_million", y) for c, y in money}
    if "share_gdp" in held:
        needed |= {c: ("share_gdp", y) for c, y in shares}
    checked = 0
    for row in range(header + 1, len(grid)):
        text = grid.text(row, before=min(needed))
        if text and NOTES.match(text[0]):
            break
        if text is None or not grid.has_figures(row, list(needed)):
            continue
        name, _ = _clean_label(text[0], False)
        iso3 = _country(name)
        if iso3 is None:
            raise grid.error("not a country milex knows", row=row, col=text[1], value=text[0])
        for col, value in grid.figures(row, list(needed)):
            indicator, year = needed[col]
            figure = stored.get((indicator, iso3, year))
            expected = figure[0] if figure else None
            if not _same(value, expected, indicator):
                raise _disagreement(grid, row, col, value, name, year, indicator, figure)
        checked += 1
    return (
        f"{label}: summary of Tables 2 and 3, checked, not stored ({checked} allies' figures "
        "equal Table 2's constant prices and Table 3's shares)"
    )


def _disagreement(
    grid: Grid,
    row: int,
    col: int,
    value: float | None,
    name: str,
    year: int,
    indicator: str,
    found: tuple[float, Grid, int, int] | None,
) -> ImportFileError:
    """Table 4 and Table 2 or 3 give two figures for one cell: an error naming both cells, at
    the one that cannot be right when only one is plausible (a share of GDP outside 0-100, a
    negative amount), else at Table 4's."""
    table = "Table 3" if indicator == "share_gdp" else "Table 2"
    if found is None:
        return grid.error(
            f"Table 4 gives {name} {year} a figure {table} does not have ({indicator})",
            row=row,
            col=col,
            value=value,
        )
    expected, other, other_row, other_col = found
    there = other.where(other_row, other_col)
    here = grid.where(row, col)

    def plausible(figure: float | None) -> bool:
        return figure is None or 0 <= figure <= (100 if indicator == "share_gdp" else math.inf)

    if plausible(value) and not plausible(expected):
        return other.error(
            f"{table}'s {name} {year} ({indicator}) is {expected:g}, Table 4 ({here}) gives "
            f"{value:g}: the tables disagree, and {expected:g} cannot be right",
            row=other_row,
            col=other_col,
            value=expected,
        )
    return grid.error(
        f"Table 4's {name} {year} differs from {table} ({indicator}: {expected:g} at {there}): "
        "the tables disagree; one of them is damaged",
        row=row,
        col=col,
        value=value,
    )


def _same(value: float | None, expected: float | None, indicator: str) -> bool:
    """Equal up to NATO's printed precision, in case one table holds rounded figures."""
    if value is None or expected is None:
        return value is expected
    return math.isclose(value, expected, abs_tol=0.005 if indicator == "share_gdp" else 0.5)


def _summary_header(
    grid: SheetGrid, title_row: int
) -> tuple[int, list[tuple[int, int]], list[tuple[int, int]]] | None:
    """The summary's header row, its money columns (col, year) and share columns."""
    for row in range(title_row + 1, min(len(grid), title_row + 20)):
        cells = grid.rows[row]
        money = [(c, y[0]) for c, cell in enumerate(cells) if (y := _year(cell)) is not None]
        texts = [(c, _plain(cell)) for c, cell in enumerate(cells) if isinstance(cell, str)]
        if len(money) != 2 or not any("real change" in t.lower() for _, t in texts):
            continue
        shares = [
            (c, int(m.group(1)))
            for c, t in texts
            if (m := re.search(r"share of real gdp\s+((?:19|20)\d\d)", t, re.IGNORECASE))
        ]
        return row, money, shares
    return None


# -- the file --------------------------------------------------------------------------------


@dataclass
class Found:
    """A table found in the file: where it is, its number and title."""

    grid: Grid
    number: str
    title_row: int
    title: str


def parse(
    path: Path,
    *,
    label: str | None = None,
    progress: Callable[[str], None] | None = None,
    release: str | None = None,
) -> ParsedRelease:
    """Read NATO's tables (xlsx, or a PDF with a text layer) into a release (not yet stored).

    ``release`` names the release when the file name has no date (``nato-2024-06``)."""
    name = label or path.name
    check_size(path, name)
    with path.open("rb") as handle:
        head = handle.read(8)
    log: list[str] = []
    if head.startswith(b"%PDF"):
        found = _pdf_tables(path, name, progress, log)
        return _release(path, name, found, "pdf", log, release)
    if head.startswith(b"PK"):
        with Workbook(path, name) as book:
            found = _sheet_tables(book, progress, log)
            return _release(path, name, found, "xlsx", log, release)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(name, "is an old binary .xls workbook: save it as .xlsx first")
    raise ImportFileError(
        name, f"is neither an xlsx workbook nor a PDF (it starts with {head[:8]!r})"
    )


def _sheet_tables(
    book: Workbook, progress: Callable[[str], None] | None, log: list[str]
) -> list[Found]:
    """The workbook's table sheets (TABLE1, Table 8a, ...), each with its title found."""
    file = book.label
    sheets = [s for s in book.sheet_names if SHEET.fullmatch(s)]
    if not sheets:
        raise ImportFileError(
            file,
            "not NATO's defence-expenditure tables: no sheet named like 'Table 1' or 'TABLE1' "
            f"(sheets: {', '.join(book.sheet_names)})",
        )
    for sheet in book.sheet_names:
        if sheet not in sheets:
            log.append(f"{sheet}: not one of NATO's numbered tables: not stored")
    book.prefetch(sheets)
    found = []
    for sheet in sheets:
        if progress:
            progress(sheet)
        grid = SheetGrid(file, sheet, book.rows(sheet))
        row, number, title = _sheet_title(grid, sheet)
        found.append(Found(grid, number, row, title))
    return found


def _sheet_title(grid: SheetGrid, sheet: str) -> tuple[int, str, str]:
    """The row, table number and text of the sheet's "Table N : ..." title."""
    match = SHEET.fullmatch(sheet)
    number = re.sub(r"\s", "", match.group(1)).lower() if match else ""
    for row, cells in enumerate(grid.rows[:TITLE_ROWS]):
        for col, cell in enumerate(cells[:TITLE_COLS]):
            if not isinstance(cell, str):
                continue
            title = TITLE.fullmatch(cell)
            if title is None:
                continue
            said = re.sub(r"\s", "", title.group(1)).lower()
            if said != number:
                raise grid.error(
                    f"the sheet's title is for Table {said}, its name for Table {number}",
                    row=row,
                    col=col,
                    value=cell,
                )
            return row, number, _plain(cell)
    raise grid.error(f"no title 'Table {number} : ...' in the first {TITLE_ROWS} rows")


def _pdf_texts(path: Path, file: str, progress: Callable[[str], None] | None) -> list[str]:
    """The text of each page (pdfplumber); errors name the file when it is not a readable PDF."""
    import pdfplumber

    texts = []
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                if progress:
                    progress(f"page {number}")
                texts.append(page.extract_text() or "")
    except Exception as exc:  # pdfminer raises many types for damaged or encrypted files
        kind = type(exc).__name__
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if "password" in type(cause).__name__.lower() or "encrypt" in str(cause).lower():
            raise ImportFileError(
                file, "is an encrypted PDF: save a copy without a password"
            ) from None
        raise ImportFileError(
            file, f"is not a readable PDF (damaged or truncated: {kind}: {exc})"
        ) from None
    if not texts:
        raise ImportFileError(file, "is a PDF with no pages (damaged or truncated)")
    return texts


def _pdf_tables(
    path: Path, file: str, progress: Callable[[str], None] | None, log: list[str]
) -> list[Found]:
    """The tables of a PDF: each starts at a line "Table N : ..." and runs to the next one
    or the end of its page (NATO prints a table per page); pages without one are logged."""
    texts = _pdf_texts(path, file, progress)
    if not any(text.strip() for text in texts):
        raise ImportFileError(file, NO_TEXT)
    found: list[Found] = []
    for page, text in enumerate(texts, start=1):
        current: list[PdfLine] | None = None
        currency = False
        for number, line in enumerate(text.splitlines(), start=1):
            title = TITLE.fullmatch(line.strip())
            if title:
                table = re.sub(r"\s", "", title.group(1)).lower()
                spec = TABLES.get(table)
                currency = spec.currency_in_label if spec else False
                current = [PdfLine(page, number, "text", _plain(line))]
                found.append(
                    Found(PdfGrid(file, f"Table {table}", current), table, 0, _plain(line))
                )
            elif current is not None:
                current.append(pdf_line(page, number, line, currency))
        if current is None and text.strip():
            log.append(f"page {page}: no table title ('Table N : ...'): not read")
    if not found:
        raise ImportFileError(
            file, "has text but no page with a title 'Table N : ...': not NATO's tables"
        )
    return found


def _release(
    path: Path,
    file: str,
    found: list[Found],
    ext: str,
    log: list[str],
    release: str | None,
) -> ParsedRelease:
    """Read every table found and put the release together."""
    tables, summaries, skipped = _read_tables(file, found)
    rows = [row for table in tables for block in table.blocks for row in block.rows]
    stored = {
        (r[2], r[0], r[1]): (r[3], table.grid, *cell)
        for table in tables
        for block in table.blocks
        for r, cell in zip(block.rows, block.cells, strict=True)
    }
    years = {year for table in tables for year in table.years}
    first, edition = min(years), max(years)
    estimates = ", ".join(map(str, sorted({y for t in tables for y in t.estimate_years})))
    head = [
        f"edition {edition} (the last year of the tables, {first}-{edition}); "
        f"estimates: {estimates or 'none'}"
    ]
    release_id, published = _release_id(file, edition, release, tables, head)
    url = URL.format(edition=edition, ext=ext)
    series, notes = _series_and_notes(tables, url)
    body = [line for table in tables for line in _table_log(table)]
    body += [check_summary(item.grid, item.title_row, stored) for item in summaries]
    source = SourceFile.of(path, file)
    precision = (
        "figures as the workbook holds them (NATO prints them rounded)"
        if ext == "xlsx"
        else "figures as the PDF prints them (rounded)"
    )
    core = any("core defence" in t.title.lower() for t in tables)
    return ParsedRelease(
        missing=_blanks(tables, published or date(edition, 12, 31)),
        measure="core defence expenditure" if core else "defence expenditure",
        release_id=release_id,
        source="nato",
        title=f"Defence Expenditure of NATO Countries ({first}-{edition})",
        publisher=PUBLISHER,
        published=published,
        url=url,
        licence=(
            "NATO public release; cite NATO, Defence Expenditure of NATO Countries "
            f"({first}-{edition})"
        ),
        provenance=(
            f"Imported by milex from NATO's file {file} (sha256 {source.sha256[:12]}...); "
            f"tables {', '.join(t.spec.number for t in tables)} read from the "
            f"{'workbook' if ext == 'xlsx' else 'PDF'}; {precision}; years headed 'e' "
            f"({estimates or 'none'}) are NATO's estimates (estimate=1, flag 'e')."
        ),
        file=source,
        series=series,
        rows=rows,
        notes=notes,
        log=head + body + log + skipped,
    )


def _blanks(tables: list[TableRead], published: date) -> list[Gap]:
    """The figures NATO's tables leave out: every ally at publication has a row in every year
    of each block (Iceland has none: no armed forces), so a figure not given is one NATO did
    not publish. Aggregates count only in blocks that have their rows."""
    allies = countries.members(published)
    out: list[Gap] = []
    for table in tables:
        for block in table.blocks:
            if block.spec is None or not block.rows:
                continue
            given = {(r[0], r[1]) for r in block.rows}
            codes = [c.iso3 for c in allies] + sorted(
                {r[0] for r in block.rows} & set(countries.NATO_AGGREGATES)
            )
            with_row = {r[0] for r in block.rows}
            for iso3 in codes:
                found = countries.get(iso3)
                where = "a blank cell" if iso3 in with_row else "no row"
                reason = f"{where} in NATO's Table {table.spec.number}"
                if not found.has_armed_forces:
                    reason = f"{found.name} has no armed forces: {reason}"
                out += [
                    (block.spec.indicator, iso3, year, NOT_PUBLISHED, reason)
                    for year in sorted(table.years)
                    if (iso3, year) not in given
                ]
    return out


def _read_tables(file: str, found: list[Found]) -> tuple[list[TableRead], list[Found], list[str]]:
    """The tables read, the summary tables (checked later) and log lines for the rest."""
    tables: list[TableRead] = []
    summaries: list[Found] = []
    skipped: list[str] = []
    where: dict[str, str] = {}
    for item in found:
        if item.number in where:
            raise ImportFileError(
                file,
                f"Table {item.number} appears twice ({where[item.number]} and {item.grid.name})",
            )
        where[item.number] = item.grid.name
        spec = TABLES.get(item.number)
        if spec is not None:
            tables.append(TableReader(item.grid, spec, item.title_row, item.title).run())
        elif item.number == SUMMARY_TABLE:
            summaries.append(item)
        else:
            skipped.append(
                f"{item.grid.name}: Table {item.number} is not one milex reads: not stored"
            )
    if not tables:
        raise ImportFileError(file, "has none of NATO's Tables 1-3, 5-7, 8a and 8b")
    return tables, summaries, skipped


def _series_and_notes(
    tables: list[TableRead], url: str
) -> tuple[dict[str, Series], list[tuple[str, str, str, str]]]:
    """Each block's series metadata, and a note for each starred ally of each block."""
    base = _base_year(tables)
    series: dict[str, Series] = {}
    notes: list[tuple[str, str, str, str]] = []
    any_star_text = next((t.star_text for t in tables if t.star_text), None)
    for table in tables:
        text = table.star_text or any_star_text or "(the table gives no text for this mark)"
        for block in table.blocks:
            if block.spec is None or not block.rows:
                continue
            series[block.spec.indicator] = Series(
                table=f"Table {table.spec.number}",
                unit=_unit(table, block.spec),
                price_base=_price_base(table, block, base),
                source_url=url,
            )
            notes += [(iso3, block.spec.indicator, "*", text) for iso3 in block.starred]
    return series, notes


def _release_id(
    file: str, edition: int, release: str | None, tables: list[TableRead], log: list[str]
) -> tuple[str, date | None]:
    """The release id and publication date: from the file name's date, else the user's id."""
    published = date_in_name(file)
    if published is not None:
        log.append(f"published {published.isoformat()}, from the date in the file name")
        if published.year != edition:
            log.append(
                f"note: the file name's date is in {published.year}, the tables end in {edition}"
            )
        return f"nato-{edition}-{published.month:02d}", published
    if release:
        if not release_id_ok(release):
            raise ImportFileError(
                file,
                "a release id is lower-case words and a year, e.g. nato-2026-07",
                field="release",
                value=release,
            )
        log.append(f"release id {release} given by the user (the file name has no date)")
        return release, None
    cut_off = next(
        (m.group(1) for t in tables for n in t.notes_text if (m := CUT_OFF.search(n))), None
    )
    hint = (
        f" (the notes give an information cut-off of {cut_off}; NATO publishes later)"
        if cut_off
        else ""
    )
    raise ImportFileError(file, NO_DATE + hint)


def _base_year(tables: list[TableRead]) -> str | None:
    """The edition's constant-price base year, as its constant-price subtitles state it."""
    for table in sorted(tables, key=lambda t: t.spec.number != "2"):
        for block in table.blocks:
            match = BASE_YEAR.search(block.subtitle)
            if match:
                return match.group(1)
    return None


def _unit(table: TableRead, block: Block) -> str:
    """The unit: the table's unit row where it names one for every block, else the block's."""
    text = table.unit_text
    if table.spec.sheet_unit and text and "prices" not in text.lower():
        return text
    return block.unit


def _price_base(table: TableRead, block: BlockRead, base: str | None) -> str | None:
    """The price base: a money block's subtitle, or the base year the table (or, failing
    that, the edition's constant-price subtitles) states."""
    spec = block.spec
    if spec is None or spec.price_base is None:
        return None
    if spec.price_base == "subtitle":
        return _without_parens(block.subtitle).lower() or None
    template = BASE_TEMPLATE.get(table.spec.number, "constant {base} prices")
    texts = [t for t in [table.unit_text, *table.explanations] if t]
    own = next((m.group(1) for t in texts if (m := BASE_YEAR.search(t))), None)
    year = own or base
    if year is None:
        return template.replace(" {base}", "") + " (base year not stated in the file)"
    return template.format(base=year)


def _table_log(table: TableRead) -> list[str]:
    """A line per block read, and one per row left out."""
    name = table.grid.name
    lines = []
    for block in table.blocks:
        if block.spec is None:
            continue
        subtitle = f" '{block.subtitle}'" if block.subtitle else ""
        lines.append(
            f"{name}: Table {table.spec.number}{subtitle}: {len(block.rows):,} figures -> "
            f"{block.spec.indicator} ({block.countries} countries)"
        )
    lines += [
        f"{name}: {table.grid.place(row)} has no label and only zeros or formula errors: skipped"
        for row in table.skipped
    ]
    return lines
