"""Write src/milex/data/bundled/countries.csv: the one table of countries milex knows.

Coverage: every entity in SIPRI's files under ../shared/data/sipri, the 32 NATO allies, Russia,
China, Ukraine, the EU and NATO's two aggregates. Names and codes are checked against pycountry;
memberships, currencies, demonyms and notes are written by hand below.

    python tools/make_countries.py            # (re)write the CSV
    python tools/make_countries.py --check    # exit 1 if the committed CSV is out of date
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIPRI_DIR = ROOT.parent / "shared" / "data" / "sipri"
OUTPUT = ROOT / "src" / "milex" / "data" / "bundled" / "countries.csv"
# Later files win: the 2026 edition spells names the way NATO does ("United States").
SIPRI_FILES = (
    "milex_share_gdp.csv",
    "milex_current_usd.csv",
    "milex_constant_usd.csv",
    "milex_sipri2026ed_share_gdp_current_usd.csv",
)
COLUMNS = (
    "iso3",
    "iso2",
    "name",
    "kind",
    "aliases",
    "demonyms",
    "nato_accession",
    "eu_accession",
    "eu_exit",
    "currency",
    "has_armed_forces",
    "note",
)

# Not in SIPRI's files (no data) but needed: Iceland is an ally, Costa Rica has no armed forces.
EXTRA_COUNTRIES = ("ISL", "CRI", "RUS", "CHN", "UKR")
FORMER = ("SUN", "YUG", "CSK", "DDR")
EU_CODE = "EUU"  # SIPRI's "European Union" row has no ISO code
AGGREGATES = ("NATO", "NATO_EU_CA", EU_CODE)

NATO_ACCESSION = {
    **dict.fromkeys(
        ("BEL", "CAN", "DNK", "FRA", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "GBR", "USA"),
        "1949-04-04",
    ),
    **dict.fromkeys(("GRC", "TUR"), "1952-02-18"),
    "DEU": "1955-05-06",  # West Germany
    "ESP": "1982-05-30",
    **dict.fromkeys(("CZE", "HUN", "POL"), "1999-03-12"),
    **dict.fromkeys(("BGR", "EST", "LVA", "LTU", "ROU", "SVK", "SVN"), "2004-03-29"),
    **dict.fromkeys(("ALB", "HRV"), "2009-04-01"),
    "MNE": "2017-06-05",
    "MKD": "2020-03-27",
    "FIN": "2023-04-04",
    "SWE": "2024-03-07",
}

EU_ACCESSION = {
    **dict.fromkeys(("BEL", "DEU", "FRA", "ITA", "LUX", "NLD"), "1958-01-01"),
    **dict.fromkeys(("DNK", "IRL", "GBR"), "1973-01-01"),
    "GRC": "1981-01-01",
    **dict.fromkeys(("ESP", "PRT"), "1986-01-01"),
    **dict.fromkeys(("AUT", "FIN", "SWE"), "1995-01-01"),
    **dict.fromkeys(
        ("CYP", "CZE", "EST", "HUN", "LVA", "LTU", "MLT", "POL", "SVK", "SVN"), "2004-05-01"
    ),
    **dict.fromkeys(("BGR", "ROU"), "2007-01-01"),
    "HRV": "2013-07-01",
}
EU_EXIT = {"GBR": "2020-01-31"}

# ISO 4217 codes in use today, for the countries milex's analyses touch.
EURO = (
    *("AUT", "BEL", "BGR", "CYP", "DEU", "ESP", "EST", "FIN", "FRA", "GRC", "HRV", "IRL"),
    *("ITA", "LTU", "LUX", "LVA", "MLT", "MNE", "NLD", "PRT", "SVK", "SVN", "XKX"),
)
CURRENCY = {
    **dict.fromkeys(EURO, "EUR"),
    "ALB": "ALL",
    "CAN": "CAD",
    "CZE": "CZK",
    "DNK": "DKK",
    "HUN": "HUF",
    "ISL": "ISK",
    "MKD": "MKD",
    "NOR": "NOK",
    "POL": "PLN",
    "ROU": "RON",
    "SWE": "SEK",
    "TUR": "TRY",
    "GBR": "GBP",
    "USA": "USD",
    "RUS": "RUB",
    "CHN": "CNY",
    "UKR": "UAH",
    "CHE": "CHF",
    "SRB": "RSD",
    "BIH": "BAM",
    "BLR": "BYN",
    "MDA": "MDL",
    "GEO": "GEL",
    "ARM": "AMD",
    "AZE": "AZN",
    "KAZ": "KZT",
    "JPN": "JPY",
    "KOR": "KRW",
    "PRK": "KPW",
    "TWN": "TWD",
    "AUS": "AUD",
    "NZL": "NZD",
    "IND": "INR",
    "PAK": "PKR",
    "ISR": "ILS",
    "IRN": "IRR",
    "SAU": "SAR",
    "ARE": "AED",
    "QAT": "QAR",
    "EGY": "EGP",
    "ZAF": "ZAR",
    "BRA": "BRL",
    "MEX": "MXN",
    "ARG": "ARS",
    "CHL": "CLP",
    "COL": "COP",
    "IDN": "IDR",
    "SGP": "SGD",
    "THA": "THB",
    "VNM": "VND",
    "PHL": "PHP",
    "MYS": "MYR",
    "CRI": "CRC",
    "PAN": "PAB",
}

NO_ARMED_FORCES = ("ISL", "CRI", "PAN")

# Names where neither SIPRI's spelling nor pycountry's is the one to show.
NAMES = {
    "CIV": "Côte d'Ivoire",
    "SUN": "Soviet Union",
    "YUG": "Yugoslavia",
    EU_CODE: "European Union",
    "NATO": "NATO Total",
    "NATO_EU_CA": "NATO Europe and Canada",
}

# Spellings people and papers use besides the name, SIPRI's and pycountry's (added below).
ALIASES: dict[str, tuple[str, ...]] = {
    "TUR": ("Turkey", "Turkiye", "Türkiye", "Republic of Turkey"),
    "CZE": ("Czech Republic",),
    "MKD": ("Macedonia", "FYROM", "Former Yugoslav Republic of Macedonia"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain"),
    "USA": (
        "US",
        "U.S.",
        "USA",
        "U.S.A.",
        "America",
        "the US",
        "the United States",
        "United States of America",
    ),
    "NLD": ("Holland", "the Netherlands"),
    "SVK": ("Slovak Republic",),
    "DEU": ("West Germany", "FRG"),
    "CHN": ("PRC", "Mainland China"),
    "KOR": ("Republic of Korea",),
    "PRK": ("DPRK",),
    "COD": ("DR Congo", "DRC", "Congo-Kinshasa"),
    "COG": ("Congo-Brazzaville",),
    "ARE": ("UAE",),
    "CIV": ("Ivory Coast",),
    "SWZ": ("Swaziland",),
    "MMR": ("Burma",),
    "TLS": ("East Timor",),
    "SUN": ("USSR", "Union of Soviet Socialist Republics"),
    "DDR": ("East Germany", "GDR"),
    "YUG": ("Socialist Federal Republic of Yugoslavia", "SFRY"),
    EU_CODE: ("EU",),
    "NATO": ("NATO", "the Alliance", "all allies", "NATO allies"),
    "NATO_EU_CA": (
        "European allies and Canada",
        "Europe and Canada",
        "NATO Europe & Canada",
        "non-US allies",
    ),
}
# Names that answer to two countries: they must raise and suggest, never map silently.
AMBIGUOUS = frozenset({"Congo", "Korea"})

DEMONYMS: dict[str, tuple[str, ...]] = {
    "ALB": ("Albanian",),
    "BEL": ("Belgian",),
    "BGR": ("Bulgarian",),
    "CAN": ("Canadian",),
    "HRV": ("Croatian",),
    "CZE": ("Czech",),
    "DNK": ("Danish",),
    "EST": ("Estonian",),
    "FIN": ("Finnish",),
    "FRA": ("French",),
    "DEU": ("German",),
    "GRC": ("Greek",),
    "HUN": ("Hungarian",),
    "ISL": ("Icelandic",),
    "ITA": ("Italian",),
    "LVA": ("Latvian",),
    "LTU": ("Lithuanian",),
    "LUX": ("Luxembourgish", "Luxembourger"),
    "MNE": ("Montenegrin",),
    "NLD": ("Dutch",),
    "MKD": ("North Macedonian", "Macedonian"),
    "NOR": ("Norwegian",),
    "POL": ("Polish",),
    "PRT": ("Portuguese",),
    "ROU": ("Romanian",),
    "SVK": ("Slovak",),
    "SVN": ("Slovenian", "Slovene"),
    "ESP": ("Spanish",),
    "SWE": ("Swedish",),
    "TUR": ("Turkish",),
    "GBR": ("British",),
    "USA": ("American",),
    "RUS": ("Russian",),
    "CHN": ("Chinese",),
    "UKR": ("Ukrainian",),
    "AUT": ("Austrian",),
    "IRL": ("Irish",),
    "CHE": ("Swiss",),
    "CYP": ("Cypriot",),
    "MLT": ("Maltese",),
    "SRB": ("Serbian",),
    "BIH": ("Bosnian",),
    "XKX": ("Kosovar",),
    "BLR": ("Belarusian",),
    "MDA": ("Moldovan",),
    "GEO": ("Georgian",),
    "JPN": ("Japanese",),
    "KOR": ("South Korean",),
    "PRK": ("North Korean",),
    "TWN": ("Taiwanese",),
    "AUS": ("Australian",),
    "IND": ("Indian",),
    "PAK": ("Pakistani",),
    "ISR": ("Israeli",),
    "IRN": ("Iranian",),
    "SAU": ("Saudi",),
    "SUN": ("Soviet",),
    "YUG": ("Yugoslav",),
    "CSK": ("Czechoslovak",),
    "DDR": ("East German",),
}

NOTES = {
    "ISL": (
        "Iceland has no armed forces; NATO publishes no defence-expenditure figure for it "
        "and SIPRI has no data."
    ),
    "CRI": "Costa Rica abolished its army in 1948; SIPRI has no military-expenditure data for it.",
    "PAN": "Panama abolished its army in 1990 (it keeps public security forces).",
    "DEU": (
        "NATO accession is West Germany's (1955-05-06), as is the EU founding membership; "
        "the former GDR joined both with reunification on 1990-10-03."
    ),
    "BGR": "Adopted the euro on 2026-01-01 (previously BGN).",
    "HRV": "Adopted the euro on 2023-01-01 (previously HRK).",
    "GBR": "Left the EU on 2020-01-31.",
    "YEM": "SIPRI's 'Yemen, North' (before 1990) and unified Yemen (from 1990) share this code.",
    "XKX": "XKX is a user-assigned code (Kosovo has no ISO 3166-1 code).",
    "SUN": "Former state (ISO 3166-3 code); dissolved in 1991.",
    "YUG": "Former state (ISO 3166-3 code).",
    "CSK": "Former state (ISO 3166-3 code); dissolved in 1993.",
    "DDR": "Former state (ISO 3166-3 code); joined Germany on 1990-10-03.",
    EU_CODE: (
        "Aggregate; SIPRI's row has no ISO code, EUU is milex's (ISO 3166-1 reserves EU). "
        "Membership is recorded per country in eu_accession and eu_exit."
    ),
    "NATO": "Aggregate of all allies, as in NATO's defence-expenditure tables.",
    "NATO_EU_CA": "Aggregate of all allies except the United States, as in NATO's tables.",
}

NO_ISO = ("XKX", EU_CODE, "NATO", "NATO_EU_CA")
ISO2_EXTRA = {"XKX": "XK", EU_CODE: "EU"}


def sipri_names(sipri_dir: Path) -> dict[str, list[str]]:
    """SIPRI's spellings per ISO3 code, most recent edition's spelling first."""
    names: dict[str, list[str]] = {}
    for filename in reversed(SIPRI_FILES):
        with (sipri_dir / filename).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                iso3 = row["country_iso3"] or EU_CODE
                spellings = names.setdefault(iso3, [])
                if row["country"] not in spellings:
                    spellings.append(row["country"])
    return names


def pycountry_record(iso3: str) -> dict[str, str]:
    """pycountry's fields for a current or former ISO 3166 code ({} for codes it lacks)."""
    import pycountry

    record = pycountry.countries.get(alpha_3=iso3)
    if record is None:
        record = next((h for h in pycountry.historic_countries if h.alpha_3 == iso3), None)
    if record is None:
        if iso3 not in NO_ISO:
            raise SystemExit(f"{iso3} is neither in pycountry nor a known exception")
        return {}
    return {
        field: getattr(record, field)
        for field in ("alpha_2", "name", "official_name", "common_name")
        if getattr(record, field, None)
    }


