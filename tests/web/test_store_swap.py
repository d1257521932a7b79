"""A running server sees a release imported by another process: the store's file is swapped,
the server's connections reopen and its cache of answers is emptied."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import milex
from milex.data import store
from milex.web.app import Settings, create_app


def test_an_import_shows_without_a_restart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("MILEX_HOME", str(home))
    store.build()
    url = "/api/v1/series?country=POL&indicator=share_gdp&release=user-plans-2026"
    # The cache asks on every request whether the store file was swapped (not 4 times a second).
    with TestClient(create_app(Settings(store_check_seconds=0))) as client:
        releases = client.get("/api/v1/releases").json()
        assert "user-plans-2026" not in [r["release"] for r in releases["rows"]]
        assert client.get(url).status_code == 404
        file = tmp_path / "plans.csv"
        file.write_text("country,year,indicator,value\nPoland,2026,share_gdp,4.8\n")
        milex.import_file("csv", file, release="user-plans-2026", published="2026-05-01")
        releases = client.get("/api/v1/releases").json()  # was cached: must be fresh
        assert "user-plans-2026" in [r["release"] for r in releases["rows"]]
        rows = client.get(url).json()["rows"]
        assert [(r["iso3"], r["year"], r["value"]) for r in rows] == [("POL", 2026, 4.8)]
