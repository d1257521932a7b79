"""milex benchmarks: run them all, or some by name, and print a Markdown table of results.

    .venv/bin/python bench/run.py              # every benchmark
    .venv/bin/python bench/run.py cli_status   # one

Each benchmark times whole things the way a user meets them (a new process for the CLI) and
puts a reference beside it measured on the same machine in the same run, so the figures can
be compared across machines. Results also go to bench/results/<name>.json (not committed).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
RESULTS = HERE / "results"


def _time_process(argv: list[str], runs: int, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        times.append(time.perf_counter() - started)
    return times


def _summary(times: list[float]) -> dict[str, float]:
    return {
        "first_ms": times[0] * 1000,
        "median_ms": statistics.median(times) * 1000,
        "min_ms": min(times) * 1000,
        "runs": len(times),
    }


def cli_status(runs: int = 21) -> dict[str, object]:
    """Cold `milex status --year 2024 --format csv` (a new process each time) against
    `python -c "import pandas"` in the same venv."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "MILEX_HOME": home}
        subprocess.run([str(BIN / "milex"), "build", "--quiet"], check=True, env=env)
        milex = _time_process(
            [str(BIN / "milex"), "status", "--year", "2024", "--format", "csv"], runs, env
        )
        pandas = _time_process([sys.executable, "-c", "import pandas"], runs, env)
        bare = _time_process([sys.executable, "-c", "pass"], runs, env)
    return {
        "milex status --year 2024 --format csv": _summary(milex),
        'python -c "import pandas"': _summary(pandas),
        'python -c "pass"': _summary(bare),
    }


