"""Run the commands shown in docs pages and put their real output under them.

Run from the repository root after `make install`:

    .venv/bin/python tools/docs.py            # rewrite the blocks of every page in PAGES
    .venv/bin/python tools/docs.py --check    # exit 1 and show the first difference

A block is a fenced code block whose first line is `$ COMMAND`; everything after that line is
the command's output. A command that prints Markdown (a table) sits between
`<!-- $ COMMAND -->` and `<!-- end -->`, its output shown as the page's own Markdown.
Commands run in bash from the repository root with the venv's `milex` and `python` first on
PATH, against the store in $MILEX_HOME. tests/test_docs.py runs them too and compares, so the
pages cannot drift from what milex prints.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["docs/scenarios.md"]
BLOCK = re.compile(
    r"^(?P<open>```\n\$ |<!-- \$ )(?P<command>[^\n]+?)(?P<close>\n| -->\n)"
    r"(?P<output>.*?)^(?P<end>```|<!-- end -->)$",
    re.M | re.S,
)


def run(command: str) -> str:
    """What a command prints on stdout (and stderr where it says 2>&1)."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "100"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    if done.returncode not in (0, 141):  # 141: a pipe closed early by head
        raise RuntimeError(f"{command!r} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def blocks(text: str) -> list[tuple[str, str]]:
    """The (command, shown output) of every command block of a page."""
    return [(m["command"], m["output"]) for m in BLOCK.finditer(text)]


def regenerate(text: str) -> str:
    """The page with every block's output replaced by what its command prints now."""

    def fill(match: re.Match[str]) -> str:
        output = run(match["command"])
        if output and not output.endswith("\n"):
            output += "\n"
        return f"{match['open']}{match['command']}{match['close']}{output}{match['end']}"

    return BLOCK.sub(fill, text)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    for page in PAGES:
        path = ROOT / page
        before = path.read_text(encoding="utf-8")
        after = regenerate(before)
        if check and after != before:
            for (command, shown), (_, now) in zip(blocks(before), blocks(after), strict=True):
                if shown != now:
                    print(f"{page}: the output of `{command}` changed:\n{now}")
                    return 1
        if not check and after != before:
            path.write_text(after, encoding="utf-8")
            print(f"{page}: updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
