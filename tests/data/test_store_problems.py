"""The store's file in trouble: a read-only MILEX_HOME, a full disk, a folder where the store
should be, pages overwritten, temporary files left by killed writers. Each gives a StoreError
(exit code 2) whose message says what to do, never a traceback, and leaves the store as it was;
`milex build` rebuilds a damaged store, keeping the imports it can still read and naming the
ones it cannot; the app answers 503.

Read-only folders and full disks are made for real where the test runs as root (a private
mount namespace with a small tmpfs: `unshare -m`), and are injected at the system call
everywhere else."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import milex
from milex.cli import main
from milex.data import store
from milex.data.storefile import quick_check
from milex.web.app import Settings, create_app
from tests.cli_helpers import MILEX, run_milex

SIPRI = Path(__file__).resolve().parents[3] / "shared" / "data" / "sipri" / "raw"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with one imported release, built once; each test gets a copy."""
    folder = tmp_path_factory.mktemp("problems-template")
    previous = os.environ["MILEX_HOME"]
    os.environ["MILEX_HOME"] = str(folder)
    try:
        store.build()
        file = folder / "aid.csv"
        file.write_text("country,year,indicator,value\nPoland,2026,share_gdp,4.8\n")
        milex.import_file("csv", file, release="user-aid-2026", published="2026-05-01")
        file.unlink()
    finally:
        os.environ["MILEX_HOME"] = previous
    return folder / store.STORE_NAME


