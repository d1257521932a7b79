"""The workbook reader's own parts: cell references, and finding coloured cells both ways (the
fast pattern, and expat for sheets whose cells omit their references or use a prefix)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.styles import Font

from milex.data.importers.xlsx import Workbook, cell_ref

BLUE, RED = "FF0000FF", "FFFF0000"


@pytest.mark.parametrize(
    ("row", "col", "ref"),
    [(0, 0, "A1"), (6, 2, "C7"), (9, 25, "Z10"), (0, 26, "AA1"), (4, 77, "BZ5")],
)
def test_cell_ref(row: int, col: int, ref: str) -> None:
    assert cell_ref(row, col) == ref


def coloured_book(path: Path) -> Path:
    book = OpenpyxlWorkbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(["Country", "Notes", 2023.0, 2024.0, 2025.0])
    sheet.append(["Poland", "", 1.0, 2.0, 3.0])
    sheet.append(["Russia", "", 4.0, 5.0, 6.0])
    sheet["D2"].font = Font(color=BLUE)
    sheet["C3"].font = Font(color=RED)
    sheet["E3"].font = Font(color=BLUE)
    sheet["A1"].font = Font(color="FF000000")  # black: not a mark
    book.save(path)
    return path


EXPECTED = {(1, 3): BLUE, (2, 2): RED, (2, 4): BLUE}


def test_coloured_cells_are_found(tmp_path: Path) -> None:
    with Workbook(coloured_book(tmp_path / "c.xlsx")) as book:
        assert book.font_colours("Data") == EXPECTED
        assert book.rows("Data")[1] == ["Poland", "", 1.0, 2.0, 3.0]


def rewrite_sheet(source: Path, target: Path, change: re.Pattern[bytes], into: bytes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change.sub(into, data)
            new.writestr(item, data)
    return target


def test_cells_without_references_are_placed_by_their_neighbours(tmp_path: Path) -> None:
    # the writer may leave out r="..." on cells: the fast pattern cannot place those
    path = rewrite_sheet(
        coloured_book(tmp_path / "c.xlsx"),
        tmp_path / "no-refs.xlsx",
        re.compile(rb'<c r="[A-Z]+\d+"'),
        b"<c",
    )
    assert b'<c r="' not in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    with Workbook(path) as book:
        assert book.font_colours("Data") == EXPECTED


def test_fast_pattern_and_expat_agree(tmp_path: Path) -> None:
    path = coloured_book(tmp_path / "c.xlsx")
    with Workbook(path) as book, zipfile.ZipFile(path) as archive:
        styles = book._style_colours(archive)
        data = archive.read("xl/worksheets/sheet1.xml")
    assert Workbook._scan_styles(data, styles) == Workbook._scan_styles_expat(data, styles)
    prefixed = re.sub(rb"<(/?)(worksheet|sheetData|row|c|v)\b", rb"<\1x:\2", data).replace(
        b'xmlns="', b'xmlns:x="'
    )
    assert Workbook._scan_styles(prefixed, styles) == EXPECTED
    assert Workbook._scan_styles_expat(prefixed, styles) == EXPECTED
