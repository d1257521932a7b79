"""The Makefile's `run`: the port (and host) can be chosen, `make run PORT=8123`; `make test` runs
the suite on every core unless JOBS says otherwise."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

import pytest

from tests.servers import wait_for_answer

REPO = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _dry_run(*args: str, target: str = "run") -> str:
    assert MAKE is not None
    done = subprocess.run(
        [MAKE, "-n", target, *args], cwd=REPO, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_run_serves_on_port_8000_by_default() -> None:
    assert "milex serve --host 127.0.0.1 --port 8000" in _dry_run()


def test_run_takes_another_port_and_host() -> None:
    assert "milex serve --host 127.0.0.1 --port 8123" in _dry_run("PORT=8123")
    assert "milex serve --host 0.0.0.0 --port 8123" in _dry_run("PORT=8123", "HOST=0.0.0.0")


def test_the_suite_runs_on_every_core_unless_jobs_says_otherwise() -> None:
    assert "pytest -n auto" in _dry_run(target="unit")
    assert "pytest -n 0" in _dry_run("JOBS=0", target="unit")


def test_make_run_answers_on_the_port_given(milex_home: Path) -> None:
    assert MAKE is not None
    installed = subprocess.run([MAKE, "-q", "install"], cwd=REPO, check=False)
    if installed.returncode != 0:
        pytest.skip("the .venv is not installed or is out of date (make install)")
    port = _free_port()
    process = subprocess.Popen(
        [MAKE, "-s", "run", f"PORT={port}"],
        cwd=REPO,
        env={**os.environ, "MILEX_HOME": str(milex_home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # make and the server it starts: one group, ended together
    )
    try:
        url = f"http://127.0.0.1:{port}/api/v1/releases"
        status, _ = wait_for_answer(url, process, "make run")
        assert status == 200
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err.decode()