@pytest.fixture
def home(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    shutil.copyfile(template, folder / store.STORE_NAME)
    monkeypatch.setenv("MILEX_HOME", str(folder))
    return folder


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["milex", *args])
    try:
        main()
        code = 0
    except SystemExit as exited:
        code = int(exited.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def failed(code: int, out: str, err: str) -> str:
    assert code == 4, (out, err)  # a store problem
    assert "Traceback" not in err
    assert err.startswith("Error: "), err
    return err


def csv_file(folder: Path) -> Path:
    path = folder / "plans.csv"
    path.write_text("country,year,indicator,value\nPoland,2027,share_gdp,5.0\n")
    return path


# -- a read-only MILEX_HOME, and no permission ------------------------------------------------


def refuse_writes(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Every new file or folder fails as on a read-only file system (or without permission)."""

    def mkstemp(*_: object, **__: object) -> tuple[int, str]:
        raise OSError(code, os.strerror(code))

    def mkdir(self: Path, *_: object, **__: object) -> None:
        if not self.is_dir():
            raise OSError(code, os.strerror(code), str(self))

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(Path, "mkdir", mkdir)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EROFS, "it is on a read-only file system"),
        (errno.EACCES, "no permission"),
    ],
)
def test_a_home_that_cannot_be_written(
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    words: str,
) -> None:
    before = digest(home / store.STORE_NAME)
    plans = csv_file(tmp_path)
    refuse_writes(monkeypatch, code)
    advice = "set MILEX_HOME to a folder you can write to, or make this one writable"
    for args in (("build",), ("import", "csv", str(plans), "--release", "user-plans-2027")):
        err = failed(*run(monkeypatch, capsys, *args))
        assert f"cannot write the store in {home}: {words}; {advice}" in err
        assert f"the store at {home / store.STORE_NAME} is as it was" in err
    assert digest(home / store.STORE_NAME) == before
    # reading needs no writing
    code_, _, err = run(monkeypatch, capsys, "status", "--year", "2024", "-f", "csv")
    assert code_ == 0, err
    # a command that must build first (an empty home) says the same
    monkeypatch.setenv("MILEX_HOME", str(tmp_path / "empty"))
    err = failed(*run(monkeypatch, capsys, "status"))
    assert f"cannot write the store in {tmp_path / 'empty'}: {words}" in err
    assert "nothing was written" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through a folder's permissions")
def test_a_home_without_write_permission(home: Path, tmp_path: Path) -> None:
    before = digest(home / store.STORE_NAME)
    home.chmod(0o555)
    try:
        out = run_milex(home, "import", "csv", str(csv_file(tmp_path)), "--release", "user-p-2027")
    finally:
        home.chmod(0o755)
    assert out.returncode == 4, out.stderr
    assert "Traceback" not in out.stderr
    assert "no permission" in out.stderr
    assert digest(home / store.STORE_NAME) == before


# -- real read-only and full file systems, where a mount namespace can be had -----------------


def namespace_available() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt 2>/dev/null"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


needs_namespace = pytest.mark.skipif(
    not namespace_available(), reason="needs root and `unshare -m` to mount a small tmpfs"
)


def in_tmpfs(tmp_path: Path, size: str, script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (sh) with a fresh tmpfs of ``size`` mounted at $MNT, in a private mount
    namespace: the mount goes away with the process."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    env = {**os.environ, "MNT": str(mount), "MILEX": str(MILEX), "MILEX_HOME": str(mount / "h")}
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", f'mount -t tmpfs -o size={size} tmpfs "$MNT" && {script}'],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@needs_namespace
def test_a_read_only_file_system(tmp_path: Path) -> None:
    result = in_tmpfs(
        tmp_path,
        "20m",
        '"$MILEX" build -q && sha256sum "$MILEX_HOME/milex.sqlite" && '
        'mount -o remount,ro "$MNT" && '
        '"$MILEX" build; echo "build=$?"; '
        '"$MILEX" status -f csv > /dev/null; echo "status=$?"; '
        'sha256sum "$MILEX_HOME/milex.sqlite"; ls -a "$MILEX_HOME"',
    )
    out = result.stdout
    assert "build=4" in out and "status=0" in out, (out, result.stderr)
    first, second = (line.split()[0] for line in out.splitlines() if line.endswith("/milex.sqlite"))
    assert first == second
    assert "Traceback" not in result.stderr
    assert "it is on a read-only file system; set MILEX_HOME" in result.stderr


@needs_namespace
@pytest.mark.skipif(not (SIPRI / "SIPRI-Milex-data-1949-2024.xlsx").is_file(), reason="no SIPRI")
def test_a_full_disk(tmp_path: Path) -> None:
    """The issue's reproducer: a 12 MB tmpfs, SIPRI's workbook imported with --replace."""
    workbook = SIPRI / "SIPRI-Milex-data-1949-2024.xlsx"
    result = in_tmpfs(
        tmp_path,
        "12m",
        '"$MILEX" build -q && sha256sum "$MILEX_HOME/milex.sqlite" && '
        f'"$MILEX" import sipri "{workbook}" --replace -q; echo "import=$?"; '
        'sha256sum "$MILEX_HOME/milex.sqlite"; ls -a "$MILEX_HOME"',
    )
    out = result.stdout
    assert "import=4" in out, (out, result.stderr)
    first, second = (line.split()[0] for line in out.splitlines() if line.endswith("/milex.sqlite"))
    assert first == second
    assert out.split()[-3:] == [".", "..", "milex.sqlite"]  # no copy, no journal left
    assert "Traceback" not in result.stderr
    assert "the disk is full; free some space" in result.stderr


def test_a_full_disk_injected(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite's "database or disk is full" while the release is written, and ENOSPC while
    the new store is flushed before its rename."""
    before = digest(home / store.STORE_NAME)

    def write_release(*_: object) -> None:
        full = sqlite3.OperationalError("database or disk is full")
        full.sqlite_errorname = "SQLITE_FULL"  # as SQLite names it
        raise full

    def swap(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store, "_write_release", write_release)
    plans = csv_file(tmp_path)
    err = failed(*run(monkeypatch, capsys, "import", "csv", str(plans), "--release", "user-f-2027"))
    assert f"cannot write the store in {home}: the disk is full; free some space" in err
    monkeypatch.setattr(store, "_swap", swap)
    err = failed(*run(monkeypatch, capsys, "build"))
    assert f"cannot write the store in {home}: the disk is full; free some space" in err
    assert digest(home / store.STORE_NAME) == before
    assert sorted(p.name for p in home.iterdir()) == [store.STORE_NAME]


def test_a_file_size_limit_is_a_write_error(home: Path, tmp_path: Path) -> None:
    """Writes cut short for real (RLIMIT_FSIZE): SQLite's disk I/O error, as a StoreError."""
    import resource
    import signal

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))

    before = digest(home / store.STORE_NAME)
    env = {**os.environ, "MILEX_HOME": str(home)}
    for args in (["build"], ["import", "csv", str(csv_file(tmp_path)), "--release", "user-l-2027"]):
        out = subprocess.run(
            [str(MILEX), *args],
            env=env,
            preexec_fn=limit,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert out.returncode == 4, out.stderr
        assert out.stderr.startswith(f"Error: cannot write the store in {home}"), out.stderr
        assert "Traceback" not in out.stderr
    assert digest(home / store.STORE_NAME) == before
    assert sorted(p.name for p in home.iterdir()) == [store.STORE_NAME]


# -- a folder at the store's path ----------------------------------------------------------------


def test_a_folder_where_the_store_should_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    (home / store.STORE_NAME).mkdir(parents=True)
    monkeypatch.setenv("MILEX_HOME", str(home))
    plans = csv_file(tmp_path)
    for args in (
        ("build",),
        ("status",),
        ("import", "csv", str(plans), "--release", "user-d-2027"),
    ):
        err = failed(*run(monkeypatch, capsys, *args))
        assert (
            f"{home / store.STORE_NAME} is a folder, not milex's store: move it out of the way"
            in err
        )
    assert (home / store.STORE_NAME).is_dir()


# -- a damaged store -------------------------------------------------------------------------------


def damage(path: Path, pages: int = 30, seed: int = 15) -> None:
    """Overwrite some of the file's pages (never the first, its header) with random bytes."""
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    size = 4096
    for page in rng.sample(range(1, len(data) // size), pages):
        data[page * size : (page + 1) * size] = rng.randbytes(size)
    path.write_bytes(bytes(data))


def test_a_damaged_store_is_noticed_by_every_reader(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(home / store.STORE_NAME)
    before = digest(home / store.STORE_NAME)
    for args in (("status",), ("validate",), ("series", "-c", "POL"), ("sql", "SELECT 1")):
        err = failed(*run(monkeypatch, capsys, *args))
        assert f"the store at {home / store.STORE_NAME} is damaged (" in err
        assert "run `milex build` to rebuild it" in err
    assert digest(home / store.STORE_NAME) == before


def test_validate_runs_quick_check(home: Path) -> None:
    from milex.data.validate import run_checks

    with sqlite3.connect(home / store.STORE_NAME) as conn:
        assert [f for f in run_checks(conn) if f.check == "integrity"] == []
    conn.close()
    damage(home / store.STORE_NAME)
    with sqlite3.connect(home / store.STORE_NAME) as conn:
        found = run_checks(conn)
    conn.close()
    assert [(f.level, f.check) for f in found] == [("error", "integrity")]
    assert found[0].message.startswith("the store file is damaged (quick_check: ")


@pytest.mark.parametrize("seed", [2, 3, 6, 15])
def test_build_repairs_a_damaged_store_and_says_what_it_lost(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], seed: int
) -> None:
    damage(home / store.STORE_NAME, seed=seed)
    code, out, err = run(monkeypatch, capsys, "build")
    assert code == 0, err
    assert "Traceback" not in err
    moved = [p for p in home.iterdir() if p.name.startswith("milex-damaged-")]
    assert len(moved) == 1
    assert f"warning: the previous store was damaged; it was moved to {moved[0]}" in err
    kept = "kept the imported releases: user-aid-2026" in out
    lost = "user-aid-2026" in err and "could not be read back" in err
    assert kept != lost, (out, err)  # carried over, or named as lost: never silently dropped
    with milex.open() as db:
        assert ("user-aid-2026" in db.releases()["release"].tolist()) == kept
    conn = sqlite3.connect(home / store.STORE_NAME)
    try:
        assert quick_check(conn) is None
    finally:
        conn.close()


def test_the_app_answers_503_when_the_store_is_damaged_under_it(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TestClient(
        create_app(Settings(store_check_seconds=0)), raise_server_exceptions=False
    ) as client:
        assert client.get("/api/v1/status?year=2024").status_code == 200
        damage(home / store.STORE_NAME)  # in place: the same file, its pages overwritten
        os.utime(home / store.STORE_NAME, ns=(1, 1))  # a new modification time, as a write gives
        for url in ("/api/v1/series?country=DEU", "/api/v1/countries", "/sources"):
            response = client.get(url)
            assert response.status_code == 503, response.text[:300]
            assert "is damaged" in response.text
            assert "milex build" in response.text


def test_a_damaged_store_is_not_copied_by_an_import(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(home / store.STORE_NAME)
    before = digest(home / store.STORE_NAME)
    plans = csv_file(tmp_path)
    err = failed(*run(monkeypatch, capsys, "import", "csv", str(plans), "--release", "user-x-2027"))
    assert "is damaged" in err and "milex build" in err
    assert digest(home / store.STORE_NAME) == before


# -- temporary files left behind -------------------------------------------------------------------


def test_build_removes_what_killed_writers_left(home: Path) -> None:
    leftovers = [
        ".milex-import-abc123.sqlite",
        ".milex-import-abc123.sqlite-journal",
        ".milex-build-def456.sqlite",
        ".milex-import-ghi789.sqlite-wal",
    ]
    for name in leftovers:
        (home / name).write_bytes(b"\0" * 4096)
    (home / "notes.txt").write_text("not milex's")
    out = run_milex(home, "build")
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in home.iterdir()) == [store.STORE_NAME, "notes.txt"]
