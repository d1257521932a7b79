"""Broken files: each gives an error naming the file (and sheet, row or cell), exit code 2
from the CLI, and leaves the store byte for byte as it was. (NATO's own broken files are in
test_nato.py.)"""

from __future__ import annotations

import hashlib
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from milex.cli import main
from milex.data import store
from milex.data.importers.xlsx import MAX_FILE_BYTES
from tests.data.importers import sipri_files

Maker = Callable[[Path], Path]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad-inputs-home")
    store.build(folder / "milex.sqlite")
    return folder


def run(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    """`milex ARGS` through the real entry point: (exit code, stderr)."""
    monkeypatch.setenv("MILEX_HOME", str(home))
    monkeypatch.setattr(sys, "argv", ["milex", *args])
    try:
        main()
    except SystemExit as exited:
        return int(exited.code or 0), capsys.readouterr().err
    return 0, capsys.readouterr().err


# -- SIPRI workbooks ---------------------------------------------------------------------------


def sipri_edit(edit: Callable[[Workbook], None]) -> Maker:
    return lambda folder: sipri_files.write(folder / "SIPRI-Milex-data-1949-2024.xlsx", edit)


def set_cell(sheet: str, ref: str, value: object) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book[sheet][ref] = value

    return edit


def zero_bytes(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def truncated(folder: Path) -> Path:
    whole = sipri_files.write(folder / "whole.xlsx").read_bytes()
    path = folder / "truncated.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def not_a_zip(folder: Path) -> Path:
    path = folder / "renamed.xlsx"
    path.write_text("Country,2024\nPoland,4.1\n")
    return path


def zip_without_workbook(folder: Path) -> Path:
    path = folder / "other.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return path


def oversized(folder: Path) -> Path:
    path = folder / "huge.xlsx"
    with path.open("wb") as handle:  # sparse: takes no disk
        handle.truncate(MAX_FILE_BYTES + 1)
    return path


def rename_sheet(book: Workbook) -> None:
    book["Share of GDP"].title = "GDP share"


def no_years(book: Workbook) -> None:
    sheet = book["Current US$"]
    for col in range(3, 13):
        sheet.cell(row=6, column=col, value=f"col{col}")


def duplicate_country(book: Workbook) -> None:
    book["Share of GDP"]["A13"] = "Poland"  # the row below Poland (Germany's)


def shifted_header(book: Workbook) -> None:
    book["Share of GDP"]["A6"] = "Land"  # the header row no longer starts with "Country"


SIPRI_CASES: dict[str, tuple[Maker, str]] = {
    "0-byte file": (zero_bytes, "empty.xlsx: is empty (0 bytes)"),
    "truncated zip": (truncated, "truncated.xlsx: is not"),
    "not a zip": (not_a_zip, "renamed.xlsx: is not an xlsx workbook (not a zip archive"),
    "zip without workbook": (zip_without_workbook, "other.xlsx: is a zip archive but not an xlsx"),
    "oversized": (oversized, "huge.xlsx: is 52 MB, over the 52 MB limit"),
    "wrong sheet names": (
        sipri_edit(rename_sheet),
        "SIPRI-Milex-data-1949-2024.xlsx: not a SIPRI Milex workbook: no sheet 'Share of GDP'",
    ),
    "header row moved": (
        sipri_edit(shifted_header),
        "sheet 'Share of GDP': no header row: expected a row starting with 'Country'",
    ),
    "header without years": (
        sipri_edit(no_years),
        "sheet 'Current US$', row 6: the header row has no year columns",
    ),
    "text in a number cell": (
        sipri_edit(set_cell("Share of GDP", "E9", "twelve")),
        "sheet 'Share of GDP', cell E9: text in a number cell (SIPRI's markers are '...', "
        "'. .' and 'xxx') (value 'twelve')",
    ),
    "a date in a number cell": (
        sipri_edit(set_cell("Current US$", "D9", __import__("datetime").datetime(2020, 1, 1))),
        "sheet 'Current US$', cell D9: not a number",
    ),
    "unknown country": (
        sipri_edit(set_cell("Constant (2023) US$", "A9", "Atlantis")),
        "sheet 'Constant (2023) US$', cell A9: not a country milex knows",
    ),
    "duplicate country": (
        sipri_edit(duplicate_country),
        "sheet 'Share of GDP', cell A13: Poland appears twice (rows 9 and 13)",
    ),
    "negative figure": (
        sipri_edit(set_cell("Current US$", "F9", -5.0)),
        "sheet 'Current US$', cell F9: negative military expenditure (value -5.0)",
    ),
    "figures without a country": (
        sipri_edit(set_cell("Share of GDP", "A9", None)),
        "sheet 'Share of GDP', row 9: figures on a row with no country name",
    ),
}


@pytest.mark.parametrize("case", SIPRI_CASES, ids=list(SIPRI_CASES))
def test_broken_sipri_workbook(
    case: str,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make, expected = SIPRI_CASES[case]
    file = make(tmp_path)
    before = hashlib.sha256((home / "milex.sqlite").read_bytes()).hexdigest()
    code, err = run(home, monkeypatch, capsys, "import", "sipri", str(file), "--replace")
    assert code == 2, err
    assert err.startswith("Error: "), err
    assert expected in err
    assert hashlib.sha256((home / "milex.sqlite").read_bytes()).hexdigest() == before
    assert sorted(p.name for p in home.iterdir()) == ["milex.sqlite"]


def test_a_built_sipri_workbook_imports_through_the_cli(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The cases above fail for their one fault only: the same file unbroken imports."""
    file = sipri_files.write(tmp_path / "SIPRI-Milex-data-1949-2024.xlsx")
    code, err = run(home, monkeypatch, capsys, "import", "sipri", str(file), "--dry-run")
    assert code == 0, err


# -- users' CSV files --------------------------------------------------------------------------

HEADER = "country,year,indicator,value,estimate,flag\n"

CSV_CASES: dict[str, tuple[bytes, str]] = {
    "header lacks columns": (
        b"country,yr,value\nPoland,2024,4\n",
        "data.csv, row 1: the header lacks year, indicator",
    ),
    "header only": (HEADER.encode(), "data.csv: has no rows under its header"),
    "not UTF-8": (
        HEADER.encode() + "Türkiye,2024,share_gdp,2.1,0,\n".encode("latin-1"),
        "data.csv: is not UTF-8 text",
    ),
    "a binary file": (b"\x00\x01\x02PK\x03\x04", "data.csv: is not"),
    "bad year": (
        (HEADER + "Poland,20x4,share_gdp,4.1,0,\n").encode(),
        "data.csv, row 2, field 'year': not a whole year (value '20x4')",
    ),
    "unknown indicator": (
        (HEADER + "Poland,2024,share_gpd,4.1,0,\n").encode(),
        "data.csv, row 2, field 'indicator': not an indicator milex defines",
    ),
    "unknown country": (
        (HEADER + "Poland,2024,share_gdp,4.1,0,\nNarnia,2024,share_gdp,1,0,\n").encode(),
        "data.csv, row 3, field 'country': not a country milex knows (value 'Narnia')",
    ),
    "text value": (
        (HEADER + "Poland,2024,share_gdp,four,0,\n").encode(),
        "data.csv, row 2, field 'value': not a number (value 'four')",
    ),
    "infinite value": (
        (HEADER + "Poland,2024,share_gdp,inf,0,\n").encode(),
        "data.csv, row 2, field 'value': not a finite number (value 'inf')",
    ),
    "estimate not 0/1": (
        (HEADER + "Poland,2024,share_gdp,4.1,yes,\n").encode(),
        "data.csv, row 2, field 'estimate': must be 0 or 1 (true or false), or empty when unknown "
        "(value 'yes')",
    ),
    "duplicate row": (
        (HEADER + "Poland,2024,share_gdp,4.1,0,\nPOL,2024,share_gdp,4.2,0,\n").encode(),
        "data.csv, row 3, field 'country': a second share_gdp figure for POL 2024 (first on row 2)",
    ),
    "ragged row": (
        (HEADER + "Poland,2024,share_gdp,4.1,0,,extra\n").encode(),
        "data.csv, row 2: more fields than the header's 6",
    ),
    "a field over the csv module's limit, on the right row": (
        (
            HEADER + "Poland,2024,share_gdp,4.1,0,\nPoland,2025,share_gdp,4.1,0," + "x" * 200_000
        ).encode(),
        "data.csv, row 3: not valid CSV (field larger than field limit (131072))",
    ),
    "rows counted, not lines": (
        (
            HEADER
            + 'Poland,2024,share_gdp,4.1,0,"a\nb\nc"\nPOL,2025,share_gdp,1,0,'
            + "y" * 200_000
        ).encode(),
        "data.csv, row 3: not valid CSV (field larger than field limit",
    ),
    "a flag with a control character": (
        (HEADER + 'Poland,2024,share_gdp,4.1,0,"\te"\n').encode(),
        "data.csv, row 2, field 'flag': a flag is a short label such as 'e' (at most 100 "
        "characters, no control characters) (value '\\te')",
    ),
    "a flag too long": (
        (HEADER + "Poland,2024,share_gdp,4.1,0," + "e" * 101 + "\n").encode(),
        "data.csv, row 2, field 'flag': a flag is a short label",
    ),
}


@pytest.mark.parametrize("case", CSV_CASES, ids=list(CSV_CASES))
def test_broken_user_csv(
    case: str,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    content, expected = CSV_CASES[case]
    file = tmp_path / "data.csv"
    file.write_bytes(content)
    before = hashlib.sha256((home / "milex.sqlite").read_bytes()).hexdigest()
    code, err = run(
        home, monkeypatch, capsys, "import", "csv", str(file), "--release", "user-test-2026"
    )
    assert code == 2, err
    assert expected in err
    assert hashlib.sha256((home / "milex.sqlite").read_bytes()).hexdigest() == before
    assert sorted(p.name for p in home.iterdir()) == ["milex.sqlite"]


def test_a_csv_without_a_release_id_is_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "data.csv"
    file.write_text(HEADER + "Poland,2024,share_gdp,4.1,0,\n")
    code, err = run(home, monkeypatch, capsys, "import", "csv", str(file))
    assert code == 2
    assert "data.csv: a user's CSV needs a release id: give --release ID" in err
