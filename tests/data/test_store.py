"""milex.data.store: building, opening, rebuilding and refusing bad bundled data."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
import yaml

import milex
from milex.data import store, validate
from milex.data.validate import Finding
from milex.errors import StoreError, ValidationError
from tests.conftest import REPO

BUNDLED = REPO / "src" / "milex" / "data" / "bundled"
BROKEN_FILE = "observations/nato-2025-08.csv"
BROKEN_LINE = 5  # ALB,2017,share_gdp,1.10,0,  (line 1 is the header; rows count from 2)
HEADER = ["iso3", "year", "indicator", "value", "estimate", "flag"]


def csv_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def meta(path: Path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT key, value FROM meta").fetchall())


def rows_by_release(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        return dict(
            conn.execute("SELECT release_id, COUNT(*) FROM observations GROUP BY 1").fetchall()
        )


@pytest.fixture
def bundle_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the bundled data that store.build() reads instead of the package's."""
    copy = tmp_path / "bundled"
    shutil.copytree(BUNDLED, copy)
    monkeypatch.setattr(store, "bundled", lambda: copy)
    return copy


def edit_cells(path: Path, edit: Callable[[list[list[str]]], None]) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        cells = list(csv.reader(handle))
    edit(cells)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(cells)


# -- build --------------------------------------------------------------------------------


def test_build_writes_the_checksum_and_counts_rows(tmp_path: Path) -> None:
    target = tmp_path / "home" / "milex.sqlite"
    report = store.build(target)
    assert report.path == target
    assert report.checksum == store.bundle_checksum()
    assert meta(target)["bundle_checksum"] == store.bundle_checksum()
    assert meta(target)["schema_version"] == str(store.SCHEMA_VERSION)
    expected = {f.stem: csv_rows(f) for f in (BUNDLED / "observations").glob("*.csv")}
    assert report.rows == expected == rows_by_release(target)
    assert report.rows["nato-2025-08"] == 384
    assert report.rows["nato-2024-06"] == 407
    assert [p.name for p in target.parent.iterdir()] == ["milex.sqlite"]


def test_build_reports_progress_to_the_end(tmp_path: Path) -> None:
    steps: list[tuple[str, int, int]] = []
    store.build(tmp_path / "milex.sqlite", progress=lambda *step: steps.append(step))
    assert steps[0] == ("loading census-trade-2026", 1, 9)
    assert steps[-1] == ("done", 9, 9)
    assert [done for _, done, _ in steps] == list(range(1, 10))


def test_checksum_follows_the_bundled_bytes(bundle_copy: Path) -> None:
    before = store.bundle_checksum()
    edit_cells(
        bundle_copy / BROKEN_FILE, lambda cells: cells[BROKEN_LINE - 1].__setitem__(3, "1.1")
    )
    assert store.bundle_checksum() != before


# -- connect ------------------------------------------------------------------------------


def test_connect_opens_the_store_read_only() -> None:
    with closing(store.connect()) as conn:
        assert conn.execute("SELECT COUNT(*) FROM releases").fetchone() == (7,)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("INSERT INTO meta VALUES ('tampered', 'yes')")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM observations")
        assert conn.execute("SELECT COUNT(*) FROM meta WHERE key = 'tampered'").fetchone() == (0,)


def test_missing_store_is_built_on_first_connect(tmp_path: Path) -> None:
    target = tmp_path / "new" / "milex.sqlite"
    with closing(store.connect(target)) as conn:
        (count,) = conn.execute(
            "SELECT COUNT(*) FROM observations WHERE release_id = 'nato-2026-07'"
        ).fetchone()
    assert count == 6273
    assert meta(target)["bundle_checksum"] == store.bundle_checksum()


def test_missing_store_without_auto_build_is_a_store_error(tmp_path: Path) -> None:
    target = tmp_path / "milex.sqlite"
    with pytest.raises(StoreError, match="milex build"):
        store.connect(target, auto_build=False)
    assert not target.exists()


def mark_stale(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE meta SET value = 'stale' WHERE key = 'bundle_checksum'")
        conn.execute("DELETE FROM observations WHERE release_id = 'sipri-2026'")
        conn.commit()


def test_store_with_another_checksum_is_rebuilt_on_connect(tmp_path: Path) -> None:
    target = tmp_path / "milex.sqlite"
    store.build(target)
    mark_stale(target)
    assert "sipri-2026" not in rows_by_release(target)
    with closing(store.connect(target)) as conn:
        assert conn.execute(
            "SELECT COUNT(*) FROM observations WHERE release_id = 'sipri-2026'"
        ).fetchone() == (16900,)
    assert meta(target)["bundle_checksum"] == store.bundle_checksum()


def test_stale_store_without_auto_build_is_a_store_error(tmp_path: Path) -> None:
    target = tmp_path / "milex.sqlite"
    store.build(target)
    mark_stale(target)
    with pytest.raises(StoreError, match=r"out of date.*milex build"):
        store.connect(target, auto_build=False)
    assert meta(target)["bundle_checksum"] == "stale"


def test_changed_bundled_data_reaches_the_store_on_connect(
    tmp_path: Path, bundle_copy: Path
) -> None:
    target = tmp_path / "milex.sqlite"
    store.build(target)
    edit_cells(
        bundle_copy / BROKEN_FILE, lambda cells: cells[BROKEN_LINE - 1].__setitem__(3, "1.4")
    )
    with closing(store.connect(target)) as conn:
        value = conn.execute(
            "SELECT value FROM observations WHERE release_id = 'nato-2025-08' "
            "AND indicator = 'share_gdp' AND iso3 = 'ALB' AND year = 2017"
        ).fetchone()
    assert value == (1.4,)
    assert meta(target)["bundle_checksum"] == store.bundle_checksum()


def garbage(path: Path) -> None:
    path.write_bytes(b"this is not a SQLite database\n" * 200)


def truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:4096])  # the header page survives, the tables do not


