"""NATO's tables: the real June 2024 workbook, files built from the bundled rows (xlsx and PDF,
round-tripped through a store), and broken files, which must leave the store as it was."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

import milex
from milex.cli import main
from milex.data import countries, store
from milex.data.importers import nato
from milex.data.importers.common import ParsedRelease
from milex.errors import ImportFileError
from tests.cli_helpers import ok, records, run_milex
from tests.conftest import need_shared
from tests.data.importers import nato_files

REAL_NAME = "240617-def-exp-2024-TABLES-en.xlsx"
ALLIES = 31
INDICATORS_2026 = 15


# -- fixtures and helpers -------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_path() -> Path:
    """NATO's own June 2024 workbook in ../shared (never copied into the repo)."""
    path = need_shared() / "nato" / "raw" / REAL_NAME
    if not path.is_file():
        pytest.skip(f"NATO's June 2024 workbook is not at {path}")
    return path


@pytest.fixture(scope="module")
def real(real_path: Path) -> ParsedRelease:
    return nato.parse(real_path)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the bundled data; each test gets a copy."""
    path = tmp_path_factory.mktemp("nato-template") / store.STORE_NAME
    store.build(path)
    return path


@pytest.fixture
def home(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh MILEX_HOME holding a copy of the bundled store."""
    folder = tmp_path / "home"
    folder.mkdir()
    shutil.copyfile(template, folder / store.STORE_NAME)
    monkeypatch.setenv("MILEX_HOME", str(folder))
    return folder


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI's entry point in-process (where errors become exit code 2)."""
    argv = sys.argv
    sys.argv = ["milex", *args]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = argv
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def stored_cells(home: Path, release: str) -> dict[tuple[str, str, int], tuple[float, int, str]]:
    """(indicator, iso3, year) -> (value, estimate, flag) of one release in the store."""
    with sqlite3.connect(f"file:{home / store.STORE_NAME}?mode=ro", uri=True) as conn:
        return {
            (ind, iso3, year): (value, estimate, flag)
            for ind, iso3, year, value, estimate, flag in conn.execute(
                "SELECT indicator, iso3, year, value, estimate, flag FROM observations "
                "WHERE release_id = ?",
                (release,),
            )
        }


def assert_equals_bundled(home: Path, release: str) -> int:
    """The store's rows of ``release`` equal the bundled CSV cell for cell (value at the
    printed precision, estimate flag, flag); returns the number of cells."""
    expected = nato_files.bundled_cells(release)
    got = stored_cells(home, release)
    assert set(got) == set(expected)
    for key, cell in expected.items():
        value, estimate, flag = got[key]
        assert round(value, cell.decimals) == cell.value, key
        assert (estimate, flag) == (cell.estimate, cell.flag), key
    return len(got)


# -- the real June 2024 workbook ------------------------------------------------------------


def test_real_workbook_release(real: ParsedRelease) -> None:
    assert real.release_id == "nato-2024-06"
    assert str(real.published) == "2024-06-17"
    assert real.title == "Defence Expenditure of NATO Countries (2014-2024)"
    assert real.publisher == "NATO Public Diplomacy Division"
    assert real.url.endswith("/finance/def-exp-2024-en.xlsx")
    assert real.file.sha256.startswith("1897e2ead4be")
    assert "Defence Expenditure of NATO Countries (2014-2024)" in real.licence
    assert real.provenance.startswith(f"Imported by milex from NATO's file {REAL_NAME} (sha256")
    # The base year is read from the subtitles and unit rows: 2015 in this edition.
    usd = real.series["usd_constant_million"]
    assert (usd.table, usd.unit) == ("Table 2", "Million US dollars")
    assert usd.price_base == "constant 2015 prices and exchange rates"
    assert real.series["usd_current_million"].price_base == "current prices and exchange rates"
    assert real.series["lcu_constant_million"].price_base == "constant 2015 prices"
    assert real.series["share_gdp"].price_base == "constant 2015 prices"
    assert real.series["equipment_share"].price_base is None


