"""Rebuild milex's bundled data from the project's reference folder (``shared/data``).

Run from the repository root:  python tools/bundle.py ../shared/data

The reference folder holds sourced CSV/YAML facts (each with a SOURCES.md). This script turns
them into milex's own tidy format: one CSV of observations per release
(``iso3,year,indicator,value,estimate,flag``), with each release's provenance in
``releases.yaml`` (written by hand, checked by the tests). Values are copied as text, so no
digit is lost or invented. The product never reads the reference folder; only this script and
the tests do.
"""

from __future__ import annotations

import csv
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from milex.data import evidence

BUNDLED = Path(__file__).resolve().parents[1] / "src" / "milex" / "data" / "bundled"
HEADER = ["iso3", "year", "indicator", "value", "estimate", "flag"]

NATO_EDITIONS = {"2024-06": "nato-2024-06", "2025-08": "nato-2025-08", "2026-07": "nato-2026-07"}
SIPRI_2025_FILES = {
    "milex_share_gdp.csv": ("share_gdp", "share_gdp"),
    "milex_constant_usd.csv": ("usd_constant_million", "milex_usd_million"),
    "milex_current_usd.csv": ("usd_current_million", "milex_usd_million"),
}
SIPRI_FLAGS = {
    "": ("0", ""),
    "estimate": ("1", "estimate"),
    "highly_uncertain": ("0", "highly_uncertain"),
}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def sipri_iso3(row: dict[str, str]) -> str:
    # SIPRI's "European Union" row has no ISO code; milex's countries module calls it EUU.
    return row["country_iso3"] or ("EUU" if row["country"] == "European Union" else "")


def nato(shared: Path) -> Iterator[tuple[str, list[str]]]:
    for row in read(shared / "nato" / "defence_expenditure.csv"):
        estimate = row["estimate"]
        yield (
            NATO_EDITIONS[row["edition"]],
            [
                row["country_iso3"],
                row["year"],
                row["indicator"],
                row["value"],
                estimate,
                "e" if estimate == "1" else "",
            ],
        )


def sipri(shared: Path) -> Iterator[tuple[str, list[str]]]:
    for name, (indicator, column) in SIPRI_2025_FILES.items():
        for row in read(shared / "sipri" / name):
            estimate, flag = SIPRI_FLAGS[row["sipri_flag"]]
            yield (
                "sipri-2025",
                [sipri_iso3(row), row["year"], indicator, row[column], estimate, flag],
            )
    for row in read(shared / "sipri" / "milex_sipri2026ed_share_gdp_current_usd.csv"):
        iso3 = sipri_iso3(row)
        for indicator, column in (
            ("share_gdp", "share_gdp"),
            ("usd_current_million", "milex_usd_current_million"),
        ):
            if row[column] != "":
                # The conversion kept no cell colours: whether SIPRI marked a figure as an
                # estimate is unknown (an empty estimate), not false.
                yield "sipri-2026", [iso3, row["year"], indicator, row[column], "", ""]


def imf(shared: Path) -> Iterator[tuple[str, list[str]]]:
    for row in read(shared / "economy" / "gdp.csv"):
        estimate, flag = ("1", "projection") if row["is_projection"] == "True" else ("0", "")
        for indicator, column in (
            ("gdp_usd_current_billion", "gdp_usd_current_billion"),
            ("real_gdp_growth_pct", "real_gdp_growth_pct"),
        ):
            yield (
                "imf-weo-2026-04",
                [row["country_iso3"], row["year"], indicator, row[column], estimate, flag],
            )
    for row in read(shared / "economy" / "exchange_rates.csv"):
        flag = "derived;projection" if row["is_projection"] == "True" else "derived"
        estimate = "1" if row["is_projection"] == "True" else "0"
        yield (
            "imf-weo-2026-04",
            [row["country_iso3"], row["year"], "lcu_per_usd", row["lcu_per_usd"], estimate, flag],
        )


# IMF WEO codes of the general government series in economy/fiscal.csv -> milex indicators.
FISCAL = {
    "GGXWDG_NGDP": "gg_debt_pct_gdp",
    "GGXCNL_NGDP": "gg_net_lending_pct_gdp",
    "GGR_NGDP": "gg_revenue_pct_gdp",
    "GGX_NGDP": "gg_expenditure_pct_gdp",
}


