"""Imports into the store: atomic, idempotent, refused over another file unless replaced, kept
across rebuilds, visible to revisions; and a kill mid-way leaves the previous store readable."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import milex
from milex.data import store
from milex.errors import ImportFileError, ReleaseConflictError
from tests.cli_helpers import MILEX, records, run_milex
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


def start_import(home: Path, file: Path, kill_at: str) -> subprocess.CompletedProcess[bytes]:
    """An import in another process that kills itself (SIGKILL) at a named point of its work
    (``MILEX_KILL_AT``, a seam the importer reaches for certain: no timing involved)."""
    env = {**os.environ, "MILEX_HOME": str(home), "MILEX_KILL_AT": kill_at}
    return subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(file)], env=env, timeout=120, check=False
    )


# The points an import passes: the file read (the store's copy made meanwhile), the release
# written into the copy, the copy complete and closed just before it is renamed over the store.
KILL_POINTS = ["import-read", "import-written", "import-swap"]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_killed_import_leaves_the_previous_store_readable(
    home: Path, tmp_path: Path, point: str
) -> None:
    """SIGKILL at each point: the previous store is untouched and readable, the killed
    import's copy is left behind, and `milex build` clears it."""
    file = user_csv(
        tmp_path / "big.csv", [f"{code},2026,share_gdp,2.5,1,e" for code in ("POL", "DEU", "FRA")]
    )
    before = digest(home / "milex.sqlite")
    killed = start_import(home, file, point)
    assert killed.returncode == -signal.SIGKILL, f"the import was not killed at {point}"
    assert digest(home / "milex.sqlite") == before
    with milex.open() as db:
        assert "user-big-2026" not in db.releases()["release"].tolist()
        assert db.status(year=2024, release="nato-2025-08")["share_gdp"].notna().all()
    leftovers = sorted(p.name for p in home.iterdir() if p.name != "milex.sqlite")
    assert len(leftovers) == 1 and leftovers[0].startswith(".milex-import-"), leftovers
    out = run_milex(home, "build")
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in home.iterdir()) == ["milex.sqlite"]


def test_the_next_import_clears_a_killed_imports_copy(home: Path, tmp_path: Path) -> None:
    file = user_csv(tmp_path / "big.csv", ["Poland,2026,share_gdp,4.8,1,e"])
    assert start_import(home, file, "import-written").returncode == -signal.SIGKILL
    assert len(list(home.iterdir())) == 2
    small = user_csv(tmp_path / "small.csv", ["Poland,2026,share_gdp,4.8,1,e"])
    assert milex.import_file("csv", small, release="user-small-2026").status == "added"
    assert sorted(p.name for p in home.iterdir()) == ["milex.sqlite"]


def test_a_killed_build_leaves_the_previous_store_and_the_next_build_clears_it(
    home: Path,
) -> None:
    file = user_csv(home.parent / "a.csv", ["Poland,2026,share_gdp,4.8,1,e"])
    milex.import_file("csv", file, release="user-a-2026")
    before = digest(home / "milex.sqlite")
    env = {**os.environ, "MILEX_HOME": str(home), "MILEX_KILL_AT": "build-swap"}
    killed = subprocess.run([str(MILEX), "build"], env=env, timeout=120, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert digest(home / "milex.sqlite") == before
    assert any(p.name.startswith(".milex-build-") for p in home.iterdir())
    out = run_milex(home, "build")
    assert out.returncode == 0, out.stderr
    assert "kept the imported releases: user-a-2026" in out.stdout
    assert sorted(p.name for p in home.iterdir()) == ["milex.sqlite"]
