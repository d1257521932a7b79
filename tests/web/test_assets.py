"""What makes the first page fast: the Vega bundle built at `milex build` (not on the first
request), the Overview's charts built while the server starts, and answers gzipped."""

from __future__ import annotations

import gc
import gzip
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from milex.errors import NoDataError
from milex.web import assets, pages
from milex.web.app import YOUNG_COLLECTION_OBJECTS, Settings, create_app
from milex.web.security import SECURITY_HEADERS
from tests.cli_helpers import run_milex

GZIP = {"Accept-Encoding": "gzip"}
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture(scope="module")
def client(milex_home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


# -- the Vega bundle ------------------------------------------------------------------------------


def test_build_writes_the_bundle_into_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("MILEX_CACHE", str(cache))
    result = run_milex(tmp_path / "home", "build")
    assert result.returncode == 0, result.stderr
    script = assets.path(cache)
    assert script.is_file() and script.with_name(script.name + ".gz").is_file()
    assert f"wrote the dashboard's chart library: {script}" in result.stdout
    assert gzip.decompress(script.with_name(script.name + ".gz").read_bytes()) == (
        script.read_bytes()
    )
    again = run_milex(tmp_path / "home", "build")
    assert "chart library" not in again.stdout  # once per version, not once per build
    # The store's folder holds the store alone: the bundle is no data.
    assert sorted(p.name for p in (tmp_path / "home").iterdir()) == ["milex.sqlite"]


def test_write_keeps_one_version_and_builds_only_when_missing(tmp_path: Path) -> None:
    old = tmp_path / f"{assets.PREFIX}0.1-5.8.js"
    old.write_text("old")
    target, built = assets.write(tmp_path)
    assert built and target == assets.path(tmp_path)
    assert not old.exists()
    stamp = target.stat().st_mtime_ns
    assert assets.write(tmp_path) == (target, False)
    assert target.stat().st_mtime_ns == stamp


def test_the_app_serves_the_bundle_from_the_cache_folder(client: TestClient) -> None:
    script = assets.path(Path(os.environ["MILEX_CACHE"]))
    assert client.get("/static/vega.js", headers=PLAIN).content == script.read_bytes()
    page = client.get("/").text
    assert f"/static/vega.js?v={assets.version()}" in page


def test_a_cache_folder_that_cannot_be_written_builds_in_memory(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    bundle = assets.load(blocked / "cache")
    assert b"window.vegaEmbed" in bundle.plain
    assert gzip.decompress(bundle.gzipped) == bundle.plain


# -- warming up -----------------------------------------------------------------------------------


def test_serve_builds_the_overviews_charts_while_it_starts(milex_home: Path) -> None:
    with TestClient(create_app(Settings(warm_up=True))) as warm:
        assert warm.app.state.warmed.wait(timeout=120)  # type: ignore[attr-defined]
        before = pages._cached_spec.cache_info()
        for name in ("map", "status"):
            response = warm.get(f"/chart/{name}.json?year=2026&release=nato-2026-07")
            assert response.status_code == 200
        after = pages._cached_spec.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (2, 0)


def test_after_the_warm_up_the_start_ups_objects_are_left_to_refcounting(
    milex_home: Path,
) -> None:
    """What the server holds once started is frozen out of the garbage collector's passes
    (a full pass over it paused every request in flight for tens of milliseconds), and the
    young generation is collected less often."""
    gc.unfreeze()
    threshold = gc.get_threshold()
    try:
        with TestClient(create_app(Settings(warm_up=True))) as warm:
            assert warm.app.state.warmed.wait(timeout=120)  # type: ignore[attr-defined]
            assert gc.get_freeze_count() > 10_000
            assert gc.get_threshold() == (YOUNG_COLLECTION_OBJECTS, *threshold[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_a_failed_warm_up_leaves_no_spec_locked(
    milex_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = create_app(Settings()).state.store

    def broken(*_: object) -> None:
        raise NoDataError("chart: broken on purpose")

    monkeypatch.setattr(pages, "_cached_spec", broken)
    with pytest.raises(NoDataError):
        pages.warm_up(store)
    chosen = pages.Args(year=2026, release="nato-2026-07")
    assert not any(pages._spec_lock(store, n, chosen).locked() for n in ("status", "map"))


def test_without_warm_up_nothing_is_built_ahead(milex_home: Path) -> None:
    with TestClient(create_app(Settings())) as cold:
        assert not cold.app.state.warmed.is_set()  # type: ignore[attr-defined]


# -- gzip -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/pathways",
        "/?format=json",
        "/chart/map.json?year=2026&release=nato-2026-07",
        "/data/status.csv?year=2026&release=nato-2026-07",
        "/api/v1/status?year=2024",
        "/static/milex.js",
        "/static/milex.css",
        "/static/vega.js",
    ],
)
def test_text_answers_are_gzipped_for_clients_that_accept_it(client: TestClient, url: str) -> None:
    zipped = client.get(url, headers=GZIP)
    plain = client.get(url, headers=PLAIN)
    assert zipped.status_code == plain.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in zipped.headers["vary"].lower()
    assert "content-encoding" not in plain.headers
    assert zipped.content == plain.content  # decoded by the client: the same answer
    for name, value in SECURITY_HEADERS.items():
        assert zipped.headers[name] == value


def test_small_answers_go_plain(client: TestClient) -> None:
    response = client.get("/static/favicon.svg", headers=GZIP)
    assert len(response.content) < 500
    assert "content-encoding" not in response.headers


def test_the_answer_cache_keeps_one_answer_per_encoding(milex_home: Path) -> None:
    with TestClient(create_app(Settings())) as fresh:
        url = "/api/v1/status?year=2025"
        answers = [fresh.get(url, headers=h) for h in (GZIP, PLAIN, GZIP, PLAIN)]
        middleware = fresh.app.middleware_stack  # type: ignore[attr-defined]
        while not hasattr(middleware, "cache"):
            middleware = middleware.app
        assert len(middleware.cache) == 2
    encodings = [a.headers.get("content-encoding") for a in answers]
    assert encodings == ["gzip", None, "gzip", None]
    assert len({a.content for a in answers}) == 1
    assert all(a.headers["x-content-type-options"] == "nosniff" for a in answers)


def test_head_of_a_gzipped_page_has_no_body(client: TestClient) -> None:
    response = client.head("/", headers=GZIP)
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-encoding"] == "gzip"
