"""`milex check` with Parquet: archives in (columns id, date, text) and claims out (one row per
claim with its document, date and verdicts), the same on one process or two, equal to the JSON
rows; bad Parquet input exits 2 naming the file and the row or column, and a failed run leaves
no output file."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from milex.claims import archive
from tests.cli_helpers import ok, run_milex, usage_failure

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

TEXTS = [
    ("a1", date(2024, 6, 18), "Poland spent 4.12% of GDP on defence in 2024."),
    ("b2", None, "NATO's 32 members met in Washington. Spain spent 1.28% of GDP in 2024."),
    ("c3", date(2024, 6, 18), "In 2024, 23 of NATO's 32 allies met the 2% target."),
]


def write_archive(path: Path, rows: list[tuple[Any, Any, Any]], **types: Any) -> Path:
    columns = {
        "id": [r[0] for r in rows],
        "date": [r[1] for r in rows],
        "text": [r[2] for r in rows],
    }
    schema = pa.schema([(name, types.get(name, default)) for name, default in (
        ("id", pa.string()), ("date", pa.date32()), ("text", pa.string()))])  # fmt: skip
    pq.write_table(pa.table(columns, schema=schema), path)
    return path


def json_rows(*args: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(ok("check", *args, "--format", "json").stdout)
    return rows


def test_parquet_archive_gives_the_rows_of_the_same_json_lines(tmp_path: Path) -> None:
    parquet = write_archive(tmp_path / "news.parquet", TEXTS)
    lines = tmp_path / "news.jsonl"
    lines.write_text(
        "".join(
            json.dumps({"id": i, "date": d.isoformat() if d else None, "text": t}) + "\n"
            for i, d, t in TEXTS
        ),
        encoding="utf-8",
    )
    from_parquet = json_rows(str(parquet), "--date", "2024-07-01")
    assert from_parquet == json_rows(str(lines), "--date", "2024-07-01")
    assert [r["document"] for r in from_parquet] == ["a1", "b2", "b2", "c3", "c3"]


def test_ids_may_be_integers_and_dates_strings_or_absent(tmp_path: Path) -> None:
    rows = [(7, "2024-06-18", TEXTS[0][2]), (8, None, TEXTS[2][2])]
    path = write_archive(tmp_path / "n.parquet", rows, id=pa.int64(), date=pa.string())
    found = list(archive.documents([str(path)], date(2025, 1, 1)))
    assert [(d.name, d.date) for d in found] == [("7", date(2024, 6, 18)), ("8", date(2025, 1, 1))]
    only_text = tmp_path / "t.parquet"
    pq.write_table(pa.table({"text": ["x", "y"]}), only_text)
    assert [d.name for d in archive.documents([str(only_text)])] == ["1", "2"]


def flat(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if key in ("reference", "reference_latest"):
            for sub in ("value", "release", "table", "source_url", "year"):
                out[f"{key}_{sub}"] = None if value is None else value[sub]
        else:
            out[key] = value
    return out


def test_parquet_output_is_the_json_rows_and_the_same_on_two_processes(
    milex_home: Path, tmp_path: Path
) -> None:
    source = write_archive(tmp_path / "news.parquet", TEXTS)
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    first = run_milex(milex_home, "check", str(source), "--jobs", "1", "--parquet", str(one))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("3 documents, 5 claims, each checked as of its date")
    assert f"claims written to {one}" in first.stderr
    ok("check", str(source), "--jobs", "2", "--parquet", str(two))
    assert one.read_bytes() == two.read_bytes()
    table = pq.read_table(one)
    assert table.schema.names == [name for name, _ in archive.PARQUET_COLUMNS]
    got = table.to_pylist()
    expected = json_rows(str(source))
    assert [
        {k: v for k, v in r.items() if k not in ("claim", "date", "date_source")} for r in got
    ] == [flat(r) for r in expected]
    assert [(r["document"], r["claim"]) for r in got] == [
        ("a1", 1), ("b2", 1), ("b2", 2), ("c3", 1), ("c3", 2)
    ]  # fmt: skip
    assert got[0]["date"] == date(2024, 6, 18) and got[0]["date_source"] == "given"


def test_no_claims_still_writes_a_file_with_the_columns(tmp_path: Path) -> None:
    out = tmp_path / "none.parquet"
    source = tmp_path / "quiet.txt"
    source.write_text("Nothing to check here.", encoding="utf-8")
    ok("check", str(source), "--parquet", str(out))
    table = pq.read_table(out)
    assert table.num_rows == 0
    assert table.schema.names == [name for name, _ in archive.PARQUET_COLUMNS]


@pytest.mark.parametrize(
    ("rows", "types", "message"),
    [
        ([("a", None, None)], {}, 'row 1: "text" is null'),
        ([("a", None, "x"), ("a", None, "y")], {}, "row 2: id 'a' is used twice"),
        ([("a", "2024-13-01", "x")], {"date": pa.string()}, "row 1: date"),
        ([("a", None, 5)], {"text": pa.int64()}, 'column "text" holds int64, not strings'),
    ],
)
def test_bad_parquet_exits_2_naming_file_and_row(
    milex_home: Path, tmp_path: Path, rows: list[Any], types: dict[str, Any], message: str
) -> None:
    path = write_archive(tmp_path / "bad.parquet", rows, **types)
    out = tmp_path / "out.parquet"
    error = usage_failure(run_milex(milex_home, "check", str(path), "--parquet", str(out)))
    assert f"{path}, {message}" in error or f"{path}: {message}" in error
    assert not out.exists() and not list(tmp_path.glob(".*partial"))


def test_a_file_without_text_or_not_parquet_exits_2(milex_home: Path, tmp_path: Path) -> None:
    no_text = tmp_path / "no_text.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), no_text)
    error = usage_failure(run_milex(milex_home, "check", str(no_text)))
    assert f'{no_text}: no column "text"' in error and "id, body" in error
    fake = tmp_path / "fake.parquet"
    fake.write_text("id,date,text\n", encoding="utf-8")
    assert f"{fake}: not a Parquet file" in usage_failure(run_milex(milex_home, "check", str(fake)))


def test_parquet_on_standard_input(milex_home: Path, tmp_path: Path) -> None:
    path = write_archive(tmp_path / "news.parquet", TEXTS)
    import subprocess

    from tests.cli_helpers import MILEX

    done = subprocess.run(
        [str(MILEX), "check", "-", "--format", "json"],
        input=path.read_bytes(),
        capture_output=True,
        env={**os.environ, "MILEX_HOME": str(milex_home)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [r["document"] for r in json.loads(done.stdout)] == ["a1", "b2", "b2", "c3", "c3"]


def test_an_unwritable_output_exits_2(milex_home: Path, tmp_path: Path) -> None:
    source = write_archive(tmp_path / "news.parquet", TEXTS)
    target = tmp_path / "missing-folder" / "out.parquet"
    error = usage_failure(run_milex(milex_home, "check", str(source), "--parquet", str(target)))
    assert f"{target}: cannot write it" in error


def test_the_same_claims_split_otherwise_give_the_same_bytes(
    db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "ROW_GROUP", 3)  # 5 claims: row groups of 3 and 2
    docs = list(archive.documents([str(write_archive(tmp_path / "n.parquet", TEXTS))]))
    results = list(archive.check_archive(docs, db.path, 1))
    whole, apart = tmp_path / "whole.parquet", tmp_path / "apart.parquet"
    tally = archive.write_parquet([archive.parquet_part(results)], whole)
    archive.write_parquet([archive.parquet_part([r]) for r in results], apart)
    assert whole.read_bytes() == apart.read_bytes()
    assert pq.ParquetFile(whole).num_row_groups == 2
    assert (tally.documents, tally.claims) == (3, 5)
    for key in ("verdict_as_of_date", "verdict_latest"):
        column = pq.read_table(whole).column(key).to_pylist()
        assert tally.verdicts[key] == {v: column.count(v) for v in set(column)}