def emptied_meta(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DELETE FROM meta")
        conn.commit()


@pytest.mark.parametrize("damage", [garbage, truncated, emptied_meta])
def test_damaged_store_is_a_store_error_until_rebuilt(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    target = tmp_path / "milex.sqlite"
    store.build(target)
    damage(target)
    with pytest.raises(StoreError, match="milex build") as raised:
        store.connect(target)
    assert str(target) in str(raised.value)
    report = store.build(target)
    assert report.rows["sipri-2025"] == 24856
    with closing(store.connect(target)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM releases").fetchone() == (7,)


# -- failed builds leave the previous store alone -------------------------------------------


def checks_crash(monkeypatch: pytest.MonkeyPatch) -> type[BaseException]:
    def crash(conn: sqlite3.Connection) -> list[Finding]:
        raise RuntimeError("checks crashed")

    monkeypatch.setattr(validate, "run_checks", crash)
    return RuntimeError


def checks_fail(monkeypatch: pytest.MonkeyPatch) -> type[BaseException]:
    finding = Finding("error", "share_range", "nato-2025-08 share_gdp POL 2024 = 412")
    monkeypatch.setattr(validate, "run_checks", lambda conn: [finding])
    return ValidationError


def parse_fails_on_third_file(monkeypatch: pytest.MonkeyPatch) -> type[BaseException]:
    original = store._parse_observations
    calls: list[str] = []

    def parse(f, release, series, known):  # type: ignore[no-untyped-def]
        calls.append(release)
        if len(calls) == 3:
            raise OSError("disk went away")
        return original(f, release, series, known)

    monkeypatch.setattr(store, "_parse_observations", parse)
    return StoreError  # an I/O error while building: the message says what to do


@pytest.mark.parametrize("breaks", [checks_crash, checks_fail, parse_fails_on_third_file])
def test_failed_build_leaves_the_previous_store_unchanged(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    breaks: Callable[[pytest.MonkeyPatch], type[BaseException]],
) -> None:
    target = tmp_path / "home" / "milex.sqlite"
    store.build(target)
    before = target.read_bytes()
    expected = breaks(monkeypatch)
    with pytest.raises(expected):
        store.build(target)
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["milex.sqlite"]


def test_interrupted_build_leaves_the_previous_store_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "milex.sqlite"
    store.build(target)
    before = target.read_bytes()

    def ctrl_c_at_step_three(message: str, done: int, total: int) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.build(target, progress=ctrl_c_at_step_three)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["milex.sqlite"]


def test_failing_checks_are_named_in_the_validation_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks_fail(monkeypatch)
    with pytest.raises(ValidationError) as raised:
        store.build(tmp_path / "milex.sqlite")
    message = str(raised.value)
    assert "breaks validation rules" in message
    assert "share_range: nato-2025-08 share_gdp POL 2024 = 412" in message
    assert list(tmp_path.iterdir()) == []


# -- bad bundled data -------------------------------------------------------------------------


def set_cell(field: str, value: str) -> Callable[[list[list[str]]], None]:
    def edit(cells: list[list[str]]) -> None:
        cells[BROKEN_LINE - 1][HEADER.index(field)] = value

    return edit


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("value", "abc"),
        ("value", "nan"),
        ("value", ""),
        ("iso3", "XXX"),
        ("year", "20x4"),
        ("indicator", "usd_current_million"),  # defined, but no series in nato-2025-08
        ("indicator", "share_gpd"),
        ("estimate", "2"),
    ],
)
def test_bad_cell_is_named_by_file_row_field_and_value(
    tmp_path: Path, bundle_copy: Path, field: str, value: str
) -> None:
    edit_cells(bundle_copy / BROKEN_FILE, set_cell(field, value))
    target = tmp_path / "home" / "milex.sqlite"
    with pytest.raises(ValidationError) as raised:
        store.build(target)
    message = str(raised.value)
    assert BROKEN_FILE in message
    assert f"row {BROKEN_LINE}," in message
    assert f"field {field!r}" in message
    assert repr(value) in message
    assert list(target.parent.iterdir()) == []


def test_duplicated_row_is_named_by_file_row_and_cell(tmp_path: Path, bundle_copy: Path) -> None:
    edit_cells(
        bundle_copy / BROKEN_FILE,
        lambda cells: cells.insert(BROKEN_LINE, list(cells[BROKEN_LINE - 1])),
    )
    with pytest.raises(ValidationError) as raised:
        store.build(tmp_path / "milex.sqlite")
    message = str(raised.value)
    assert BROKEN_FILE in message
    assert f"row {BROKEN_LINE + 1}," in message
    assert "field 'iso3'" in message
    assert f"a second share_gdp figure for ALB 2017 (first on row {BROKEN_LINE})" in message


def test_observations_of_an_unknown_release_are_refused(tmp_path: Path, bundle_copy: Path) -> None:
    shutil.copyfile(
        bundle_copy / "observations" / "nato-2025-08.csv",
        bundle_copy / "observations" / "nato-2099-01.csv",
    )
    with pytest.raises(ValidationError, match=r"observations/nato-2099-01\.csv: no release"):
        store.build(tmp_path / "milex.sqlite")


def edit_yaml(path: Path, edit: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("field", ["url", "published", "licence", "series"])
def test_release_missing_a_required_field_is_refused(
    tmp_path: Path, bundle_copy: Path, field: str
) -> None:
    edit_yaml(bundle_copy / "releases.yaml", lambda doc: doc["releases"][1].pop(field))
    with pytest.raises(ValidationError, match="bundled metadata does not validate") as raised:
        store.build(tmp_path / "milex.sqlite")
    assert f"releases.1.{field}" in str(raised.value)
    assert "Field required" in str(raised.value)


def test_release_with_a_malformed_date_is_refused(tmp_path: Path, bundle_copy: Path) -> None:
    edit_yaml(
        bundle_copy / "releases.yaml",
        lambda doc: doc["releases"][0].__setitem__("published", "June 2024"),
    )
    with pytest.raises(ValidationError, match=r"releases\.0\.published"):
        store.build(tmp_path / "milex.sqlite")


def test_series_without_an_indicator_definition_is_refused(
    tmp_path: Path, bundle_copy: Path
) -> None:
    edit_yaml(bundle_copy / "indicators.yaml", lambda doc: doc.pop("real_change_pct"))
    with pytest.raises(ValidationError) as raised:
        store.build(tmp_path / "milex.sqlite")
    assert str(raised.value) == (
        "releases.yaml, release nato-2026-07, series 'real_change_pct': "
        "indicator not defined in indicators.yaml"
    )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"iso3": ["XXX"], "reason": "r"}, "unknown country 'XXX'"),
        ({"iso3": ["DEU"], "indicators": ["usd_current_million"], "reason": "r"}, "not a series"),
    ],
)
def test_a_coverage_naming_what_the_release_lacks_is_refused(
    tmp_path: Path, bundle_copy: Path, entry: dict[str, object], message: str
) -> None:
    def add(doc: dict) -> None:  # type: ignore[type-arg]
        release = next(r for r in doc["releases"] if r["id"] == "nato-2025-08")
        release["coverage"]["not_published"].append(entry)

    edit_yaml(bundle_copy / "releases.yaml", add)
    with pytest.raises(ValidationError, match=r"releases\.yaml: release nato-2025-08, coverage: "):
        store.build(tmp_path / "milex.sqlite")
    with pytest.raises(ValidationError, match=message):
        store.build(tmp_path / "milex.sqlite")


