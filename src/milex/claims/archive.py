"""Check many documents: files, folders, globs and JSON Lines (``{"id", "date", "text"}`` per
line), one row per claim with the document it came from, on several processes.

:func:`check_document` is the unit of work: a pure function of a :class:`Document` and the
store's path (both picklable), so the same call runs in this process, in a process pool
(:func:`check_archive`) or on another scheduler's workers, and gives the same rows. Documents
keep their order whatever the number of processes.
"""

from __future__ import annotations

import functools
import glob
import json
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from milex.errors import InvalidQueryError

# Files a folder contributes: texts, HTML pages and JSON Lines archives.
SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".jsonl")
STDIN = "-"


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
        data = _read(name, stdin)
        shown = "standard input" if name == STDIN else name
        if name.lower().endswith(".jsonl") or (name == STDIN and _looks_like_jsonl(data)):
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


def _check_many(args: tuple[list[Document], str]) -> list[Checked]:
    documents, store_path = args
    return [check_document(document, store_path) for document in documents]


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_archive(
    docs: Iterable[Document], store_path: str | Path, jobs: int | None = None
) -> Iterator[Checked]:
    """Check documents in order on ``jobs`` processes (default: all cores; 1: this process).
    The results are the same, in the same order, whatever the number of processes."""
    path = str(store_path)
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise InvalidQueryError(f"jobs: {jobs} is not a number of processes (1 or more)")
    if jobs == 1:
        for document in docs:
            yield check_document(document, path)
        return
    documents = list(docs)
    # A few chunks per process: each costs a round trip, and a document a millisecond or two.
    size = max(1, len(documents) // (jobs * 4))
    chunks = [(documents[i : i + size], path) for i in range(0, len(documents), size)]
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks) or 1)) as pool:
        for results in pool.map(_check_many, chunks):
            yield from results