def store_build(runs: int = 5) -> dict[str, object]:
    """`milex build` from the bundled data into an empty MILEX_HOME."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            env = {**os.environ, "MILEX_HOME": home}
            times += _time_process([str(BIN / "milex"), "build", "--quiet"], 1, env)
    return {"milex build --quiet": _summary(times)}


def pathways_all(runs: int = 5) -> dict[str, object]:
    """Pathways for all allies x every share-of-GDP commitment (deadline 2035 where a target
    has none or an earlier one), in one process, against opening the store and reading the
    inputs alone."""
    import milex
    from milex import analysis

    with tempfile.TemporaryDirectory() as home:
        os.environ["MILEX_HOME"] = home
        milex.build()
        db = milex.open()
        q = db.tables
        targets = [t for t in q.targets() if t.indicator == "share_gdp" and t.is_floor]
        times, paths = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            paths = 0
            for target in targets:
                deadline = max(target.deadline_year or 2035, 2035)
                report = analysis.pathways(q, "all", target.id, deadline=deadline)
                paths += len(report.allies)
            times.append(time.perf_counter() - started)
        reads = []
        for _ in range(runs):
            started = time.perf_counter()
            for indicator in ("share_gdp", "real_change_pct"):
                q.cells("nato-2026-07", indicator)
            for indicator in ("gdp_usd_current_billion", "real_gdp_growth_pct", "lcu_per_usd"):
                q.cells("imf-weo-2026-04", indicator)
            q.cells("sipri-2025", "usd_constant_million")
            reads.append(time.perf_counter() - started)
        db.close()
    return {
        f"pathways: all allies x {len(targets)} commitments ({paths} paths)": _summary(times),
        "reading the inputs once (store queries only)": _summary(reads),
    }


def claims_dw(runs: int = 200) -> dict[str, object]:
    """The claim checker on the DW article of 3 April 2025 (shared/fixtures), warm, against
    only splitting the same text into sentences and words."""
    import re

    import milex
    from milex.claims import check
    from milex.claims.extract import sentences

    fixture = HERE.parents[1] / "shared" / "fixtures" / "dw_2025-04-03_nato_tariffs.txt"
    if not fixture.is_file():
        raise SystemExit(f"claims_dw needs the shared fixtures beside the clone ({fixture})")
    text = fixture.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as home:
        os.environ["MILEX_HOME"] = home
        milex.build()
        db = milex.open()
        report = check(db.tables, text, "2025-04-03")  # warm: the store's pages are cached
        count = len(list(sentences(text)))
        full, tokenise = [], []
        for _ in range(runs):
            started = time.perf_counter()
            check(db.tables, text, "2025-04-03")
            full.append(time.perf_counter() - started)
            started = time.perf_counter()
            for sentence in sentences(text):
                re.findall(r"\w+", sentence.text)
            tokenise.append(time.perf_counter() - started)
        db.close()
    ratio = statistics.median(full) / statistics.median(tokenise)
    return {
        f"check DW article ({count} sentences, {len(report.claims)} claims)": _summary(full),
        "tokenise only (sentences + words)": _summary(tokenise),
        f"per sentence: {statistics.median(full) / count * 1e6:.0f} us vs "
        f"{statistics.median(tokenise) / count * 1e6:.1f} us = {ratio:.1f}x": _summary(full),
    }


def claims_1mb() -> dict[str, object]:
    """The claim checker on 1,000,000-character texts built to be hard, one run each."""
    import random
    import string

    import milex
    from milex.claims import MAX_TEXT_CHARS, check

    size = MAX_TEXT_CHARS
    chunk = "Germany spent 2.1% of GDP on defence in 2024, said the report. "
    rng = random.Random(7)
    cases = {
        "dense claims": chunk * (size // len(chunk) + 1),
        "random printable": "".join(rng.choice(string.printable + "€£%“”…") for _ in range(size)),
        "digit runs": ("1" * 999 + " ") * 1000,
        "run-on percents": "5% " * (size // 3 + 1),
        "growth percents": "growth 5% " * (size // 10 + 1),
        "countries and percents": "United States 5% in 2024 " * (size // 25 + 1),
        "counts": "23 of 31 members met 2% " * (size // 24 + 1),
    }
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as home:
        os.environ["MILEX_HOME"] = home
        milex.build()
        db = milex.open()
        for name, text in cases.items():
            started = time.perf_counter()
            check(db.tables, text[:size], "2025-04-03")
            out[f"1 MB: {name}"] = _summary([time.perf_counter() - started])
        db.close()
    return out


def _real_documents(count: int) -> list[object]:
    """``count`` documents cycled from the real texts the project holds (the claim fixtures,
    tuned and held out, and the DW article), each with its own id and date."""
    import yaml

    from milex.claims.archive import Document

    fixtures = HERE.parent / "tests" / "fixtures" / "claims"
    texts = []
    for case in sorted(fixtures.glob("*.yaml")) + sorted(fixtures.glob("heldout/*.yaml")):
        doc = yaml.safe_load(case.read_text(encoding="utf-8"))
        texts.append((case.stem, case.with_suffix(".txt").read_text(encoding="utf-8"), doc["date"]))
    dw = HERE.parents[1] / "shared" / "fixtures" / "dw_2025-04-03_nato_tariffs.txt"
    if dw.is_file():
        texts.append((dw.stem, dw.read_text(encoding="utf-8"), date(2025, 4, 3)))
    return [
        Document(f"{texts[i % len(texts)][0]}#{i // len(texts)}", texts[i % len(texts)][1],
                 texts[i % len(texts)][2])
        for i in range(count)
    ]  # fmt: skip


def _cpu_seconds() -> float:
    """CPU time used so far by this process and its finished children (user + system)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def claims_archive(count: int = 1000, runs: int = 3) -> dict[str, object]:
    """`milex check` on an archive of 1,000 real documents (the project's real texts, cycled),
    through the process pool at 1 and 2 processes (documents per second), against only
    splitting the same documents into sentences and words in one process; the rows of both
    runs must be the same, in the same order."""
    import re

    import milex
    from milex.claims.archive import check_archive
    from milex.claims.extract import sentences

    docs = _real_documents(count)
    distinct = len({d.text for d in docs})  # type: ignore[attr-defined]
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as home:
        os.environ["MILEX_HOME"] = home
        milex.build()
        path = str(milex.open().path)
        rows: dict[int, list[object]] = {}
        for jobs in (1, 2):
            times, cpu = [], []
            for _ in range(runs):
                before = _cpu_seconds()
                started = time.perf_counter()
                results = list(check_archive(docs, path, jobs))  # type: ignore[arg-type]
                times.append(time.perf_counter() - started)
                cpu.append(_cpu_seconds() - before)
            rows[jobs] = [row for result in results for row in result.rows]
            rate = count / statistics.median(times)
            # CPU seconds of this process and its workers: what the work costs whatever else
            # runs on the machine (the wall time gains only from a core that is free).
            out[
                f"{count:,} documents ({distinct} distinct real texts), {jobs} process"
                f"{'es' if jobs > 1 else ''}: {rate:,.0f} documents/s, "
                f"{statistics.median(cpu):.2f} CPU s"
            ] = _summary(times)
        if rows[1] != rows[2]:
            raise SystemExit("claims_archive: 2 processes gave other rows than 1")
        tokenise = []
        for _ in range(runs):
            started = time.perf_counter()
            for document in docs:
                for sentence in sentences(document.text):  # type: ignore[attr-defined]
                    re.findall(r"\w+", sentence.text)
            tokenise.append(time.perf_counter() - started)
        out[f"tokenise only, 1 process ({len(rows[1]):,} claims found above)"] = _summary(tokenise)
    return out


