"""`--engine dask`: archive checks and scenario ensembles on a real ``dask.distributed``
cluster, a scheduler and two worker processes started here on 127.0.0.1 (ports chosen by the
system, the address read from a scheduler file) and stopped at the end. Their output equals
the single-process output, to the byte; a worker that dies mid-job (the ``EXIT_SEAM`` test
seam: a worker process exits at the start of its second task, once) has its task run again,
and no document is lost or doubled. Without Dask installed the commands say how to install
it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from milex import engine
from milex.cli import main
from milex.errors import EngineError
from tests.cli_helpers import run_milex

pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")

BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).parent / "fixtures" / "claims"
EXAMPLE = Path(__file__).parents[1] / "examples" / "eu-deal-2025-08.yaml"


def real_archive(path: Path, count: int) -> Path:
    """A JSON Lines archive of ``count`` documents cycled from the project's real texts (the
    claim fixtures, each with its date), each with its own id."""
    import yaml

    texts = []
    for case in sorted(FIXTURES.glob("*.yaml")) + sorted(FIXTURES.glob("heldout/*.yaml")):
        day = str(yaml.safe_load(case.read_text(encoding="utf-8"))["date"])
        texts.append((case.stem, day, case.with_suffix(".txt").read_text(encoding="utf-8")))
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            stem, day, text = texts[i % len(texts)]
            out.write(json.dumps({"id": f"{stem}#{i}", "date": day, "text": text}) + "\n")
    return path


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    """`milex ARGS` through the CLI's entry point in this process: (exit code, stderr)."""
    monkeypatch.setattr(sys, "argv", ["milex", *args])
    with pytest.raises(SystemExit) as stopped:
        main()
    code = stopped.value.code
    return (code if isinstance(code, int) else 1), capsys.readouterr().err


