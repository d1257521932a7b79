"""milex export: releases out whole with a Frictionless data package; the CSV imports back
unchanged; SQL never cuts silently; datasette reads the store with its metadata."""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
import warnings
from pathlib import Path

import pytest

import milex
from milex import export
from milex.data import store
from tests.cli_helpers import invoke, ok, records, run_milex, usage_failure


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, db: milex.Milex) -> Path:
    out = tmp_path_factory.mktemp("export")
    export.export(db.tables, ["nato-2025-08", "sipri-2026"], out, datasette_metadata=True)
    return out


def test_the_files_and_the_package(exported: Path, db: milex.Milex) -> None:
    names = sorted(p.name for p in exported.iterdir())
    assert names == [
        "datapackage.json",
        "metadata.json",
        "nato-2025-08.csv",
        "nato-2025-08.missing.csv",
        "sipri-2026.csv",
    ]
    package = json.loads((exported / "datapackage.json").read_text())
    nato = next(r for r in package["resources"] if r["name"] == "nato-2025-08")
    assert nato["milex_release"]["published"] == "2025-08-28"
    assert nato["milex_release"]["rows"] == 384
    assert nato["sources"][0]["path"].startswith("https://www.nato.int/")
    assert nato["licenses"][0]["title"].startswith("NATO public release")
    assert nato["hash"].startswith("sha256:") and nato["bytes"] > 0
    assert {f["name"]: f["type"] for f in nato["schema"]["fields"]}["estimate"] == "boolean"
    series = {s["indicator"]: s for s in nato["milex_series"]}
    assert series["share_gdp"]["unit"] == "percent of real GDP"
    with (exported / "sipri-2026.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 16900
    assert {r["estimate"] for r in rows} == {""}  # unknown stays unknown
    frame = db.release("sipri-2026")
    assert len(frame) == 16900 and str(frame["estimate"].dtype) == "boolean"


def test_frictionless_accepts_the_package(exported: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(exported / "datapackage.json")
    assert report.valid, report.flatten(["type", "message"])


def test_the_csv_imports_back_unchanged(exported: Path, tmp_path: Path) -> None:
    """export -> import as a new release -> revisions: 0 changed cells."""
    home = tmp_path / "home"
    store.build(home / store.STORE_NAME)
    path = exported / "nato-2025-08.csv"
    imported = run_milex(
        home, "import", "csv", str(path), "--release", "copy-2025-08", "--published", "2025-09-01"
    )
    assert imported.returncode == 0, imported.stderr
    diff = run_milex(
        home, "revisions", "--from", "nato-2025-08", "--to", "copy-2025-08", "--format", "csv"
    )
    assert diff.returncode == 0, diff.stderr
    assert records(diff.stdout) == []
    summary = run_milex(home, "revisions", "--from", "nato-2025-08", "--to", "copy-2025-08")
    assert "(0 of 384 shared cells changed)" in summary.stdout


def test_parquet_export(tmp_path: Path, db: milex.Milex) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    export.export(db.tables, ["nato-2026-07"], tmp_path, fmt="parquet")
    table = pq.read_table(tmp_path / "nato-2026-07.parquet")
    assert table.num_rows == 6273
    assert table.schema.field("estimate").type == "bool"


def test_export_cli(tmp_path: Path) -> None:
    result = ok("export", "nato-2024-06", "--out", str(tmp_path))
    assert "nato-2024-06.csv" in result.output
    assert (tmp_path / "datapackage.json").exists()
    unknown = invoke("export", "nato-1999", "--out", str(tmp_path))
    assert unknown.exit_code != 0


def test_sql_refuses_to_cut_silently(milex_home: Path) -> None:
    statement = "SELECT * FROM observations WHERE release_id = 'sipri-2025'"
    refused = usage_failure(run_milex(milex_home, "sql", statement))
    assert "more than 10,000 rows and nothing was printed" in refused
    assert "--limit" in refused
    first = run_milex(milex_home, "sql", statement, "--limit", "5", "--format", "csv")
    assert len(records(first.stdout)) == 5
    assert "stopped at the first 5 rows" in first.stderr
    every = run_milex(milex_home, "sql", statement, "--limit", "0", "--format", "csv")
    assert len(records(every.stdout)) == 24856


def test_db_sql_warns_when_it_cuts(db: milex.Milex) -> None:
    statement = "SELECT * FROM observations WHERE release_id = 'sipri-2025'"
    with pytest.warns(milex.TruncatedResultWarning, match="more than 10,000 rows"):
        frame = db.sql(statement)
    assert len(frame) == 10_000
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(db.sql(statement, limit=None)) == 24856


def test_the_store_knows_its_countries(db: milex.Milex) -> None:
    path = db.tables.conn.execute("PRAGMA database_list").fetchone()[2]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        keys = conn.execute("PRAGMA foreign_key_list(observations)").fetchall()
    assert any(k[2] == "countries" and k[3] == "iso3" for k in keys)


def test_datasette_opens_the_store_with_its_metadata(exported: Path, db: milex.Milex) -> None:
    pytest.importorskip("datasette")
    from datasette.app import Datasette

    path = db.tables.conn.execute("PRAGMA database_list").fetchone()[2]
    metadata = json.loads((exported / "metadata.json").read_text())

    async def ask() -> tuple[dict[str, object], dict[str, object]]:
        ds = Datasette(immutables=[path], metadata=metadata)
        name = Path(path).stem
        rows = await ds.client.get(
            f"/{name}/observations.json?_labels=on&_size=1&iso3=POL&_shape=array"
        )
        table = await ds.client.get(f"/{name}/facts.json?_size=1")
        return rows.json()[0], table.json()

    row, facts = asyncio.run(ask())
    assert row["iso3"] == {"value": "POL", "label": "Poland"}  # the foreign key to countries
    assert metadata["license"] and "SIPRI" in metadata["license"]
    assert facts["rows"]