_MC_SCRIPT = """
import json, resource, sys, time
import numpy as np
import milex
from milex import scenario
from milex.data.scenarios import load
from milex.model import montecarlo as mc
db = milex.open()
spec = load(sys.argv[1])
draws, runs = int(sys.argv[2]), int(sys.argv[3])
workers = [int(w) for w in sys.argv[4].split(",")]
report = scenario.run(db.tables, spec, draws=0)
paths = scenario._paths(db.tables, report.shocked, report.baseline.imf_release)
allies, years = paths.real_gdp.shape
rng = np.random.Generator(np.random.PCG64(0))
times = {"floor": []} | {w: [] for w in workers}
for _ in range(runs):  # in turn, so a slower spell of the machine touches them all
    if runs > 1:
        started = time.perf_counter()
        for done in range(0, draws, mc.BLOCK):  # the floor: the same number of normal variates
            n = min(mc.BLOCK, draws - done)
            rng.standard_normal((allies, years - 1, n), dtype=np.float32)
            rng.standard_normal((allies, years - 1, n), dtype=np.float32)
        times["floor"].append(time.perf_counter() - started)
    for w in workers:
        started = time.perf_counter()
        mc.simulate(paths, draws, 1, workers=w)
        times[w].append(time.perf_counter() - started)
print(json.dumps({
    "allies": allies, "years": years,
    "times": {str(k): v for k, v in times.items() if v},
    "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def _montecarlo_run(draws: int, runs: int, workers: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "MILEX_HOME": home}
        subprocess.run([str(BIN / "milex"), "build", "--quiet"], check=True, env=env)
        example = HERE.parent / "examples" / "us-drawdown-half.yaml"
        out = subprocess.run(
            [sys.executable, "-c", _MC_SCRIPT, str(example), str(draws), str(runs), workers],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
    figures: dict[str, Any] = json.loads(out.stdout)
    return figures


def montecarlo() -> dict[str, object]:
    """The scenario Monte Carlo for all allies to 2035, in a fresh process: 100,000 draws on
    one process and on two, in turn with drawing the same number of normal variates with numpy
    (medians of five rounds); then, each in a fresh process, 1,000,000 and 10,000,000 draws on
    two processes (one run each). Peak memory: the main process, and the largest worker
    (their sum bounds the whole; the workers are forked, so shared pages count in both)."""
    out: dict[str, object] = {}
    small = _montecarlo_run(100_000, 5, "1,2")
    one, two, floor = (small["times"][k] for k in ("1", "2", "floor"))
    label = f"{small['allies']} allies x {small['years'] - 1} years"
    ratio = statistics.median(one) / statistics.median(floor)
    out[f"simulate: {label} x 100,000 draws, 1 process ({ratio:.1f}x the floor)"] = _summary(one)
    ratio = statistics.median(two) / statistics.median(one)
    out[f"simulate: the same on 2 processes ({ratio:.2f}x 1 process)"] = _summary(two)
    out["numpy floor: the same normal variates, float32"] = _summary(floor)
    for draws in (1_000_000, 10_000_000):
        run = _montecarlo_run(draws, 1, "2")
        out[
            f"simulate: {label} x {draws:,} draws, 2 processes (peak {run['self_mb']:.0f} + "
            f"{run['child_mb']:.0f} MB)"
        ] = _summary(run["times"]["2"])
    return out


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


def _timed(run: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = run()
    return time.perf_counter() - started, value


def _dask_task_overhead(engine: Any, tasks: int = 2000) -> float:
    """Milliseconds of wall time per task for tasks that do nothing (scheduler, network and
    ordering cost), on the engine's workers."""
    list(engine.map(int, range(200)))  # warm
    seconds, _ = _timed(lambda: list(engine.map(int, range(tasks))))
    return seconds / tasks * 1000


