"""Reading an official workbook: cell values through calamine, font colours from the styles.

Values come from python-calamine (Rust, a few times faster than openpyxl). Calamine does not
expose cell styles, and SIPRI marks its estimates and uncertain figures only by font colour, so
this module also reads, with the standard library's XML parser, the one thing it needs from
the OOXML parts: which style index each cell carries (``<c r="C7" s="12">``) and which font
colour that style has (``styles.xml``). Calamine also reads a formula's error (``#DIV/0!``,
``#REF!``) as an empty cell; the sheet part is scanned for them (``<c t="e">``) and they come
back as :class:`CellError` values, so no error is taken for a missing figure. Nothing else of
the file format is read here.

Rows and columns are 0-based in code and shown 1-based ("C7") in messages.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import cast
from xml.etree import ElementTree
from xml.parsers import expat

from milex.data.importers.common import MISSING_MARKERS
from milex.errors import ImportFileError


@dataclass(frozen=True)
class CellError:
    """A cell holding a formula's error, as Excel shows it: ``#DIV/0!``, ``#N/A``, ``#REF!``."""

    code: str

    def __str__(self) -> str:
        return self.code

    __repr__ = __str__  # as messages quote a cell's value: (value #REF!)


Cell = str | float | int | bool | date | datetime | time | timedelta | CellError
# What goes wrong reading a part of the zip archive: a damaged entry (bad CRC, a deflate
# stream that does not inflate, one cut short) or an unreadable file.
_ZIP_ERRORS = (KeyError, zipfile.BadZipFile, zlib.error, EOFError, OSError)