def fiscal(shared: Path) -> Iterator[tuple[str, list[str]]]:
    for row in read(shared / "economy" / "fiscal.csv"):
        estimate, flag = ("1", "projection") if row["is_projection"] == "True" else ("0", "")
        yield (
            "imf-weo-2026-04",
            [
                row["country_iso3"],
                row["year"],
                FISCAL[row["indicator"]],
                row["value"],
                estimate,
                flag,
            ],
        )


def census(shared: Path) -> Iterator[tuple[str, list[str]]]:
    for row in read(shared / "tariffs" / "us_imports_2024.csv"):
        for indicator, column in (
            ("us_goods_imports_usd_billion", "us_goods_imports_usd_billion"),
            ("us_goods_exports_usd_billion", "us_goods_exports_usd_billion"),
        ):
            # The 2025 full year is provisional (SOURCES.md): flag it as such.
            flag = "provisional" if row["year"] == "2025" else ""
            yield (
                "census-trade-2026",
                [
                    row["country_iso3"],
                    row["year"],
                    indicator,
                    row[column],
                    "1" if flag else "0",
                    flag,
                ],
            )


# -- the scenario model's evidence (tariffs, troop costs, the IMF's 2025 revisions) -----------

# Every row of tariffs/tariff_exemptions.csv, by (partner, measure), is either a measure the
# effective-rate model applies (kind: border, reciprocal, all-in, sector), a share it uses
# (exempt_share, border_exposed_share, usmca_claimed_share; border_exemption dates the start
# of Canada's USMCA exemption), or context it keeps for the record. A row the map does not
# know stops the tool, so a changed reference file is noticed.
STEEL, AUTOS, COPPER = "steel_aluminium", "autos", "copper"
TARIFF_ROWS: dict[tuple[str, str], tuple[str, str]] = {
    ("CAN", "IEEPA border tariff on non-USMCA goods"): ("border", ""),
    ("CAN", "USMCA-qualifying goods exempt from IEEPA border tariff"): ("border_exemption", ""),
    ("CAN", "IEEPA border tariff raised (non-USMCA goods)"): ("border", ""),
    ("CAN", "IEEPA border tariff - energy and critical minerals (non-USMCA)"): ("context", ""),
    ("CAN", "IEEPA border tariff - potash (non-USMCA)"): ("context", ""),
    ("CAN", "IEEPA border tariff - transshipped goods"): ("context", ""),
    (
        "CAN",
        "Share of US imports from Canada claimed under USMCA (SPI S/S+), month",
    ): ("usmca_claimed_share", ""),
    ("CAN", "Share of Canadian exports to US that used CUSMA/USMCA, 2024"): ("context", ""),
    (
        "CAN",
        "Share of Canadian exports to US claimed as CUSMA/USMCA-compliant (reported)",
    ): ("context", ""),
    ("CAN", "Share of Canadian exports to US entering duty-free (all reasons)"): ("context", ""),
    (
        "CAN",
        "Share of Canadian exports to US exposed to the 35% rate (non-USMCA-compliant)",
    ): ("border_exposed_share", ""),
    ("CAN", "USMCA compliance by product group (Bank of Canada, as reported)"): ("context", ""),
    ("EUU", "Reciprocal tariff, April Annex I rate"): ("reciprocal", ""),
    ("EUU", "Reciprocal tariff, 15% all-in (goods with MFN < 15%)"): ("all-in", ""),
    (
        "EUU",
        "Share of EU exports to US facing the new 20%/25% tariffs (Commission, Apr 2025)",
    ): ("context", ""),
    (
        "EUU",
        "EU exports to US under pending s232 investigations (mostly Annex II-exempt at the time)",
    ): ("exempt_share", ""),
    ("ALL", "Annex II product exemptions from reciprocal tariffs (all partners)"): (
        "exempt_share",
        "",
    ),
    ("EUU", "Section 232 autos and light trucks - EU 15% all-in"): ("all-in", AUTOS),
    (
        "EUU",
        "EU-US framework: MFN-only treatment for aircraft and parts, generic pharma, chemical "
        "precursors, unavailable natural resources",
    ): ("context", ""),
    ("EUU", "Cap of 15% on future s232 tariffs on EU pharmaceuticals, semiconductors, lumber"): (
        "context",
        "",
    ),
    ("GBR", "Reciprocal tariff baseline (UK)"): ("reciprocal", ""),
    ("GBR", "Section 232 autos - UK tariff-rate quota at 10%"): ("sector", AUTOS),
    ("GBR", "Section 232 steel and aluminium - UK kept at 25%"): ("sector", STEEL),
    ("NOR", "Reciprocal tariff, April rate"): ("reciprocal", ""),
    ("NOR", "Reciprocal tariff, 31 Jul 2025 order (Phase 2)"): ("reciprocal", ""),
    ("MKD", "Reciprocal tariff, April rate"): ("reciprocal", ""),
    ("MKD", "Reciprocal tariff, 31 Jul 2025 order (Phase 2)"): ("reciprocal", ""),
    ("ISL", "Reciprocal tariff, April rate"): ("reciprocal", ""),
    ("ISL", "Reciprocal tariff, 31 Jul 2025 order (Phase 2)"): ("reciprocal", ""),
    ("TUR", "Reciprocal tariff, April rate"): ("reciprocal", ""),
    ("TUR", "Reciprocal tariff, 31 Jul 2025 order (Phase 2)"): ("reciprocal", ""),
    (
        "ALB",
        "Reciprocal tariff baseline (not listed in April or Phase 2 country headings)",
    ): ("reciprocal", ""),
    (
        "MNE",
        "Reciprocal tariff baseline (not listed in April or Phase 2 country headings)",
    ): ("reciprocal", ""),
    ("ALL", "Section 232 steel and aluminium"): ("sector", STEEL),
    ("ALL", "Section 232 steel and aluminium doubled"): ("sector", STEEL),
    ("ALL", "Section 232 automobiles and light trucks"): ("sector", AUTOS),
    # Parts, trucks and buses are in chapter 87 with cars; the chapter's share is held once,
    # under the car tariff. Lumber, furniture and chips: no ally's exports of them are held.
    ("ALL", "Section 232 automobile parts"): ("context", ""),
    ("ALL", "Section 232 copper"): ("sector", COPPER),
    ("ALL", "Section 232 softwood lumber"): ("context", ""),
    ("ALL", "Section 232 upholstered wood furniture and kitchen cabinets/vanities"): (
        "context",
        "",
    ),
    ("ALL", "Section 232 medium and heavy-duty trucks and parts"): ("context", ""),
    ("ALL", "Section 232 buses"): ("context", ""),
    ("ALL", "Section 232 semiconductors"): ("context", ""),
    ("ALL", "IEEPA tariffs invalidated"): ("context", ""),
    ("ALL", "Section 122 balance-of-payments surcharge"): ("reciprocal", ""),
}
# The two reciprocal rates tariff_exemptions.csv leaves to tariffs/us_tariffs_2025.csv: the
# 10% for all partners from 5 April 2025 (Canada and Mexico excluded, per the row's scope
# note) and the EU's 10% during the 90-day pause.
FROM_US_TARIFFS: dict[tuple[str, str], tuple[str, str]] = {
    ("ALL", 'Universal baseline "reciprocal" tariff'): ("reciprocal", "CAN"),
    ("EUU", "Baseline during pause - European Union"): ("reciprocal", ""),
}
TARIFF_HEADER = list(evidence.TABLES["tariff_measures"][1])  # one home: milex.data.evidence


