"""SIPRI's Military Expenditure Database workbook (``SIPRI-Milex-data-1949-YYYY.xlsx``).

One release per workbook, ``sipri-YYYY`` with YYYY the edition the front page asks users to
cite ("SIPRI Military Expenditure Database 2025"), or the last data year + 1 when the front
page does not say. Every country sheet is read (layout facts: shared/data/FORMATS.md):

    sheet                             indicator                    unit
    Share of GDP                      share_gdp                    % (SIPRI's fraction x 100)
    Constant (YYYY) US$               usd_constant_million         US$ m. at YYYY prices
    Current US$                       usd_current_million          US$ m.
    Per capita                        per_capita_usd               current US$
    Share of Govt. spending           share_govt_spending          % (fraction x 100)
    Local currency calendar years     lcu_current_million          national currency m.
    Local currency financial years    lcu_fiscal_current_million   national currency m.

Rules: ``...`` / ``. .`` (no data) and ``xxx`` (no such state) are left out; so are zeros,
which SIPRI puts in the money sheets where nothing was measured (the share sheet shows
``...`` for the same years). A blue figure is a SIPRI estimate (estimate=1, flag
``estimate``), a red one highly uncertain (flag ``highly_uncertain``). The Notes column's
marks (``‡§¶16``) are stored as notes with their text from the Footnotes sheet. Region
headings and ``Regional totals`` (regions, not countries) are not stored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from milex.data import countries
from milex.data.importers.common import ParsedRelease, Row, SourceFile
from milex.data.importers.xlsx import Cell, CellError, Workbook, cell_number, cell_ref
from milex.data.schema import Series
from milex.errors import ImportFileError

BLUE, RED = "FF0000FF", "FFFF0000"
MARKERS = "SIPRI's markers are '...', '. .' and 'xxx'"
SIPRI_MISSING = frozenset({"...", ". .", "xxx", ""})
URL = "https://www.sipri.org/databases/milex"
PUBLISHER = "Stockholm International Peace Research Institute"


@dataclass(frozen=True)
class SheetSpec:
    """How one SIPRI sheet maps to a milex indicator."""

    pattern: str  # regular expression on the sheet name
    indicator: str
    scale: float
    unit: str
    price_base: Callable[[re.Match[str]], str]


SHEETS = (
    SheetSpec(r"Share of GDP", "share_gdp", 100.0, "percent of GDP", lambda m: "current prices"),
    SheetSpec(
        r"Constant \((\d{4})\) US\$",
        "usd_constant_million",
        1.0,
        "million US dollars",
        lambda m: f"constant {m.group(1)} prices and exchange rates",
    ),
    SheetSpec(
        r"Current US\$",
        "usd_current_million",
        1.0,
        "million US dollars",
        lambda m: "current prices and exchange rates",
    ),
    SheetSpec(
        r"Per capita", "per_capita_usd", 1.0, "US dollars per capita", lambda m: "current prices"
    ),
    SheetSpec(
        r"Share of Govt\.? spending",
        "share_govt_spending",
        100.0,
        "percent of general government expenditure",
        lambda m: "current prices",
    ),
    SheetSpec(
        r"Local currency calendar years",
        "lcu_current_million",
        1e-6,
        "million national currency (calendar years)",
        lambda m: "current prices",
    ),
    SheetSpec(
        r"Local currency financial years",
        "lcu_fiscal_current_million",
        1e-6,
        "million national currency (financial years)",
        lambda m: "current prices",
    ),
)
# Sheets read for metadata or knowingly not stored.
NOT_STORED = {
    "Front page": "edition and terms of use read from it",
    "Regional totals": "regions, not countries: not stored",
    "Footnotes": "footnote texts, stored with the countries' notes",
}
SPECIAL_NOTES = {
    "†": "excludes military pensions",
    "‡": "current spending only (excludes capital spending)",
    "§": "adopted budget rather than actual expenditure",
    "¶": "excludes paramilitary forces",
    "‖": "currency changed or redenominated",
}


def _year(value: Cell) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float | int) and float(value).is_integer() and 1900 <= value <= 2100:
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*(19|20)\d\d\s*", value):
        return int(value)
    return None


def _header(
    rows: list[list[Cell]], file: str, sheet: str
) -> tuple[int, dict[int, int], int | None]:
    """The header row (the one starting "Country"), its year columns and its Notes column.
    From the first year on, every heading is the year after the one before it (SIPRI's run
    without gaps): a heading that is not a year ("19x0"), or a year missing, is an error, so
    no column of figures is left out unseen."""
    for number, row in enumerate(rows[:40]):
        if row and str(row[0]).strip().lower() == "country":
            years = {col: y for col, cell in enumerate(row) if (y := _year(cell)) is not None}
            if len(years) < 5:
                raise ImportFileError(
                    file,
                    "the header row has no year columns",
                    sheet=sheet,
                    row=number + 1,
                )
            seen: dict[int, int] = {}
            for col, year in years.items():
                if year in seen:
                    raise ImportFileError(
                        file,
                        f"year {year} heads two columns ({cell_ref(number, seen[year])} and "
                        f"{cell_ref(number, col)})",
                        sheet=sheet,
                        row=number + 1,
                    )
                seen[year] = col
            _check_year_run(row, years, file, sheet, number)
            notes = next(
                (c for c, cell in enumerate(row) if str(cell).strip().lower() == "notes"), None
            )
            return number, years, notes
    raise ImportFileError(
        file,
        "no header row: expected a row starting with 'Country' within the first 40 rows",
        sheet=sheet,
    )


def _check_year_run(
    row: list[Cell], years: dict[int, int], file: str, sheet: str, number: int
) -> None:
    """Every heading from the first year column to the last heading is the next year."""
    first = min(years)
    last = max((col for col, cell in enumerate(row) if cell != ""), default=first)
    expected = years[first]
    for col in range(first, last + 1):
        year = years.get(col)
        if year is None:
            raise ImportFileError(
                file,
                f"a column heading that is not a year, among the years (expected {expected}); "
                "its figures would be left out",
                sheet=sheet,
                cell=cell_ref(number, col),
                value=row[col] if row[col] != "" else "(blank)",
            )
        if year != expected:
            raise ImportFileError(
                file,
                f"year {year} where {expected} was expected: a year is missing from the "
                "headings, or they are out of order",
                sheet=sheet,
                cell=cell_ref(number, col),
                value=row[col],
            )
        expected += 1


def _footnotes(book: Workbook) -> dict[str, str]:
    """Footnote number -> text, from the Footnotes sheet (empty if there is none)."""
    if "Footnotes" not in book.sheet_names:
        return {}
    out = {}
    for row in book.rows("Footnotes"):
        cells = [c for c in row if c != ""]
        if len(cells) >= 2 and isinstance(cells[0], float | int) and not isinstance(cells[0], bool):
            out[str(int(cells[0]))] = str(cells[1]).strip()
    return out


def _note_text(marks: str, footnotes: dict[str, str]) -> str:
    parts = [SPECIAL_NOTES[m] for m in marks if m in SPECIAL_NOTES]
    for number in re.findall(r"\d+", marks):
        parts.append(f"{number}: {footnotes.get(number, '(footnote not found)')}")
    return "; ".join(parts)


def _edition(book: Workbook, last_year: int) -> tuple[int, str]:
    """The edition year, and how it was found."""
    text = book.drawing_text("Front page") if "Front page" in book.sheet_names else ""
    match = re.search(r"SIPRI Military Expenditure Database,?\s+((?:19|20)\d\d)", text)
    if match:
        return int(match.group(1)), f"the front page's citation ('{match.group(0)}')"
    return last_year + 1, f"the last year of data ({last_year}) + 1; the front page names none"


def parse(
    path: Path, *, label: str | None = None, progress: Callable[[str], None] | None = None
) -> ParsedRelease:
    """Read a SIPRI workbook into a release (not yet stored)."""
    with Workbook(path, label) as book:
        return _parse(book, path, progress)


def _parse(book: Workbook, path: Path, progress: Callable[[str], None] | None) -> ParsedRelease:
    file = book.label
    specs = []
    for sheet in book.sheet_names:
        for spec in SHEETS:
            match = re.fullmatch(spec.pattern, sheet.strip())
            if match:
                specs.append((sheet, spec, match))
                break
    found = {spec.indicator for _, spec, _ in specs}
    missing = [s for s in ("share_gdp", "usd_current_million") if s not in found]
    if missing:
        raise ImportFileError(
            file,
            "not a SIPRI Milex workbook: no sheet "
            + " or ".join(
                repr(p.pattern.replace("\\", "")) for p in SHEETS if p.indicator in missing
            )
            + f" (sheets: {', '.join(book.sheet_names)})",
        )
    if not book.has_styles():
        raise ImportFileError(
            file,
            "has no styles part (xl/styles.xml): SIPRI marks its estimates and uncertain "
            "figures only by the colour of their font, so every such flag would be lost; the "
            "file is damaged or was rewritten by another program: download it from SIPRI again",
        )
    book.prefetch([sheet for sheet, _, _ in specs])
    footnotes = _footnotes(book)
    rows: list[Row] = []
    notes: list[tuple[str, str, str, str]] = []
    series: dict[str, Series] = {}
    log: list[str] = []
    years_seen: set[int] = set()
    for sheet, spec, match in specs:
        if progress:
            progress(sheet)
        sheet_rows, sheet_notes, read = _sheet(book, sheet, spec, footnotes)
        rows += sheet_rows
        notes += sheet_notes
        years_seen |= {r[1] for r in sheet_rows}
        series[spec.indicator] = Series(
            table=sheet, unit=spec.unit, price_base=spec.price_base(match), source_url=URL
        )
        log.append(f"{sheet}: {len(sheet_rows):,} figures -> {spec.indicator}; {read}")
    for sheet in book.sheet_names:
        if sheet not in {s for s, _, _ in specs}:
            log.append(f"{sheet}: {NOT_STORED.get(sheet, 'not a country table: not stored')}")
    if not rows:
        raise ImportFileError(file, "has no figures in any country sheet")
    if not any(row[5] for row in rows):
        raise ImportFileError(
            file,
            "not one figure is coloured blue (a SIPRI estimate) or red (highly uncertain): "
            "SIPRI's own workbooks always have some, so the cells' colours were lost; "
            "download the file from SIPRI again",
        )
    first, last = min(years_seen), max(years_seen)
    edition, how = _edition(book, last)
    log.insert(0, f"edition {edition}, from {how}")
    source = SourceFile.of(path, file)
    return ParsedRelease(
        release_id=f"sipri-{edition}",
        source="sipri",
        title=f"SIPRI Military Expenditure Database, {first}-{last}",
        publisher=PUBLISHER,
        published=None,
        url=URL,
        licence=(
            f"SIPRI terms of use (fair use, non-commercial); cite 'SIPRI Military Expenditure "
            f"Database {edition}, {URL}'"
        ),
        provenance=(
            f"Imported by milex from SIPRI's workbook {file} (sha256 {source.sha256[:12]}...). "
            "Shares converted from fractions to percent, local currency to millions; '...', "
            "'. .' and 'xxx' left out; zeros (no measured value) left out. Flags from cell "
            "colours: blue = SIPRI estimate, red = highly uncertain."
        ),
        file=source,
        series=series,
        rows=rows,
        notes=notes,
        log=log,
    )


def _sheet(
    book: Workbook, sheet: str, spec: SheetSpec, footnotes: dict[str, str]
) -> tuple[list[Row], list[tuple[str, str, str, str]], str]:
    file = book.label
    colours: dict[int, dict[int, str]] = {}  # row -> column -> colour
    # first: the values are still being read meanwhile
    for (row, col), found in book.font_colours(sheet).items():
        colours.setdefault(row, {})[col] = found
    cells = book.rows(sheet)
    header, years, notes_col = _header(cells, file, sheet)
    year_columns = sorted(years.items())
    past_years = year_columns[-1][0] + 1
    indicator, scale = spec.indicator, spec.scale
    rows: list[Row] = []
    notes: dict[str, tuple[str, str]] = {}
    where: dict[str, tuple[int, str]] = {}
    years_filled: dict[str, set[int]] = {}
    zeros = 0
    for number in range(header + 1, len(cells)):
        line = cells[number]
        label = str(line[0]).strip() if line else ""
        width = len(line)
        if not any(line[col] != "" for col, _ in year_columns if col < width):
            continue  # a region or subregion heading, a blank row, or a note below the table
        if not label:
            raise ImportFileError(
                file, "figures on a row with no country name", sheet=sheet, row=number + 1
            )
        country = countries.find(label)
        if country is None:
            raise ImportFileError(
                file,
                "not a country milex knows (add it to the countries module, or fix the name)",
                sheet=sheet,
                cell=cell_ref(number, 0),
                value=label,
            )
        iso3 = country.iso3
        if iso3 in where:
            first_row, first_label = where[iso3]
            if first_label == label:
                raise ImportFileError(
                    file,
                    f"{label} appears twice (rows {first_row + 1} and {number + 1})",
                    sheet=sheet,
                    cell=cell_ref(number, 0),
                    value=label,
                )
            # Two of SIPRI's names for one code (North Yemen before 1990, Yemen after):
            # merged, as long as no year has figures on both rows (checked below).
        else:
            where[iso3] = (number, label)
        filled = years_filled.setdefault(iso3, set())
        row_colours = colours.get(number, {})
        for col, year in year_columns:
            if col >= width:
                break
            value = line[col]
            # The common cases first, without a call: a positive figure, or a marker.
            if isinstance(value, float) and 0.0 < value < math.inf:
                figure = value
            elif value.__class__ is str and value in SIPRI_MISSING:
                continue
            else:
                checked = cell_number(value, file, sheet, number, col, MARKERS)
                if checked is None:
                    continue
                if checked < 0:
                    raise ImportFileError(
                        file,
                        "negative military expenditure",
                        sheet=sheet,
                        cell=cell_ref(number, col),
                        value=value,
                    )
                if checked == 0:
                    zeros += 1
                    continue
                figure = checked
            if year in filled:
                raise ImportFileError(
                    file,
                    f"a second figure for {country.name} in {year} (first on row "
                    f"{where[iso3][0] + 1})",
                    sheet=sheet,
                    cell=cell_ref(number, col),
                    value=value,
                )
            filled.add(year)
            colour = row_colours.get(col)
            if colour is None:
                rows.append((iso3, year, indicator, figure * scale, 0, ""))
            else:
                estimate, flag = (1, "estimate") if colour == BLUE else (0, "")
                if colour == RED:
                    flag = "highly_uncertain"
                rows.append((iso3, year, indicator, figure * scale, estimate, flag))
        if width > past_years and any(c != "" for c in line[past_years:]):
            col = next(c for c in range(past_years, width) if line[c] != "")
            raise ImportFileError(
                file,
                "a figure right of the last year column, under no year heading",
                sheet=sheet,
                cell=cell_ref(number, col),
                value=line[col],
            )
        if notes_col is not None and notes_col < width:
            if isinstance(line[notes_col], CellError):
                raise ImportFileError(
                    file,
                    f"the Notes cell holds the error {line[notes_col]} (a formula that failed)",
                    sheet=sheet,
                    cell=cell_ref(number, notes_col),
                )
            marks = str(line[notes_col]).strip()
            if marks.endswith(".0"):  # a bare footnote number stored as a number
                marks = marks[:-2]
            if marks:
                text = _note_text(marks, footnotes)
                if iso3 in notes:  # a second name for the same code (see above)
                    before_marks, before_text = notes[iso3]
                    marks, text = f"{before_marks} {marks}", f"{before_text}; {label}: {text}"
                notes[iso3] = (marks, text)
    return (
        rows,
        [(code, indicator, m, t) for code, (m, t) in notes.items()],
        f"{len(where)} countries, {zeros:,} zeros left out",
    )
