"""Shared fixtures: one store built once per session in a temporary MILEX_HOME."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import milex
from milex.data import store

REPO = Path(__file__).resolve().parents[1]
# The reference data sits beside the clone (../shared) in CI and on developers' machines.
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"


def need_shared() -> Path:
    """The reference data folder, or skip the test with the reason."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data not found at {SHARED_DATA} (it sits beside the clone in CI)")
    return SHARED_DATA


@pytest.fixture(scope="session", autouse=True)
def milex_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test runs against a store in its own MILEX_HOME, never the user's, and keeps the
    chart library it builds in its own MILEX_CACHE (built once for the session)."""
    home = tmp_path_factory.mktemp("milex-home")
    cache = tmp_path_factory.mktemp("milex-cache")
    previous = {name: os.environ.get(name) for name in ("MILEX_HOME", "MILEX_CACHE")}
    os.environ["MILEX_HOME"], os.environ["MILEX_CACHE"] = str(home), str(cache)
    store.build()
    yield home
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def db(milex_home: Path) -> Iterator[milex.Milex]:
    """The session's store, opened read-only."""
    with milex.open() as opened:
        yield opened


DW_FIXTURE = SHARED / "fixtures" / "dw_2025-04-03_nato_tariffs.txt"


@pytest.fixture(scope="session")
def dw_text() -> str:
    """The DW article of 3 April 2025 (shared/fixtures), or skip with the reason."""
    need_shared()
    if not DW_FIXTURE.is_file():
        pytest.skip(f"the DW fixture is not at {DW_FIXTURE} (shared/ sits beside the clone)")
    return DW_FIXTURE.read_text(encoding="utf-8")
