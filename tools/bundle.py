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
    for name in (
        "forces/us_troops_europe.csv",
        "tariffs/us_tariffs_2025.csv",
        "commitments/commitments.yaml",
    ):
        shutil.copyfile(shared / name, BUNDLED / Path(name).name)
    for release, count in counts.items():
        print(f"{release}: {count} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
