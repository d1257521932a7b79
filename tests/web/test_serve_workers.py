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
from typing import Any

import pytest

from tests.servers import wait_for, wait_for_answer

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
        servers = _workers(process)
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


def test_connections_opened_at_once_are_spread_over_the_workers(milex_home: Path) -> None:
    """Each worker listens on a socket of its own (SO_REUSEPORT): 32 connections opened
    together reach both, where one shared socket let one worker accept most or all of them."""
    if not sys.platform.startswith("linux"):
        pytest.skip("one socket per worker on Linux only")
    port = _free_port()
    milex = Path(sys.executable).parent / "milex"
    process = subprocess.Popen(
        [str(milex), "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, "MILEX_HOME": str(milex_home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    connections: list[socket.socket] = []
    try:
        wait_for_answer(f"http://127.0.0.1:{port}/api/v1/countries", process, "milex serve")
        workers: list[Any] = []

        def both_listening() -> bool:  # re-read: the supervisor may have replaced a worker
            try:
                workers[:] = _workers(process)
                return len(workers) == 2 and all(_listening(w, port) for w in workers)
            except psutil.NoSuchProcess:
                return False

        wait_for(both_listening, "both workers listening")  # before the connections open
        assert not _listening(psutil.Process(process.pid), port)  # the supervisor holds it
        connections = [socket.create_connection(("127.0.0.1", port)) for _ in range(32)]
        for connection in connections:
            connection.sendall(b"GET /api/v1/countries HTTP/1.1\r\nHost: x\r\n\r\n")
        for connection in connections:
            assert connection.recv(12) == b"HTTP/1.1 200"
        served = [
            sum(
                c.status == psutil.CONN_ESTABLISHED and c.laddr.port == port
                for c in worker.net_connections("tcp")
            )
            for worker in workers
        ]
        assert sum(served) == 32
        assert min(served) > 0, served
    finally:
        for connection in connections:
            connection.close()
        process.terminate()
        process.communicate(timeout=30)


def _workers(process: subprocess.Popen[bytes]) -> list[Any]:
    """The worker processes uvicorn's supervisor started (spawned by multiprocessing)."""
    return [
        child
        for child in psutil.Process(process.pid).children()
        if "multiprocessing.spawn" in " ".join(child.cmdline())
    ]


def _listening(process: Any, port: int) -> bool:
    return any(
        c.status == psutil.CONN_LISTEN and c.laddr.port == port
        for c in process.net_connections("tcp")
    )


def test_workers_get_more_than_uvicorns_five_seconds_to_answer_a_health_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """uvicorn kills a worker that misses its health check; one starting on a loaded machine
    (pandas imported, the store opened) was killed at 5 s, uvicorn's default."""
    import uvicorn
    import uvicorn.supervisors

    from milex.web import app

    seen: list[Any] = []
    monkeypatch.delenv("MILEX_SERVE_SETTINGS", raising=False)  # restored after the test
    monkeypatch.setattr(uvicorn.supervisors.Multiprocess, "run", lambda self: seen.append(self))
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.append(uvicorn.Config(*a, **k)))
    app.serve_on_workers(app.Settings(), "127.0.0.1", _free_port(), 2)
    config = seen[0] if isinstance(seen[0], uvicorn.Config) else seen[0].config
    assert config.timeout_worker_healthcheck == app.HEALTH_CHECK_SECONDS > 5
