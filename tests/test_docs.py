"""The docs are executed: every command block of the pages tools/docs.py keeps (docs/scenarios.md)
runs, and what it prints now is what the page shows. `python tools/docs.py` regenerates them."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO


def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("milex_tools_docs", REPO / "tools" / "docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DOCS = tool()
BLOCKS = [
    (page, command, shown)
    for page in DOCS.PAGES
    for command, shown in DOCS.blocks((REPO / page).read_text(encoding="utf-8"))
]


def test_the_pages_have_command_blocks() -> None:
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize(
    ("page", "command", "shown"), BLOCKS, ids=[f"{p}: {c[:60]}" for p, c, _ in BLOCKS]
)
def test_every_block_shows_what_its_command_prints(
    milex_home: Path, page: str, command: str, shown: str
) -> None:
    assert DOCS.run(command) == shown, f"{page}: run `python tools/docs.py` to regenerate"