def scale_archive(count: int = 10_000, runs: int = 3) -> dict[str, object]:
    """`milex check` of 10,000 real documents (the claims_archive texts, cycled): documents per
    second on 1 process, 2 local processes (the process pool), Dask with 2 workers (a
    LocalCluster of 2 processes, one thread each, partitions of 100 documents, the store
    shipped to the workers); then Dask with 1 worker against 1 process (Dask's overhead). Each
    phase's rounds interleaved; the rows must be equal. Also: a Dask task that does nothing
    (ms/task) and the bytes a partition sends and brings back, for the projection."""
    import pickle

    import milex
    from milex.claims.archive import (
        PARTITION,
        _check_many,
        check_archive,
        parquet_part,
        write_parquet,
    )
    from milex.engine_dask import DaskEngine

    docs = _real_documents(count)
    distinct = len({d.text for d in docs})  # type: ignore[attr-defined]
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as home:
        os.environ["MILEX_HOME"] = home
        milex.build()
        path = str(milex.open().path)
        expected = [row for r in check_archive(docs, path, 1) for row in r.rows]  # type: ignore[arg-type]

        def rows(engine: Any = None, jobs: int = 1) -> list[object]:
            found = check_archive(docs, path, jobs, engine)  # type: ignore[arg-type]
            got = [row for r in found for row in r.rows]
            if got != expected:
                raise SystemExit("scale_archive: the rows differ from one process's")
            return got

        def label(what: str, times: list[float]) -> str:
            rate = count / statistics.median(times)
            texts = f"{count:,} documents ({distinct} distinct real texts)"
            return f"{texts}, {what}: {rate:,.0f} documents/s"

        print(f"scale_archive: {_load()} at the start", file=sys.stderr)
        started, engine = _timed(lambda: DaskEngine(None, 2))
        out[f"dask: LocalCluster of 2 workers up ({_load()})"] = _summary([started])
        times: dict[str, list[float]] = {"1": [], "2": [], "dask2": []}
        try:
            for _ in range(runs):
                times["1"].append(_timed(lambda: rows(None, 1))[0])
                times["2"].append(_timed(lambda: rows(None, 2))[0])
                times["dask2"].append(_timed(lambda: rows(engine))[0])
            overhead = _dask_task_overhead(engine)
            shipped = engine.ship(path)
            # Each document pickled apart: the archive repeats its texts, a real one does not.
            sent = sum(len(pickle.dumps(d)) for d in docs) / count * PARTITION
            sent += len(pickle.dumps(shipped))
            back = sum(len(pickle.dumps(_check_many(([d], path)))) for d in docs[:1000])
            back = back / 1000 * PARTITION
        finally:
            engine.close()
        out[label("1 process (the reference)", times["1"])] = _summary(times["1"])
        ratio = statistics.median(times["1"]) / statistics.median(times["2"])
        out[label(f"2 local processes ({ratio:.2f}x 1 process)", times["2"])] = _summary(times["2"])
        ratio = statistics.median(times["1"]) / statistics.median(times["dask2"])
        out[label(f"Dask, 2 workers ({ratio:.2f}x 1 process)", times["dask2"])] = _summary(
            times["dask2"]
        )
        out[
            f"dask: an empty task, ms each over 2,000 (2 workers); a partition of {PARTITION} "
            f"documents sends {sent / 1000:.0f} KB and brings back {back / 1000:.0f} KB"
        ] = {"first_ms": overhead, "median_ms": overhead, "min_ms": overhead, "runs": 1}
        engine = DaskEngine(None, 1)
        solo: dict[str, list[float]] = {"1": [], "dask1": []}
        try:
            for _ in range(runs):
                solo["1"].append(_timed(lambda: rows(None, 1))[0])
                solo["dask1"].append(_timed(lambda: rows(engine))[0])
        finally:
            engine.close()
        ratio = statistics.median(solo["dask1"]) / statistics.median(solo["1"])
        out[label("1 process, again (the reference)", solo["1"])] = _summary(solo["1"])
        out[label(f"Dask, 1 worker ({ratio:.2f}x the time of 1 process)", solo["dask1"])] = (
            _summary(solo["dask1"])
        )
        # What the client alone must do for every document, whatever the cluster, with
        # --parquet: take each partition's Arrow table in (unpickle) and write it.
        results = list(check_archive(docs, path, 1))  # type: ignore[arg-type]
        blobs = [
            pickle.dumps(parquet_part(results[i : i + PARTITION]))
            for i in range(0, count, PARTITION)
        ]
        client = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as folder:
                started = time.perf_counter()
                write_parquet(map(pickle.loads, blobs), Path(folder) / "c.parquet")
                client.append(time.perf_counter() - started)
        rate = count / statistics.median(client)
        out[
            f"client side of --parquet: take in the Arrow tables of {count:,} documents' claims "
            f"and write them: {rate:,.0f} documents/s ({sum(len(b) for b in blobs) / count:,.0f}"
            " bytes back per document)"
        ] = _summary(client)
        print(f"scale_archive: {_load()} at the end", file=sys.stderr)
    return out


