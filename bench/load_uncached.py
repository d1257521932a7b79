"""Load benchmark, uncached: `/api/v1/pathway` over distinct parameter sets against
`/api/v1/series` in the same run, so that the app's answer cache never answers.

    .venv/bin/python bench/load_uncached.py

One `milex serve` on 127.0.0.1; for each endpoint `wrk -t2 -c64 -d30s --latency` after a 3 s
warm-up, with a Lua script that sends every request with a parameter set it has not sent
before: pathways cycle through 306 combinations (31 allies, "all" and two lists such as
ESP,DEU,ITA x 3 commitments x 3 shapes) with a growth assumption that differs on every
request; series cycle through countries, indicators and year spans. Then the floor: the same
pathway requests to a FastAPI app that only answers `{"ok": true}` (bench/floor_app.py), on
uvicorn as `milex serve` runs it: what the server and framework alone cost. Prints a Markdown
table and the goal check (pathway p99 <= 50 ms, zero errors; the throughput beside the series
reference and beside the figure before this work, 21-27 req/s), writes
bench/results/load_uncached.json (not committed). Exit status 0 when the goals are met.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from load import (
    BIN,
    CONNECTIONS,
    DURATION_S,
    RESULTS,
    THREADS,
    WARMUP_S,
    BenchError,
    find_wrk,
    free_port,
    parse_wrk,
    start,
    stop,
    wait_ready,
)
from run import machine

GOAL_P99_MS = 50.0
FLOOR_APP = Path(__file__).resolve().parent / "floor_app.py"
FLOOR_LABEL = "floor: FastAPI hello on uvicorn (bench/floor_app.py), same requests"
BEFORE_REQ_S = (21, 27)  # uncached /api/v1/pathway before (issue 12)
ALLIES = [
    "ALB",
    "BEL",
    "BGR",
    "CAN",
    "CZE",
    "DEU",
    "DNK",
    "ESP",
    "EST",
    "FIN",
    "FRA",
    "GBR",
    "GRC",
    "HRV",
    "HUN",
    "ITA",
    "LTU",
    "LUX",
    "LVA",
    "MKD",
    "MNE",
    "NLD",
    "NOR",
    "POL",
    "PRT",
    "ROU",
    "SVK",
    "SVN",
    "SWE",
    "TUR",
    "USA",
]
COMMITMENTS = ("hague-core", "hague-total", "2pct&deadline=2030")
SHAPES = ("linear", "constant-growth", "front-loaded")
INDICATORS = ("share_gdp", "usd_current_million", "usd_constant_million")


def pathway_paths() -> list[str]:
    who = [*ALLIES, "all", "ESP,DEU,ITA", "POL,LTU"]
    return [
        f"/api/v1/pathway?country={c}&commitment={t}&shape={s}"
        for c in who
        for t in COMMITMENTS
        for s in SHAPES
    ]


def series_paths() -> list[str]:
    return [f"/api/v1/series?country={c}&indicator={i}" for c in ALLIES for i in INDICATORS]


# Each wrk thread numbers its requests; the number makes every request's query new.
LUA = """
local paths = {%s}
local counter = 0
local thread_id = 0
local threads = 0
function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end
function request()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  return wrk.format(nil, path .. %s)
end
"""
# pathways: a growth assumption no request has used (4 decimals, in -5 .. +15)
PATHWAY_SUFFIX = '"&growth=" .. string.format("%.4f", -5 + thread_id * 10 + counter * 0.0001)'
# series: a year span no request has used (start 1949-2023 by counter, end after it)
SERIES_SUFFIX = (
    '"&start=" .. (1949 + (counter % 75)) .. "&end=" .. '
    "(2024 + thread_id * 40 + math.floor(counter / 75) % 40)"
)


def run_wrk_script(wrk: str, base: str, paths: list[str], suffix: str, tmp: Path) -> dict[str, Any]:
    script = tmp / "requests.lua"
    script.write_text(LUA % (", ".join(json.dumps(p) for p in paths), suffix))
    argv = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", "-s", str(script)]
    subprocess.run([*argv, f"-d{WARMUP_S}s", base], check=True, capture_output=True, timeout=60)
    done = subprocess.run(
        [*argv, f"-d{DURATION_S}s", "--latency", base],
        check=True,
        capture_output=True,
        text=True,
        timeout=DURATION_S + 60,
    )
    return {**parse_wrk(done.stdout), "wrk": done.stdout, "distinct_paths": len(paths)}


# MILEX_BENCH_WORKERS=N: serve on N processes (`milex serve --workers N`).
WORKERS_SET = bool(os.environ.get("MILEX_BENCH_WORKERS"))


def main() -> int:
    try:
        wrk = find_wrk()
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 2
    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="milex-load-") as tmp_name:
        tmp = Path(tmp_name)
        home = tmp / "home"
        home.mkdir()
        env = {**os.environ, "MILEX_HOME": str(home)}
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log_path = tmp / "milex.log"
        with log_path.open("wb") as log:
            proc = start(
                [str(BIN / "milex"), "serve", "--host", "127.0.0.1", "--port", str(port)]
                + (["--workers", os.environ["MILEX_BENCH_WORKERS"]] if WORKERS_SET else []),
                env,
                log,
            )
            try:
                wait_ready(f"{base}/api/v1/status?year=2024", proc, log_path)
                results = {
                    "pathway": run_wrk_script(wrk, base, pathway_paths(), PATHWAY_SUFFIX, tmp),
                    "series": run_wrk_script(wrk, base, series_paths(), SERIES_SUFFIX, tmp),
                }
            except (BenchError, subprocess.SubprocessError) as exc:
                print(f"load benchmark failed: {exc}", file=sys.stderr)
                return 2
            finally:
                stop(proc)
        # The floor: a FastAPI app that only says hello, on uvicorn as `milex serve` runs it,
        # under the same requests (bench/floor_app.py).
        port = free_port()
        floor_base = f"http://127.0.0.1:{port}"
        with (tmp / "floor.log").open("wb") as log:
            proc = start([sys.executable, str(FLOOR_APP), str(port)], env, log)
            try:
                wait_ready(f"{floor_base}/api/v1/status", proc, tmp / "floor.log")
                results["floor"] = run_wrk_script(
                    wrk, floor_base, pathway_paths(), PATHWAY_SUFFIX, tmp
                )
            except (BenchError, subprocess.SubprocessError) as exc:
                print(f"load benchmark failed (floor): {exc}", file=sys.stderr)
                return 2
            finally:
                stop(proc)
    pathway = results["pathway"]
    goals = {
        f"pathway p99 <= {GOAL_P99_MS:.0f} ms": pathway["p99_ms"] <= GOAL_P99_MS,
        f"pathway >= 20x the {BEFORE_REQ_S[1]} req/s before": pathway["requests_per_s"]
        >= 20 * BEFORE_REQ_S[1],
        "zero errors": all(r["errors"] == 0 for r in results.values()),
    }
    command = f"wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION_S}s --latency -s requests.lua URL"
    print(f"machine: {machine()}; date: {date.today().isoformat()}")
    print(f"each: {command} (after a {WARMUP_S} s warm-up); every request a new query\n")
    print("| endpoint | distinct paths x new parameter | req/s | p50 (ms) | p99 (ms) | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        shown = f"`/api/v1/{name}`" if name != "floor" else FLOOR_LABEL
        print(
            f"| {shown} | {r['distinct_paths']} | {r['requests_per_s']:.0f} | "
            f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |"
        )
    print(
        f"| `/api/v1/pathway` before this work | | {BEFORE_REQ_S[0]}-{BEFORE_REQ_S[1]} | | "
        "4,700-6,800 | |"
    )
    print()
    for goal, met in goals.items():
        print(f"- [{'x' if met else ' '}] {goal}")
    (RESULTS / "load_uncached.json").write_text(
        json.dumps(
            {
                "machine": machine(),
                "date": date.today().isoformat(),
                "command": command,
                "results": results,
                "goals": goals,
            },
            indent=2,
        )
    )
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
