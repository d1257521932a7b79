"""The expected verdicts of a labelled claim, from the store by plain SQL and the rules of
tests/fixtures/claims/README.md: written apart from milex.claims, so a fixture's verdicts do
not come from the checker they test.

    .venv/bin/python -m tests.claims.oracle tests/fixtures/claims/heldout/X.yaml [...]

fills in (or overwrites) each claim's ``verdict_*``, ``reference_*`` and ``release_*`` from
its hand-written fields (kind, entity, year, value, qualifier, threshold, side, ...)."""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from milex.data import countries, store

TOLERANCE = {
    "share_gdp": (0.05, 0.25),
    "count_meeting": (0.0, 1.0),
    "rank": (0.0, 0.0),
    "amount": (0.05, 0.15),
    "trade_deficit": (0.05, 0.15),
    "growth": (0.5, 2.0),
    "nato_share": (1.5, 5.0),
}


def _verdict(claimed: float, reference: float, qualifier: str | None, kind: str) -> str:
    accurate, roughly = TOLERANCE[kind]
    relative = kind in ("amount", "trade_deficit")
    gap = (reference - claimed) / (abs(reference) if relative and reference else 1.0)
    eps = 1e-9
    wanted = {
        "above": gap > eps,
        "at_least": gap >= -eps,
        "below": gap < -eps,
        "at_most": gap <= eps,
    }.get(qualifier or "")
    if wanted is True:
        return "accurate"
    if wanted is None and abs(gap) <= accurate + eps:
        return "accurate"
    return "roughly_accurate" if abs(gap) <= roughly + eps else "inaccurate"


