"""Builders of files in NATO's layouts, made from the bundled NATO rows, for the importer's tests.

``write_xlsx`` writes the 2025/2026 workbook layout of shared/data/FORMATS.md (sheets "Table 1"
... "Table 8b", the title in A1, labels in column A, a header row per block with numeric years
and 'YYYYe' text for estimates, aggregates after the allies, a Notes row); ``write_pdf`` prints
the same tables as NATO's PDF does (a page per table, figures rounded, thousands with commas);
``write_image_pdf`` makes a PDF with no text layer, like NATO's 2026 PDF. Every builder takes
an ``edit`` hook to break the file in one place for the error tests.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from milex.data import countries
from milex.data.store import bundled

AGGREGATES = {"NATO_EU_CA": "NATO Europe and Canada", "NATO": "NATO Total"}
STAR_NOTE = "* Revised figures: these Allies' series were revised after the cut-off."

# (table, title, unit row, blocks: (subtitle, indicator)); {base} is the edition's base year.
LAYOUT: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "1",
        "Core defence expenditure",
        "Million national currency units",
        (
            ("Current prices", "lcu_current_million"),
            ("Constant {base} prices", "lcu_constant_million"),
        ),
    ),
    (
        "2",
        "Core defence expenditure",
        "Million US dollars",
        (
            ("Current prices and exchange rates", "usd_current_million"),
            ("Constant {base} prices and exchange rates", "usd_constant_million"),
        ),
    ),
    (
        "3",
        "Core defence expenditure as a share of GDP and annual real change",
        "Based on {base} prices",
        (("Share of real GDP (%)", "share_gdp"), ("Annual real change (%)", "real_change_pct")),
    ),
    (
        "5",
        "GDP",
        "Million US dollars",
        (
            ("Current prices and exchange rates", "gdp_usd_current_million"),
            ("Constant {base} prices and exchange rates", "gdp_usd_constant_million"),
        ),
    ),
    (
        "6",
        "GDP per capita and core defence expenditure per capita",
        "{base} prices and exchange rates",
        (
            ("GDP per capita (thousand US dollars)", "gdp_per_capita_thousand_usd"),
            ("Core defence expenditure per capita (US dollars)", "per_capita_usd"),
        ),
    ),
    ("7", "Military personnel", "", (("Thousands", "personnel_thousands"),)),
    (
        "8a",
        "Distribution of core defence expenditure by main category",
        "Percentage of total core defence expenditure",
        (("Equipment (a)", "equipment_share"), ("Personnel (b)", "personnel_share")),
    ),
    (
        "8b",
        "Distribution of core defence expenditure by main category",
        "Percentage of total core defence expenditure",
        (("Infrastructure (c)", "infrastructure_share"), ("Other (d)", "other_share")),
    ),
)
BASE_YEAR = {"nato-2024-06": 2015, "nato-2025-08": 2021, "nato-2026-07": 2021}


@dataclass(frozen=True)
class Cell:
    """One bundled figure: its value as the CSV writes it, and NATO's estimate flag."""

    text: str
    estimate: int
    flag: str

    @property
    def value(self) -> float:
        return float(self.text)

    @property
    def decimals(self) -> int:
        return len(self.text.split(".")[1]) if "." in self.text else 0


@dataclass
class Block:
    """One block of a table: its subtitle, indicator and rows (label, iso3)."""

    subtitle: str
    indicator: str
    rows: list[tuple[str, str]]


@dataclass
class Table:
    number: str
    title: str
    unit: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Edition:
    """The bundled rows of one NATO release, arranged as NATO's tables."""

    release: str
    years: list[int]
    estimates: set[int]
    cells: dict[tuple[str, str, int], Cell]  # (indicator, iso3, year) -> cell
    tables: list[Table]

    def header(self) -> list[int | str]:
        return [f"{y}e" if y in self.estimates else y for y in self.years]


def bundled_cells(release: str) -> dict[tuple[str, str, int], Cell]:
    """The bundled CSV of a release: (indicator, iso3, year) -> cell."""
    text = (bundled() / "observations" / f"{release}.csv").read_text(encoding="utf-8")
    return {
        (r["indicator"], r["iso3"], int(r["year"])): Cell(r["value"], int(r["estimate"]), r["flag"])
        for r in csv.DictReader(text.splitlines())
    }


def _label(iso3: str, table: str, starred: set[str]) -> str:
    if iso3 in AGGREGATES:
        return AGGREGATES[iso3]
    country = countries.get(iso3)
    star = "*" if iso3 in starred else ""
    return f"{country.name}{star}   ({country.currency})" if table == "1" else country.name + star