def tariff_measures(shared: Path) -> list[list[str]]:
    rows = []
    for row in read(shared / "tariffs" / "tariff_exemptions.csv"):
        key = (row["partner"], row["measure"])
        if key not in TARIFF_ROWS:
            raise SystemExit(f"tariff_exemptions.csv: no kind for {key}; add it to TARIFF_ROWS")
        kind, sector = TARIFF_ROWS[key]
        rows.append(
            [
                row["partner"],
                kind,
                sector,
                row["rate_pct"],
                row["covered_share_pct"],
                row["start_date"],
                row["end_date"],
                "",
                row["measure"],
                "tariffs/tariff_exemptions.csv",
                row["source_url"],
                "; ".join(part for part in (row["what"], row["note"]) if part),
            ]
        )
    found = set()
    for row in read(shared / "tariffs" / "us_tariffs_2025.csv"):
        key = (row["country_iso3"], row["measure"])
        if key in FROM_US_TARIFFS:
            kind, excludes = FROM_US_TARIFFS[key]
            found.add(key)
            rows.append(
                [
                    row["country_iso3"],
                    kind,
                    "",
                    row["rate_pct"],
                    "",
                    row["effective_date"],
                    row["end_date"],
                    excludes,
                    row["measure"],
                    "tariffs/us_tariffs_2025.csv",
                    row["source_url"],
                    row["scope_notes"],
                ]
            )
    missing = set(FROM_US_TARIFFS) - found
    if missing:
        raise SystemExit(f"us_tariffs_2025.csv: rows not found: {sorted(missing)}")
    return rows


