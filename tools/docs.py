"""Run the shell examples in the docs and write (or check) their real output.

    .venv/bin/python tools/docs.py docs/pathways.md          # rewrite the outputs in place
    .venv/bin/python tools/docs.py --check docs/*.md         # exit 1 and show what drifted

A plain fenced block (```` ``` ```` with no language: ``console`` or ``sh`` blocks are
illustrations, not run) whose first line starts with ``$ `` is an example: each ``$ `` line is a
command, the lines after it (up to the next ``$ ``) its output. Commands run in bash from the
repository root, in order, against one fresh store per file (a temporary MILEX_HOME built
from the bundled data), with ``milex`` the project's own; only standard output is shown
unless the command says ``2>&1``. Blocks that are not examples are left alone.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FENCE = "```"


def run(command: str, env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.stdout.rstrip("\n").split("\n") if done.stdout.strip() else []


def render(text: str, env: dict[str, str]) -> str:
    """The text with every example's output replaced by what its commands print now."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        example = line == FENCE and i < len(lines) and lines[i].startswith("$ ")
        if not example:
            if line.startswith(FENCE):  # a block that is not an example: copy it whole
                while i < len(lines) and not lines[i].startswith(FENCE):
                    out.append(lines[i])
                    i += 1
                if i < len(lines):
                    out.append(lines[i])
                    i += 1
            continue
        while i < len(lines) and not lines[i].startswith(FENCE):
            if lines[i].startswith("$ "):
                out.append(lines[i])
                out.extend(run(lines[i][2:], env))
            i += 1
        if i < len(lines):
            out.append(lines[i])  # the closing fence
            i += 1
    return "\n".join(out)


def environment(home: Path) -> dict[str, str]:
    venv = ROOT / ".venv" / "bin"
    return {
        **os.environ,
        "MILEX_HOME": str(home),
        "PATH": f"{venv}{os.pathsep}{os.environ.get('PATH', '')}",
        "COLUMNS": "200",
        "PYTHONUTF8": "1",
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 on drift")
    args = parser.parse_args(argv)
    drifted = 0
    for file in args.files:
        with tempfile.TemporaryDirectory(prefix="milex-docs-") as home:
            env = environment(Path(home))
            subprocess.run(["milex", "build", "--quiet"], env=env, check=True, cwd=ROOT)
            before = file.read_text(encoding="utf-8")
            after = render(before, env)
        if after == before:
            continue
        drifted += 1
        if args.check:
            sys.stdout.writelines(
                difflib.unified_diff(
                    before.splitlines(keepends=True),
                    after.splitlines(keepends=True),
                    str(file),
                    f"{file} (as the commands print it now)",
                )
            )
        else:
            file.write_text(after, encoding="utf-8")
            print(f"{file}: examples rewritten")
    return 1 if args.check and drifted else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
