"""docs/scenarios.md is executed: every example in it runs against a fresh store
(`tools/docs.py`) and prints what the page shows, the evidence tables of
`tools/evidence.py` included. `python tools/docs.py docs/scenarios.md` rewrites it."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO, need_shared


def test_the_scenario_examples_print_what_the_doc_shows() -> None:
    need_shared()
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "docs.py"), "--check", "docs/scenarios.md"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_the_page_has_its_examples() -> None:
    page = (REPO / "docs" / "scenarios.md").read_text(encoding="utf-8")
    for command in ("tools/evidence.py fit", "tools/evidence.py rates", "tools/evidence.py troops"):
        assert f"\n$ python {command}\n" in page
    assert page.count("\n$ milex scenario ") >= 7