def scale_montecarlo(draws: int = 1_000_000, runs: int = 3) -> dict[str, object]:
    """The scenario Monte Carlo (every ally to 3.5% by 2035) at 1,000,000 draws: draws per
    second on 1 process, 2 local processes (the fork pool), Dask with 2 workers; then Dask
    with 1 worker against 1 process. Rounds interleaved; the results must be equal to the
    byte. Also the bytes a group of blocks brings back (its histograms)."""
    import pickle

    import numpy as np

    import milex
    from milex import scenario
    from milex.data.scenarios import load
    from milex.engine_dask import DaskEngine
    from milex.model import montecarlo as mc

    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as home:
        os.environ["MILEX_HOME"] = home
        milex.build()
        db = milex.open()
        spec = load(HERE.parent / "examples" / "us-drawdown-half.yaml")
        report = scenario.run(db.tables, spec, draws=0)
        paths = scenario._paths(db.tables, report.shocked, report.baseline.imf_release)
        allies, years = paths.real_gdp.shape
        expected = mc.simulate(paths, draws, 1)

        def run(workers: int = 1, engine: Any = None) -> None:
            got = mc.simulate(
                paths, draws, 1, workers=engine.slots if engine else workers,
                map_tasks=engine.map if engine else None,
            )  # fmt: skip
            if not all(
                np.array_equal(getattr(got, k), getattr(expected, k))
                for k in ("probability", "share_bands", "cost_bands")
            ):
                raise SystemExit("scale_montecarlo: the bands differ from one process's")

        def label(what: str, times: list[float]) -> str:
            rate = draws / statistics.median(times)
            size = f"{allies} allies x {years - 1} years x {draws:,} draws"
            return f"{size}, {what}: {rate:,.0f} draws/s"

        print(f"scale_montecarlo: {_load()} at the start", file=sys.stderr)
        engine = DaskEngine(None, 2)
        times: dict[str, list[float]] = {"1": [], "2": [], "dask2": []}
        try:
            for _ in range(runs):
                times["1"].append(_timed(lambda: run(1))[0])
                times["2"].append(_timed(lambda: run(2))[0])
                times["dask2"].append(_timed(lambda: run(engine=engine))[0])
        finally:
            engine.close()
        task = mc._tasks(paths, mc.BLOCK, 1, "normal", 5.0, 1)[0]
        back = len(pickle.dumps(mc._run_blocks(task)))
        out[label("1 process (the reference)", times["1"])] = _summary(times["1"])
        ratio = statistics.median(times["1"]) / statistics.median(times["2"])
        out[label(f"2 local processes ({ratio:.2f}x 1 process)", times["2"])] = _summary(times["2"])
        ratio = statistics.median(times["1"]) / statistics.median(times["dask2"])
        out[
            label(
                f"Dask, 2 workers ({ratio:.2f}x 1 process; a group of blocks brings back "
                f"{back / 1e6:.1f} MB of histograms)",
                times["dask2"],
            )
        ] = _summary(times["dask2"])
        engine = DaskEngine(None, 1)
        solo: dict[str, list[float]] = {"1": [], "dask1": []}
        try:
            for _ in range(runs):
                solo["1"].append(_timed(lambda: run(1))[0])
                solo["dask1"].append(_timed(lambda: run(engine=engine))[0])
        finally:
            engine.close()
        ratio = statistics.median(solo["dask1"]) / statistics.median(solo["1"])
        out[label("1 process, again (the reference)", solo["1"])] = _summary(solo["1"])
        out[label(f"Dask, 1 worker ({ratio:.2f}x the time of 1 process)", solo["dask1"])] = (
            _summary(solo["dask1"])
        )
        db.close()
        print(f"scale_montecarlo: {_load()} at the end", file=sys.stderr)
    return out


