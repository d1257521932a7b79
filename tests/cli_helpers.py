"""Helpers shared by the CLI tests: run a command in-process or as the installed script."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from milex.cli import app

MILEX = Path(sys.executable).parent / "milex"


def invoke(*args: str) -> Result:
    """Run `milex ARGS` in-process."""
    return CliRunner().invoke(app, list(args), prog_name="milex")


def ok(*args: str) -> Result:
    """Run `milex ARGS` in-process and insist it succeeded."""
    result = invoke(*args)
    assert result.exception is None, result.output
    assert result.exit_code == 0, result.output
    return result


def records(text: str) -> list[dict[str, str]]:
    """The rows of a CSV output."""
    return list(csv.DictReader(io.StringIO(text)))


def run_milex(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `milex` script with MILEX_HOME set, as a user would (``stdin``: what
    standard input holds)."""
    assert MILEX.is_file(), f"the milex script is not installed beside {sys.executable}"
    env = {**os.environ, "MILEX_HOME": str(home), "PYTHONUTF8": "1", "COLUMNS": "200"}
    return subprocess.run(
        [str(MILEX), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def usage_failure(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """An error exit: code 2 (3: no data; 4: a store problem), nothing on stdout, one clear
    message and no traceback."""
    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: ")
    return result.stderr
