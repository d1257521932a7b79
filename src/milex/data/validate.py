"""Validation as code: the rules every store must pass, with named exceptions for real outliers.

Each check returns findings at one of three levels: ``error`` (the build fails), ``warning``
(reported by ``milex validate``, not failed) and ``info`` (differences worth knowing, such as
NATO and SIPRI disagreeing by more than a band). Exceptions are listed by name with the reason;
bounds are never widened silently.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from milex.figures import figure

# (iso3, year) -> why a share of GDP above 100% is real.
SHARE_RANGE_EXCEPTIONS: dict[tuple[str, int], str] = {
    ("KWT", 1991): "Gulf War: Kuwait's war spending and payments to the coalition exceeded its GDP",
}

# (release prefix, iso3, year) -> why a year-on-year jump in share of GDP is real.
JUMP_EXCEPTIONS: dict[tuple[str, str, int], str] = {
    ("nato", "BGR", 2019): "one-off payment for eight F-16 Block 70 aircraft in 2019",
    ("nato", "BGR", 2020): "return to trend after the 2019 F-16 payment",
    ("nato", "POL", 2023): "post-2022 rearmament, incl. the Armed Forces Support Fund",
    ("nato", "GRC", 2023): "fall from a 2022 peak that every edition shows (equipment payments)",
    ("nato", "NOR", 2025): "2025 estimate of the August 2025 edition, incl. support to Ukraine",
    ("nato", "EST", 2026): "2026 estimate after Estonia's pledge of 5% of GDP in 2026",
    ("nato", "LTU", 2026): "2026 estimate after Lithuania's pledge of 5-6% of GDP from 2026",
    ("nato", "LVA", 2026): "2026 estimate after Latvia's pledge of 5% of GDP in 2026",
    ("sipri", "USA", 1951): "Korean War rearmament",
    ("sipri", "USA", 1952): "Korean War rearmament",
    ("sipri", "CAN", 1951): "Korean War rearmament",
    ("sipri", "CAN", 1952): "Korean War rearmament",
    ("sipri", "GBR", 1952): "Korean War rearmament",
    ("sipri", "HRV", 1993): "Croatian War of Independence",
    ("sipri", "HRV", 1995): "end of the Croatian War of Independence",
    ("sipri", "MKD", 2001): "2001 insurgency in North Macedonia",
    ("sipri", "MKD", 2002): "end of the 2001 insurgency",
    ("sipri", "ROU", 1985): "break in SIPRI's Cold-War series for Romania (uncertain estimates)",
    ("sipri", "UKR", 2022): "Russia's full-scale invasion of Ukraine",
    ("sipri", "UKR", 2023): "war economy after Russia's full-scale invasion",
    ("sipri", "UKR", 2024): "war economy after Russia's full-scale invasion",
    ("sipri", "UKR", 2025): "war economy after Russia's full-scale invasion",
}

# Largest year-on-year change in share of GDP (points) before a jump needs a named reason.
JUMP_LIMIT_PP = {"nato": 1.0, "sipri": 2.0}
# The countries whose SIPRI history is checked for jumps: the allies and the three big others.
JUMP_WATCH_EXTRA = ("RUS", "CHN", "UKR")
# NATO minus SIPRI share of GDP beyond this many points is reported (info, not failed).
NATO_SIPRI_BAND_PP = 0.5
# Members' dollar sums may differ from NATO's aggregate rows by rounding (millions).
AGGREGATE_TOLERANCE_MILLION = 5.0
# Table 8a/8b categories should add up to 100% within printed rounding.
CATEGORY_TOLERANCE_PP = 0.1
CATEGORIES = ("equipment_share", "personnel_share", "infrastructure_share", "other_share")


@dataclass(frozen=True)
class Finding:
    """One result of a check."""

    level: str  # error | warning | info
    check: str
    message: str


def errors_only(findings: list[Finding]) -> list[Finding]:
    """The findings that fail a build."""
    return [f for f in findings if f.level == "error"]


def _share_range(conn: sqlite3.Connection) -> list[Finding]:
    out = []
    for release, indicator, iso3, year, value in conn.execute(
        "SELECT o.release_id, o.indicator, o.iso3, o.year, o.value FROM observations o "
        "JOIN indicators i USING (indicator) WHERE i.kind = 'share' "
        "AND (o.value < 0 OR o.value > 100)"
    ):
        reason = SHARE_RANGE_EXCEPTIONS.get((iso3, year))
        level = "info" if reason else "error"
        note = f" (named exception: {reason})" if reason else ""
        out.append(
            Finding(
                level,
                "share_range",
                f"{release} {indicator} {iso3} {year} = {value:g} is outside [0, 100]{note}",
            )
        )
    return out


def _negative_money(conn: sqlite3.Connection) -> list[Finding]:
    return [
        Finding("error", "negative_money", f"{r} {ind} {iso3} {y} = {v:g} is negative")
        for r, ind, iso3, y, v in conn.execute(
            "SELECT o.release_id, o.indicator, o.iso3, o.year, o.value FROM observations o "
            "JOIN indicators i USING (indicator) WHERE i.kind = 'money' AND o.value < 0"
        )
    ]


def _categories(conn: sqlite3.Connection) -> list[Finding]:
    placeholders = ", ".join("?" * len(CATEGORIES))
    out = []
    for release, iso3, year, total, n in conn.execute(
        f"SELECT release_id, iso3, year, SUM(value), COUNT(*) FROM observations "
        f"WHERE indicator IN ({placeholders}) GROUP BY release_id, iso3, year",
        CATEGORIES,
    ):
        if n == len(CATEGORIES) and abs(total - 100) > CATEGORY_TOLERANCE_PP:
            out.append(
                Finding(
                    "warning",
                    "categories_sum",
                    f"{release} {iso3} {year}: categories add up to {total:.2f}%, not 100%",
                )
            )
    return out


def _members_by_year(conn: sqlite3.Connection) -> dict[str, int]:
    # NATO's aggregates count an ally from the year it joined (workbook note).
    return {
        iso3: date.fromisoformat(accession).year
        for iso3, accession in conn.execute(
            "SELECT iso3, nato_accession FROM countries WHERE nato_accession IS NOT NULL"
        )
    }


def _aggregates(conn: sqlite3.Connection) -> list[Finding]:
    joined = _members_by_year(conn)
    sums: dict[tuple[str, str, int], dict[str, float]] = defaultdict(
        lambda: {"NATO": 0.0, "NATO_EU_CA": 0.0}
    )
    stated: dict[tuple[str, str, int], dict[str, float]] = defaultdict(dict)
    for release, indicator, iso3, year, value in conn.execute(
        "SELECT release_id, indicator, iso3, year, value FROM observations "
        "WHERE release_id LIKE 'nato-%' AND indicator IN "
        "('usd_current_million', 'usd_constant_million')"
    ):
        key = (release, indicator, year)
        if iso3 in ("NATO", "NATO_EU_CA"):
            stated[key][iso3] = value
        elif iso3 in joined and joined[iso3] <= year:
            sums[key]["NATO"] += value
            if iso3 != "USA":
                sums[key]["NATO_EU_CA"] += value
    out = []
    for key, aggregates in sorted(stated.items()):
        if key not in sums:
            continue  # only aggregate rows in this release: not computable
        for name, value in aggregates.items():
            computed = sums[key][name]
            if abs(computed - value) > AGGREGATE_TOLERANCE_MILLION:
                release, indicator, year = key
                out.append(
                    Finding(
                        "error",
                        "aggregate_consistency",
                        f"{release} {indicator} "
                        f"{year}: members add up to {computed:,.0f}, {name} row says "
                        f"{value:,.0f}",
                    )
                )
    return out


def _jumps(conn: sqlite3.Connection) -> list[Finding]:
    watched = {iso3 for iso3 in _members_by_year(conn)} | set(JUMP_WATCH_EXTRA)
    out = []
    for release, iso3, year, previous, value in conn.execute(
        "SELECT a.release_id, a.iso3, a.year, b.value, a.value FROM observations a "
        "JOIN observations b ON b.release_id = a.release_id AND b.indicator = a.indicator "
        "AND b.iso3 = a.iso3 AND b.year = a.year - 1 WHERE a.indicator = 'share_gdp' "
        "AND (a.release_id LIKE 'nato-%' OR a.release_id LIKE 'sipri-%')"
    ):
        source = release.split("-")[0]
        if iso3 not in watched and source == "sipri":
            continue
        if abs(value - previous) <= JUMP_LIMIT_PP[source]:
            continue
        reason = JUMP_EXCEPTIONS.get((source, iso3, year))
        level = "info" if reason else "warning"
        note = f" (named exception: {reason})" if reason else ""
        out.append(
            Finding(
                level,
                "yoy_jump",
                f"{release} share_gdp {iso3} {year}: {previous:.2f} -> {value:.2f}{note}",
            )
        )
    return out


def _nato_vs_sipri(conn: sqlite3.Connection) -> list[Finding]:
    latest = {
        source: release
        for source, release in conn.execute(
            "SELECT source, release_id FROM releases r WHERE source IN ('nato', 'sipri') "
            "AND published = (SELECT MAX(published) FROM releases WHERE source = r.source)"
        )
    }
    if len(latest) < 2:
        return []
    out = []
    for iso3, year, nato, sipri in conn.execute(
        "SELECT n.iso3, n.year, n.value, s.value FROM observations n JOIN observations s "
        "ON s.iso3 = n.iso3 AND s.year = n.year AND s.indicator = 'share_gdp' "
        "AND s.release_id = ? WHERE n.release_id = ? AND n.indicator = 'share_gdp' "
        "ORDER BY n.iso3, n.year",
        (latest["sipri"], latest["nato"]),
    ):
        if abs(nato - sipri) > NATO_SIPRI_BAND_PP:
            out.append(
                Finding(
                    "info",
                    "nato_vs_sipri",
                    f"{iso3} {year}: {latest['nato']} "
                    f"{nato:.2f} vs {latest['sipri']} {sipri:.2f} "
                    f"({figure(nato - sipri, sign=True)} points)",
                )
            )
    return out


def _integrity(conn: sqlite3.Connection) -> list[Finding]:
    """SQLite's own check of the file (``PRAGMA quick_check``): every page readable, every
    index in step with its table."""
    from milex.data.storefile import REBUILD, quick_check

    damage = quick_check(conn)
    if damage is None:
        return []
    return [Finding("error", "integrity", f"the store file is damaged ({damage}); {REBUILD}")]


CHECKS = (
    _integrity,
    _share_range,
    _negative_money,
    _categories,
    _aggregates,
    _jumps,
    _nato_vs_sipri,
)


# The checks that can fail a build or an import (the others only warn or inform).
FAILING_CHECKS = (_integrity, _share_range, _negative_money, _aggregates)


def run_checks(conn: sqlite3.Connection) -> list[Finding]:
    """Run every check against an open store (or a store being built); a damaged file fails
    the integrity check alone (the others cannot read it)."""
    return _run(conn, CHECKS)


def run_failing_checks(conn: sqlite3.Connection) -> list[Finding]:
    """Only the checks that can fail (for an import; ``milex validate`` runs them all)."""
    return errors_only(_run(conn, FAILING_CHECKS))


def _run(
    conn: sqlite3.Connection, checks: tuple[Callable[[sqlite3.Connection], list[Finding]], ...]
) -> list[Finding]:
    damaged = _integrity(conn)
    if damaged:
        return damaged
    return [finding for check in checks if check is not _integrity for finding in check(conn)]
