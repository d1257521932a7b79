"""docs/claims.md runs: its examples are run and their output compared with what it shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import milex
from tests.claims.test_heldout import SETS
from tests.cli_helpers import ok
from tests.conftest import DW_FIXTURE, REPO, need_shared

DOC = REPO / "docs" / "claims.md"


def blocks() -> list[str]:
    return re.findall(r"```\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def shown(command: str) -> str:
    """The output docs/claims.md shows after ``$ command``."""
    block = next(b for b in blocks() if b.startswith(f"$ {command}\n"))
    return block.split("\n", 1)[1].rstrip("\n")


def test_the_dw_example(milex_home: Path) -> None:
    need_shared()
    if not DW_FIXTURE.is_file():
        pytest.skip(f"fixture not found: {DW_FIXTURE}")
    result = ok("check", str(DW_FIXTURE), "--date", "2025-04-03")
    lines = [line[:200].rstrip() for line in result.stdout.rstrip("\n").split("\n")]
    assert "\n".join(lines) == shown("milex check dw_2025-04-03_nato_tariffs.txt --date 2025-04-03")


def test_the_archive_example(milex_home: Path, tmp_path: Path) -> None:
    records = next(b for b in blocks() if b.startswith('{"id"'))
    archive = tmp_path / "news.jsonl"
    archive.write_text(records, encoding="utf-8")
    result = ok("check", str(archive), "--format", "csv")
    lines = [",".join(line.split(",")[:10]) for line in result.stdout.rstrip("\n").split("\n")]
    assert "\n".join(lines) == shown("milex check news.jsonl --format csv | cut -d, -f1-10")


@pytest.mark.parametrize("folder", SETS)  # every held-out set shows its line
def test_the_heldout_score(db: milex.Milex, folder: str) -> None:
    from tests.claims.scoring import score

    path = f"tests/fixtures/claims/{folder}"
    line = score(db.tables, REPO / path).line(path)
    assert line == shown(f"python -m tests.claims.scoring {path}")
