"""`milex serve --workers N`: the app on N processes behind one port (uvicorn imports it by
name in each worker), serving the same answers as one process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.servers import wait_for_answer

psutil = pytest.importorskip("psutil")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_two_worker_processes_serve_the_api(milex_home: Path) -> None:
    port = _free_port()
    milex = Path(sys.executable).parent / "milex"
    process = subprocess.Popen(
        [str(milex), "serve", "--port", str(port), "--workers", "2", "--cors", "https://a.example"],
        env={**os.environ, "MILEX_HOME": str(milex_home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, body = wait_for_answer(base + "/api/v1/status?year=2024", process, "milex serve")
        assert status == 200
        assert len(json.loads(body)["rows"]) > 30
        servers = [
            child
            for child in psutil.Process(process.pid).children()
            if "multiprocessing.spawn" in " ".join(child.cmdline())
        ]
        assert len(servers) == 2
        # The settings reach every worker: the CORS origin is answered.
        request = urllib.request.Request(
            base + "/api/v1/releases", headers={"Origin": "https://a.example"}
        )
        for _ in range(4):
            with urllib.request.urlopen(request, timeout=5) as answer:
                assert answer.headers["access-control-allow-origin"] == "https://a.example"
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert b"(2 processes)" in err
