"""Small workbooks in SIPRI's layout, built from the bundled sipri-2025 rows (FORMATS.md (b)).

Title and legend rows, the header row ("Country", "Notes", years as floats), a blank row,
region headings, then country rows; shares as fractions; "..." where SIPRI has no figure;
estimates in blue and highly uncertain figures in red, as SIPRI colours them. ``edit`` lets a
test break one thing before the file is saved.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from milex.data import countries
from milex.data.store import bundled

YEARS = list(range(2015, 2025))
COUNTRIES = ["POL", "DEU", "USA", "RUS", "CHN", "UKR"]
REGION = {
    "POL": "Central Europe",
    "DEU": "Western Europe",
    "USA": "North America",
    "RUS": "Eastern Europe",
    "CHN": "East Asia",
    "UKR": "Eastern Europe",
}
SHEETS = {
    "Constant (2023) US$": ("usd_constant_million", 1.0),
    "Current US$": ("usd_current_million", 1.0),
    "Share of GDP": ("share_gdp", 0.01),
}
BLUE = Font(color="FF0000FF")
RED = Font(color="FFFF0000")

Cells = dict[tuple[str, int, str], tuple[float, int, str]]


def bundled_cells() -> Cells:
    """(iso3, year, indicator) -> (value, estimate, flag) of the bundled sipri-2025 rows that
    the built workbook holds."""
    wanted = {indicator for indicator, _ in SHEETS.values()}
    out: Cells = {}
    text = (bundled() / "observations" / "sipri-2025.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        year = int(row["year"])
        if row["iso3"] in COUNTRIES and year in YEARS and row["indicator"] in wanted:
            key = (row["iso3"], year, row["indicator"])
            out[key] = (float(row["value"]), int(row["estimate"]), row["flag"])
    return out


def _sheet(ws: Worksheet, indicator: str, scale: float, cells: Cells) -> None:
    ws.append([f"Military expenditure by country ({indicator}), 1949-2024     © SIPRI 2024"])
    ws.append(["Countries are grouped by region and subregion"])
    ws.append(
        ["Figures in blue are SIPRI estimates. Figures in red indicate highly uncertain data."]
    )
    ws.append(['". ." = data unavailable. "xxx" = country did not exist.'])
    ws.append([])
    ws.append(["Country", "Notes", *[float(y) for y in YEARS]])
    ws.append([])
    region = None
    for iso3 in COUNTRIES:
        if REGION[iso3] != region:
            region = REGION[iso3]
            ws.append([region])
        values: list[object] = []
        for year in YEARS:
            found = cells.get((iso3, year, indicator))
            values.append(found[0] * scale if found else "...")
        ws.append([countries.get(iso3).name, "§1" if iso3 == "UKR" else "", *values])
        for offset, year in enumerate(YEARS):
            found = cells.get((iso3, year, indicator))
            if found and found[2] in ("estimate", "highly_uncertain"):
                cell = ws.cell(row=ws.max_row, column=3 + offset)
                cell.font = BLUE if found[2] == "estimate" else RED


def write(path: Path, edit: Callable[[Workbook], None] | None = None) -> Path:
    """Write the workbook (edited by ``edit`` first, if given) and return its path."""
    cells = bundled_cells()
    book = Workbook()
    front = book.active
    assert front is not None
    front.title = "Front page"
    for name, (indicator, scale) in SHEETS.items():
        _sheet(book.create_sheet(name), indicator, scale, cells)
    notes = book.create_sheet("Footnotes")
    notes.append(["Footnotes and special notes"])
    notes.append(["§", "Figures for these countries are for the adopted budget"])
    notes.append([1.0, "Ukraine: a test footnote."])
    if edit:
        edit(book)
    book.save(path)
    return path