def _unique(values: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    seen = set(exclude)
    out = []
    for value in values:
        if value and value not in seen and value not in AMBIGUOUS:
            seen.add(value)
            out.append(value)
    return out


def build_rows(sipri_dir: Path = SIPRI_DIR) -> list[dict[str, str]]:
    """One dict per entity, in CSV order: countries, former states, aggregates, each by code."""
    from_sipri = sipri_names(sipri_dir)
    codes = set(from_sipri) | set(NATO_ACCESSION) | set(EU_ACCESSION) | set(EXTRA_COUNTRIES)
    codes |= set(FORMER) | set(AGGREGATES)
    kind_order = {"country": 0, "former": 1, "aggregate": 2}

    def kind(iso3: str) -> str:
        return "aggregate" if iso3 in AGGREGATES else "former" if iso3 in FORMER else "country"

    rows = []
    for iso3 in sorted(codes, key=lambda code: (kind_order[kind(code)], code)):
        iso = pycountry_record(iso3)
        spellings = from_sipri.get(iso3, [])
        name = (
            NAMES.get(iso3)
            or (spellings[0] if spellings else None)
            or iso.get("common_name")
            or iso["name"]
        )
        aliases = _unique(
            (
                *ALIASES.get(iso3, ()),
                *spellings,
                *(iso[f] for f in ("common_name", "name", "official_name") if f in iso),
            ),
            exclude=(name,),
        )
        rows.append(
            {
                "iso3": iso3,
                "iso2": iso.get("alpha_2") or ISO2_EXTRA.get(iso3, ""),
                "name": name,
                "kind": kind(iso3),
                "aliases": "|".join(aliases),
                "demonyms": "|".join(DEMONYMS.get(iso3, ())),
                "nato_accession": NATO_ACCESSION.get(iso3, ""),
                "eu_accession": EU_ACCESSION.get(iso3, ""),
                "eu_exit": EU_EXIT.get(iso3, ""),
                "currency": CURRENCY.get(iso3, ""),
                "has_armed_forces": "0" if iso3 in NO_ARMED_FORCES else "1",
                "note": NOTES.get(iso3, ""),
            }
        )
    check(rows)
    return rows


def check(rows: list[dict[str, str]]) -> None:
    """Fail when two entities answer to the same name, alias, code or demonym."""
    sys.path.insert(0, str(ROOT / "src"))
    from milex.data.countries import _normalise

    owner: dict[str, str] = {}
    for row in rows:
        keys = [row["iso3"], row["iso2"], row["name"]]
        keys += row["aliases"].split("|") + row["demonyms"].split("|")
        for key in filter(None, map(_normalise, filter(None, keys))):
            if owner.setdefault(key, row["iso3"]) != row["iso3"]:
                raise SystemExit(f"{key!r} answers to both {owner[key]} and {row['iso3']}")


def render(rows: list[dict[str, str]]) -> str:
    """The CSV text for rows."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the CSV is out of date")
    parser.add_argument("--sipri", type=Path, default=SIPRI_DIR, help="SIPRI CSV folder")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="CSV to write")
    args = parser.parse_args(argv)
    text = render(build_rows(args.sipri))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run tools/make_countries.py", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.splitlines()) - 1} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
