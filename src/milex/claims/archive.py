"""Check many documents: files, folders, globs, JSON Lines (``{"id", "date", "text"}`` per
line) and Parquet (columns ``id``, ``date``, ``text``), one row per claim with the document it
came from, on several processes or a Dask cluster; the rows as a table, CSV, JSON or Parquet.

:func:`check_document` is the unit of work: a pure function of a :class:`Document` and the
store's path (both picklable), so the same call runs in this process, in a process pool
(:func:`check_archive`) or on a Dask cluster's workers (``engine``: the store file is shipped to
them), and gives the same rows. Documents keep their order whatever runs them.
"""

from __future__ import annotations

import functools
import glob
import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from milex.engine import ShippedFile, local_path
from milex.errors import InvalidQueryError

if TYPE_CHECKING:
    from milex.engine import Engine

# Files a folder contributes: texts, HTML pages, JSON Lines and Parquet archives.
SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".jsonl", ".parquet")
STDIN = "-"
R = TypeVar("R")
PARQUET_MAGIC = b"PAR1"
PARTITION = 100  # documents per task on a Dask cluster: a tenth of a second or more of work
ROW_GROUP = 50_000  # claims per row group of the Parquet output


@dataclass(frozen=True)
class Document:
    """One text to check: its name (a file name or a JSON Lines id), its text and date."""

    name: str
    text: str
    date: date | None = None


@dataclass(frozen=True)
class Checked:
    """The result of one document: its claims as JSON rows (each with ``document``), the
    date used and how it was found, the title line and whether checking stopped early."""

    document: str
    date: date
    date_source: str
    rows: list[dict[str, Any]]
    table_rows: list[tuple[Any, ...]]  # the rows of ``CheckReport.table()``, after the document
    title: str
    notes: list[str]
    truncated: bool


def expand(sources: Iterable[str]) -> list[str]:
    """Files named, files in the folders named (sorted, recursively), files a glob matches
    (sorted); an unmatched glob or a missing path is an error naming it."""
    out: list[str] = []
    for source in sources:
        if source == STDIN:
            out.append(source)
            continue
        path = Path(source)
        if path.is_dir():
            found = sorted(
                str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not found:
                raise InvalidQueryError(f"{source}: no {', '.join(SUFFIXES)} files in it")
            out.extend(found)
        elif path.is_file():
            out.append(source)
        elif glob.has_magic(source):
            matched = sorted(p for p in glob.glob(source, recursive=True) if Path(p).is_file())
            if not matched:
                raise InvalidQueryError(f"{source}: no file matches it")
            out.extend(matched)
        else:
            raise InvalidQueryError(f"{source}: no such file or folder")
    return out


def _read(name: str, stdin: bytes | None) -> bytes:
    if name == STDIN:
        return stdin or b""
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise InvalidQueryError(f"{name}: cannot read it ({exc.strerror or exc})") from None


def documents(
    sources: Iterable[str], default_date: date | None = None, stdin: bytes | None = None
) -> Iterator[Document]:
    """The documents of some files, folders and globs, in order; a ``.jsonl`` file (or
    standard input that is JSON Lines) gives one document per line."""
    from milex.claims.text import read_text

    for name in expand(sources):
        if name.lower().endswith(".parquet"):
            yield from parquet_documents(name, name, default_date)
            continue
        data = _read(name, stdin)
        shown = "standard input" if name == STDIN else name
        if name == STDIN and data.startswith(PARQUET_MAGIC):
            yield from parquet_documents(data, shown, default_date)
        elif name.lower().endswith(".jsonl") or (name == STDIN and _looks_like_jsonl(data)):
            yield from json_lines(data, shown, default_date)
        else:
            yield Document(shown, read_text(data, shown), default_date)


def _looks_like_jsonl(data: bytes) -> bool:
    head = data.lstrip()[:200]
    return head.startswith(b"{") and b'"text"' in data[:100_000]


def json_lines(data: bytes, name: str, default_date: date | None = None) -> Iterator[Document]:
    """One document per line of ``{"id": ..., "date": "YYYY-MM-DD" or null, "text": ...}``;
    errors name the file and line."""
    from milex.data.query import parse_date

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidQueryError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}, line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidQueryError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise InvalidQueryError(f'{where}: expected an object {{"id", "date", "text"}}')
        body, ident = record.get("text"), record.get("id", number)
        if not isinstance(body, str):
            raise InvalidQueryError(f'{where}: "text" must be a string')
        if not isinstance(ident, str | int) or isinstance(ident, bool):
            raise InvalidQueryError(f'{where}: "id" must be a string or a number')
        ident = str(ident)
        if ident in seen:
            raise InvalidQueryError(f"{where}: id {ident!r} is used twice")
        seen.add(ident)
        raw = record.get("date")
        if raw is not None and not isinstance(raw, str):
            raise InvalidQueryError(f'{where}: "date" must be YYYY-MM-DD or null')
        try:
            day = parse_date(raw, "date") if raw else default_date
        except InvalidQueryError as exc:
            raise InvalidQueryError(f"{where}: {exc}") from None
        yield Document(ident, body, day)