class Cluster:
    """`dask scheduler` and `dask worker` subprocesses on loopback."""

    def __init__(self, folder: Path, workers: int, env: dict[str, str] | None = None) -> None:
        self.folder = folder
        self.file = folder / "scheduler.json"
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs = []
        environment = {**os.environ, **(env or {})}
        self._start(
            "scheduler",
            ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"],
            environment,
        )
        self._wait(lambda: self.file.is_file() and self.file.stat().st_size > 0, "the scheduler")
        for n in range(workers):
            self._start(
                f"worker{n}",
                [
                    *("worker", "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"),
                    *("--local-directory", str(folder / f"worker{n}")),
                ],
                environment,
            )
        self.address = json.loads(self.file.read_text())["address"]
        self._wait(lambda: self.workers() == workers, f"{workers} workers")

    def _start(self, name: str, args: list[str], env: dict[str, str]) -> None:
        log = (self.folder / f"{name}.log").open("wb")
        self.logs.append(log)
        self.processes.append(
            subprocess.Popen(
                [str(BIN / "dask"), *args, "--scheduler-file", str(self.file)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=self.folder,
            )
        )

    def workers(self) -> int:
        """Workers the scheduler knows now (a client that connects, asks and leaves)."""
        code = (
            "import sys; from distributed import Client\n"
            "with Client(scheduler_file=sys.argv[1], timeout=10) as c:\n"
            "    print(len(c.scheduler_info(n_workers=-1)['workers']))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(self.file)], capture_output=True, text=True
        )
        return int(done.stdout) if done.returncode == 0 and done.stdout.strip() else -1

    def _wait(self, ready: object, what: str) -> None:
        deadline = time.monotonic() + 90
        while not ready():  # type: ignore[operator]
            if time.monotonic() > deadline or any(p.poll() is not None for p in self.processes):
                self.stop()
                logs = "\n".join(
                    (self.folder / f"{p}.log").read_text(errors="replace")[-2000:]
                    for p in ("scheduler", "worker0", "worker1")
                    if (self.folder / f"{p}.log").is_file()
                )
                raise RuntimeError(f"{what} did not start:\n{logs}")
            time.sleep(0.2)

    def stop(self) -> None:
        for process in reversed(self.processes):  # workers first, then the scheduler
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        for log in self.logs:
            log.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    started = Cluster(tmp_path_factory.mktemp("dask"), workers=2)
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 real documents: ten partitions of 100."""
    return real_archive(tmp_path_factory.mktemp("archive") / "news.jsonl", 1000)


@pytest.fixture(scope="module")
def single_process(
    milex_home: Path, archive: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The archive's claims checked in one process, as Parquet."""
    out = tmp_path_factory.mktemp("single") / "claims.parquet"
    done = run_milex(milex_home, "check", str(archive), "--jobs", "1", "--parquet", str(out))
    assert done.returncode == 0, done.stderr
    return out


def check_on(home: Path, archive: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = run_milex(home, "check", str(archive), "--engine", "dask", "--parquet", str(out), *args)
    assert done.returncode == 0, done.stderr
    return done


def test_archive_check_on_the_cluster_equals_one_process(
    milex_home: Path, cluster: Cluster, archive: Path, single_process: Path, tmp_path: Path
) -> None:
    out = tmp_path / "claims.parquet"
    done = check_on(milex_home, archive, out, "--scheduler", cluster.address)
    assert done.stdout.startswith("1000 documents, ")
    expected = pq.read_table(single_process)
    got = pq.read_table(out)
    assert got.num_rows == expected.num_rows > 5000
    assert got.equals(expected)
    assert out.read_bytes() == single_process.read_bytes()


def test_a_scheduler_file_names_the_cluster_too(
    milex_home: Path, cluster: Cluster, tmp_path: Path
) -> None:
    small = real_archive(tmp_path / "small.jsonl", 60)
    local = run_milex(milex_home, "check", str(small), "--jobs", "1", "--format", "json")
    dask = run_milex(
        milex_home,
        "check",
        str(small),
        "--engine",
        "dask",
        "--scheduler",
        str(cluster.file),
        "--format",
        "json",
    )
    assert dask.returncode == 0, dask.stderr
    assert json.loads(dask.stdout) == json.loads(local.stdout)


def test_scenario_on_the_cluster_is_the_same_to_the_byte(
    milex_home: Path, cluster: Cluster
) -> None:
    for shown in (["--bands", "--format", "csv"], ["--format", "json"]):
        args = ["scenario", str(EXAMPLE), "--draws", "100000", "--seed", "3", *shown]
        one = run_milex(milex_home, *args, "--workers", "1")
        dask = run_milex(milex_home, *args, "--engine", "dask", "--scheduler", cluster.address)
        assert one.returncode == 0 and dask.returncode == 0, dask.stderr
        assert dask.stdout == one.stdout
        assert len(one.stdout) > 1000


def test_a_local_cluster_without_scheduler(
    milex_home: Path, archive: Path, single_process: Path, tmp_path: Path
) -> None:
    out = tmp_path / "claims.parquet"
    check_on(milex_home, archive, out, "--jobs", "2")
    assert out.read_bytes() == single_process.read_bytes()


def test_a_worker_killed_mid_job_is_retried_and_nothing_is_lost_or_doubled(
    milex_home: Path, archive: Path, single_process: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "a-worker-exited"
    # Both workers carry the seam; the first to start its second task exits (ten partitions on
    # two workers: one of them gets a second), once: the marker keeps the other, and the
    # restarted worker, alive.
    dying = Cluster(tmp_path, workers=2, env={engine.EXIT_SEAM: f"2:{marker}"})
    try:
        out = tmp_path / "claims.parquet"
        done = check_on(milex_home, archive, out, "--scheduler", dying.address)
    finally:
        dying.stop()
    assert marker.is_file(), "no worker exited: the seam did not fire"
    assert done.stdout.startswith("1000 documents, ")
    got = pq.read_table(out)
    expected = pq.read_table(single_process)
    ids = [f"{line['id']}" for line in map(json.loads, archive.read_text().splitlines())]
    with_claims = list(dict.fromkeys(got.column("document").to_pylist()))
    assert with_claims == [i for i in ids if i in set(with_claims)]  # in order, none twice
    assert len(with_claims) == len(set(expected.column("document").to_pylist()))
    assert got.equals(expected)


@pytest.mark.parametrize("command", ["check", "scenario"])
def test_without_dask_the_command_says_how_to_install_it(
    milex_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    command: str,
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    text = tmp_path / "a.txt"
    text.write_text("Poland spent 4.1% of GDP on defence in 2024.", encoding="utf-8")
    target = str(text) if command == "check" else str(EXAMPLE)
    code, err = run_main(monkeypatch, capsys, command, target, "--engine", "dask")
    assert code == 2
    assert err.startswith("Error: --engine dask needs Dask, which is not installed")
    assert "pip install 'milex[dask]'" in err
    assert "Traceback" not in err


def test_scheduler_needs_the_dask_engine(
    milex_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run_main(
        monkeypatch, capsys, "scenario", str(EXAMPLE), "--scheduler", "tcp://127.0.0.1:8786"
    )
    assert (code, err) == (2, "Error: --scheduler: needs --engine dask\n")


def test_a_shipped_file_outside_a_worker_is_a_clear_error() -> None:
    with pytest.raises(EngineError, match="not a Dask worker"):
        engine.ShippedFile("0" * 16, "milex.sqlite").local_path()
