"""Imports into the store: atomic, idempotent, refused over another file unless replaced, kept
across rebuilds, visible to revisions; and a kill mid-way leaves the previous store readable."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import milex
from milex.data import store
from milex.errors import ImportFileError, ReleaseConflictError
from tests.cli_helpers import records, run_milex
from tests.data.importers import sipri_files


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh MILEX_HOME with a built store."""
    folder = tmp_path / "home"
    monkeypatch.setenv("MILEX_HOME", str(folder))
    store.build()
    return folder


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def user_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("country,year,indicator,value,estimate,flag\n" + "\n".join(rows) + "\n")
    return path


def test_a_new_release_is_added_and_queried(home: Path, tmp_path: Path) -> None:
    file = user_csv(
        tmp_path / "aid.csv",
        [
            "Poland,2026,share_gdp,4.8,1,e",
            "Ukraine,2025,share_gdp,31.5,0,",
            "DEU,2026,share_gdp,2.8,1,e",
        ],
    )
    result = milex.import_file("csv", file, release="user-plans-2026", published="2026-05-01")
    assert (result.status, result.rows) == ("added", 3)
    with milex.open() as db:
        releases = db.releases()
        row = releases[releases["release"] == "user-plans-2026"].iloc[0]
        assert row["origin"].startswith("imported: aid.csv on 20")
        assert row["published"] == "2026-05-01"
        frame = db.series(countries="POL", indicator="share_gdp", release="user-plans-2026")
        assert frame["value"].tolist() == [4.8]


def test_milex_csv_output_imports_back_with_its_unknown_flags(home: Path, tmp_path: Path) -> None:
    """`series --format csv` writes estimate as true/false/empty; import takes all three."""
    exported = run_milex(
        home, "series", "-c", "POL", "-i", "share_gdp", "--start", "2023", "--format", "csv"
    )
    assert exported.returncode == 0, exported.stderr
    rows = records(exported.stdout)
    assert {r["estimate"] for r in rows} == {"true", "false", ""}  # nato-2026-07 and sipri-2026
    file = tmp_path / "pol.csv"
    keep = ("iso3", "year", "indicator", "value", "estimate", "flag")
    file.write_text(
        ",".join(keep)
        + "\n"
        + "".join(",".join(r[k] for k in keep) + "\n" for r in rows if r["source"] == "sipri")
    )
    milex.import_file("csv", file, release="user-pol-2026", published="2026-06-01")
    with milex.open() as db:
        back = db.tables.series("POL", "share_gdp", release="user-pol-2026")
    assert set(back.column("estimate")) == {None}  # unknown stays unknown, not false


def test_the_same_file_again_changes_nothing(home: Path, tmp_path: Path) -> None:
    file = user_csv(tmp_path / "a.csv", ["Poland,2026,share_gdp,4.8,1,e"])
    milex.import_file("csv", file, release="user-a-2026")
    before = digest(home / "milex.sqlite")
    again = milex.import_file("csv", file, release="user-a-2026")
    assert again.status == "unchanged"
    assert digest(home / "milex.sqlite") == before


def test_another_file_for_a_held_release_needs_replace(home: Path, tmp_path: Path) -> None:
    first = user_csv(tmp_path / "a.csv", ["Poland,2026,share_gdp,4.8,1,e"])
    second = user_csv(
        tmp_path / "b.csv", ["Poland,2026,share_gdp,4.9,1,e", "DEU,2026,share_gdp,3,1,"]
    )
    milex.import_file("csv", first, release="user-a-2026")
    before = digest(home / "milex.sqlite")
    with pytest.raises(ReleaseConflictError) as raised:
        milex.import_file("csv", second, release="user-a-2026")
    assert "b.csv: release user-a-2026 is already in the store (imported, from a.csv)" in str(
        raised.value
    )
    assert "1 cells added, 1 changed, 0 dropped" in str(raised.value)
    assert digest(home / "milex.sqlite") == before
    replaced = milex.import_file("csv", second, release="user-a-2026", replace=True)
    assert replaced.status == "replaced"
    assert [(c.added, c.changed, c.removed) for c in replaced.changes] == [(1, 1, 0)]


def test_a_bundled_release_is_replaced_only_on_request(home: Path) -> None:
    path = sipri_files.write(home.parent / "mini.xlsx")
    with pytest.raises(
        ReleaseConflictError, match=r"release sipri-2025 is already in the store \(bundled\)"
    ):
        milex.import_file("sipri", path)
    result = milex.import_file("sipri", path, replace=True)
    assert result.status == "replaced"
    assert result.previous == "bundled"
    changes = {c.indicator: c for c in result.changes}
    # the small workbook holds 60 of the bundled share cells, unchanged; the rest are dropped
    assert changes["share_gdp"].same == 60
    assert changes["share_gdp"].removed == 8245 - 60
    with milex.open() as db:
        releases = db.releases()
        published = releases[releases["release"] == "sipri-2025"]["published"].iloc[0]
        assert published == "2025-04-28"  # the workbook does not say; the bundled date is kept


