"""The dashboard as a first-time visitor meets it, in headless Chromium (Debian's, through
Playwright): how soon a freshly started server draws the Overview's first chart, and how many
bytes the Overview costs on the wire, with and without gzip.

    .venv/bin/python bench/dashboard.py                  # both
    .venv/bin/python bench/dashboard.py first_chart      # one of them
    .venv/bin/python bench/dashboard.py --milex OTHER/.venv/bin/milex   # another checkout

first_chart: each run starts `milex serve` (a new process; the store and the chart library are
built, as `make run` leaves them), waits until it answers, then opens "/" in a new browser
context (empty browser cache) and times it from the navigation until the first chart is drawn
(the figure's `drawn` class). Reference, in the same run: the same page again in another new
context, on the same server (its caches warm, the browser's cold). Also the start of the
server to its first answer.

page_weight: "/" in a new context, and the bytes each response took on the wire (Chromium's
own count, headers included), once as the browser asks (Accept-Encoding: gzip, ...) and once
with Accept-Encoding: identity.

Every request goes to 127.0.0.1; the store and caches are temporary folders (MILEX_HOME,
MILEX_CACHE), built once before the runs.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
CHROMIUM = Path(os.environ.get("MILEX_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`milex serve` on a free loopback port, timed from its start to its first answer."""

    def __init__(self, milex: Path, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [str(milex), "serve", "--port", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while True:
            try:
                with urllib.request.urlopen(self.base + "/api/v1/releases", timeout=2):
                    break
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit("milex serve stopped before it answered") from None
                time.sleep(0.02)
        self.ready_s = time.perf_counter() - started

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _first_chart(browser: Any, base: str) -> float:
    """Seconds from the navigation to "/" until the first chart is drawn, cold browser."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(base + "/", wait_until="commit")
    page.wait_for_selector("figure.chart.drawn", timeout=60_000)
    seconds = time.perf_counter() - started
    context.close()
    return seconds


def first_chart(milex: Path, env: dict[str, str], runs: int) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    ready, cold, warm = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        for _ in range(runs):
            server = Server(milex, env)
            try:
                cold.append(_first_chart(browser, server.base))
                warm.append(_first_chart(browser, server.base))
            finally:
                server.stop()
            ready.append(server.ready_s)
        browser.close()
    return [
        _row("first chart of a fresh server (navigation to drawn)", cold),
        _row("reference: the same page again, same server, new browser context", warm),
        _row("milex serve: start to first answer", ready),
    ]


def _row(what: str, seconds: list[float]) -> dict[str, Any]:
    return {
        "what": what,
        "first_ms": seconds[0] * 1000,
        "median_ms": statistics.median(seconds) * 1000,
        "min_ms": min(seconds) * 1000,
        "max_ms": max(seconds) * 1000,
        "runs": len(seconds),
    }


def _weight(browser: Any, base: str, accept: str | None) -> dict[str, int]:
    """Bytes on the wire per resource of "/" (until every chart is drawn)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    if accept is not None:
        session.send("Network.setExtraHTTPHeaders", {"headers": {"Accept-Encoding": accept}})
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    encodings: dict[str, str] = {}
    session.on(
        "Network.requestWillBeSent",
        lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]),
    )
    session.on(
        "Network.responseReceived",
        lambda event: encodings.__setitem__(
            event["requestId"],
            {k.lower(): v for k, v in event["response"]["headers"].items()}.get(
                "content-encoding", ""
            ),
        ),
    )
    session.on(
        "Network.loadingFinished",
        lambda event: sizes.__setitem__(event["requestId"], int(event["encodedDataLength"])),
    )
    page.goto(base + "/", wait_until="networkidle")
    page.wait_for_function(
        "() => [...document.querySelectorAll('figure.chart')].every(f => "
        "f.classList.contains('drawn'))",
        timeout=60_000,
    )
    context.close()
    out = {}
    for request, size in sizes.items():
        url = urlparse(urls.get(request, "?"))
        name = url.path + (f"?{url.query}" if url.query else "")
        out[f"{name} [{encodings.get(request) or 'plain'}]"] = size
    return out


def page_weight(milex: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    server = Server(milex, env)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            _weight(browser, server.base, None)  # warm the server's caches: measure bytes only
            gzipped = _weight(browser, server.base, None)
            plain = _weight(browser, server.base, "identity")
            browser.close()
    finally:
        server.stop()
    return [
        {"what": "Overview, as the browser asks (gzip accepted)", "bytes": gzipped},
        {"what": "Overview, Accept-Encoding: identity", "bytes": plain},
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="first_chart, page_weight (default: both)")
    parser.add_argument("--milex", type=Path, default=BIN / "milex", help="the milex script")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    names = args.names or ["first_chart", "page_weight"]
    unknown = set(names) - {"first_chart", "page_weight"}
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))} (first_chart, page_weight)")
    if not CHROMIUM.exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM}")
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "MILEX_HOME": home, "MILEX_CACHE": cache}
        # As `make run` leaves them: the store (and, from this version on, the chart library).
        subprocess.run([str(args.milex), "build", "--quiet"], env=env, check=True)
        print(f"date: {date.today().isoformat()}; milex: {args.milex}")
        if "first_chart" in names:
            print("\n| measure | first (ms) | median (ms) | min (ms) | max (ms) | runs |")
            print("|---|---:|---:|---:|---:|---:|")
            for row in first_chart(args.milex, env, args.runs):
                print(
                    f"| {row['what']} | {row['first_ms']:.0f} | {row['median_ms']:.0f} | "
                    f"{row['min_ms']:.0f} | {row['max_ms']:.0f} | {row['runs']} |"
                )
        if "page_weight" in names:
            for row in page_weight(args.milex, env):
                total = sum(row["bytes"].values())
                print(
                    f"\n{row['what']}: {total:,} bytes on the wire in {len(row['bytes'])} responses"
                )
                for name, size in sorted(row["bytes"].items(), key=lambda kv: -kv[1]):
                    print(f"    {size:>10,}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