def edition(release: str, starred: set[str] | None = None) -> Edition:
    """The tables NATO would print for the bundled rows of ``release`` (only the blocks whose
    indicator the release has); ``starred`` allies carry a footnote star."""
    cells = bundled_cells(release)
    stars = starred or set()
    years = sorted({year for _, _, year in cells})
    estimates = {year for (_, _, year), cell in cells.items() if cell.estimate}
    tables = []
    for number, title, unit, blocks in LAYOUT:
        table = Table(number, title, unit.format(base=BASE_YEAR[release]))
        for subtitle, indicator in blocks:
            present = {iso3 for ind, iso3, _ in cells if ind == indicator}
            if not present:
                continue
            allies = sorted((countries.name(i), i) for i in present if i not in AGGREGATES)
            order = [i for _, i in allies] + [i for i in AGGREGATES if i in present]
            table.blocks.append(
                Block(
                    subtitle.format(base=BASE_YEAR[release]),
                    indicator,
                    [(_label(i, number, stars), i) for i in order],
                )
            )
        if table.blocks:
            tables.append(table)
    return Edition(release, list(range(years[0], years[-1] + 1)), estimates, cells, tables)


# -- xlsx -----------------------------------------------------------------------------------


def write_xlsx(
    path: Path,
    release: str,
    *,
    starred: set[str] | None = None,
    edit: Callable[[Workbook], None] | None = None,
) -> Edition:
    """Write ``release``'s bundled rows as NATO's 2025/2026 workbook; returns the tables."""
    data = edition(release, starred)
    book = Workbook()
    first = book.active
    for table in data.tables:
        _sheet(book.create_sheet(f"Table {table.number}"), table, data)
    book.remove(first)
    if edit:
        edit(book)
    book.save(path)
    return data


def _sheet(sheet: Worksheet, table: Table, data: Edition) -> None:
    """Title in A1, unit in A2; per block: subtitle, header (A empty), allies, aggregates and
    a blank row; then the Notes."""
    sheet.append([f"Table {table.number}: {table.title}"])
    sheet.append([table.unit])
    for block in table.blocks:
        sheet.append([block.subtitle])
        sheet.append([None, *data.header()])
        for label, iso3 in block.rows:
            values = [data.cells.get((block.indicator, iso3, year)) for year in data.years]
            sheet.append([label, *(cell.value if cell else None for cell in values)])
        sheet.append([])
    estimates = " and ".join(map(str, sorted(data.estimates)))
    sheet.append([f"Notes: Figures for {estimates} are estimates."])
    sheet.append([STAR_NOTE])


# -- PDF ------------------------------------------------------------------------------------

LABEL_MM, LINE_MM, FONT_PT, MARGIN_MM = 48.0, 2.4, 6.0, 6.0


def _printed(cell: Cell | None, decimals: int) -> str:
    return "-" if cell is None else f"{cell.value:,.{decimals}f}"


def write_pdf(
    path: Path,
    release: str,
    *,
    starred: set[str] | None = None,
    edit: Callable[[list[list[str]]], None] | None = None,
) -> Edition:
    """Print ``release``'s tables as NATO's PDF does: a landscape page per table with title,
    unit, years, then each block's subtitle and rows, figures rounded as the CSV holds them.
    ``edit`` may change the lines (lists of cells: label first) before they are printed."""
    data = edition(release, starred)
    pages = [_page_lines(table, data) for table in data.tables]
    if edit:
        edit([line for page in pages for line in page])
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN_MM, MARGIN_MM)
    pdf.set_font("Helvetica", size=FONT_PT)
    width = (297 - 2 * MARGIN_MM - LABEL_MM) / len(data.years)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            label, *figures = line
            pdf.cell(LABEL_MM if figures else 0, LINE_MM, label)
            for figure in figures:
                pdf.cell(width, LINE_MM, figure, align="R")
            pdf.ln(LINE_MM)
    pdf.output(str(path))
    return data


def _page_lines(table: Table, data: Edition) -> list[list[str]]:
    lines = [[f"Table {table.number} : {table.title}"], [table.unit or "Thousands"]]
    lines.append(["", *map(str, data.header())])
    for block in table.blocks:
        decimals = max(
            cell.decimals for (ind, _, _), cell in data.cells.items() if ind == block.indicator
        )
        lines.append([block.subtitle])
        for label, iso3 in block.rows:
            cells = [data.cells.get((block.indicator, iso3, year)) for year in data.years]
            lines.append([label, *(_printed(cell, decimals) for cell in cells)])
    estimates = " and ".join(map(str, sorted(data.estimates)))
    lines += [[f"Notes: Figures for {estimates} are estimates."], [STAR_NOTE]]
    return lines


def write_image_pdf(path: Path) -> None:
    """A one-page PDF holding only a picture of a table: no text layer, like NATO's 2026 PDF."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 200), "white")
    draw = ImageDraw.Draw(image)
    for row in range(10):
        draw.line([(10, 20 + 18 * row), (390, 20 + 18 * row)], fill="black", width=1)
    draw.rectangle([(10, 10), (390, 190)], outline="black")
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=270)
    pdf.output(str(path))