class Oracle:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def release(self, source: str, indicator: str, when: date | None) -> str | None:
        sql = (
            "SELECT r.release_id FROM releases r WHERE r.source = ? AND EXISTS (SELECT 1 FROM "
            "observations o WHERE o.release_id = r.release_id AND o.indicator = ?)"
        )
        args: list[Any] = [source, indicator]
        if when is not None:
            sql += " AND r.published <= ?"
            args.append(when.isoformat())
        row = self.conn.execute(sql + " ORDER BY r.published DESC LIMIT 1", args).fetchone()
        return row[0] if row else None

    def value(self, release: str, indicator: str, iso3: str, year: int) -> float | None:
        row = self.conn.execute(
            "SELECT value FROM observations WHERE release_id = ? AND indicator = ? AND iso3 = ? "
            "AND year = ?",
            (release, indicator, iso3, year),
        ).fetchone()
        return row[0] if row else None

    def shares(self, release: str, year: int) -> tuple[dict[str, float], set[str]]:
        allies = {c.iso3 for c in countries.members(date(year, 12, 31)) if c.has_armed_forces}
        values = {
            iso3: v
            for iso3, v in self.conn.execute(
                "SELECT iso3, value FROM observations WHERE release_id = ? AND indicator = "
                "'share_gdp' AND year = ?",
                (release, year),
            )
            if iso3 in allies
        }
        return values, allies - set(values)

    def judge(self, claim: dict[str, Any], when: date | None, text_date: date) -> tuple:
        kind = claim["kind"]
        entity, year, value = claim.get("entity"), claim.get("year"), float(claim["value"])
        qualifier = claim.get("qualifier")
        if kind == "membership_count":
            on = text_date
            if entity == "EU_ALLIES":
                n = len([c for c in countries.members(on) if c.in_eu(on)])
            else:
                n = len(countries.members(on))
            return ("accurate" if int(value) == n else "inaccurate"), n, None
        if kind in ("share_gdp", "count_meeting", "rank", "growth"):
            ally = entity in countries.NATO_AGGREGATES or (
                kind != "share_gdp" or countries.get(entity).nato_accession is not None
            )
            source = "nato" if ally else "sipri"
            indicator = "real_change_pct" if kind == "growth" else "share_gdp"
            release = self.release(source, indicator, when)
            if release is None:
                return "unverifiable", None, None
            if kind in ("share_gdp", "growth"):
                ref = self.value(release, indicator, entity, year)
                if ref is None:
                    return "unverifiable", None, release
                return _verdict(value, ref, qualifier, kind), ref, release
            values, lacking = self.shares(release, year)
            if not values:
                return "unverifiable", None, release
            if kind == "rank":
                if entity not in values:
                    return "unverifiable", None, release
                higher = sum(1 for v in values.values() if round(v - values[entity], 9) > 0)
                rank = higher + 1
                # allies without a figure could each stand above: the rank is a range
                ranks = range(rank, rank + len(lacking) + 1)
                verdicts = {"accurate" if r == int(value) else "inaccurate" for r in ranks}
                if len(verdicts) > 1:
                    return "unverifiable", None, release
                return verdicts.pop(), (rank if not lacking else None), release
            threshold = float(claim["threshold"])
            at = sum(1 for v in values.values() if round(v - threshold, 9) >= 0)
            low = len(values) - at if claim.get("side") == "below" else at
            verdicts = {
                _verdict(value, float(n), qualifier, kind)
                for n in range(low, low + len(lacking) + 1)
            }
            if len(verdicts) == 1:
                return verdicts.pop(), (low if not lacking else None), release
            return "unverifiable", None, release
        if kind == "amount":
            value = float(claim.get("value_billion") or value)
            ally = entity in countries.NATO_AGGREGATES or (
                countries.get(entity).nato_accession is not None
            )
            source = "nato" if ally else "sipri"
            release = self.release(source, "usd_current_million", when)
            if release is None:
                return "unverifiable", None, None
            bases = [
                self.value(release, ind, entity, year)
                for ind in ("usd_current_million", "usd_constant_million")
            ]
            judged = [
                (_verdict(value, b / 1000, qualifier, kind), b / 1000)
                for b in bases
                if b is not None
            ]
            if not judged:
                return "unverifiable", None, release
            order = ("accurate", "roughly_accurate", "inaccurate")
            best = min(judged, key=lambda j: order.index(j[0]))
            return best[0], round(best[1], 3), release
        if kind == "nato_share":
            # an entity's share of the NATO total of defence spending (percent), at current
            # and at constant prices, the closer basis; the US is NATO minus Europe and Canada
            release = self.release("nato", "usd_current_million", when)
            if release is None:
                return "unverifiable", None, None
            judged = []
            for ind in ("usd_current_million", "usd_constant_million"):
                total = self.value(release, ind, "NATO", year)
                part = self.value(release, ind, entity, year)
                rest = self.value(release, ind, "NATO_EU_CA", year)
                if part is None and entity == "USA" and total is not None and rest is not None:
                    part = total - rest
                if total and part is not None:
                    ref = 100 * part / total
                    judged.append((_verdict(value, ref, qualifier, kind), ref))
            if not judged:
                return "unverifiable", None, release
            order = ("accurate", "roughly_accurate", "inaccurate")
            best = min(judged, key=lambda j: order.index(j[0]))
            return best[0], round(best[1], 2), release
        if kind == "trade_deficit":
            value = float(claim.get("value_billion") or value)
            release = self.release("census", "us_goods_imports_usd_billion", when)
            if release is None:
                return "unverifiable", None, None
            imports = self.value(release, "us_goods_imports_usd_billion", entity, year)
            exports = self.value(release, "us_goods_exports_usd_billion", entity, year)
            if imports is None or exports is None:
                return "unverifiable", None, release
            ref = round(imports - exports, 4)
            return _verdict(value, ref, qualifier, kind), ref, release
        raise ValueError(f"the oracle does not judge {kind}; write the verdicts by hand")


def label(path: Path, oracle: Oracle) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    text_date = date.fromisoformat(str(doc["date"]))
    for claim in doc["claims"]:
        if claim["kind"] in ("commitment", "tariff"):
            continue
        for which, when in (("as_of_date", text_date), ("latest", None)):
            verdict, reference, release = oracle.judge(claim, when, text_date)
            claim[f"verdict_{which}"] = verdict
            claim[f"reference_{which}"] = reference
            claim[f"release_{which}"] = release
    header = path.read_text(encoding="utf-8").splitlines()[0]
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    path.write_text((header + "\n" if header.startswith("#") else "") + body, encoding="utf-8")


def main(paths: list[str]) -> int:
    path = store.default_path()
    if not path.exists():
        store.build()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    oracle = Oracle(conn)
    for name in paths:
        label(Path(name), oracle)
        print(f"labelled {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
