"""milex.data.countries: names, aliases, demonyms, memberships and the bundled table."""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from milex.data import countries
from milex.errors import InvalidQueryError, UnknownCountryError

ROOT = Path(__file__).resolve().parents[2]
SIPRI_DIR = ROOT.parent / "shared" / "data" / "sipri"
SIPRI_FILES = (
    "milex_share_gdp.csv",
    "milex_current_usd.csv",
    "milex_constant_usd.csv",
    "milex_sipri2026ed_share_gdp_current_usd.csv",
)
ALLIES = [
    *("ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC"),
    *("HUN", "ISL", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR", "POL", "PRT"),
    *("ROU", "SVK", "SVN", "ESP", "SWE", "TUR", "GBR", "USA"),
]
EU_MEMBERS = [
    *("AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC"),
    *("HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK"),
    *("SVN", "ESP", "SWE"),
]


def codes(found: list[countries.Country]) -> list[str]:
    return [country.iso3 for country in found]


@pytest.mark.parametrize(
    ("query", "iso3"),
    [
        ("Türkiye", "TUR"),
        ("türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Turkiye", "TUR"),
        ("TUR", "TUR"),
        ("tr", "TUR"),
        ("Turkish", "TUR"),
        ("Czechia", "CZE"),
        ("Czech Republic", "CZE"),
        ("North Macedonia", "MKD"),
        ("Macedonia", "MKD"),
        ("FYROM", "MKD"),
        ("United Kingdom", "GBR"),
        ("UK", "GBR"),
        ("U.K.", "GBR"),
        ("Britain", "GBR"),
        ("Great Britain", "GBR"),
        ("United States", "USA"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("USA", "USA"),
        ("America", "USA"),
        ("the US", "USA"),
        ("the United States", "USA"),
        ("United States of America", "USA"),
        ("Netherlands", "NLD"),
        ("Holland", "NLD"),
        ("the Netherlands", "NLD"),
        ("Korea, South", "KOR"),
        ("South Korea", "KOR"),
        ("Korea, North", "PRK"),
        ("Congo, DR", "COD"),
        ("Republic of the Congo", "COG"),
        ("Côte d’Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Gambia, The", "GMB"),
        ("The Gambia", "GMB"),
        ("Timor Leste", "TLS"),
        ("USSR", "SUN"),
        ("Soviet Union", "SUN"),
        ("East Germany", "DDR"),
        ("West Germany", "DEU"),
        ("Kosovo", "XKX"),
        ("European Union", "EUU"),
        ("EU", "EUU"),
        ("Russian Federation", "RUS"),
        ("NATO", "NATO"),
        ("NATO Total", "NATO"),
        ("the Alliance", "NATO"),
        ("all allies", "NATO"),
        ("NATO_EU_CA", "NATO_EU_CA"),
        ("NATO Europe and Canada", "NATO_EU_CA"),
        ("NATO Europe & Canada", "NATO_EU_CA"),
        ("European allies and Canada", "NATO_EU_CA"),
        ("Europe and Canada", "NATO_EU_CA"),
        ("non-US allies", "NATO_EU_CA"),
        ("  germany  ", "DEU"),
        ("GERMANY", "DEU"),
    ],
)
def test_names_and_aliases(query: str, iso3: str) -> None:
    assert countries.get(query).iso3 == iso3


@pytest.mark.parametrize(
    ("demonym", "iso3"),
    [
        ("German", "DEU"),
        ("Dutch", "NLD"),
        ("French", "FRA"),
        ("British", "GBR"),
        ("American", "USA"),
        ("Polish", "POL"),
        ("Turkish", "TUR"),
        ("Spanish", "ESP"),
        ("Italian", "ITA"),
        ("Canadian", "CAN"),
        ("Danish", "DNK"),
        ("Norwegian", "NOR"),
        ("Swedish", "SWE"),
        ("Finnish", "FIN"),
        ("Estonian", "EST"),
        ("Latvian", "LVA"),
        ("Lithuanian", "LTU"),
        ("Czech", "CZE"),
        ("Slovak", "SVK"),
        ("Hungarian", "HUN"),
        ("Romanian", "ROU"),
        ("Bulgarian", "BGR"),
        ("Greek", "GRC"),
        ("Portuguese", "PRT"),
        ("Belgian", "BEL"),
        ("Luxembourgish", "LUX"),
        ("Slovenian", "SVN"),
        ("Slovene", "SVN"),
        ("Croatian", "HRV"),
        ("Albanian", "ALB"),
        ("Montenegrin", "MNE"),
        ("Macedonian", "MKD"),
        ("North Macedonian", "MKD"),
        ("Icelandic", "ISL"),
        ("Russian", "RUS"),
        ("Chinese", "CHN"),
        ("Ukrainian", "UKR"),
    ],
)
def test_demonyms(demonym: str, iso3: str) -> None:
    assert countries.get(demonym).iso3 == iso3


def test_every_ally_russia_china_ukraine_has_a_demonym_and_currency() -> None:
    for iso3 in [*ALLIES, "RUS", "CHN", "UKR"]:
        country = countries.get(iso3)
        assert country.demonyms, iso3
        assert country.currency is not None and len(country.currency) == 3, iso3


def test_currencies() -> None:
    assert countries.get("BGR").currency == "EUR"
    assert countries.get("HRV").currency == "EUR"
    assert countries.get("POL").currency == "PLN"
    assert countries.get("GBR").currency == "GBP"
    assert countries.get("USA").currency == "USD"
    assert countries.get("TUR").currency == "TRY"
    assert countries.get("CHN").currency == "CNY"


@pytest.mark.parametrize(
    ("on", "count"),
    [
        ("2025-04-03", 32),
        ("2024-03-07", 32),
        ("2024-03-06", 31),
        ("2023-04-04", 31),
        ("1999-03-12", 19),
        ("1999-03-11", 16),
        ("1955-05-06", 15),
        ("1952-02-18", 14),
        ("1949-04-04", 12),
        ("1949-04-03", 0),
        (date(2020, 3, 27), 30),
    ],
)
def test_members_count_on_date(on: date | str, count: int) -> None:
    assert len(countries.members(on)) == count
    assert countries.allies(on) == countries.members(on)


def test_members_today_are_the_32_allies() -> None:
    assert sorted(codes(countries.members())) == sorted(ALLIES)
    assert sorted(codes(countries.members("1949-04-04"))) == sorted(
        ["BEL", "CAN", "DNK", "FRA", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "GBR", "USA"]
    )


def test_members_rejects_a_bad_date() -> None:
    with pytest.raises(InvalidQueryError):
        countries.members("last year")


def test_is_ally_and_in_eu() -> None:
    sweden = countries.get("Sweden")
    assert not sweden.is_ally(date(2024, 3, 6))
    assert sweden.is_ally(date(2024, 3, 7))
    assert sweden.is_ally()
    uk = countries.get("UK")
    assert uk.in_eu(date(2020, 1, 31))
    assert not uk.in_eu(date(2020, 2, 1))
    assert not uk.in_eu(date(1972, 12, 31))
    assert not countries.get("Norway").in_eu()
    assert countries.get("Croatia").in_eu(date(2013, 7, 1))
    assert not countries.get(countries.NATO).is_ally()


def test_eu_members_today() -> None:
    assert sorted(c.iso3 for c in countries.all_countries() if c.in_eu()) == sorted(EU_MEMBERS)


def test_germany_accession_is_west_germany() -> None:
    germany = countries.get("DEU")
    assert germany.nato_accession == date(1955, 5, 6)
    assert germany.eu_accession == date(1958, 1, 1)
    assert germany.note is not None and "West Germany" in germany.note


def test_iceland_has_no_armed_forces() -> None:
    iceland = countries.get("Iceland")
    assert iceland.has_armed_forces is False
    assert iceland.note == (
        "Iceland has no armed forces; NATO publishes no defence-expenditure figure for it "
        "and SIPRI has no data."
    )
    assert countries.get("Poland").has_armed_forces is True


def test_unknown_country_raises_with_suggestions() -> None:
    with pytest.raises(UnknownCountryError) as excinfo:
        countries.get("Atlantis")
    assert excinfo.value.query == "Atlantis"
    assert countries.find("Atlantis") is None
    with pytest.raises(UnknownCountryError) as excinfo:
        countries.get("Germny")
    assert "Germany (DEU)" in excinfo.value.suggestions
    assert len(excinfo.value.suggestions) <= 3
    assert "Germany (DEU)" in str(excinfo.value)


@pytest.mark.parametrize("query", ["Korea", "Congo"])
def test_ambiguous_names_do_not_map(query: str) -> None:
    assert countries.find(query) is None
    with pytest.raises(UnknownCountryError) as excinfo:
        countries.get(query)
    assert len(excinfo.value.suggestions) == 2


def test_ambiguous_names_suggest_both() -> None:
    assert sorted(countries.suggestions("Korea")) == ["North Korea (PRK)", "South Korea (KOR)"]
    assert sorted(countries.suggestions("Congo")) == [
        "Democratic Republic of the Congo (COD)",
        "Republic of the Congo (COG)",
    ]
    assert countries.suggestions("") == []


def test_resolve_many() -> None:
    assert codes(countries.resolve_many("Poland, the US, Turkish, POL")) == ["POL", "USA", "TUR"]
    assert codes(countries.resolve_many(["Dutch", "Holland", "NLD", "de"])) == ["NLD", "DEU"]
    assert codes(countries.resolve_many("Korea, South, Gambia, The, Estonia")) == [
        "KOR",
        "GMB",
        "EST",
    ]
    assert countries.resolve_many("") == []
    with pytest.raises(UnknownCountryError):
        countries.resolve_many("Poland, Atlantis")


def test_name() -> None:
    assert countries.name("TUR") == "Türkiye"
    assert countries.name("usa") == "United States"
    assert countries.name(countries.NATO_EU_CA) == "NATO Europe and Canada"


def test_nato_style_names() -> None:
    expected = {
        "TUR": "Türkiye",
        "CZE": "Czechia",
        "MKD": "North Macedonia",
        "GBR": "United Kingdom",
        "USA": "United States",
        "NLD": "Netherlands",
        "NATO": "NATO Total",
    }
    assert {iso3: countries.name(iso3) for iso3 in expected} == expected


def test_kinds_and_aggregates() -> None:
    assert codes(countries.all_countries("aggregate")) == sorted(countries.AGGREGATES)
    assert codes(countries.all_countries("former")) == ["CSK", "DDR", "SUN", "YUG"]
    assert len(countries.all_countries()) == sum(
        len(countries.all_countries(kind)) for kind in countries.KINDS
    )
    with pytest.raises(InvalidQueryError):
        countries.all_countries("planet")


@given(st.sampled_from(countries.all_countries()))
def test_every_entity_answers_to_its_code_and_name(country: countries.Country) -> None:
    assert countries.get(country.iso3) == countries.get(country.name)
    assert countries.get(country.name) == countries.get(country.name.upper())
    assert countries.get(country.name) is country


@given(st.sampled_from(countries.all_countries()))
def test_every_alias_answers_to_its_entity(country: countries.Country) -> None:
    for alias in country.aliases:
        assert countries.get(alias) is country


def test_iso_codes_agree_with_pycountry() -> None:
    pycountry = pytest.importorskip("pycountry")
    historic = {h.alpha_3: h for h in pycountry.historic_countries}
    for country in countries.all_countries():
        if country.iso3 in ("XKX", "EUU", "NATO", "NATO_EU_CA"):
            continue
        record = pycountry.countries.get(alpha_3=country.iso3) or historic.get(country.iso3)
        assert record is not None, country.iso3
        assert record.alpha_2 == country.iso2
        labels = {country.name, *country.aliases}
        for field in ("name", "official_name", "common_name"):
            value = getattr(record, field, None)
            if value and value != "Congo":  # ambiguous on purpose
                assert value in labels, (country.iso3, value)


@pytest.mark.skipif(not SIPRI_DIR.is_dir(), reason="../shared/data/sipri is not present")
def test_every_sipri_entity_is_covered() -> None:
    for filename in SIPRI_FILES:
        with (SIPRI_DIR / filename).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                country = countries.get(row["country_iso3"] or "EUU")
                assert countries.get(row["country"]) is country, row["country"]


@pytest.mark.skipif(not SIPRI_DIR.is_dir(), reason="../shared/data/sipri is not present")
def test_generator_output_equals_the_committed_csv() -> None:
    pytest.importorskip("pycountry")
    spec = importlib.util.spec_from_file_location(
        "make_countries", ROOT / "tools" / "make_countries.py"
    )
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    committed = (ROOT / "src" / "milex" / "data" / "bundled" / "countries.csv").read_text("utf-8")
    assert generator.render(generator.build_rows(SIPRI_DIR)) == committed


def test_import_does_not_load_pycountry() -> None:
    code = "import sys, milex.data.countries; assert 'pycountry' not in sys.modules"
    pythonpath = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": pythonpath}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_every_ally_with_armed_forces_has_its_capital_and_each_capital_a_country() -> None:
    capitals = countries.capitals()
    # Brussels and The Hague stand for NATO and the EU in this prose, not their countries.
    expected = {c.iso3 for c in countries.members("2026-01-01")} - {"BEL", "NLD", "LUX"}
    assert expected <= set(capitals.values())
    assert "Brussels" not in capitals and "The Hague" not in capitals
    assert capitals["Paris"] == "FRA" and capitals["Kyiv"] == capitals["Kiev"] == "UKR"
    assert all(countries.find(code) is not None for code in capitals.values())