# Files above this size are refused before they are opened (the official ones are under 1 MB).
MAX_FILE_BYTES = 50 * 1024 * 1024
# A workbook whose parts unzip to more than this is refused (a zip bomb, or not a table file).
MAX_UNZIPPED_BYTES = 400 * 1024 * 1024

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def cell_ref(row: int, col: int) -> str:
    """Excel's name for a 0-based cell position: (6, 2) -> "C7"."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


_REF = re.compile(r"([A-Za-z]{1,3})([0-9]+)")
_REF_ATTR = re.compile(rb"\br\s*=\s*[\"']([A-Za-z]{1,3}[0-9]+)[\"']")
# A cell whose type is "e" (an error), and the value after it (past a formula, if any).
_ERROR_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s([^>]*?\bt\s*=\s*[\"']e[\"'][^>]*)>")
_VALUE = re.compile(
    rb"\s*(?:<(?:[A-Za-z_][\w.-]*:)?f\b[^>]*?(?:/>|>[^<]*</(?:[A-Za-z_][\w.-]*:)?f>)\s*)?"
    rb"<(?:[A-Za-z_][\w.-]*:)?v>([^<]*)<"
)


@lru_cache(maxsize=4096)
def _column(letters: str) -> int:
    col = 0
    for letter in letters.upper():
        col = col * 26 + (ord(letter) - 64)
    return col - 1


def _col_index(ref: str) -> tuple[int, int]:
    """0-based (row, column) of a cell reference: "C7" -> (6, 2)."""
    match = _REF.fullmatch(ref)
    if match is None:
        raise ElementTree.ParseError(f"bad cell reference {ref!r}")
    return int(match.group(2)) - 1, _column(match.group(1))


class _StyleScan:
    """expat start-tag handler: remembers the cells whose style is coloured. It runs once per
    element of a sheet (~100,000 in SIPRI's), so it does as little as it can: a cell's position
    is worked out only when its style is coloured. A cell without a reference (``r`` may be
    left out) is the one after the cell before it."""

    def __init__(self, colour_of_style: dict[str, str]) -> None:
        self.colour_of_style = colour_of_style
        self.found: dict[tuple[int, int], str] = {}
        self.errors: dict[tuple[int, int], str] = {}  # error cells: (row, col) -> "#DIV/0!"
        self.cell_tag, self.row_tag, self.value_tag = "c", "row", "v"
        self.row = -1
        self.col = -1  # the column of the last cell, kept only while cells omit references
        self.last_ref: str | None = None
        self.error_at: tuple[int, int] | None = None  # the error cell being read

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == self.cell_tag:
            ref = attrs.get("r")
            colour = self.colour_of_style.get(attrs.get("s", "0"))
            error = attrs.get("t") == "e"
            if ref is not None:
                self.last_ref = ref
                if colour is not None or error:
                    self._mark(_col_index(ref), colour, error)
                return
            if self.last_ref is not None:  # the first cell without a reference since one with
                self.row, self.col = _col_index(self.last_ref)
                self.last_ref = None
            self.col += 1
            self._mark((self.row, self.col), colour, error)
        elif name == self.row_tag:
            number = attrs.get("r")
            self.row = int(number) - 1 if number else self.row + 1
            self.col, self.last_ref = -1, None
        elif name.endswith(":worksheet"):  # a prefixed namespace: <x:worksheet>, <x:c>
            prefix = name[: -len("worksheet")]
            self.cell_tag, self.row_tag = prefix + "c", prefix + "row"
            self.value_tag = prefix + "v"

    def _mark(self, at: tuple[int, int], colour: str | None, error: bool) -> None:
        if colour is not None:
            self.found[at] = colour
        self.error_at = at if error else None
        if error:
            self.errors[at] = "#ERROR"  # its code follows in <v>, if the cell has one

    def text(self, data: str) -> None:
        if self.error_at is not None and data.strip():
            self.errors[self.error_at] = data.strip()

    def end(self, name: str) -> None:
        if name == self.cell_tag:
            self.error_at = None


def check_size(path: Path, label: str) -> int:
    """The file's size, or an error naming it when it is missing, empty or too large."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportFileError(label, "no such file") from None
    except OSError as exc:
        raise ImportFileError(label, f"cannot be read ({exc.strerror})") from None
    if not path.is_file():
        raise ImportFileError(label, "is not a file")
    if size == 0:
        raise ImportFileError(label, "is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            label,
            f"is {size / 1e6:.0f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit for an import",
        )
    return size


class Workbook:
    """One xlsx file, opened for reading; every error names the file (and sheet and cell)."""

    def __init__(self, path: Path, label: str | None = None) -> None:
        import python_calamine

        self.path = path
        self.label = label or path.name
        check_size(path, self.label)
        if not zipfile.is_zipfile(path):
            raise ImportFileError(
                self.label,
                "is not an xlsx workbook (not a zip archive: truncated, or another format)",
            )
        try:
            with zipfile.ZipFile(path) as archive:
                unzipped = sum(info.file_size for info in archive.infolist())
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError) as exc:
            raise ImportFileError(self.label, f"is not a readable xlsx workbook ({exc})") from None
        if unzipped > MAX_UNZIPPED_BYTES:
            raise ImportFileError(
                self.label,
                f"unzips to {unzipped / 1e6:.0f} MB, over the {MAX_UNZIPPED_BYTES / 1e6:.0f} MB "
                "limit (not an official table file)",
            )
        if "xl/workbook.xml" not in names:
            raise ImportFileError(self.label, "is a zip archive but not an xlsx workbook")
        self._cache: dict[str, Future[list[list[Cell]]]] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="milex-xlsx")
        try:
            self._book = python_calamine.CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine raises its own error types for every broken part
            raise ImportFileError(
                self.label, f"is not a readable xlsx workbook ({type(exc).__name__}: {exc})"
            ) from None
        self.sheet_names: list[str] = list(self._book.sheet_names)
        self._parts: dict[str, str] | None = None
        self._colours: dict[str, str] | None = None
        self._scanned: dict[str, tuple[dict[tuple[int, int], str], dict[tuple[int, int], str]]]
        self._scanned = {}  # sheet -> (coloured cells, error cells), until its rows are read

    def rows(self, sheet: str) -> list[list[Cell]]:
        """The sheet's cells as rows of values, from A1 ('' for an empty cell, a
        :class:`CellError` for a formula's error)."""
        pending = self._cache.pop(sheet, None) or self._pool.submit(self._read, sheet)
        try:
            rows = pending.result()
        except Exception as exc:
            raise ImportFileError(
                self.label, f"cannot be read ({type(exc).__name__}: {exc})", sheet=sheet
            ) from None
        for (row, col), code in self.error_cells(sheet).items():
            if row < len(rows):
                line = rows[row]
                line.extend([""] * (col + 1 - len(line)))
                line[col] = CellError(code)
        return rows

    def _read(self, sheet: str) -> list[list[Cell]]:
        found = self._book.get_sheet_by_name(sheet)
        return cast(list[list[Cell]], found.to_python(skip_empty_area=False))

    def prefetch(self, sheets: list[str]) -> None:
        """Start reading these sheets' values in the background (calamine releases the GIL,
        so this overlaps with the style scans); ``rows`` then waits for each. Calamine's
        workbook is not thread-safe: every read goes through the one worker thread."""
        for sheet in sheets:
            if sheet not in self._cache:
                self._cache[sheet] = self._pool.submit(self._read, sheet)

    def close(self) -> None:
        """Stop the reader thread (pending reads are dropped)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the parts calamine does not read ------------------------------------------------

    def _read_part(self, archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
        try:
            return ElementTree.fromstring(archive.read(name))
        except (ElementTree.ParseError, *_ZIP_ERRORS) as exc:
            raise ImportFileError(
                self.label, f"part {name} is damaged ({exc}); download the file again"
            ) from None

    def _sheet_parts(self, archive: zipfile.ZipFile) -> dict[str, str]:
        """Sheet name -> the path of its XML part, from workbook.xml and its relationships."""
        if self._parts is None:
            book = self._read_part(archive, "xl/workbook.xml")
            rels = self._read_part(archive, "xl/_rels/workbook.xml.rels")
            targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG}Relationship")}
            parts = {}
            for sheet in book.iter(f"{_MAIN}sheet"):
                target = targets.get(sheet.get(f"{_REL}id"), "")
                if target:
                    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                    parts[sheet.get("name", "")] = posixpath.normpath(path)
            self._parts = parts
        return self._parts

    def font_colours(self, sheet: str) -> dict[tuple[int, int], str]:
        """(row, col) -> the font's ARGB colour (e.g. "FF0000FF") of every cell whose font has an
        explicit colour other than black. Cells without a coloured font are left out."""
        return self._scan(sheet, colours=True)[0]

    def error_cells(self, sheet: str) -> dict[tuple[int, int], str]:
        """(row, col) -> the error a formula left in the cell ("#DIV/0!", "#REF!")."""
        found = self._scan(sheet, colours=False)[1]
        self._scanned.pop(sheet, None)  # asked for once, by ``rows``
        return found

    def has_styles(self) -> bool:
        """Whether the workbook has a styles part (where cells' fonts and colours are)."""
        with zipfile.ZipFile(self.path) as archive:
            return "xl/styles.xml" in archive.namelist()

    def _scan(
        self, sheet: str, colours: bool
    ) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], str]]:
        """The sheet part's coloured cells (if asked for) and error cells, from one read of
        the part (kept until the sheet's rows are read)."""
        if sheet in self._scanned:
            return self._scanned[sheet]
        with zipfile.ZipFile(self.path) as archive:
            part = self._sheet_parts(archive).get(sheet)
            if part is None:
                raise ImportFileError(self.label, "has no such sheet part", sheet=sheet)
            if colours and self._colours is None:
                self._colours = self._style_colours(archive)
            try:
                data = archive.read(part)
                wanted = self._colours if colours else None
                found = self._scan_styles(data, wanted) if wanted else {}
                errors = self._scan_errors(data)
            except (ElementTree.ParseError, *_ZIP_ERRORS) as exc:
                raise ImportFileError(
                    self.label,
                    f"part {part} is damaged ({exc}); download the file again",
                    sheet=sheet,
                ) from None
        self._scanned[sheet] = (found, errors)
        return found, errors

    @staticmethod
    def _scan_errors(data: bytes) -> dict[tuple[int, int], str]:
        """The cells of a sheet part that hold an error (``<c r="E9" t="e"><v>#DIV/0!</v>``).
        Most parts have none: a search for the quoted "e" rules them out at memchr speed."""
        if b'"e"' not in data and b"'e'" not in data:
            return {}
        found: dict[tuple[int, int], str] = {}
        for match in _ERROR_TAG.finditer(data):
            ref = _REF_ATTR.search(match.group(1))
            if ref is None:
                return Workbook._scan_styles_expat(data, {}, errors=True)
            value = _VALUE.match(data, match.end())
            code = value.group(1).decode("utf-8", "replace").strip() if value else ""
            found[_col_index(ref.group(1).decode())] = code or "#ERROR"
        return found

    @staticmethod
    def _scan_styles(data: bytes, colour_of_style: dict[str, str]) -> dict[tuple[int, int], str]:
        """The positions of a sheet part's cells whose style is coloured.

        A sheet has one start tag per cell, ``<c r="C7" s="12" t="n">``, whose attributes
        (reference, style, type, metadata indexes) never hold a ``>``: a regular expression
        that asks only for tags with a coloured style finds them without handing each of the
        sheet's ~100,000 elements to Python. A coloured cell without a reference (``r`` may
        be left out) needs its neighbours to place it; then the part is read by expat."""
        styles = b"|".join(
            re.escape(s.encode()) for s in sorted(colour_of_style, key=len, reverse=True)
        )
        tags = re.compile(
            rb"<(?:[A-Za-z_][\w.-]*:)?c\s(?=[^>]*?\bs\s*=\s*[\"'](" + styles + rb")[\"'])([^>]*)>"
        )
        found: dict[tuple[int, int], str] = {}
        for match in tags.finditer(data):
            ref = _REF_ATTR.search(match.group(2))
            if ref is None:
                return Workbook._scan_styles_expat(data, colour_of_style)
            found[_col_index(ref.group(1).decode())] = colour_of_style[match.group(1).decode()]
        return found

    @staticmethod
    def _scan_styles_expat(
        data: bytes, colour_of_style: dict[str, str], errors: bool = False
    ) -> dict[tuple[int, int], str]:
        """The same, with a full XML parser (for parts whose cells omit references); with
        ``errors``, the error cells instead of the coloured ones."""
        scan = _StyleScan(colour_of_style)
        parser = expat.ParserCreate()
        parser.StartElementHandler = scan.start
        parser.EndElementHandler = scan.end
        parser.CharacterDataHandler = scan.text
        try:
            parser.Parse(data, True)
        except expat.ExpatError as exc:
            raise ElementTree.ParseError(str(exc)) from None
        return scan.errors if errors else scan.found

    def _style_colours(self, archive: zipfile.ZipFile) -> dict[str, str]:
        """Style index (as written in ``s="..."``) -> ARGB colour of its font, non-black only."""
        if "xl/styles.xml" not in archive.namelist():
            return {}
        styles = self._read_part(archive, "xl/styles.xml")
        fonts: list[str | None] = []
        fonts_node = styles.find(f"{_MAIN}fonts")
        for font in fonts_node if fonts_node is not None else []:
            colour = font.find(f"{_MAIN}color")
            rgb = colour.get("rgb") if colour is not None else None
            fonts.append(rgb.upper() if rgb and rgb.upper() not in ("FF000000", "000000") else None)
        result = {}
        xfs = styles.find(f"{_MAIN}cellXfs")
        for index, xf in enumerate(xfs if xfs is not None else []):
            font_id = int(xf.get("fontId", "0"))
            if font_id < len(fonts) and fonts[font_id]:
                result[str(index)] = str(fonts[font_id])
        return result

    def drawing_text(self, sheet: str) -> str:
        """The text of the text boxes drawn on a sheet (SIPRI's front page is one), joined."""
        with zipfile.ZipFile(self.path) as archive:
            part = self._sheet_parts(archive).get(sheet)
            if part is None:
                return ""
            rels_name = posixpath.join(
                posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels"
            )
            if rels_name not in archive.namelist():
                return ""
            rels = self._read_part(archive, rels_name)
            texts: list[str] = []
            for rel in rels.iter(f"{_PKG}Relationship"):
                if not rel.get("Type", "").endswith("/drawing"):
                    continue
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(part), rel.get("Target", ""))
                )
                if target in archive.namelist():
                    drawing = self._read_part(archive, target)
                    texts.extend(t.text or "" for t in drawing.iter(f"{_DRAWING}t"))
            return " ".join(texts)