def test_real_workbook_every_table_and_ally(real: ParsedRelease) -> None:
    counts = real.counts()
    assert len(counts) == INDICATORS_2026
    # 11 years (2014-2024e); Tables 2, 3, 6 (per capita) and 7: 31 allies + 2 aggregates;
    # Tables 1 and 8: the allies only; Table 5 and GDP per capita also hold Iceland's GDP.
    for indicator in ("usd_current_million", "share_gdp", "real_change_pct", "per_capita_usd"):
        assert counts[indicator] == (ALLIES + 2) * 11
    assert counts["personnel_thousands"] == (ALLIES + 2) * 11
    for indicator in ("lcu_current_million", "equipment_share", "other_share"):
        assert counts[indicator] == ALLIES * 11
    assert counts["gdp_usd_current_million"] == (ALLIES + 3) * 11
    by_indicator: dict[str, set[str]] = {}
    for iso3, _, indicator, _, _, _ in real.rows:
        by_indicator.setdefault(indicator, set()).add(iso3)
    allies = {c.iso3 for c in countries.allies() if c.iso3 != "ISL"}
    for indicator, codes in by_indicator.items():
        assert allies <= codes, indicator
    assert by_indicator["gdp_usd_current_million"] - allies == {"ISL", "NATO", "NATO_EU_CA"}


def test_real_workbook_poland(real: ParsedRelease) -> None:
    rows = {(r[0], r[1], r[2]): r for r in real.rows}
    poland = rows[("POL", 2024, "usd_current_million")]
    assert poland[3] == pytest.approx(34974.528, abs=0.001)  # NATO prints 34,975
    assert round(poland[3]) == 34975
    assert poland[4:] == (1, "e")
    assert rows[("POL", 2022, "usd_current_million")][4:] == (0, "")
    assert round(rows[("POL", 2024, "share_gdp")][3], 2) == 4.12
    assert rows[("USA", 2024, "lcu_current_million")][3] == 967707.0
    # A negative figure is allowed where NATO prints one: the annual real change.
    assert rows[("NATO", 2014, "real_change_pct")][3] < 0


def test_real_workbook_shares_equal_the_bundled_rows(real: ParsedRelease) -> None:
    bundled = nato_files.bundled_cells("nato-2024-06")
    shares = {(r[2], r[0], r[1]): r for r in real.rows if r[2] == "share_gdp"}
    expected = {k: c for k, c in bundled.items() if k[0] == "share_gdp"}
    assert set(shares) == set(expected)
    assert len(shares) == 363
    for key, cell in expected.items():
        row = shares[key]
        assert round(row[3], 2) == cell.value, key
        assert (row[4], row[5]) == (cell.estimate, cell.flag), key


def test_real_workbook_dollars_equal_the_bundled_aggregates(real: ParsedRelease) -> None:
    rows = {(r[2], r[0], r[1]): r for r in real.rows}
    bundled = nato_files.bundled_cells("nato-2024-06")
    dollars = {k: c for k, c in bundled.items() if k[0].startswith("usd_")}
    assert len(dollars) == 44  # NATO and NATO_EU_CA, current and constant, 11 years
    for key, cell in dollars.items():
        assert round(rows[key][3], cell.decimals) == cell.value, key
        assert rows[key][4] == cell.estimate, key


def test_real_workbook_log_notes_and_checks(real: ParsedRelease) -> None:
    log = "\n".join(real.log)
    assert "TABLE4: Table 4: summary of Tables 2 and 3, checked, not stored" in log
    assert "TABLE8b: row 42 has no label and only zeros or formula errors: skipped" in log
    assert "TABLE2: Table 2 'Current prices and exchange rates': 363 figures" in log
    assert real.log[0].startswith("edition 2024 (the last year of the tables, 2014-2024)")
    # Six allies carry the '*' of national 2% laws in Tables 1-3 (two blocks each).
    starred = {(iso3, indicator) for iso3, indicator, _, _ in real.notes}
    assert {iso3 for iso3, _ in starred} == {"CZE", "EST", "LVA", "LTU", "POL", "ROU"}
    assert len(starred) == 36
    _, _, marks, text = real.notes[0]
    assert marks == "*"
    assert text.startswith("These Allies have national laws or political agreements")


