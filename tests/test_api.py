"""The public Python API: what ``import milex`` offers and the DataFrames its methods return."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

import milex
from milex.data.query import SERIES_COLUMNS

STATUS_COLUMNS = [
    "iso3",
    "country",
    "year",
    "share_gdp",
    "estimate",
    "rank",
    "previous_share_gdp",
    "change_pp",
    "meets_2pct",
    "release",
    "table",
]
RELEASE_COLUMNS = [
    "release",
    "source",
    "title",
    "published",
    "origin",
    "rows",
    "url",
    "licence",
    "provenance",
    "published_note",
]


def test_public_names_are_pinned() -> None:
    assert milex.__all__ == [
        "Country",
        "ImportFileError",
        "InvalidQueryError",
        "Milex",
        "MilexError",
        "NoDataError",
        "ReleaseConflictError",
        "StoreError",
        "Table",
        "TruncatedResultWarning",
        "UnknownCountryError",
        "UnknownIndicatorError",
        "UnknownReleaseError",
        "UnknownTargetError",
        "ValidationError",
        "__version__",
        "build",
        "check",
        "import_file",
        "members",
        "open",
    ]
    for name in milex.__all__:
        assert hasattr(milex, name), name


def test_errors_share_one_base() -> None:
    for name in milex.__all__:
        if name.endswith("Error") and name != "MilexError":
            assert issubclass(getattr(milex, name), milex.MilexError), name


def test_status_dataframe(db: milex.Milex) -> None:
    frame = db.status(year=2024, release="nato-2025-08")
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == STATUS_COLUMNS
    assert len(frame) == 33
    poland = frame.set_index("iso3").loc["POL"]
    assert poland["share_gdp"] == 3.79
    assert poland["rank"] == 1
    assert int(frame["meets_2pct"].sum()) == 18 + 1  # 18 allies and the NATO total
    assert frame.attrs["title"].startswith("Defence expenditure as % of GDP, 2024 — nato-2025-08")
    assert (
        "NATO published no 2024 figure for ISL (Iceland has no armed forces)"
        in (frame.attrs["notes"])
    )


def test_status_as_of(db: milex.Milex) -> None:
    frame = db.status(year=2024, as_of="2025-04-03")
    assert set(frame["release"]) == {"nato-2024-06"}
    assert frame.set_index("iso3").loc["POL", "share_gdp"] == 4.12


def test_series_dataframe(db: milex.Milex) -> None:
    frame = db.series(["POL", "Germany"], "share_gdp", source="nato")
    assert list(frame.columns) == SERIES_COLUMNS
    assert set(frame["iso3"]) == {"POL", "DEU"}
    assert set(frame["release"]) == {"nato-2026-07"}
    assert frame.attrs["title"] == "share_gdp — nato-2026-07"
    assert frame.attrs["notes"] == []


def test_revisions_dataframe(db: milex.Milex) -> None:
    frame = db.revisions("share_gdp", "nato-2024-06", "nato-2025-08", countries="POL")
    assert list(frame.columns) == [
        "iso3",
        "country",
        "year",
        "value_nato-2024-06",
        "value_nato-2025-08",
        "change",
        "status",
    ]
    row = frame.set_index("year").loc[2024]
    assert (row["value_nato-2024-06"], row["value_nato-2025-08"]) == (4.12, 3.79)
    assert row["change"] == -0.33
    assert "nato-2024-06 -> nato-2025-08" in frame.attrs["title"]


def test_revisions_to_latest_means_the_newest_of_the_same_source(db: milex.Milex) -> None:
    frame = db.revisions(from_release="nato-2024-06")
    assert "value_nato-2026-07" in frame.columns
    frame = db.revisions(from_release="sipri-2025")
    assert "value_sipri-2026" in frame.columns


def test_show_dataframe(db: milex.Milex) -> None:
    frame = db.show("Poland", start=2020)
    assert list(frame.columns) == SERIES_COLUMNS
    assert set(frame["iso3"]) == {"POL"}
    assert frame["year"].min() == 2020
    assert frame.attrs["title"].startswith("Poland (POL) · NATO member since 1999-03-12")


def test_countries_dataframe(db: milex.Milex) -> None:
    frame = db.countries()
    assert list(frame.columns) == [
        "iso3",
        "name",
        "kind",
        "nato_accession",
        "eu_accession",
        "eu_exit",
        "currency",
        "has_armed_forces",
        "note",
    ]
    assert len(frame) == 175
    assert frame.attrs["title"] == "Countries"
    assert list(db.countries("aggregate")["iso3"]) == ["EUU", "NATO", "NATO_EU_CA"]


def test_releases_and_sources_dataframes(db: milex.Milex) -> None:
    releases = db.releases()
    assert list(releases.columns) == RELEASE_COLUMNS
    assert len(releases) == 7
    assert list(db.releases("sipri")["release"]) == ["sipri-2025", "sipri-2026"]
    sources = db.sources()
    assert list(sources.columns) == RELEASE_COLUMNS
    assert len(sources) == 7 + 8  # releases + bundled datasets
    assert sources.attrs["title"] == "Sources and licences"
    assert sources.attrs["notes"]


def test_sql_dataframe(db: milex.Milex) -> None:
    frame = db.sql(
        "SELECT iso3, value FROM facts WHERE release_id = 'nato-2025-08' AND year = 2024 "
        "AND indicator = 'share_gdp' ORDER BY value DESC LIMIT 3"
    )
    assert list(frame.columns) == ["iso3", "value"]
    assert list(frame["iso3"]) == ["POL", "EST", "LVA"]
    assert frame.attrs["notes"] == []
    with pytest.warns(milex.TruncatedResultWarning, match="more than 5 rows"):
        capped = db.sql("SELECT iso3 FROM countries", limit=5)
    assert len(capped) == 5
    assert capped.attrs["notes"] == ["stopped at the first 5 rows: the result has more"]


def test_sql_refuses_writing(db: milex.Milex) -> None:
    with pytest.raises(milex.InvalidQueryError, match="only reading"):
        db.sql("DELETE FROM observations")
    assert db.sql("SELECT COUNT(*) AS n FROM observations")["n"].iloc[0] > 0


def test_validate_finds_no_errors(db: milex.Milex) -> None:
    findings = db.validate()
    assert findings
    assert not [f for f in findings if f.level == "error"]


def test_members_on_a_date() -> None:
    allies = milex.members("2025-04-03")
    assert len(allies) == 32
    assert all(isinstance(c, milex.Country) for c in allies)
    assert {"SWE", "FIN", "ISL", "USA"} <= {c.iso3 for c in allies}
    assert len(milex.members("2023-04-03")) == 30  # the day before Finland joined
    assert len(milex.members("2023-04-04")) == 31  # Finland in, Sweden not yet


def test_build_and_open_an_explicit_path(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.sqlite"
    report = milex.build(path)
    assert report.path == path and path.is_file()
    assert set(report.rows) == {
        "census-trade-2026",
        "imf-weo-2026-04",
        "nato-2024-06",
        "nato-2025-08",
        "nato-2026-07",
        "sipri-2025",
        "sipri-2026",
    }
    with milex.open(path) as db:
        assert len(db.status(2024, release="nato-2025-08")) == 33
    assert db._conn is None


def test_importing_milex_does_not_import_pandas() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import milex, sys; print('pandas' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"


def test_package_is_typed() -> None:
    assert resources.files("milex").joinpath("py.typed").is_file()


@pytest.mark.parametrize(
    ("release", "indicator", "unit", "producer", "licence"),
    [
        ("nato-2026-07", "share_gdp", "percent of real GDP", "NATO", "NATO public release"),
        ("sipri-2025", "usd_constant_million", "million US dollars", "Stockholm", "SIPRI terms"),
        ("imf-weo-2026-04", "gg_debt_pct_gdp", "percent of GDP", "International Monetary", "IMF"),
        (
            "census-trade-2026",
            "us_goods_imports_usd_billion",
            "billion US dollars",
            "U.S. Census",
            "US government",
        ),
    ],
)
def test_every_frame_carries_its_columns_metadata(
    db: milex.Milex, release: str, indicator: str, unit: str, producer: str, licence: str
) -> None:
    frame = db.series(countries="DEU", indicator=indicator, release=release)
    meta = frame.attrs["metadata"]["value"]
    assert (meta["indicator"], meta["unit"]) == (indicator, unit)
    (origin,) = meta["origins"]
    assert origin["release"] == release
    assert origin["producer"].startswith(producer)
    assert origin["licence"].startswith(licence)
    assert origin["url"].startswith("https://")
    assert release in origin["citation"] and origin["published"] in origin["citation"]


def test_status_and_gap_frames_name_their_columns_sources(db: milex.Milex) -> None:
    status = db.status(year=2024, release="nato-2025-08").attrs["metadata"]
    assert status["share_gdp"]["origins"][0]["table"] == "Table 3"
    assert status["change_pp"]["unit"] == "percentage points"
    gap = db.gap("hague-core").attrs["metadata"]
    assert gap["gap_usd_bn"]["unit"] == "billion US dollars"
    assert gap["gap_usd_bn"]["origins"][0]["table"] == "Table 2"
    assert gap["gap_usd_2021_bn"]["price_base"] == "constant 2021 prices and exchange rates"


# The import name of each runtime dependency (python-multipart is imported by Starlette when a
# form is read, not by milex itself).
IMPORT_NAMES = {
    "pyyaml": "yaml",
    "vl-convert-python": "vl_convert",
    "fastapi-offline": "fastapi_offline",
    "beautifulsoup4": "bs4",
    "python-calamine": "python_calamine",
    "python-multipart": None,
}


def test_every_runtime_dependency_is_used() -> None:
    import re
    import tomllib

    from tests.conftest import REPO

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in (REPO / "src" / "milex").rglob("*.py")
    )
    for requirement in project["project"]["dependencies"]:
        name = re.split(r"[<>=\[ ]", requirement, maxsplit=1)[0]
        module = IMPORT_NAMES.get(name, name.replace("-", "_"))
        if module is None:
            continue
        assert re.search(rf"^\s*(import|from) {module}\b", source, re.M), name
    assert "pycountry" not in " ".join(project["project"]["dependencies"])