_INFINITIES = (float("inf"), float("-inf"))


def cell_number(
    value: Cell, file: str, sheet: str, row: int, col: int, markers: str
) -> float | None:
    """A number cell's value; None for an empty cell or a "no figure" marker (see
    ``MISSING_MARKERS``); an error naming the cell for any other text. ``markers`` is shown
    in that error: the markers this table uses."""
    kind = value.__class__
    if kind is float:
        if value != value or value in _INFINITIES:
            raise ImportFileError(
                file, "not a finite number", sheet=sheet, cell=cell_ref(row, col), value=value
            )
        return value  # type: ignore[return-value]  # (checked: a float)
    if kind is str:
        if str(value).strip().lower() in MISSING_MARKERS:
            return None
        raise ImportFileError(
            file,
            f"text in a number cell ({markers})",
            sheet=sheet,
            cell=cell_ref(row, col),
            value=value,
        )
    if kind is int:
        return float(value)  # type: ignore[arg-type]
    if kind is CellError:
        raise ImportFileError(
            file,
            f"the cell holds the error {value} (a formula that failed), not a figure; the "
            "file is damaged or was edited: use the publisher's own copy",
            sheet=sheet,
            cell=cell_ref(row, col),
        )
    raise ImportFileError(
        file, "not a number", sheet=sheet, cell=cell_ref(row, col), value=str(value)
    )
