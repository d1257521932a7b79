"""Damaged official files that used to be imported with exit 0: a year heading that is not a
year, a workbook without its styles (SIPRI's estimate flags are colours), a formula's error
taken for a missing figure, a NATO workbook without a table (a whole indicator dropped), a
broken deflate stream, two tables that disagree. Each is now refused with exit code 2 and a
message naming the file and the place, and the store is byte for byte as it was."""

from __future__ import annotations

import hashlib
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from milex.cli import main
from milex.data import store
from milex.data.importers import nato
from milex.errors import ImportFileError
from tests.conftest import need_shared
from tests.data.importers import nato_files, sipri_files

SIPRI_NAME = "SIPRI-Milex-data-1949-2024.xlsx"
NATO_NAME = "240617-def-exp-2024-TABLES-en.xlsx"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("damaged-template") / store.STORE_NAME
    store.build(path)
    return path


@pytest.fixture
def home(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    shutil.copyfile(template, folder / store.STORE_NAME)
    monkeypatch.setenv("MILEX_HOME", str(folder))
    return folder


def digest(home: Path) -> str:
    return hashlib.sha256((home / store.STORE_NAME).read_bytes()).hexdigest()


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """`milex ARGS` through the real entry point: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["milex", *args])
    try:
        main()
        code = 0
    except SystemExit as exited:
        code = int(exited.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def refused(
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
) -> str:
    """An import that must fail cleanly and change nothing; its message."""
    before = digest(home)
    code, out, err = run(monkeypatch, capsys, "import", *args)
    assert code == 2, (out, err)
    assert out == ""
    assert err.startswith("Error: ") and "Traceback" not in err, err
    assert digest(home) == before
    assert sorted(p.name for p in home.iterdir()) == [store.STORE_NAME]
    return err


def rezip(
    source: Path,
    target: Path,
    drop: tuple[str, ...] = (),
    change: dict[str, Callable[[bytes], bytes]] | None = None,
) -> Path:
    """A copy of an xlsx archive without some parts, or with some parts changed."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            data = old.read(info.filename)
            if change and info.filename in change:
                data = change[info.filename](data)
            new.writestr(info, data)
    return target


def broken_deflate(source: Path, target: Path, part: str) -> Path:
    """A copy whose ``part`` has bytes flipped inside its deflate stream (CRC left as it was)."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(100, 108):
        data[start + offset] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


def sipri(tmp_path: Path, edit: Callable[[Workbook], None] | None = None) -> Path:
    return sipri_files.write(tmp_path / SIPRI_NAME, edit)


def set_cell(sheet: str, ref: str, value: object) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book[sheet][ref] = value

    return edit


# -- SIPRI: year headings ---------------------------------------------------------------------

HEADINGS = {
    "a heading '20x6'": (
        set_cell("Share of GDP", "D6", "20x6"),
        "sheet 'Share of GDP', cell D6: a column heading that is not a year, among the years "
        "(expected 2016); its figures would be left out (value '20x6')",
    ),
    "a blank heading among the years": (
        set_cell("Current US$", "F6", None),
        "sheet 'Current US$', cell F6: a column heading that is not a year, among the years "
        "(expected 2018); its figures would be left out (value '(blank)')",
    ),
    "a year missing": (
        lambda book: [
            set_cell("Share of GDP", f"{col}6", 2016.0 + offset)(book)
            for offset, col in enumerate("EFGHIJKL", start=2)
        ],
        "sheet 'Share of GDP', cell E6: year 2018 where 2017 was expected: a year is missing "
        "from the headings, or they are out of order (value 2018.0)",
    ),
    "years out of order": (
        set_cell("Share of GDP", "L6", 2030.0),
        "sheet 'Share of GDP', cell L6: year 2030 where 2024 was expected",
    ),
    "a figure under no heading": (
        set_cell("Share of GDP", "M9", 0.02),
        "sheet 'Share of GDP', cell M9: a figure right of the last year column, under no year "
        "heading (value 0.02)",
    ),
}


@pytest.mark.parametrize("case", HEADINGS, ids=list(HEADINGS))
def test_sipri_year_headings(
    case: str,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    edit, words = HEADINGS[case]
    err = refused(home, monkeypatch, capsys, "sipri", str(sipri(tmp_path, edit)), "--replace")
    assert f"Error: {SIPRI_NAME}, {words}" in err


# -- SIPRI: the colours that carry its flags --------------------------------------------------


def test_sipri_without_its_styles_part_is_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = sipri_files.write(tmp_path / "whole.xlsx")
    file = rezip(
        whole, tmp_path / SIPRI_NAME.replace(".xlsx", "-nostyles.xlsx"), ("xl/styles.xml",)
    )
    err = refused(home, monkeypatch, capsys, "sipri", str(file), "--replace")
    assert "-nostyles.xlsx: has no styles part (xl/styles.xml): SIPRI marks its estimates" in err
    assert "download it from SIPRI again" in err


def test_sipri_with_no_coloured_figure_is_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def plain(book: Workbook) -> None:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    cell.font = Font()

    err = refused(home, monkeypatch, capsys, "sipri", str(sipri(tmp_path, plain)), "--replace")
    assert "not one figure is coloured blue (a SIPRI estimate) or red" in err


def test_the_real_sipri_workbook_without_styles_is_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's reproducer: SIPRI's own file without xl/styles.xml lost every estimate flag."""
    real = need_shared() / "sipri" / "raw" / SIPRI_NAME
    if not real.is_file():
        pytest.skip(f"SIPRI's workbook is not at {real}")
    file = rezip(real, tmp_path / SIPRI_NAME, ("xl/styles.xml",))
    err = refused(home, monkeypatch, capsys, "sipri", str(file), "--replace")
    assert f"{SIPRI_NAME}: has no styles part (xl/styles.xml)" in err


# -- formulas' errors ---------------------------------------------------------------------------

ERRORS = {
    "#DIV/0! in a figure": (
        set_cell("Share of GDP", "E9", "#DIV/0!"),
        "sheet 'Share of GDP', cell E9: the cell holds the error #DIV/0! (a formula that "
        "failed), not a figure",
    ),
    "#N/A in a figure": (
        set_cell("Current US$", "L13", "#N/A"),
        "sheet 'Current US$', cell L13: the cell holds the error #N/A",
    ),
    "#REF! in a Notes cell": (
        set_cell("Share of GDP", "B9", "#REF!"),
        "sheet 'Share of GDP', cell B9: the Notes cell holds the error #REF!",
    ),
    "#VALUE! as a country": (
        set_cell("Share of GDP", "A9", "#VALUE!"),
        "sheet 'Share of GDP', cell A9: not a country milex knows (add it to the countries "
        "module, or fix the name) (value '#VALUE!')",
    ),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_error_cells_are_not_missing_figures(
    case: str,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    edit, words = ERRORS[case]
    file = sipri(tmp_path, edit)
    with zipfile.ZipFile(file) as archive:  # openpyxl wrote a real error cell, as Excel does
        assert any(b't="e"' in archive.read(n) for n in archive.namelist() if "sheet" in n)
    err = refused(home, monkeypatch, capsys, "sipri", str(file), "--replace")
    assert f"Error: {SIPRI_NAME}, {words}" in err


def test_error_cells_without_cell_references_are_found(tmp_path: Path) -> None:
    """A writer may leave out ``r`` on cells: the error cell is placed by its neighbours."""
    file = sipri(tmp_path, set_cell("Share of GDP", "E9", "#DIV/0!"))

    def without_refs(data: bytes) -> bytes:
        import re

        return re.sub(rb'(<c) r="[A-Z]+[0-9]+"', rb"\1", data)

    with zipfile.ZipFile(file) as archive:
        names = dict(
            zip(
                [s.title for s in load_workbook(file).worksheets],
                sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")),
                strict=True,
            )
        )
    changed = rezip(file, tmp_path / "norefs.xlsx", change={names["Share of GDP"]: without_refs})
    from milex.data.importers import sipri as sipri_importer

    with pytest.raises(ImportFileError, match=r"cell E9: the cell holds the error #DIV/0!"):
        sipri_importer.parse(changed)


# -- broken archives ----------------------------------------------------------------------------


@pytest.mark.parametrize("part", ["xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml"])
def test_a_broken_deflate_stream_is_an_error_not_a_traceback(
    part: str,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    whole = sipri_files.write(tmp_path / "whole.xlsx")
    file = broken_deflate(whole, tmp_path / SIPRI_NAME, part)
    err = refused(home, monkeypatch, capsys, "sipri", str(file), "--replace")
    assert f"Error: {SIPRI_NAME}" in err
    assert (
        "is damaged" in err or "is not a readable xlsx workbook" in err or "cannot be read" in err
    )


def test_the_real_sipri_workbook_with_a_broken_deflate_stream(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = need_shared() / "sipri" / "raw" / SIPRI_NAME
    if not real.is_file():
        pytest.skip(f"SIPRI's workbook is not at {real}")
    file = broken_deflate(real, tmp_path / SIPRI_NAME, "xl/worksheets/sheet5.xml")
    err = refused(home, monkeypatch, capsys, "sipri", str(file), "--replace")
    assert (
        f"{SIPRI_NAME}, sheet 'Constant (2023) US$': part xl/worksheets/sheet5.xml is damaged "
        "(Error -3 while decompressing data" in err
    )


# -- NATO: a table missing, tables that disagree -------------------------------------------------


def test_a_nato_workbook_without_table_3_drops_nothing_unless_allowed(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "260710-def-exp-2026-en.xlsx"
    nato_files.write_xlsx(path, "nato-2026-07", edit=lambda book: book.remove(book["Table 3"]))
    err = refused(home, monkeypatch, capsys, "nato", str(path), "--replace")
    assert (
        "260710-def-exp-2026-en.xlsx: release nato-2026-07 in the store holds real_change_pct "
        "(" in err
    )
    assert "share_gdp (" in err and "this file has none of them (a table or sheet missing?)" in err
    assert "import again with --allow-drop" in err
    # the dry run says the same, and the release still answers
    assert "--allow-drop" in refused(
        home, monkeypatch, capsys, "nato", str(path), "--replace", "--dry-run"
    )
    code, _, err = run(monkeypatch, capsys, "status", "--release", "nato-2026-07", "-f", "csv")
    assert code == 0, err
    # asked for, the drop happens
    code, _out, err = run(
        monkeypatch, capsys, "import", "nato", str(path), "--replace", "--allow-drop", "-q"
    )
    assert code == 0, err
    code, _, err = run(monkeypatch, capsys, "status", "--release", "nato-2026-07")
    assert code == 3  # no figures answer it
    assert "nato-2026-07 holds no share_gdp" in err


def test_the_real_nato_workbook_without_table3(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's reproducer: imported with --replace, it dropped all 363 shares."""
    real = need_shared() / "nato" / "raw" / NATO_NAME
    if not real.is_file():
        pytest.skip(f"NATO's workbook is not at {real}")
    book = load_workbook(real)
    book.remove(book["TABLE3"])
    (tmp_path / "x").mkdir()
    book.save(tmp_path / "x" / NATO_NAME)
    err = refused(home, monkeypatch, capsys, "nato", str(tmp_path / "x" / NATO_NAME), "--replace")
    assert "release nato-2024-06 in the store holds" in err
    assert "share_gdp (363 figures)" in err
    code, _, err = run(monkeypatch, capsys, "status", "--release", "nato-2024-06", "-f", "csv")
    assert code == 0, err


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (
            181.9,
            "sheet 'TABLE3', cell D20: Table 3's France 2014 (share_gdp) is 181.9, Table 4 "
            "(sheet 'TABLE4', cell G32) gives 1.81895: the tables disagree, and 181.9 cannot be "
            "right",
        ),
        (
            2.9,
            "sheet 'TABLE4', cell G32: Table 4's France 2014 differs from Table 3 (share_gdp: 2.9 "
            "at sheet 'TABLE3', cell D20): the tables disagree; one of them is damaged",
        ),
    ],
)
def test_a_table_3_value_that_table_4_contradicts_names_both_cells(
    tmp_path: Path, value: float, words: str
) -> None:
    real = need_shared() / "nato" / "raw" / NATO_NAME
    if not real.is_file():
        pytest.skip(f"NATO's workbook is not at {real}")
    book = load_workbook(real)
    assert book["TABLE3"]["C20"].value == "France"
    book["TABLE3"]["D20"] = value
    book.save(tmp_path / NATO_NAME)
    with pytest.raises(ImportFileError) as raised:
        nato.parse(tmp_path / NATO_NAME)
    assert str(raised.value).startswith(f"{NATO_NAME}, {words}")


def test_nato_error_cells_in_a_figure_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "260710-def-exp-2026-en.xlsx"

    def edit(book: Workbook) -> None:
        sheet = book["Table 2"]
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row):
            if row[0].value == "Poland":
                row[3].value = "#DIV/0!"
                return
        raise AssertionError("no Poland row")

    nato_files.write_xlsx(path, "nato-2026-07", edit=edit)
    with pytest.raises(
        ImportFileError, match=r"sheet 'Table 2', cell D\d+: the cell holds the error #DIV/0!"
    ):
        nato.parse(path)