def _pyarrow(what: str) -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise InvalidQueryError(f"{what} needs pyarrow: pip install 'milex[parquet]'") from None
    return pyarrow


def parquet_documents(
    source: str | bytes, name: str, default_date: date | None = None
) -> Iterator[Document]:
    """One document per row of a Parquet file (a path, or its bytes) with a ``text`` column
    (strings) and optionally ``id`` (strings or integers; default: the row number) and ``date``
    (a date, or YYYY-MM-DD; null: ``default_date``); read a batch of rows at a time. Errors
    name the file, and the row or column."""
    from milex.data.query import parse_date

    pa = _pyarrow(f"{name}: reading Parquet")
    try:
        opened = pa.parquet.ParquetFile(
            pa.BufferReader(source) if isinstance(source, bytes) else source
        )
    except (OSError, pa.ArrowException) as exc:
        raise InvalidQueryError(f"{name}: not a Parquet file ({exc})") from None
    schema = opened.schema_arrow
    types = pa.types
    if "text" not in schema.names:
        raise InvalidQueryError(
            f'{name}: no column "text" (an archive has id, date and text; it has '
            f"{', '.join(schema.names) or 'none'})"
        )
    checks = {
        "text": (types.is_string, types.is_large_string),
        "id": (types.is_string, types.is_large_string, types.is_integer),
        "date": (types.is_date, types.is_timestamp, types.is_string, types.is_large_string),
    }
    columns = [column for column in ("id", "date", "text") if column in schema.names]
    for column in columns:
        kind = schema.field(column).type
        if not any(check(kind) for check in checks[column]):
            expected = {"text": "strings", "id": "strings or integers", "date": "dates"}[column]
            raise InvalidQueryError(f'{name}: column "{column}" holds {kind}, not {expected}')
    seen: set[str] = set()
    number = 0
    for batch in opened.iter_batches(batch_size=1024, columns=columns):
        values = {column: batch.column(column).to_pylist() for column in columns}
        for index in range(batch.num_rows):
            number += 1
            where = f"{name}, row {number}"
            body = values["text"][index]
            if body is None:
                raise InvalidQueryError(f'{where}: "text" is null')
            ident = values["id"][index] if "id" in values else number
            if ident is None:
                raise InvalidQueryError(f'{where}: "id" is null')
            ident = str(ident)
            if ident in seen:
                raise InvalidQueryError(f"{where}: id {ident!r} is used twice")
            seen.add(ident)
            raw = values["date"][index] if "date" in values else None
            if isinstance(raw, datetime):
                day: date | None = raw.date()
            elif isinstance(raw, date) or raw is None:
                day = raw or default_date
            else:
                try:
                    day = parse_date(raw, "date")
                except InvalidQueryError as exc:
                    raise InvalidQueryError(f"{where}: {exc}") from None
            yield Document(ident, body, day)


@functools.cache
def _queries(store_path: str) -> Any:
    from milex.session import Milex

    return Milex(store_path).tables


def check_document(document: Document, store_path: str) -> Checked:
    """Check one document against the store at ``store_path`` (opened read-only, once per
    process). Pure: the same document and store give the same result anywhere."""
    from milex.claims import check

    try:
        report = check(_queries(store_path), document.text, document.date)
    except InvalidQueryError as exc:
        message = str(exc)
        raise InvalidQueryError(
            message if message.startswith(document.name) else f"{document.name}: {message}"
        ) from None
    rows = [{"document": document.name, **row} for row in report.to_json()]
    table = report.table()
    return Checked(
        document.name,
        report.date,
        report.date_source,
        rows,
        [(document.name, *row) for row in table.rows],
        table.title or "",
        list(table.notes),
        report.truncated,
    )


