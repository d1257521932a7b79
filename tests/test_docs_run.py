"""The docs are executed: every example in README.md, docs/data.md, docs/pathways.md and
docs/scale.md is run against a fresh store and its shown output compared (docs/claims.md and
docs/scenarios.md have tests of their own). A doc that drifts fails here; `tools/readme.py` and
`tools/docs.py FILE` rewrite them from the real output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO, need_shared

EXECUTED = ["docs/data.md", "docs/pathways.md", "docs/scale.md"]


@pytest.mark.parametrize("doc", EXECUTED)
def test_the_examples_print_what_the_doc_shows(doc: str) -> None:
    need_shared()  # some examples read the reference data beside the clone
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "docs.py"), "--check", doc],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_the_readme_prints_what_it_shows() -> None:
    need_shared()
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "readme.py"), "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