def test_real_table4_that_differs_from_table2_is_an_error(real_path: Path, tmp_path: Path) -> None:
    book = load_workbook(real_path)
    sheet = book["TABLE4"]
    assert sheet["C32"].value == "France"
    sheet["D32"] = sheet["D32"].value + 10
    broken = tmp_path / REAL_NAME
    book.save(broken)
    with pytest.raises(ImportFileError) as caught:
        nato.parse(broken)
    message = str(caught.value)
    assert message.startswith(f"{REAL_NAME}, sheet 'TABLE4', cell D32: ")
    assert "Table 4's France 2014 differs from Table 2" in message


def test_import_real_workbook_then_the_cli_shows_it(real_path: Path, home: Path) -> None:
    result = milex.import_file("nato", real_path, replace=True)
    assert (result.release_id, result.status, result.rows) == ("nato-2024-06", "replaced", 5346)
    args = ("series", "--countries", "POL", "--indicator", "usd_current_million")
    table = ok(*args, "--release", "nato-2024-06")
    poland_2024 = next(line for line in table.stdout.splitlines() if " 2024 " in line)
    assert "34,974.53" in poland_2024  # the CLI's precision (NATO prints 34,975)
    rows = records(ok(*args, "--release", "nato-2024-06", "--format", "csv").stdout)
    by_year = {r["year"]: r for r in rows}
    assert float(by_year["2024"]["value"]) == pytest.approx(34974.528, abs=0.001)
    assert (by_year["2024"]["estimate"], by_year["2024"]["flag"]) == ("true", "e")
    assert by_year["2024"]["table"] == "Table 2"
    again = milex.import_file("nato", real_path)
    assert again.status == "unchanged"
    # NATO's own workbook completes the bundled copy: no figure is "not held" any more, and
    # Iceland (no row in any table) is recorded as not published, by NATO's table.
    missing = records(ok("missing", "--release", "nato-2024-06", "--format", "csv").stdout)
    assert {r["why"] for r in missing} == {"not_published"}
    assert {r["iso3"] for r in missing} == {"ISL"}
    assert next(r for r in missing if r["indicator"] == "share_gdp")["reason"] == (
        "Iceland has no armed forces: no row in NATO's Table 3"
    )


def test_blank_cells_of_an_ally_are_recorded_as_not_published(real: ParsedRelease) -> None:
    blanks = {(r[0], r[1], r[2]) for r in real.missing}
    assert ("share_gdp", "ISL", 2024) in blanks
    assert not any(iso3 == "POL" for _, iso3, _ in blanks)
    assert {r[3] for r in real.missing} == {"not_published"}


# -- files built from the bundled rows: round trips through the store -------------------------