def _check_many(args: tuple[list[Document], str | ShippedFile]) -> list[Checked]:
    """A partition of documents (the unit of work of a process pool or a Dask task)."""
    documents, store = args
    path = local_path(store)
    return [check_document(document, path) for document in documents]


def _partitions(
    docs: Iterable[Document], size: int, store: str | ShippedFile
) -> Iterator[tuple[list[Document], str | ShippedFile]]:
    batch: list[Document] = []
    for document in docs:
        batch.append(document)
        if len(batch) == size:
            yield batch, store
            batch = []
    if batch:
        yield batch, store


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _on_partitions(
    func: Callable[[tuple[list[Document], str | ShippedFile]], R],
    docs: Iterable[Document],
    store_path: str | Path,
    jobs: int | None,
    engine: Engine | None,
) -> Iterator[R]:
    """``func`` over partitions of the documents, in order: on ``engine`` (the store file
    shipped to its workers, partitions of ``PARTITION`` sent as workers free up), in this
    process (``jobs`` 1) or on a pool of ``jobs`` processes (a few partitions each)."""
    path = str(store_path)
    if engine is not None:
        yield from engine.map(func, _partitions(docs, PARTITION, engine.ship(path)))
        return
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise InvalidQueryError(f"jobs: {jobs} is not a number of processes (1 or more)")
    if jobs == 1:
        for partition in _partitions(docs, PARTITION, path):
            yield func(partition)
        return
    documents = list(docs)
    # A few chunks per process: each costs a round trip, and a document a millisecond or two.
    size = max(1, len(documents) // (jobs * 4))
    chunks = list(_partitions(documents, size, path))
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks) or 1)) as pool:
        yield from pool.map(func, chunks)


def check_archive(
    docs: Iterable[Document],
    store_path: str | Path,
    jobs: int | None = None,
    engine: Engine | None = None,
) -> Iterator[Checked]:
    """Check documents in order on ``jobs`` processes (default: all cores; 1: this process), or
    on ``engine`` (a Dask cluster: the store file is shipped to its workers, and partitions of
    ``PARTITION`` documents are read and sent as workers free up). The results are the same, in
    the same order, whatever runs them."""
    for results in _on_partitions(_check_many, docs, store_path, jobs, engine):
        yield from results


def check_archive_to_parquet(
    docs: Iterable[Document],
    store_path: str | Path,
    out: str | Path,
    jobs: int | None = None,
    engine: Engine | None = None,
) -> Tally:
    """Check documents as :func:`check_archive` does and write their claims to a Parquet file
    at ``out`` (:func:`write_parquet`). Each partition's claims are made into an Arrow table
    where they were checked (a worker), so this process only writes them."""
    _pyarrow("--parquet")
    return write_parquet(_on_partitions(_parquet_part, docs, store_path, jobs, engine), out)


@dataclass
class Tally:
    """What a run of checks found: documents, claims, documents stopped early, and how many
    claims got each verdict (as of their dates, and latest)."""

    documents: int = 0
    claims: int = 0
    stopped: int = 0
    verdicts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {"verdict_as_of_date": {}, "verdict_latest": {}}
    )

    def add(self, checked: Checked) -> None:
        self.documents += 1
        self.claims += len(checked.rows)
        self.stopped += checked.truncated
        for key, counts in self.verdicts.items():
            for row in checked.rows:
                counts[row[key]] = counts.get(row[key], 0) + 1

    def title(self) -> str:
        """The run in a line: documents, claims and each verdict's count, both ways."""
        from milex.claims.verify import VERDICTS

        def counted(key: str) -> str:
            found = self.verdicts[key]
            return (
                ", ".join(f"{found[v]} {v.replace('_', ' ')}" for v in VERDICTS if found.get(v))
                or "none"
            )

        return (
            f"{self.documents} documents, {self.claims} claims, each checked as of its date and "
            f"against the latest figures: as of their dates {counted('verdict_as_of_date')}; "
            f"latest {counted('verdict_latest')}"
            + (f" ({self.stopped} stopped early)" if self.stopped else "")
        )

    def merge(self, other: Tally) -> None:
        self.documents += other.documents
        self.claims += other.claims
        self.stopped += other.stopped
        for key, counts in self.verdicts.items():
            for verdict, n in other.verdicts[key].items():
                counts[verdict] = counts.get(verdict, 0) + n


