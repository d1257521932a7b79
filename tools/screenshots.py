"""Regenerate the README's screenshot(s) of the dashboard from a running server, in headless
Chromium (Debian's /usr/bin/chromium, driven by Playwright, as the browser tests do).

    make run &                                   # or: .venv/bin/milex serve --port 8123
    .venv/bin/python tools/screenshots.py        # --url http://127.0.0.1:8123 for another port

Each shot loads a page at a fixed window size, waits until every chart on it is drawn (or has
said why not), and writes a PNG into docs/img. The shots are listed in SHOTS: the README shows
docs/img/dashboard.png. `--shot PATH=FILE` adds one (e.g. `--shot /pathways=pathways.png`).
Nothing is fetched from anywhere but the server given.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "img"
CHROMIUM = Path(os.environ.get("MILEX_CHROMIUM", "/usr/bin/chromium"))
# As the browser tests launch it: no background traffic to anyone's services.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# Every chart drawn, or showing why it is not.
CHARTS_DONE = (
    "() => [...document.querySelectorAll('figure.chart')]"
    ".every(f => f.classList.contains('drawn') || f.querySelector('.chart-error'))"
)


@dataclass(frozen=True)
class Shot:
    """One screenshot: the page, the file, the window, and whether to take the whole page."""

    path: str
    name: str
    width: int = 1280
    height: int = 900
    full_page: bool = False


SHOTS = (Shot("/", "dashboard.png"),)


def parse_shot(text: str) -> Shot:
    path, _, name = text.rpartition("=")  # a query string may hold "=" too
    if not path.startswith("/") or not name.endswith(".png") or "/" in name:
        raise argparse.ArgumentTypeError(f"{text!r}: give PATH=FILE.png, e.g. /pathways=p.png")
    return Shot(path, name)


def take(url: str, shots: list[Shot], output: Path) -> list[Path]:
    """Take the shots from the server at ``url``; refuse any request to another host."""
    from playwright.sync_api import sync_playwright

    host = urlparse(url).netloc
    written = []
    output.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            for shot in shots:
                context = browser.new_context(
                    viewport={"width": shot.width, "height": shot.height}, device_scale_factor=1
                )
                page = context.new_page()
                elsewhere: list[str] = []

                def check(request: object, seen: list[str] = elsewhere) -> None:
                    target = request.url  # type: ignore[attr-defined]
                    if target.startswith("http") and urlparse(target).netloc != host:
                        seen.append(target)

                page.on("request", check)
                answer = page.goto(url.rstrip("/") + shot.path, wait_until="networkidle")
                if answer is None or answer.status != 200:
                    status = answer.status if answer else "no answer"
                    raise SystemExit(f"{shot.path}: the server answered {status}")
                page.wait_for_function(CHARTS_DONE, timeout=60_000)
                if elsewhere:
                    raise SystemExit(f"{shot.path}: requests left the server: {elsewhere}")
                target = output / shot.name
                page.screenshot(path=str(target), full_page=shot.full_page)
                written.append(target)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running server")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where the PNGs go")
    parser.add_argument(
        "--shot", type=parse_shot, action="append", default=[], help="PATH=FILE.png, again"
    )
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import Error as BrowserError

    try:
        written = take(args.url, [*SHOTS, *args.shot], args.output)
    except (OSError, BrowserError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"cannot take the screenshots from {args.url}: {first}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