def test_xlsx_2026_round_trip(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "260710-def-exp-2026-en.xlsx"
    nato_files.write_xlsx(path, "nato-2026-07", starred={"SVN"})
    result = milex.import_file("nato", path, replace=True)
    assert (result.release_id, result.status) == ("nato-2026-07", "replaced")
    assert assert_equals_bundled(home, "nato-2026-07") == 6273
    with sqlite3.connect(home / store.STORE_NAME) as conn:
        published = conn.execute(
            "SELECT published FROM releases WHERE release_id = 'nato-2026-07'"
        ).fetchone()
        notes = conn.execute(
            "SELECT DISTINCT iso3, marks FROM notes WHERE release_id = 'nato-2026-07'"
        ).fetchall()
        series = dict(
            conn.execute(
                "SELECT indicator, price_base FROM series WHERE release_id = 'nato-2026-07'"
            ).fetchall()
        )
    assert published == ("2026-07-10",)
    assert notes == [("SVN", "*")]
    assert len(series) == INDICATORS_2026
    assert series["usd_constant_million"] == "constant 2021 prices and exchange rates"
    assert series["share_gdp"] == "constant 2021 prices"


def test_xlsx_2025_table3_round_trip(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "250828-def-exp-2025-en.xlsx"
    nato_files.write_xlsx(path, "nato-2025-08")
    result = milex.import_file("nato", path, replace=True)
    assert (result.release_id, result.rows) == ("nato-2025-08", 384)
    assert assert_equals_bundled(home, "nato-2025-08") == 384


def test_pdf_2026_round_trip(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "260710-def-exp-2026-en.pdf"
    nato_files.write_pdf(path, "nato-2026-07", starred={"SVN"})
    result = milex.import_file("nato", path, replace=True)
    assert result.release_id == "nato-2026-07"
    assert assert_equals_bundled(home, "nato-2026-07") == 6273
    with sqlite3.connect(home / store.STORE_NAME) as conn:
        url, provenance = conn.execute(
            "SELECT url, provenance FROM releases WHERE release_id = 'nato-2026-07'"
        ).fetchone()
    assert url.endswith("/def-exp-2026-en.pdf")
    assert "figures as the PDF prints them (rounded)" in provenance


def test_a_pdf_is_known_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    path = tmp_path / "250828-def-exp-2025-en.xlsx"
    nato_files.write_pdf(path, "nato-2025-08")
    parsed = nato.parse(path)
    assert parsed.url.endswith(".pdf")
    assert len(parsed.rows) == 384


def test_image_only_pdf_is_refused_by_the_cli(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "260710-def-exp-2026-en.pdf"
    nato_files.write_image_pdf(path)
    before = sha256(home / store.STORE_NAME)
    result = run_milex(home, "import", "nato", str(path))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"Error: {path.name}: has no text layer (a scanned image")
    assert "import NATO's xlsx of the same edition instead" in result.stderr
    assert sha256(home / store.STORE_NAME) == before


# -- tolerance: layouts NATO may shift ---------------------------------------------------------


def _shift(book: Workbook) -> None:
    for sheet in book.worksheets:
        sheet.insert_rows(1, 3)
        sheet.insert_cols(1, 2)


def test_shifted_header_rows_and_columns_read_the_same(tmp_path: Path) -> None:
    plain, shifted = tmp_path / "250828-a.xlsx", tmp_path / "250828-b.xlsx"
    nato_files.write_xlsx(plain, "nato-2025-08")
    nato_files.write_xlsx(shifted, "nato-2025-08", edit=_shift)
    assert sorted(nato.parse(shifted).rows) == sorted(nato.parse(plain).rows)


def _marker(book: Workbook) -> None:
    book["Table 3"]["C9"] = "n/a"


def test_a_missing_marker_is_no_figure(tmp_path: Path) -> None:
    path = tmp_path / "250828-def-exp-2025-en.xlsx"
    data = nato_files.write_xlsx(path, "nato-2025-08", edit=_marker)
    parsed = nato.parse(path)
    croatia = data.tables[0].blocks[0].rows[4]
    assert croatia == ("Croatia", "HRV")
    assert len(parsed.rows) == 383
    assert not [r for r in parsed.rows if r[:2] == ("HRV", 2015)]


def _extra_sheets(book: Workbook) -> None:
    book.create_sheet("Contents").append(["Defence Expenditure of NATO Countries"])
    other = book.create_sheet("Table 4")
    other.append(["Table 4: Defence expenditure, real change"])
    other.append([None, *range(2014, 2026)])
    book.create_sheet("Table 9").append(["Table 9: Something new"])


def test_other_sheets_are_logged_as_not_stored(tmp_path: Path) -> None:
    path = tmp_path / "250828-def-exp-2025-en.xlsx"
    nato_files.write_xlsx(path, "nato-2025-08", edit=_extra_sheets)
    parsed = nato.parse(path)
    assert len(parsed.rows) == 384
    assert "Contents: not one of NATO's numbered tables: not stored" in parsed.log
    assert "Table 9: Table 9 is not one milex reads: not stored" in parsed.log
    assert any(
        line.startswith("Table 4: Table 4: not the summary layout milex knows")
        for line in parsed.log
    )


def test_a_file_without_a_date_takes_the_release_given(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "def-exp-2025-en.xlsx"
    nato_files.write_xlsx(path, "nato-2025-08")
    with pytest.raises(ImportFileError, match="give --release nato-YYYY-MM"):
        nato.parse(path)
    parsed = nato.parse(path, release="nato-2025-08")
    assert (parsed.release_id, parsed.published) == ("nato-2025-08", None)
    args = ("import", "nato", str(path), "--release", "nato-2025-08", "--replace")
    code, out, err = run_main(capsys, *args)
    assert code == 0, err
    assert "release nato-2025-08 replaced" in out
    assert assert_equals_bundled(home, "nato-2025-08") == 384


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.integers(-999_999, 9_999_999),
            st.decimals(-100, 100_000, places=2, allow_nan=False, allow_infinity=False),
        ),
        min_size=1,
        max_size=14,
    ),
    st.booleans(),
)
def test_printed_figures_split_back_or_refuse(figures: list[object], spaces: bool) -> None:
    # Thousands separated by commas always read back; by spaces, they read back or the line
    # is refused as ambiguous, never misread.
    def printed(figure: object) -> str:
        if figure is None:
            return "-"
        text = f"{figure:,}"
        return text.replace(",", " ") if spaces else text

    tokens = " ".join(printed(f) for f in figures).split()
    split = nato.split_figures(tokens, len(figures))
    expected = [None if f is None else float(str(f)) for f in figures]
    if not spaces:
        assert split == expected
    else:
        assert split is None or split == expected


# -- broken files: exit code 2, a message that names the place, the store unchanged ------------


def _rename_sheets(book: Workbook) -> None:
    book["Table 3"].title = "Defence share"


def _no_years(book: Workbook) -> None:
    sheet = book["Table 3"]
    for cell in sheet[4][1:]:
        cell.value = f"Y{cell.value}"


def _text_cell(book: Workbook) -> None:
    book["Table 3"]["C9"] = "twelve"


def _duplicate(book: Workbook) -> None:
    book["Table 3"]["A10"] = book["Table 3"]["A5"].value


def _atlantis(book: Workbook) -> None:
    book["Table 3"]["A7"] = "Atlantis"


def _no_label(book: Workbook) -> None:
    book["Table 3"]["A8"] = None


def _bad_year(book: Workbook) -> None:
    sheet = book["Table 3"]
    assert sheet["L4"].value == "2024e"
    sheet["L4"] = "20x4e"


def _negative_share(book: Workbook) -> None:
    book["Table 3"]["D6"] = -1.5


def _blank_row_in_block(book: Workbook) -> None:
    book["Table 3"].insert_rows(10)


def _unknown_subtitle(book: Workbook) -> None:
    book["Table 3"]["A3"] = "Share of nominal GDP (%)"


def _unknown_second_block(book: Workbook) -> None:
    sheet = book["Table 3"]
    assert sheet["A39"].value == "Annual real change (%)"
    sheet["A39"] = "Nominal change (%)"


def _xlsx(
    edit: Callable[[Workbook], None],
    name: str = "250828-def-exp-2025-en.xlsx",
    release: str = "nato-2025-08",
) -> Build:
    def build(folder: Path) -> Path:
        path = folder / name
        nato_files.write_xlsx(path, release, edit=edit)
        return path

    return build


def _pdf_text_among_figures(lines: list[list[str]]) -> None:
    poland = next(line for line in lines if line[0] == "Poland")
    poland[3] = "twelve"


def _pdf_blank_figure(lines: list[list[str]]) -> None:
    poland = next(line for line in lines if line[0] == "Poland")
    poland[5] = ""


def _pdf(edit: Callable[[list[list[str]]], None]) -> Build:
    def build(folder: Path) -> Path:
        path = folder / "250828-def-exp-2025-en.pdf"
        nato_files.write_pdf(path, "nato-2025-08", edit=edit)
        return path

    return build


def _image_pdf(folder: Path) -> Path:
    path = folder / "260710-def-exp-2026-en.pdf"
    nato_files.write_image_pdf(path)
    return path


def _truncated_pdf(folder: Path) -> Path:
    path = folder / "250828-def-exp-2025-en.pdf"
    nato_files.write_pdf(path, "nato-2025-08")
    path.write_bytes(path.read_bytes()[:1500])
    return path


def _encrypted_pdf(folder: Path) -> Path:
    from fpdf import FPDF

    path = folder / "250828-def-exp-2025-en.pdf"
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica")
    pdf.cell(text="Table 3 : Defence expenditure as a share of GDP")
    pdf.set_encryption(owner_password="owner", user_password="reader")
    pdf.output(str(path))
    return path


def _not_a_table_file(folder: Path) -> Path:
    path = folder / "250828-def-exp-2025-en.xlsx"
    path.write_text("iso3,year,value\nPOL,2025,4.48\n", encoding="utf-8")
    return path


Build = Callable[[Path], Path]
BROKEN: dict[str, tuple[Build, list[str]]] = {
    "wrong sheet names": (
        _xlsx(_rename_sheets),
        ["no sheet named like 'Table 1' or 'TABLE1' (sheets: Defence share)"],
    ),
    "header without years": (
        _xlsx(_no_years),
        ["sheet 'Table 3': no year header below the title"],
    ),
    "text in a number cell": (
        _xlsx(_text_cell),
        ["sheet 'Table 3', cell C9: text in a number cell", "(value 'twelve')"],
    ),
    "duplicate country": (
        _xlsx(_duplicate),
        ["sheet 'Table 3', cell A10: Albania appears twice", "(row 5 and row 10)"],
    ),
    "unknown country": (
        _xlsx(_atlantis),
        ["sheet 'Table 3', cell A7: not a country milex knows", "(value 'Atlantis')"],
    ),
    "figures without a label": (
        _xlsx(_no_label),
        ["sheet 'Table 3', row 8: figures on a row with no country name"],
    ),
    "estimate year that is not a year": (
        _xlsx(_bad_year),
        ["sheet 'Table 3', cell L4: a column heading that is not a year", "(value '20x4e')"],
    ),
    "negative share": (
        _xlsx(_negative_share),
        ["sheet 'Table 3', cell D6: a negative figure for share_gdp", "(value -1.5)"],
    ),
    "figures after a blank row that ended the block": (
        _xlsx(_blank_row_in_block),
        ["sheet 'Table 3', row 11: figures after the blank row 10 that ended the block"],
    ),
    "figures under a subtitle milex does not know": (
        _xlsx(_unknown_subtitle),
        [
            "sheet 'Table 3', row 5: figures before any block subtitle (Table 3's blocks start "
            "with 'Share of real GDP', 'Annual real change'; the nearest text above: "
            "'Share of nominal GDP (%)' (row 3))"
        ],
    ),
    "a second block under a subtitle milex does not know": (
        _xlsx(_unknown_second_block, "260710-def-exp-2026-en.xlsx", "nato-2026-07"),
        [
            "sheet 'Table 3', row 41: figures under the subtitle 'Nominal change (%)' (row 39), "
            "which is not a block of Table 3"
        ],
    ),
    "file name without a date": (
        _xlsx(lambda book: None, name="def-exp-2025-en.xlsx"),
        ["def-exp-2025-en.xlsx: the file name has no date", "give --release nato-YYYY-MM"],
    ),
    "text among a PDF line's figures": (
        _pdf(_pdf_text_among_figures),
        ["Table 3, page 1, line", ": text among the figures", "(value 'twelve')"],
    ),
    "a PDF line with a figure missing": (
        _pdf(_pdf_blank_figure),
        ["Table 3, page 1, line", ": 11 figures that cannot be read as one per year for the 12"],
    ),
    "PDF without text": (_image_pdf, ["has no text layer (a scanned image"]),
    "truncated PDF": (_truncated_pdf, ["is not a readable PDF (damaged or truncated"]),
    "encrypted PDF": (_encrypted_pdf, ["is an encrypted PDF"]),
    "neither xlsx nor PDF": (_not_a_table_file, ["is neither an xlsx workbook nor a PDF"]),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_file_is_refused_and_the_store_unchanged(
    case: str, home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build, expected = BROKEN[case]
    path = build(tmp_path)
    before = sha256(home / store.STORE_NAME)
    code, out, err = run_main(capsys, "import", "nato", str(path))
    assert code == 2, (out, err)
    assert err.startswith(f"Error: {path.name}"), err
    for part in expected:
        assert part in err, (part, err)
    assert sha256(home / store.STORE_NAME) == before