@dataclass(frozen=True)
class ParquetPart:
    """A partition's claims as an Arrow table of :data:`PARQUET_COLUMNS`, and its tally."""

    table: Any  # pyarrow.Table
    tally: Tally


# The Parquet output: one row per claim. A JSON row's nested references become columns with
# their key as prefix (reference_value, reference_latest_release, ...).
_REFERENCE = (
    ("value", "float64"),
    ("release", "string"),
    ("table", "string"),
    ("source_url", "string"),
    ("year", "int32"),
)
PARQUET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("document", "string"),
    ("claim", "int32"),  # 1, 2, ... within its document
    ("date", "date32"),  # the date the document was checked as of
    ("date_source", "string"),
    ("sentence", "string"),
    ("start", "int64"),
    ("end", "int64"),
    ("kind", "string"),
    ("entity", "string"),
    ("year", "int32"),
    ("value", "float64"),
    ("unit", "string"),
    ("qualifier", "string"),
    ("verdict_as_of_date", "string"),
    ("verdict_latest", "string"),
    *((f"reference_{key}", kind) for key, kind in _REFERENCE),
    *((f"reference_latest_{key}", kind) for key, kind in _REFERENCE),
    ("explanation_as_of_date", "string"),
    ("explanation_latest", "string"),
    ("why_as_of_date", "string"),
    ("why_latest", "string"),
    ("note", "string"),
)
_NESTED = ("reference", "reference_latest")
_NAMES = frozenset(name for name, _ in PARQUET_COLUMNS)


def parquet_rows(checked: Checked) -> list[dict[str, Any]]:
    """A document's claims as flat rows of :data:`PARQUET_COLUMNS`."""
    out = []
    for number, row in enumerate(checked.rows, start=1):
        flat: dict[str, Any] = {
            "claim": number,
            "date": checked.date,
            "date_source": checked.date_source,
        }
        for key, value in row.items():
            if key in _NESTED:
                for sub, _ in _REFERENCE:
                    flat[f"{key}_{sub}"] = None if value is None else value[sub]
            else:
                flat[key] = value
        if not flat.keys() <= _NAMES:  # a field the checker gained: give it a column here
            raise AssertionError(f"no Parquet column for {sorted(flat.keys() - _NAMES)}")
        out.append(flat)
    return out


def _schema(pa: Any) -> Any:
    return pa.schema([(name, getattr(pa, kind)()) for name, kind in PARQUET_COLUMNS])


def parquet_part(results: Iterable[Checked]) -> ParquetPart:
    """Checked documents as one :class:`ParquetPart`."""
    pa = _pyarrow("--parquet")
    tally = Tally()
    rows: list[dict[str, Any]] = []
    for checked in results:
        tally.add(checked)
        rows.extend(parquet_rows(checked))
    return ParquetPart(pa.Table.from_pylist(rows, _schema(pa)), tally)


def _parquet_part(args: tuple[list[Document], str | ShippedFile]) -> ParquetPart:
    return parquet_part(_check_many(args))


def write_parquet(parts: Iterable[ParquetPart], path: str | Path) -> Tally:
    """Write the claims of ``parts`` to a Parquet file at ``path``, in order, a row group per
    ``ROW_GROUP`` claims (so the same checks give the same bytes, however they were split and
    run). The file appears whole or not at all: it is written beside and renamed when
    complete."""
    pa = _pyarrow("--parquet")
    schema = _schema(pa)
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    tally = Tally()
    try:
        writer = pa.parquet.ParquetWriter(partial, schema, compression="zstd")
    except OSError as exc:
        raise InvalidQueryError(f"{path}: cannot write it ({exc.strerror or exc})") from None
    pending = schema.empty_table()
    try:
        with writer:
            for part in parts:
                tally.merge(part.tally)
                pending = pa.concat_tables([pending, part.table])
                while pending.num_rows >= ROW_GROUP:
                    writer.write_table(pending.slice(0, ROW_GROUP).combine_chunks())
                    pending = pending.slice(ROW_GROUP)
            if pending.num_rows or not tally.claims:
                writer.write_table(pending.combine_chunks())
        try:
            partial.replace(target)
        except OSError as exc:
            raise InvalidQueryError(f"{path}: cannot write it ({exc.strerror or exc})") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return tally
