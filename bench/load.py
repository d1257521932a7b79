"""Load benchmark: milex's `/api/v1/status?year=2024` against datasette serving the same table.

    .venv/bin/python bench/load.py

Both servers run on 127.0.0.1 on this machine, one after the other, each under
`wrk -t2 -c64 -d30s --latency` after a 3 s warm-up. datasette serves the rows of
`milex status --year 2024` exported to a SQLite file, in immutable mode (milex's store is
read-only too); it lives in a bench-only venv, bench/.venv-datasette, created on first use.
Prints a Markdown table and the goal check (more req/s than datasette, p99 <= 50 ms, zero
errors) and writes bench/results/load.json (not committed). Exit status 0 when every goal is
met, 1 when one is missed, 2 when something is missing or a server fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from run import machine

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
RESULTS = HERE / "results"
DATASETTE_VENV = HERE / ".venv-datasette"
DATASETTE_REQUIREMENT = "datasette>=0.64,<1"

YEAR = 2024
THREADS, CONNECTIONS, DURATION_S, WARMUP_S = 2, 64, 30, 3
START_TIMEOUT_S = 60.0
GOAL_P99_MS = 50.0
INSTALL_WRK = "sudo apt-get install -y wrk   (Debian/Ubuntu; `make bench` does this)"


class BenchError(RuntimeError):
    """Something the benchmark needs is missing or did not start."""


# --- tools -------------------------------------------------------------------------------


def find_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchError(f"wrk not found; install it with:\n    {INSTALL_WRK}")
    return wrk


def datasette_bin() -> Path:
    """bench/.venv-datasette/bin/datasette, creating the venv and installing it if needed."""
    exe = DATASETTE_VENV / "bin" / "datasette"
    if exe.exists():
        return exe
    print(f"creating {DATASETTE_VENV.relative_to(HERE.parent)} with {DATASETTE_REQUIREMENT} ...")
    python = DATASETTE_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", DATASETTE_REQUIREMENT], check=True
    )
    if not exe.exists():
        raise BenchError(f"datasette did not install into {DATASETTE_VENV}")
    return exe


def datasette_version(exe: Path) -> str:
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


# --- the table ---------------------------------------------------------------------------


def _sql_type(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool | int) for v in present):
        return "INTEGER"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "REAL"
    return "TEXT"


def export_status(path: Path) -> int:
    """Write the rows of `milex status --year YEAR` to a SQLite table `status`; return rows."""
    import milex

    db = milex.open()
    try:
        table = db.tables.status(YEAR)
    finally:
        db.close()
    columns = ", ".join(f'"{c}" {_sql_type(table.column(c))}' for c in table.columns)
    marks = ", ".join("?" for _ in table.columns)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(f"CREATE TABLE status ({columns})")
        conn.executemany(f"INSERT INTO status VALUES ({marks})", table.rows)
    conn.close()
    return len(table.rows)


# --- servers -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start(argv: list[str], env: dict[str, str], log: BinaryIO) -> subprocess.Popen[bytes]:
    """Start a server in its own process group, its output to `log`."""
    return subprocess.Popen(
        argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the server's whole process group; kill it if it does not go within 10 s."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path) -> Any:
    """Poll until `url` answers 200; return its JSON. Fail if the server exits or is slow."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"server exited ({proc.returncode}):\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return json.load(response)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise BenchError(f"{url} did not answer 200 within {START_TIMEOUT_S:.0f} s")


# --- wrk ---------------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS_MS[unit]