def _period(text: str) -> tuple[str, str]:
    """'2025 (calendar year)', '2025-08/2025-12' or '2025-06' as first and last day; other
    periods (policy dates, scenarios) are left blank."""
    import calendar
    import re

    if match := re.fullmatch(r"(\d{4}) \(calendar year\)", text):
        return f"{match[1]}-01-01", f"{match[1]}-12-31"
    months = re.fullmatch(r"(\d{4})-(\d{2})(?:/(\d{4})-(\d{2}))?", text)
    if months:
        end_year, end_month = months[3] or months[1], months[4] or months[2]
        last = calendar.monthrange(int(end_year), int(end_month))[1]
        return f"{months[1]}-{months[2]}-01", f"{end_year}-{end_month}-{last:02d}"
    return "", ""


def effective_tariffs(shared: Path) -> list[list[str]]:
    import re

    rows = []
    for row in read(shared / "tariffs" / "effective_tariff_estimates.csv"):
        start, end = _period(row["date"])
        number = re.fullmatch(r"\d+(\.\d+)?", row["effective_rate_pct"])
        if row["publisher"].startswith("US Census Bureau"):
            basis = "census-realised"  # Census duties / imports, 2026 vintage (computed)
        elif row["method_note"].startswith("Realized"):
            basis = "realised-reported"
        else:
            basis = "published-estimate"
        rows.append(
            [
                row["partner"],
                row["date"],
                start,
                end,
                row["effective_rate_pct"] if number else "",
                row["effective_rate_pct"],
                basis,
                row["publisher"],
                row["method_note"],
                row["source_url"],
            ]
        )
    return rows


EFFECTIVE_HEADER = list(evidence.TABLES["effective_tariffs"][1])  # one home: milex.data.evidence
# HS chapters of us_imports_by_sector_2025.csv -> the sector of a Section 232 measure. 72 and
# 73 are also given alone, inside 72-73: those rows keep no sector, so nothing counts twice.
SECTORS_BY_HS = {"72-73": STEEL, "76": STEEL, "87": AUTOS, "74": COPPER}


def sector_imports(shared: Path) -> list[list[str]]:
    rows = []
    for row in read(shared / "tariffs" / "us_imports_by_sector_2025.csv"):
        rows.append(
            [
                row["partner"],
                SECTORS_BY_HS.get(row["hs_codes"], ""),
                row["sector"],
                row["hs_codes"],
                row["year"],
                row["imports_usd_million"],
                row["share_of_partner_total_pct"],
                row["basis"],
                row["source_url"],
            ]
        )
    return rows


SECTOR_HEADER = list(evidence.TABLES["sector_imports"][1])  # one home: milex.data.evidence
# How each costing in forces/troop_costs.csv turns into a cost per service member and year:
# what it covers and over how many years its figure is spread. The numbers themselves are
# read from the row (figure, troops_basis, price_year), never typed here.
TROOP_COSTINGS = {
    "IISS-2025-personnel": ("personnel", 1),
    "IISS-2025-total": ("all-in", 25),
    "BRUEGEL-KIEL-2025": ("all-in", 1),
    "CBO-1982": ("personnel", 1),
    "CBO-2004": ("basing abroad (incremental)", 1),
    "CRS-95-726": ("personnel", 1),
}


def _first_number(text: str) -> float | None:
    import re

    match = re.search(r"\d[\d,]*(\.\d+)?", text)
    return float(match[0].replace(",", "")) if match else None


