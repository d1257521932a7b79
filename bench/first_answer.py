"""`make run` on a fresh clone, timed to its first answer: what a new user waits for.

    .venv/bin/python bench/first_answer.py                    # this checkout's HEAD
    .venv/bin/python bench/first_answer.py --branch main      # another branch of this repo

Clones the repository (git clone, so only committed files) into a temporary folder, with an
empty .venv, an empty MILEX_HOME and an empty MILEX_CACHE, runs `make run PORT=<free port>`
and times it until GET / answers 200. Reference, in the same run: `make run` again in the same
clone (installed, store and chart library built) to its first answer. pip's own download cache
is left as it is on this machine (say so when quoting the figure); the network is not needed
when it is warm. Prints the seconds and where they went (make's output, with timestamps).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_run(clone: Path, env: dict[str, str], log: Path, port: int | None) -> float:
    """Seconds from `make run` to the first 200 on GET /; the server is stopped after."""
    port = port or _free_port()
    url = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=clone,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make, pip and the server: one group, stopped together
        )
        try:
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=5) as answer:
                        if answer.status == 200:
                            return time.perf_counter() - started
                except OSError:
                    if process.poll() is not None:
                        raise SystemExit(f"make run stopped first; see {log}") from None
                    time.sleep(0.1)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branch", default=None, help="branch to clone (default: HEAD)")
    parser.add_argument("--keep", type=Path, default=None, help="clone here and keep it")
    parser.add_argument(
        "--port", type=int, default=None, help="the port to wait on (a Makefile without PORT: 8000)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        clone = args.keep or Path(scratch) / "milex"
        command = ["git", "clone", "--quiet", str(ROOT), str(clone)]
        if args.branch:
            command[3:3] = ["--branch", args.branch]
        subprocess.run(command, check=True)
        head = subprocess.run(
            ["git", "-C", str(clone), "log", "-1", "--format=%h %s"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        home, cache = Path(scratch) / "home", Path(scratch) / "cache"
        env = {**os.environ, "MILEX_HOME": str(home), "MILEX_CACHE": str(cache)}
        env.pop("VIRTUAL_ENV", None)
        print(f"clone of {head[:70]}")
        fresh = make_run(clone, env, Path(scratch) / "fresh.log", args.port)
        print(f"make run, fresh clone (empty .venv, store, cache) to first answer: {fresh:.1f} s")
        again = make_run(clone, env, Path(scratch) / "again.log", args.port)
        print(f"reference: make run again in the same clone to first answer: {again:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