def parse_wrk(out: str) -> dict[str, float]:
    """req/s, p50, p99 (ms), requests and errors (socket errors + non-2xx/3xx) from wrk."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    total = re.search(r"(\d+) requests in", out)
    if not (rps and p50 and p99 and total):
        raise BenchError(f"could not read wrk's output:\n{out}")
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {
        "requests_per_s": float(rps.group(1)),
        "p50_ms": _ms(p50.group(1)),
        "p99_ms": _ms(p99.group(1)),
        "requests": int(total.group(1)),
        "errors": errors,
    }


def run_wrk(wrk: str, url: str) -> tuple[dict[str, float], str]:
    base = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}"]
    subprocess.run(
        [*base, f"-d{WARMUP_S}s", url],
        check=True,
        capture_output=True,
        timeout=WARMUP_S + 30,
    )
    done = subprocess.run(
        [*base, f"-d{DURATION_S}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
        timeout=DURATION_S + 30,
    )
    return parse_wrk(done.stdout), done.stdout


# --- the benchmark -----------------------------------------------------------------------


def bench_server(
    name: str, argv: list[str], env: dict[str, str], url: str, wrk: str, logdir: Path
) -> dict[str, Any]:
    log_path = logdir / f"{name}.log"
    with log_path.open("wb") as log:
        proc = start(argv, env, log)
        try:
            started = time.monotonic()
            body = wait_ready(url, proc, log_path)
            ready_s = time.monotonic() - started
            rows = len(body) if isinstance(body, list) else len(body["rows"])
            stats, raw = run_wrk(wrk, url)
        finally:
            stop(proc)
    return {"server": name, "url": url, "rows": rows, "ready_s": ready_s, **stats, "wrk": raw}


def main() -> int:
    try:
        wrk = find_wrk()
        datasette = datasette_bin()
    except (BenchError, subprocess.CalledProcessError) as exc:
        print(exc, file=sys.stderr)
        return 2
    RESULTS.mkdir(exist_ok=True)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="milex-load-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env = {**os.environ, "MILEX_HOME": str(home)}
        try:
            # milex builds its store at start; datasette's file is exported from that store.
            port = free_port()
            milex_url = f"http://127.0.0.1:{port}/api/v1/status?year={YEAR}"
            results.append(
                bench_server(
                    "milex",
                    [str(BIN / "milex"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                    env,
                    milex_url,
                    wrk,
                    Path(tmp),
                )
            )
            os.environ["MILEX_HOME"] = str(home)
            db_file = Path(tmp) / "milex_status.db"
            exported = export_status(db_file)
            port = free_port()
            results.append(
                bench_server(
                    "datasette",
                    [
                        str(datasette),
                        "serve",
                        "-i",
                        str(db_file),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                    ],
                    env,
                    f"http://127.0.0.1:{port}/milex_status/status.json?_shape=array&_size=max",
                    wrk,
                    Path(tmp),
                )
            )
        except (BenchError, subprocess.SubprocessError) as exc:
            print(f"load benchmark failed: {exc}", file=sys.stderr)
            return 2
    milex, other = results
    if not milex["rows"] == other["rows"] == exported:
        print(f"row counts differ: {milex['rows']} vs {other['rows']} (exported {exported})")
    goals = {
        "more req/s than datasette": milex["requests_per_s"] > other["requests_per_s"],
        f"p99 <= {GOAL_P99_MS:.0f} ms": milex["p99_ms"] <= GOAL_P99_MS,
        "zero errors": milex["errors"] == 0,
    }
    command = f"wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION_S}s --latency URL"
    print(f"machine: {machine()}; date: {date.today().isoformat()}; {datasette_version(datasette)}")
    print(f"each: {command} (after a {WARMUP_S} s warm-up), {exported} rows\n")
    print("| server | URL | req/s | p50 (ms) | p99 (ms) | errors |")
    print("|---|---|---:|---:|---:|---:|")
    for r in results:
        path = r["url"].split(":", 2)[2].split("/", 1)[1]
        print(
            f"| {r['server']} | `/{path}` | {r['requests_per_s']:.0f} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['errors']} |"
        )
    print()
    for goal, met in goals.items():
        print(f"- [{'x' if met else ' '}] milex: {goal}")
    (RESULTS / "load.json").write_text(
        json.dumps(
            {
                "machine": machine(),
                "date": date.today().isoformat(),
                "command": command,
                "warmup_s": WARMUP_S,
                "datasette": datasette_version(datasette),
                "results": results,
                "goals": goals,
            },
            indent=2,
        )
    )
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