def test_imports_survive_a_rebuild_and_revisions_see_them(home: Path, tmp_path: Path) -> None:
    file = user_csv(tmp_path / "nato-next.csv", ["Poland,2024,share_gdp,4.5,1,e"])
    milex.import_file("csv", file, release="mine-2027-01", published="2027-01-15")
    report = store.build()
    assert report.carried == ("mine-2027-01",)
    assert report.rows["mine-2027-01"] == 1
    out = run_milex(
        home,
        "revisions",
        "--from",
        "nato-2024-06",
        "--to",
        "mine-2027-01",
        "--countries",
        "POL",
        "-f",
        "csv",
    )
    assert out.returncode == 0, out.stderr
    (row,) = records(out.stdout)
    assert (row["iso3"], row["year"], row["status"]) == ("POL", "2024", "changed")
    assert float(row["value_nato-2024-06"]) == 4.12
    assert float(row["value_mine-2027-01"]) == 4.5


def test_build_drop_imports_goes_back_to_the_bundled_data(home: Path, tmp_path: Path) -> None:
    file = user_csv(tmp_path / "a.csv", ["Poland,2026,share_gdp,4.8,1,e"])
    milex.import_file("csv", file, release="user-a-2026")
    out = run_milex(home, "build", "--drop-imports")
    assert out.returncode == 0, out.stderr
    assert "kept the imported releases" not in out.stdout
    with milex.open() as db:
        assert "user-a-2026" not in db.releases()["release"].tolist()


def test_a_release_that_breaks_validation_is_refused_and_nothing_changes(
    home: Path, tmp_path: Path
) -> None:
    file = user_csv(tmp_path / "bad.csv", ["Poland,2026,share_gdp,412,0,"])
    before = digest(home / "milex.sqlite")
    with pytest.raises(ImportFileError) as raised:
        milex.import_file("csv", file, release="user-bad-2026")
    assert "bad.csv: release user-bad-2026 breaks validation rules" in str(raised.value)
    assert "share_range: user-bad-2026 share_gdp POL 2026 = 412" in str(raised.value)
    assert digest(home / "milex.sqlite") == before
    assert sorted(p.name for p in home.iterdir()) == ["milex.sqlite"]


def test_cli_import_reports_changes_as_json_and_dry_run_stores_nothing(
    home: Path, tmp_path: Path
) -> None:
    import json

    file = user_csv(
        tmp_path / "c.csv", ["Poland,2026,share_gdp,4.8,1,e", "FRA,2026,share_gdp,2.2,1,e"]
    )
    before = digest(home / "milex.sqlite")
    dry = run_milex(home, "import", "csv", str(file), "--release", "user-c-2026", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "c.csv: release user-c-2026 read and checked; nothing stored (--dry-run)" in dry.stdout
    assert digest(home / "milex.sqlite") == before
    done = run_milex(home, "import", "csv", str(file), "--release", "user-c-2026", "-f", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "added"
    assert report["changes"] == [
        {
            "indicator": "share_gdp",
            "figures": 2,
            "added": 2,
            "changed": 0,
            "dropped": 0,
            "unchanged": 0,
        }
    ]


KILL_SCRIPT = """
import sys
from pathlib import Path
import milex
milex.import_file("csv", Path(sys.argv[1]), release="user-big-2026", published="2026-01-01")
"""


def big_csv(path: Path) -> Path:
    """~300,000 rows: long enough to kill the import while it writes its copy of the store."""
    from milex.data import countries

    codes = [c.iso3 for c in countries.all_countries("country")][:150]
    indicators = [
        "usd_current_million",
        "usd_constant_million",
        "lcu_current_million",
        "lcu_constant_million",
        "per_capita_usd",
        "personnel_thousands",
        "gdp_usd_current_million",
        "gdp_usd_constant_million",
        "equipment_share",
        "personnel_share",
    ]
    with path.open("w") as out:
        out.write("iso3,year,indicator,value\n")
        for indicator in indicators:
            for code in codes:
                for year in range(1900, 2100):
                    out.write(f"{code},{year},{indicator},1.5\n")
    return path


def start_import(home: Path, file: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MILEX_HOME": str(home)}
    return subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(file)], env=env)


@pytest.mark.slow
def test_a_killed_import_leaves_the_previous_store_readable(home: Path, tmp_path: Path) -> None:
    """SIGKILL while the file is read and while the release is written into the copy: the
    previous store is untouched and readable, and the next import clears the stale copy."""
    file = big_csv(tmp_path / "big.csv")
    pristine = tmp_path / "pristine.sqlite"
    shutil.copyfile(home / "milex.sqlite", pristine)
    # One run to the end, in another home, to know how long an import takes here.
    timing_home = tmp_path / "timing"
    timing_home.mkdir()
    shutil.copyfile(pristine, timing_home / "milex.sqlite")
    started = time.monotonic()
    assert start_import(timing_home, file).wait(timeout=300) == 0
    whole = time.monotonic() - started
    before = digest(home / "milex.sqlite")
    for fraction in (0.5, 0.9):  # reading the file; writing the copy (about half each)
        process = start_import(home, file)
        time.sleep(whole * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL, f"finished before the kill at {fraction}"
        assert digest(home / "milex.sqlite") == before
        with milex.open() as db:
            assert "user-big-2026" not in db.releases()["release"].tolist()
            assert db.status(year=2024, release="nato-2025-08")["share_gdp"].notna().all()
    # the next import clears the stale copy and succeeds
    small = user_csv(tmp_path / "small.csv", ["Poland,2026,share_gdp,4.8,1,e"])
    assert milex.import_file("csv", small, release="user-small-2026").status == "added"
    assert sorted(p.name for p in home.iterdir()) == ["milex.sqlite"]