def test_unreadable_yaml_is_a_validation_error(tmp_path: Path, bundle_copy: Path) -> None:
    (bundle_copy / "releases.yaml").write_text("releases: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"releases\.yaml: not valid YAML"):
        store.build(tmp_path / "milex.sqlite")


# -- where the store lives ------------------------------------------------------------------


def test_milex_home_sets_the_store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MILEX_HOME", str(tmp_path / "data"))
    assert store.home() == tmp_path / "data"
    assert store.default_path() == tmp_path / "data" / "milex.sqlite"


def test_milex_home_expands_the_user_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("MILEX_HOME", "~/milex-data")
    assert store.default_path() == tmp_path / "milex-data" / "milex.sqlite"


@pytest.mark.parametrize("setting", [None, ""])
def test_without_milex_home_the_user_data_dir_is_used(
    monkeypatch: pytest.MonkeyPatch, setting: str | None
) -> None:
    from platformdirs import user_data_dir

    if setting is None:
        monkeypatch.delenv("MILEX_HOME")
    else:
        monkeypatch.setenv("MILEX_HOME", setting)
    assert store.default_path() == Path(user_data_dir("milex", appauthor=False)) / "milex.sqlite"


def test_open_builds_the_store_under_milex_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MILEX_HOME", str(tmp_path / "data"))
    with milex.open() as db:
        assert db.tables.release_ids("nato") == ["nato-2024-06", "nato-2025-08", "nato-2026-07"]
    assert (tmp_path / "data" / "milex.sqlite").is_file()