def troop_costs(shared: Path) -> tuple[list[str], list[list[str]]]:
    import re

    source = read(shared / "forces" / "troop_costs.csv")
    header = [
        *source[0],
        "covers",
        "troops",
        "per_troop_year",
        "currency",
        "price_year",
        "price_year_note",
    ]
    rows = []
    for row in source:
        extra = ["", "", "", "", "", ""]
        if row["id"] in TROOP_COSTINGS:
            covers, years = TROOP_COSTINGS[row["id"]]
            figure, troops = _first_number(row["figure"]), _first_number(row["troops_basis"])
            if figure is None or troops is None:
                raise SystemExit(f"troop_costs.csv, {row['id']}: no figure or troop count")
            stated = re.search(r"(1[89]|20)\d\d", row["price_year"])
            price_year, note = (
                (stated[0], "")
                if stated
                else (row["published"][:4], "not stated: the year published")
            )
            extra = [
                covers,
                f"{troops:.0f}",
                f"{figure * 1e9 / troops / years:.0f}",
                row["unit"].split()[0],
                price_year,
                note,
            ]
        rows.append([*row.values(), *extra])
    return header, rows


# The day each measure of tariffs/us_tariffs_2025.csv was announced, with its source (sourced here:
# the reference file has effective dates only); see the us-tariffs-2025 release in releases.yaml.
ANNOUNCED = Path(__file__).resolve().parent / "us_tariffs_announced.csv"


def us_tariffs(shared: Path) -> tuple[list[str], list[list[str]]]:
    """tariffs/us_tariffs_2025.csv, cell for cell, with announced_date and announced_source."""
    announced = {(r["country_iso3"], r["measure"]): r for r in read(ANNOUNCED)}
    with (shared / "tariffs" / "us_tariffs_2025.csv").open(newline="", encoding="utf-8") as handle:
        header, *body = list(csv.reader(handle))
    rows = []
    for cells in body:
        row = dict(zip(header, cells, strict=True))
        key = (row["country_iso3"], row["measure"])
        if key not in announced:
            raise SystemExit(f"us_tariffs_announced.csv: no row for {key}")
        found = announced.pop(key)
        date = found["announced_date"]
        if date and date > row["effective_date"]:
            raise SystemExit(f"us_tariffs_announced.csv: {key} announced after it took effect")
        rows.append([*cells, date, found["announced_source"]])
    if announced:
        raise SystemExit(f"us_tariffs_announced.csv: no such measures: {sorted(announced)}")
    return [*header, "announced_date", "announced_source"], rows


def write_table(name: str, header: list[str], rows: list[list[str]]) -> None:
    with (BUNDLED / name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_releases(rows: Iterable[tuple[str, list[str]]]) -> dict[str, int]:
    by_release: dict[str, list[list[str]]] = {}
    for release, row in rows:
        by_release.setdefault(release, []).append(row)
    target = BUNDLED / "observations"
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.csv"):
        old.unlink()
    for release, body in by_release.items():
        body.sort(key=lambda r: (r[2], r[0], int(r[1])))
        with (target / f"{release}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(body)
    return {release: len(body) for release, body in sorted(by_release.items())}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    shared = Path(argv[1])
    counts = write_releases(
        row for source in (nato, sipri, imf, fiscal, census) for row in source(shared)
    )
    for name in ("forces/us_troops_europe.csv", "commitments/commitments.yaml"):
        shutil.copyfile(shared / name, BUNDLED / Path(name).name)
    write_table("us_tariffs_2025.csv", *us_tariffs(shared))
    shutil.copyfile(
        shared / "tariffs" / "imf_weo_2025_growth_revisions.csv",
        BUNDLED / "imf_weo_2025_growth_revisions.csv",
    )
    write_table("tariff_measures.csv", TARIFF_HEADER, tariff_measures(shared))
    write_table("effective_tariffs.csv", EFFECTIVE_HEADER, effective_tariffs(shared))
    write_table("us_imports_by_sector.csv", SECTOR_HEADER, sector_imports(shared))
    write_table("troop_costs.csv", *troop_costs(shared))
    for release, count in counts.items():
        print(f"{release}: {count} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
