"""Judge each claim against the store twice: with the releases current at the text's date,
and with the latest. Tolerances are documented in docs/claims.md and here:

    share of GDP     within 0.05 points accurate, within 0.25 roughly accurate
    growth rates     within 0.5 points accurate, within 2 points roughly accurate
    allies meeting   exact accurate, off by one roughly accurate (estimates move)
    membership       exact, or inaccurate (a plain fact)
    amounts          within 5% accurate, within 15% roughly accurate
    tariff rates     the rate of a measure on that partner in force or announced at the date
    commitments      a commitment, guideline, pledge or statement with that figure existed

A qualifier is respected: "north of 3%" holds for 3.2 ("above"), "up to 5%" for 4.8.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from milex.claims.extract import Claim
from milex.data import countries
from milex.data.query import Queries
from milex.errors import NoDataError
from milex.model.commitments import Target

VERDICTS = ("accurate", "roughly_accurate", "inaccurate", "unverifiable")
TOLERANCE = {
    "share_gdp": (0.05, 0.25),
    "growth": (0.5, 2.0),
    "count_meeting": (0.0, 1.0),
    "amount": (0.05, 0.15),
}
# A tariff "announced" counts from this many days before it takes effect.
ANNOUNCED_DAYS = 10
# Kinds judged on the text's date alone, whatever the release (the tariffs in force, NATO's
# members then): their two verdicts are one.
DATED_BY_TEXT = frozenset({"tariff", "membership_count"})


@dataclass(frozen=True)
class Reference:
    """The cell a verdict rests on."""

    value: float | None
    release: str | None
    table: str | None
    source_url: str | None
    year: int | None = None
    label: str | None = None


@dataclass(frozen=True)
class Judgement:
    """A verdict with its evidence and a one-line explanation."""

    verdict: str
    reference: Reference | None
    explanation: str


def compare(
    claimed: float,
    reference: float,
    qualifier: str | None,
    accurate: float,
    roughly: float,
    relative: bool = False,
) -> str:
    """The verdict for a claimed value against a reference, respecting a qualifier."""
    scale = abs(reference) if relative and reference else 1.0
    gap = (reference - claimed) / scale  # positive: the reference is higher
    eps = 1e-9
    if qualifier == "above":
        ok = gap > eps
    elif qualifier == "at_least":
        ok = gap >= -eps
    elif qualifier == "below":
        ok = gap < -eps
    elif qualifier == "at_most":
        ok = gap <= eps
    else:
        ok = None
    if ok is not None:
        if ok:
            return "accurate"
        return "roughly_accurate" if abs(gap) <= roughly + eps else "inaccurate"
    if abs(gap) <= accurate + eps:
        return "accurate"
    return "roughly_accurate" if abs(gap) <= roughly + eps else "inaccurate"


def _agreed_by(target: Target, day: date) -> bool:
    if not target.agreed:
        return True
    parts = target.agreed.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
        # A year or a month agreed counts from its last day.
        day_agreed = int(parts[2]) if len(parts) > 2 else calendar.monthrange(year, month)[1]
        agreed = date(year, month, day_agreed)
    except (ValueError, IndexError):
        return True
    return agreed <= day


_COMPARATOR_OF = {"above": "above", "at_least": "at_least", "at_most": "up_to", "below": "up_to"}
_STATUS_ORDER = ("commitment", "guideline", "national_pledge", "rhetoric")


def _closeness(claim: Claim, target: Target) -> tuple[int, int, int, int]:
    """How well a target fits a claim (lower is better): same comparator as the qualifier,
    a deadline only if the claim gives one, binding all allies, then the firmest status."""
    wanted = _COMPARATOR_OF.get(claim.qualifier or "", "at_least")
    return (
        0 if target.comparator == wanted else 1,
        0 if (claim.deadline is None) == (target.deadline_year is None) else 1,
        0 if not target.applies_to else 1,
        _STATUS_ORDER.index(target.status) if target.status in _STATUS_ORDER else 9,
    )


@dataclass
class Memo:
    """What verification has read from one store. The store is immutable, so this is kept
    for the life of the process (keyed by the store file and its build)."""

    releases: dict[tuple[str, str, date | None], str | None] = field(default_factory=dict)
    values: dict[tuple[str, str, str], dict[int, float]] = field(default_factory=dict)
    meta: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    counts: dict[tuple[str, int, float], tuple[int, int, int] | None] = field(default_factory=dict)
    targets: list[Target] | None = None


_MEMOS: dict[tuple[str, str], Memo] = {}


def memo_for(queries: Queries) -> Memo:
    """The memo of the store this connection reads (a rebuilt store gets a new one)."""
    key = queries.version()
    if key not in _MEMOS:
        if len(_MEMOS) >= 4:
            _MEMOS.clear()
        _MEMOS[key] = Memo()
    return _MEMOS[key]


class Verifier:
    """Looks claims up in the store through a memo of what it has already read."""

    def __init__(self, queries: Queries, memo: Memo | None = None) -> None:
        self.q = queries
        self.memo = memo if memo is not None else Memo()

    def values(self, release: str, indicator: str, iso3: str) -> dict[int, float]:
        key = (release, indicator, iso3)
        if key not in self.memo.values:
            self.memo.values[key] = self.q.values(release, indicator, iso3)
        return self.memo.values[key]

    def meta(self, release: str, indicator: str) -> tuple[str, str]:
        key = (release, indicator)
        if key not in self.memo.meta:
            self.memo.meta[key] = self.q.series_meta(release, indicator)
        return self.memo.meta[key]

    def release(self, source: str, indicator: str, when: date | None) -> str | None:
        key = (source, indicator, when)
        if key not in self.memo.releases:
            self.memo.releases[key] = self.q.find_release(source, indicator, when)
        return self.memo.releases[key]

    def targets(self) -> list[Target]:
        if self.memo.targets is None:
            self.memo.targets = self.q.targets()
        return self.memo.targets

    def judge(self, claim: Claim, when: date | None, text_date: date) -> Judgement:
        """The verdict on one claim with the releases of ``when`` (None: the latest)."""
        judge: Callable[[Claim, date | None, date], Judgement] = {
            "share_gdp": self._share,
            "growth": self._growth,
            "count_meeting": self._count,
            "membership_count": self._membership,
            "amount": self._amount,
            "tariff": self._tariff,
            "commitment": self._commitment,
        }[claim.kind]
        return judge(claim, when, text_date)

    def judge_twice(self, claim: Claim, text_date: date) -> tuple[Judgement, Judgement]:
        """The verdicts on one claim as of the text's date and with the latest releases."""
        as_of_date = self.judge(claim, text_date, text_date)
        if claim.kind in DATED_BY_TEXT:
            return as_of_date, as_of_date
        return as_of_date, self.judge(claim, None, text_date)

    # -- kinds ----------------------------------------------------------------------------

    def _source_for(self, entity: str) -> str:
        country = countries.find(entity)
        nato = country is not None and (
            country.nato_accession is not None or entity in countries.NATO_AGGREGATES
        )
        return "nato" if nato else "sipri"

    def _series_value(
        self, claim: Claim, when: date | None, indicator: str, source: str
    ) -> tuple[Reference | None, str]:
        assert claim.entity is not None and claim.year is not None
        release = self.release(source, indicator, when)
        if release is None:
            return None, f"no {source} release with {indicator} was published by {when}"
        values = self.values(release, indicator, claim.entity)
        year = claim.year
        if year not in values and claim.year_basis == "relative":
            held = [y for y in values if y <= claim.year]
            if held:
                year = max(held)  # "currently": the latest year the release held
        if year not in values:
            why = self.q.absent(release, indicator, [claim.year], [claim.entity]).notes()
            return None, why[0] if why else (
                f"{release} has no {indicator} for {claim.entity} {claim.year}"
            )
        table, url = self.meta(release, indicator)
        note = "" if year == claim.year else f" (latest year held: {year})"
        return Reference(values[year], release, table, url, year), note

    def _share(self, claim: Claim, when: date | None, _: date) -> Judgement:
        if claim.entity is None or claim.year is None:
            missing = "country" if claim.entity is None else "year"
            return Judgement("unverifiable", None, f"the sentence names no {missing}")
        source = self._source_for(claim.entity)
        reference, note = self._series_value(claim, when, "share_gdp", source)
        if reference is None or reference.value is None:
            return Judgement("unverifiable", None, note)
        low, high = TOLERANCE["share_gdp"]
        verdict = compare(claim.value, reference.value, claim.qualifier, low, high)
        return Judgement(
            verdict,
            reference,
            f"{reference.release} {reference.table}: "
            f"{claim.entity} {reference.year} = {reference.value:.2f}{note}",
        )

    def _growth(self, claim: Claim, when: date | None, _: date) -> Judgement:
        if claim.entity is None or claim.year is None:
            return Judgement("unverifiable", None, "the sentence names no country or year")
        low, high = TOLERANCE["growth"]
        if self._source_for(claim.entity) == "nato":
            reference, note = self._series_value(claim, when, "real_change_pct", "nato")
            if reference is None or reference.value is None:
                return Judgement("unverifiable", None, note)
            verdict = compare(claim.value, reference.value, claim.qualifier, low, high)
            return Judgement(
                verdict,
                reference,
                f"{reference.release} {reference.table}: real change {reference.value:.2f}%{note}",
            )
        # Others: real growth from SIPRI's constant-dollar series, year on year.
        release = self.release("sipri", "usd_constant_million", when)
        if release is None:
            return Judgement(
                "unverifiable",
                None,
                f"no SIPRI release with constant dollars was published by {when}",
            )
        values = self.values(release, "usd_constant_million", claim.entity)
        if claim.year not in values or claim.year - 1 not in values:
            return Judgement(
                "unverifiable",
                None,
                f"{release} has no constant-dollar figures "
                f"for {claim.entity} {claim.year - 1}-{claim.year}",
            )
        growth = (values[claim.year] / values[claim.year - 1] - 1) * 100
        table, url = self.meta(release, "usd_constant_million")
        verdict = compare(claim.value, growth, claim.qualifier, low, high)
        return Judgement(
            verdict,
            Reference(growth, release, table, url, claim.year),
            f"{release} {table}: {claim.entity} real growth {claim.year} = {growth:.2f}%",
        )

    def _count(self, claim: Claim, when: date | None, _: date) -> Judgement:
        if claim.year is None or claim.threshold is None:
            return Judgement("unverifiable", None, "the sentence names no year")
        release = self.release("nato", "share_gdp", when)
        if release is None:
            return Judgement("unverifiable", None, f"no NATO release was published by {when}")
        key = (release, claim.year, claim.threshold)
        if key not in self.memo.counts:
            try:
                ys = self.q.year_standings(claim.year, release)
                low, high = ys.count_bounds(claim.threshold)
                self.memo.counts[key] = (low, high, ys.meeting(claim.threshold)[1])
            except NoDataError:
                self.memo.counts[key] = None
        counted = self.memo.counts[key]
        if counted is None:
            return Judgement("unverifiable", None, f"{release} has no {claim.year} figures")
        low, high, held = counted
        accurate, roughly = TOLERANCE["count_meeting"]
        url = self.meta(release, "share_gdp")[1]
        at = f"at or above {claim.threshold:g}% in {claim.year}"
        if low == high:
            verdict = compare(claim.value, float(low), claim.qualifier, accurate, roughly)
            return Judgement(
                verdict,
                Reference(float(low), release, "Table 3", url, claim.year),
                f"{release}: {low} of {held} allies {at}",
            )
        # Some allies have no figure in milex's copy: judge only if every count they allow
        # gives the same verdict (bounded), never on the partial set.
        verdicts = {
            compare(claim.value, float(n), claim.qualifier, accurate, roughly)
            for n in range(low, high + 1)
        }
        why = (
            f"{release}: {low} of the {held} allies with a figure in milex's copy {at}; "
            f"{high - low} allies' figures not held, so between {low} and {high}"
        )
        if len(verdicts) == 1:
            return Judgement(
                verdicts.pop(), Reference(None, release, "Table 3", url, claim.year), why
            )
        return Judgement("unverifiable", None, why)

    def _membership(self, claim: Claim, _: date | None, text_date: date) -> Judgement:
        allies = countries.members(text_date)
        verdict = "accurate" if int(claim.value) == len(allies) else "inaccurate"
        return Judgement(
            verdict,
            Reference(float(len(allies)), None, "NATO accession dates", None, text_date.year),
            f"NATO had {len(allies)} members on {text_date.isoformat()}",
        )

    def _amount(self, claim: Claim, when: date | None, _: date) -> Judgement:
        if claim.qualifier == "cumulative":
            return Judgement("unverifiable", None, "a sum over several years is not checked")
        if claim.entity is None or claim.year is None:
            return Judgement("unverifiable", None, "the sentence names no country or year")
        source = self._source_for(claim.entity)
        reference, note = self._series_value(claim, when, "usd_current_million", source)
        if reference is None or reference.value is None:
            return Judgement("unverifiable", None, note)
        usd_bn = reference.value / 1000
        value = usd_bn
        if claim.unit in ("EUR", "GBP"):
            imf = self.release("imf", "lcu_per_usd", None)
            rate_of = "DEU" if claim.unit == "EUR" else "GBR"
            rate = (
                self.values(imf, "lcu_per_usd", rate_of).get(reference.year or 0) if imf else None
            )
            if rate is None:
                return Judgement("unverifiable", None, f"no {claim.unit} rate for {reference.year}")
            value = usd_bn * rate
        low, high = TOLERANCE["amount"]
        verdict = compare(claim.value, value, claim.qualifier, low, high, relative=True)
        shown = Reference(
            value,
            reference.release,
            reference.table,
            reference.source_url,
            reference.year,
            f"{claim.unit} bn",
        )
        return Judgement(
            verdict,
            shown,
            f"{reference.release} {reference.table}: "
            f"{claim.entity} {reference.year} = {value:,.1f} bn {claim.unit}{note}",
        )

    def _tariff(self, claim: Claim, _: date | None, text_date: date) -> Judgement:
        if claim.entity is None:
            return Judgement("unverifiable", None, "the sentence names no trading partner")
        partners = {claim.entity}
        partner = countries.find(claim.entity)
        if partner is not None and partner.in_eu(text_date):
            partners.add("EUU")
        if claim.entity != "ALL":
            partners.add("ALL")
        horizon = (text_date + timedelta(days=ANNOUNCED_DAYS)).isoformat()
        day = text_date.isoformat()
        marks = ", ".join("?" * len(partners))
        measures = self.q.conn.execute(
            f"SELECT iso3, measure, rate_pct, effective_date, end_date, source_url "
            f"FROM us_tariffs WHERE iso3 IN ({marks}) AND effective_date <= ? "
            f"AND (end_date IS NULL OR end_date >= ?) ORDER BY effective_date",
            (*sorted(partners), horizon, day),
        ).fetchall()
        if not measures:
            return Judgement(
                "unverifiable",
                None,
                f"no US tariff on {claim.entity} in force or announced around {day}",
            )
        for iso3, measure, rate, effective, _end, url in measures:
            if abs(rate - claim.value) < 1e-9:
                return Judgement(
                    "accurate",
                    Reference(rate, "us-tariffs-2025", measure, url),
                    f"{measure} ({iso3}), {rate:g}% from {effective}",
                )
        own = [m for m in measures if m[0] in partners - {"ALL"}]
        if not own and claim.entity != "ALL":
            # Only the every-partner rates are held: a country-specific rate cannot be judged.
            return Judgement(
                "unverifiable",
                None,
                f"no US tariff measure on {claim.entity} "
                "itself is held (milex covers the allies and the EU)",
            )
        rates = ", ".join(f"{r:g}% ({m})" for _, m, r, *_ in measures)
        return Judgement(
            "inaccurate",
            Reference(measures[0][2], "us-tariffs-2025", measures[0][1], measures[0][5]),
            f"measures on {claim.entity} around {day}: {rates}",
        )

    def _commitment(self, claim: Claim, when: date | None, text_date: date) -> Judgement:
        day = when or date.today()
        found = []
        for target in self.targets():
            if abs(target.threshold - claim.value) > 1e-9 or not _agreed_by(target, day):
                continue
            if claim.deadline is not None and target.deadline_year != claim.deadline:
                continue
            if claim.metric == "core" and target.metric != "core_defence_share_gdp":
                continue
            found.append(target)
        if not found:
            return Judgement(
                "inaccurate",
                None,
                f"no commitment or statement of "
                f"{claim.value:g}%"
                + (f" by {claim.deadline}" if claim.deadline else "")
                + f" agreed by {day.isoformat()}",
            )
        best = min(found, key=lambda t: _closeness(claim, t))
        return Judgement(
            "accurate",
            Reference(
                best.threshold,
                "commitments-2026",
                best.id,
                best.sources[0] if best.sources else None,
                best.deadline_year,
                best.name,
            ),
            f"{best.name} ({best.status}, {best.agreed})",
        )