def import_sipri(runs: int = 7) -> dict[str, object]:
    """`milex import sipri` of SIPRI's real 1949-2024 workbook (shared/data/sipri/raw), the
    whole import (read, check, write a copy of the store, validate, swap; replacing the
    bundled sipri-2025, so the what-changed comparison runs too), against
    `pandas.read_excel(path, sheet_name=None)` with openpyxl on the same file. Both warm, in
    this process; the store is rebuilt between runs, untimed."""
    import pandas

    from milex.data import store
    from milex.data.importers import import_file

    workbook = HERE.parents[1] / "shared" / "data" / "sipri" / "raw"
    workbook = workbook / "SIPRI-Milex-data-1949-2024.xlsx"
    if not workbook.is_file():
        raise SystemExit(f"import_sipri needs the shared data beside the clone ({workbook})")
    imports, reads = [], []
    with tempfile.TemporaryDirectory() as home:
        os.environ["MILEX_HOME"] = home
        store.build()
        _, result = import_file("sipri", workbook, replace=True)  # warm: modules, page cache
        pandas.read_excel(workbook, sheet_name=None, engine="openpyxl")
        for _ in range(runs):
            store.build(keep_imports=False)
            started = time.perf_counter()
            import_file("sipri", workbook, replace=True)
            imports.append(time.perf_counter() - started)
            started = time.perf_counter()
            pandas.read_excel(workbook, sheet_name=None, engine="openpyxl")
            reads.append(time.perf_counter() - started)
    ratio = statistics.median(imports) / statistics.median(reads)
    return {
        f"milex import sipri: {result.rows:,} figures stored ({ratio:.2f}x pandas)": _summary(
            imports
        ),
        "pandas.read_excel(sheet_name=None, engine='openpyxl'): values only": _summary(reads),
    }


BENCHMARKS: dict[str, Callable[[], dict[str, object]]] = {
    "montecarlo": montecarlo,
    "claims_1mb": claims_1mb,
    "claims_dw": claims_dw,
    "claims_archive": claims_archive,
    "scale_archive": scale_archive,
    "scale_montecarlo": scale_montecarlo,
    "pathways_all": pathways_all,
    "cli_status": cli_status,
    "store_build": store_build,
    "import_sipri": import_sipri,
}


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 2
    RESULTS.mkdir(exist_ok=True)
    print(f"machine: {machine()}; date: {date.today().isoformat()}\n")
    print("| benchmark | command | first (ms) | median (ms) | min (ms) | runs |")
    print("|---|---|---:|---:|---:|---:|")
    for name in names or list(BENCHMARKS):
        result = BENCHMARKS[name]()
        (RESULTS / f"{name}.json").write_text(
            json.dumps(
                {"machine": machine(), "date": date.today().isoformat(), "result": result}, indent=2
            )
        )
        for command, stats in result.items():
            assert isinstance(stats, dict)
            print(
                f"| {name} | `{command}` | {_ms(stats['first_ms'])} | "
                f"{_ms(stats['median_ms'])} | {_ms(stats['min_ms'])} | {stats['runs']} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
