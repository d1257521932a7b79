"""A user's own series in milex's tidy CSV format, and the row rules the bundled CSVs share.

The format (docs/data.md), one figure per row, UTF-8, a header row::

    country,year,indicator,value,estimate,flag
    Poland,2026,share_gdp,4.8,1,e
    UKR,2025,usd_current_million,64700,0,

- ``country``: any name, alias or code the countries module knows (``iso3`` is accepted as
  the column's name too, so a bundled observations file imports as it is);
- ``year``: a whole year; ``indicator``: one milex defines (``milex sql "SELECT * FROM
  indicators"``); ``value``: a finite number;
- ``estimate`` (optional): 1 (true) when the publisher marks the figure as an estimate, 0
  (false) when it does not, empty when that is unknown (the default); ``flag`` (optional): free
  text such as ``e``.

Each (country, indicator, year) may appear once. Errors name the file, row, field and value.
"""

from __future__ import annotations

import csv as stdlib_csv
import io
import math
import re
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from datetime import date
from pathlib import Path

from milex.data.importers.common import ParsedRelease, Row, SourceFile, release_id_ok
from milex.data.importers.xlsx import check_size
from milex.data.schema import Series
from milex.errors import ImportFileError

REQUIRED = ("year", "indicator", "value")
# The estimate column's spellings (milex's own CSV output writes true/false; empty = unknown).
ESTIMATE: dict[str, int | None] = {"0": 0, "1": 1, "false": 0, "true": 1, "": None}
MAX_FLAG = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def tidy_rows(
    lines: Iterable[tuple[int, dict[str, str]]],
    file: str,
    indicators: AbstractSet[str],
    country: Callable[[str], str | None],
    *,
    require_estimate: bool,
) -> list[Row]:
    """Check tidy rows ((line number, {column: text}) pairs) and return them as Rows.

    ``country`` maps the row's country text to a code (None: unknown). Shared by the bundled
    observations (strict: codes only, estimate required) and users' CSVs."""
    rows: list[Row] = []
    seen: dict[tuple[str, str, int], int] = {}
    for number, row in lines:
        name = (row.get("country") or row.get("iso3") or "").strip()
        field = "country" if "country" in row else "iso3"
        indicator = (row.get("indicator") or "").strip()
        if indicator not in indicators:
            raise ImportFileError(
                file,
                f"not an indicator milex defines (one of: {', '.join(sorted(indicators))})"
                if len(indicators) < 40
                else "not an indicator milex defines",
                row=number,
                field="indicator",
                value=indicator,
            )
        code = country(name)
        if code is None:
            raise ImportFileError(
                file, "not a country milex knows", row=number, field=field, value=name
            )
        try:
            year = int((row.get("year") or "").strip())
        except ValueError:
            raise ImportFileError(
                file, "not a whole year", row=number, field="year", value=row.get("year")
            ) from None
        if not 1900 <= year <= 2100:
            raise ImportFileError(
                file, "year outside 1900-2100", row=number, field="year", value=year
            )
        try:
            value = float((row.get("value") or "").strip())
        except ValueError:
            raise ImportFileError(
                file, "not a number", row=number, field="value", value=row.get("value")
            ) from None
        if not math.isfinite(value):
            raise ImportFileError(
                file, "not a finite number", row=number, field="value", value=row.get("value")
            )
        if require_estimate and "estimate" not in row:
            raise ImportFileError(file, "the header lacks estimate", row=1)
        estimate_text = (row.get("estimate") or "").strip().lower()
        if estimate_text not in ESTIMATE:
            raise ImportFileError(
                file,
                "must be 0 or 1 (true or false), or empty when unknown",
                row=number,
                field="estimate",
                value=row.get("estimate"),
            )
        flag = row.get("flag") or ""
        if len(flag) > MAX_FLAG or _CONTROL.search(flag):
            raise ImportFileError(
                file,
                f"a flag is a short label such as 'e' (at most {MAX_FLAG} characters, no "
                "control characters)",
                row=number,
                field="flag",
                value=flag,
            )
        key = (indicator, code, year)
        if key in seen:
            raise ImportFileError(
                file,
                f"a second {indicator} figure for {code} {year} (first on row {seen[key]})",
                row=number,
                field=field,
                value=name,
            )
        seen[key] = number
        rows.append((code, year, indicator, value, ESTIMATE[estimate_text], flag))
    return rows


def read_lines(text: str, file: str) -> list[tuple[int, dict[str, str]]]:
    """A CSV text's rows with their line numbers (the header is row 1), header checked."""
    reader = stdlib_csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in REQUIRED if c not in header]
    if "country" not in header and "iso3" not in header:
        missing.insert(0, "country")
    if missing:
        raise ImportFileError(
            file,
            f"the header lacks {', '.join(missing)} (it has: {', '.join(header) or 'nothing'}); "
            "expected country,year,indicator,value[,estimate][,flag]",
            row=1,
        )
    lines = []
    try:
        for number, row in enumerate(reader, start=2):
            if None in row:
                raise ImportFileError(
                    file, f"more fields than the header's {len(header)}", row=number
                )
            lines.append((number, row))
    except stdlib_csv.Error as exc:
        # The row being read when it failed: the one after the last row read (row numbers
        # count rows, as everywhere else here, not lines: a quoted field may hold line breaks).
        raise ImportFileError(file, f"not valid CSV ({exc})", row=len(lines) + 2) from None
    return lines


def parse(
    path: Path,
    *,
    release_id: str,
    label: str | None = None,
    title: str | None = None,
) -> ParsedRelease:
    """Read a user's tidy CSV into a release ``release_id`` (not yet stored)."""
    from milex.data import countries
    from milex.data.indicators import indicator_ids

    file = label or path.name
    if not release_id_ok(release_id):
        raise ImportFileError(
            file,
            "a release id is lower-case words and a year, e.g. user-aid-2026",
            field="release",
            value=release_id,
        )
    check_size(path, file)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            file, f"is not UTF-8 text (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})"
        ) from None
    if "\x00" in text:
        raise ImportFileError(file, "is not a text file (it holds NUL bytes)")

    def code(name: str) -> str | None:
        found = countries.find(name)
        return found.iso3 if found else None

    indicators = indicator_ids()
    rows = tidy_rows(read_lines(text, file), file, indicators, code, require_estimate=False)
    if not rows:
        raise ImportFileError(file, "has no rows under its header")
    used = sorted({r[2] for r in rows})
    source = SourceFile.of(path, file)
    series = {
        indicator: Series(table=file, unit="as milex defines the indicator", price_base=None)
        for indicator in used
    }
    return ParsedRelease(
        release_id=release_id,
        source=release_id.split("-")[0],
        title=title or release_id,
        publisher="user",
        published=date.today(),
        published_note="the day of the import (no --published date was given)",
        url=f"file:{file}",
        licence="the user's own data",
        provenance=f"Imported by milex from the user's CSV {file} "
        f"(sha256 {source.sha256[:12]}...).",
        file=source,
        series=series,
        rows=rows,
        log=[f"{file}: {len(rows):,} rows in {len(used)} indicators ({', '.join(used)})"],
    )
