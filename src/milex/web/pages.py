"""The dashboard: server-rendered pages, each with a JSON twin (same URL plus ``format=json``),
and the chart specs (``/chart/{name}.json``) and chart data (``/data/{name}.csv``) they load.

    /                   Overview: who meets 2%, 3.5% and 5%, by release or as of a date: a map
                        of Europe and North America, the bars, the table
    /ally/{country}     Ally: NATO vs SIPRI history, revisions, gap in money, pathway
    /pathways           Pathways: every ally to 2035 for a commitment and a shape, some allies
                        highlighted (?highlight=USA,DEU), small multiples of all, the table
    /scenarios          Scenarios: build one in a form or upload a file (posted to /scenarios),
                        or run an example (?example=us-drawdown-half): the allies table,
                        the notes and a fan chart of the Monte Carlo bands for one ally
    /check              Check: paste a text, see each claim highlighted with its verdicts
                        (a form posted to /check; its JSON twin is POST /check?format=json,
                        which answers as POST /api/v1/check does)
    /sources            Sources: provenance and licences

Every figure comes from a library call (milex.data.query, milex.analysis, milex.scenario) and
every chart from milex.charts; this module only picks the arguments and renders. The page's
JavaScript comes from the app itself: /static/milex.js and /static/vega.js (built by vl-convert
at `milex build`, kept beside the store: milex.web.assets).
"""

from __future__ import annotations

import functools
import inspect
import io
import itertools
import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException

from milex import analysis, charts, claims, figures
from milex.claims import render as claim_render
from milex.data import countries
from milex.data.missing import NOT_HELD
from milex.data.query import Queries, parse_date, parse_year
from milex.data.scenarios import DEFAULT_TROOP_COSTING, PRESETS
from milex.errors import InvalidQueryError, MilexError, NoDataError, UnknownCountryError
from milex.render import write_csv
from milex.table import FLAG_COLUMNS, Table
from milex.web import assets, scenarios
from milex.web.errors import error_body, status_of
from milex.web.models import CheckResponse, ScenarioResponse, TableResponse
from milex.web.scenarios import Job, ScenarioArgs

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

    from milex.scenario import ScenarioReport
    from milex.web.store import Store

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=HERE / "templates")
STATIC = HERE / "static"

# The Pathways page offers these commitments, all to the same deadline (2% has none of its own).
PATHWAY_COMMITMENTS = ("hague-core", "hague-total", "2pct")
PATHWAY_SHAPES = ("linear", "constant-growth", "front-loaded")
PATHWAY_DEADLINE = 2035
ALLY_COMMITMENT = "hague-core"
STATUS_THRESHOLDS = (2.0, 3.5, 5.0)
# A release id or a commitment id: lower-case words joined by hyphens or dots.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,59}$")
MAX_TEXT = 80
BUNDLE_CACHE = "public, max-age=31536000, immutable"

# Column headings of the tables the pages show; other columns keep their names.
LABELS = {
    "share_gdp": "% of GDP",
    "previous_share_gdp": "year before",
    "change_pp": "change (points)",
    "meets_2pct": "meets 2%",
    "start_share": "% of GDP now",
    "start_year": "from",
    "spending_start_usd_bn": "spending now ($ bn)",
    "spending_deadline_usd_bn": "spending at deadline ($ bn)",
    "cumulative_extra_usd_bn": "extra to deadline ($ bn)",
    "required_real_growth_pct": "required real growth (%/yr)",
    "trend_real_growth_pct": "real growth, last 3 years (%/yr)",
    "growth_after_pct": "GDP growth assumed (%/yr)",
    "tariff_pct": "US tariff (%)",
    "growth_hit_pp": "growth hit (points)",
    "gdp_change_pct": "GDP vs baseline (%)",
    "obligations_total_usd_bn": "obligations, total ($ bn)",
    "extra_vs_baseline_total_usd_bn": "extra vs baseline, total ($ bn)",
    "p_reach_target": "chance of reaching the target",
}
# The allies table of the Scenarios page: its key columns ({deadline}: the target's year).
SCENARIO_COLUMNS = (
    "country",
    "tariff_pct",
    "growth_hit_pp",
    "gdp_change_pct",
    "obligations_total_usd_bn",
    "extra_vs_baseline_total_usd_bn",
    "share_needed_{deadline}",
    "p_reach_target",
)


def _label(column: str) -> str:
    if column.startswith("value_"):
        return column.removeprefix("value_")
    if column.startswith("share_needed_"):
        return f"% of GDP needed in {column.removeprefix('share_needed_')}"
    return LABELS.get(column, column.replace("_", " "))


TEMPLATES.env.filters["label"] = _label


def _cell(value: Any) -> str:
    """A table cell as text: two decimals for figures (a true minus, never "−0.00"), yes/no
    for flags, a dash for nothing."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return figures.figure(value)
    if isinstance(value, int) and value < 0:
        return figures.MINUS + str(-value)
    return str(value)


def _money(value: Any, currency: str = "$", unit: str = "bn", places: int = 2) -> str:
    """An amount as people write it ("−$9.94 bn"); a dash for nothing."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return "–"
    return figures.money(float(value), places, currency=currency, unit=unit)


TEMPLATES.env.filters["cell"] = _cell
TEMPLATES.env.filters["money"] = _money
TEMPLATES.env.globals["flag_columns"] = FLAG_COLUMNS
# Rows that are totals, not allies: no link to an ally page, set apart in the tables.
TEMPLATES.env.globals["aggregates"] = frozenset({*countries.AGGREGATES, *countries.GROUPS, "TOTAL"})


# -- request arguments ------------------------------------------------------------------------


def _text(value: str | None, what: str) -> str | None:
    """A query argument with blanks as missing (an empty form field sends ``name=``)."""
    if value is None or not value.strip():
        return None
    if len(value) > MAX_TEXT:
        raise InvalidQueryError(f"{what}: longer than {MAX_TEXT} characters")
    return value.strip()


def _identifier(value: str | None, what: str) -> str | None:
    text = _text(value, what)
    if text is not None and not ID_PATTERN.match(text):
        raise InvalidQueryError(f"{what}: {text!r} is not an id (e.g. nato-2025-08)")
    return text


def _choice(value: str | None, what: str, options: tuple[str, ...]) -> str:
    text = _text(value, what) or options[0]
    if text not in options:
        raise InvalidQueryError(f"{what}: {text!r} is not one of {', '.join(options)}")
    return text


@dataclass(frozen=True)
class Args:
    """The arguments every page, chart and CSV endpoint understands, checked once."""

    year: int | None = None
    release: str | None = None
    as_of: date | None = None
    country: str | None = None
    commitment: str = PATHWAY_COMMITMENTS[0]
    shape: str = PATHWAY_SHAPES[0]
    # The allies the pathway chart picks out (ISO codes, sorted); None: the chart's default.
    highlight: tuple[str, ...] | None = None

    @classmethod
    def of(cls, params: Mapping[str, str]) -> Args:
        return cls(
            year=parse_year(_text(params.get("year"), "year")),
            release=_identifier(params.get("release"), "release"),
            as_of=parse_date(_text(params.get("as_of"), "as_of")),
            country=_text(params.get("country"), "country"),
            commitment=_choice(params.get("commitment"), "commitment", PATHWAY_COMMITMENTS),
            shape=_choice(params.get("shape"), "shape", PATHWAY_SHAPES),
            highlight=_highlight(params),
        )

    def query(self, *names: str) -> str:
        """A query string of the named arguments that are set (a list as comma-separated)."""
        values = asdict(self)
        return urlencode(
            {
                n: ",".join(values[n]) if isinstance(values[n], tuple) else str(values[n])
                for n in names
                if values[n] is not None
            }
        )


def _highlight(params: Mapping[str, str]) -> tuple[str, ...] | None:
    """The allies to highlight: ``highlight=USA,DEU`` or the field repeated (the page's
    checkboxes), by name or code; None when none are given."""
    getlist = getattr(params, "getlist", None)
    given = getlist("highlight") if getlist is not None else [params.get("highlight") or ""]
    names = [name.strip() for value in given for name in value.split(",") if name.strip()]
    if not names:
        return None
    if len(names) > charts.MAX_HIGHLIGHT:
        raise InvalidQueryError(
            f"highlight: at most {charts.MAX_HIGHLIGHT} allies at once (got {len(names)})"
        )
    return tuple(sorted({countries.get(_text(n, "highlight") or "").iso3 for n in names}))


def _wants_json(params: Mapping[str, str]) -> bool:
    kind = (params.get("format") or "html").strip().lower()
    if kind not in ("html", "json"):
        raise InvalidQueryError(f"format: {kind!r} is not one of html, json")
    return kind == "json"


# -- chart data: one table per chart, shared by the spec and the CSV --------------------------


@dataclass(frozen=True)
class ChartData:
    """The table a chart draws (also its CSV) and how to draw it."""

    table: Table
    draw: Callable[[pd.DataFrame], alt.TopLevelMixin]


@dataclass(frozen=True)
class ChartLink:
    """Where a page's chart finds its spec and its data. A chart of an uploaded scenario has no
    URL to be drawn again from: its spec comes with the page (``inline``), its CSV as a data URL."""

    name: str
    spec: str | None
    csv: str
    label: str
    inline: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The chart as a page's JSON twin lists it (URLs only)."""
        inline = self.inline is not None
        return {
            "name": self.name,
            "spec": self.spec,
            "csv": None if inline else self.csv,
            "label": self.label,
        }


def _status_data(q: Queries, args: Args) -> ChartData:
    table = q.status(args.year, args.release, args.as_of)
    return ChartData(table, lambda frame: charts.status_chart(frame, thresholds=STATUS_THRESHOLDS))


def _history_source(table: Table) -> str:
    """The chart's source line, e.g. 'Sources: nato-2026-07 (Table 3), sipri-2026'."""
    parts = dict.fromkeys(
        f"{release} ({name})" if name else release
        for release, name in zip(table.column("release"), table.column("table"), strict=True)
    )
    return "Sources: " + ", ".join(parts)


def _history_data(q: Queries, args: Args) -> ChartData:
    country = countries.get(args.country or "")
    # The latest release of every source holding shares of GDP: NATO's and SIPRI's.
    table = q.series([country.iso3], "share_gdp")
    if not table.rows:
        raise NoDataError(" ".join(table.notes) or f"no share of GDP for {country.name}")
    title = f"{country.name}: defence spending as % of GDP, NATO and SIPRI"
    source = _history_source(table)
    return ChartData(table, lambda frame: charts.history_chart(frame, title=title, source=source))


def _map_table(q: Queries, args: Args) -> Table:
    """One row per ally for the map: its share of GDP in the status table, or why there is
    none (NATO published none, or milex's copy lacks it), as the tooltip says it."""
    status = q.status(args.year, args.release, args.as_of)
    release, year = status.column("release")[0], status.column("year")[0]
    shown = [r for r in status.records() if r["iso3"] not in countries.NATO_AGGREGATES]
    absent = q.absent(release, "share_gdp", [year])
    rows: list[tuple[Any, ...]] = [
        (r["iso3"], r["country"], year, r["share_gdp"], r["estimate"], None, None, release)
        for r in shown
    ]
    held = {r["iso3"] for r in shown}
    for ally in countries.members():
        if ally.iso3 in held:
            continue
        why, reason = absent.cells.get((ally.iso3, year), (None, None))
        if why == NOT_HELD:
            note = f"{release} has a figure that is not in milex's copy: {reason}"
        elif why is not None:
            note = f"{absent.publisher} published no {year} figure ({reason})"
        else:
            note = f"no {year} figure in {release}"
        rows.append((ally.iso3, ally.name, year, None, None, why, note, release))
    columns = ["iso3", "country", "year", "share_gdp", "estimate", "missing", "note", "release"]
    return Table(columns, rows, status.title, status.notes)


def _map_data(q: Queries, args: Args) -> ChartData:
    return ChartData(_map_table(q, args), charts.map_chart)


def _pathway_report(q: Queries, who: str, commitment: str, shape: str) -> analysis.PathwayReport:
    allies = "all" if who == "all" else [who]
    return analysis.pathways(q, allies, commitment, shape, deadline=PATHWAY_DEADLINE)


def _check_highlight(report: analysis.PathwayReport, highlight: tuple[str, ...]) -> None:
    """Refuse to highlight an ally the report has no pathway for, saying why."""
    known = {a.iso3 for a in report.allies}
    unknown = [countries.name(c) for c in highlight if c not in known]
    if unknown:
        raise InvalidQueryError(
            f"highlight: {', '.join(unknown)} has no pathway here (only allies with armed "
            "forces and a figure have one)"
        )


def _pathway_data(q: Queries, args: Args) -> ChartData:
    who = args.country or "all"
    if who != "all":
        who = countries.get(who).iso3
    report = _pathway_report(q, who, args.commitment, args.shape)
    highlight = args.highlight
    if highlight is not None:
        _check_highlight(report, highlight)
    return ChartData(
        report.chart_rows(), lambda frame: charts.pathway_chart(frame, highlight=highlight)
    )


def _hardest_first(report: analysis.PathwayReport) -> list[str]:
    """The allies by the real growth their path needs, fastest first: the order of the
    Pathways table and of its small multiples."""
    ranked = sorted(report.allies, key=lambda a: (-a.path.required_real_growth_pct, a.country))
    return [a.iso3 for a in ranked]


def _pathway_grid_data(q: Queries, args: Args) -> ChartData:
    """Every ally's path, one small chart each, hardest first, coloured by verdict."""
    report = _pathway_report(q, "all", args.commitment, args.shape)
    rows = report.chart_rows()
    verdicts = {a.iso3: a.credibility.verdict for a in report.allies}
    rank = {iso3: n for n, iso3 in enumerate(_hardest_first(report))}
    at = rows.columns.index("iso3")
    ordered = sorted(rows.rows, key=lambda row: rank.get(row[at], len(rank)))
    table = Table(
        [*rows.columns, "verdict"],
        [(*row, verdicts.get(row[at])) for row in ordered],
        rows.title,
    )
    return ChartData(table, charts.pathway_grid_chart)


@functools.lru_cache(maxsize=32)
def _scenario_run(store: Store, args: ScenarioArgs) -> tuple[Job, ScenarioReport]:
    """A scenario asked for by URL or form, run once: its page and its chart ask for the same
    run (seeded, so the same answer every time)."""
    task = args.job()
    return task, scenarios.run(store, task)


def _fan_table(report: ScenarioReport, iso3: str) -> Table:
    """The bands of one ally with its name and the target: the fan chart's data."""
    bands = report.bands_table()
    name = countries.get(iso3).name
    at = bands.columns.index("iso3")
    target = report.shocked.target.threshold
    rows = [(*row, name, target) for row in bands.rows if row[at] == iso3]
    if not rows:
        raise NoDataError(f"country: no Monte Carlo bands for {name} in this scenario")
    return Table([*bands.columns, "country", "target"], rows, bands.title)


def _fan_draw(table: Table) -> Callable[[pd.DataFrame], alt.TopLevelMixin]:
    return lambda frame: charts.fan_chart(frame, source=table.title)


def _fan_data(store: Store, args: ScenarioArgs) -> ChartData:
    _, report = _scenario_run(store, args.without_country())
    table = _fan_table(report, args.iso3())
    return ChartData(table, _fan_draw(table))


def _on_queries(build: Callable[[Queries, Args], ChartData]) -> Callable[[Store, Any], ChartData]:
    return lambda store, args: build(store.queries(), args)


CHART_DATA: dict[str, Callable[[Store, Any], ChartData]] = {
    "status": _on_queries(_status_data),
    "map": _on_queries(_map_data),
    "history": _on_queries(_history_data),
    "pathway": _on_queries(_pathway_data),
    "pathway_grid": _on_queries(_pathway_grid_data),
    "fan": _fan_data,
}
CHART_ARGS = {
    "status": ("year", "release"),
    "map": ("year", "release"),
    "history": ("country",),
    "pathway": ("country", "commitment", "shape", "highlight"),
    "pathway_grid": ("commitment", "shape"),
}


def _chart_args(name: str, params: Mapping[str, str]) -> Args | ScenarioArgs:
    """A chart's arguments: a scenario's for the fan chart, the pages' for the others."""
    return ScenarioArgs.of(params) if name == "fan" else Args.of(params)


def _chart_link(name: str, args: Args, label: str) -> ChartLink:
    query = args.query(*CHART_ARGS[name])
    return ChartLink(name, f"/chart/{name}.json?{query}", f"/data/{name}.csv?{query}", label)


def _chart_builder(name: str) -> Callable[[Store, Any], ChartData]:
    if name not in CHART_DATA:
        raise HTTPException(404, f"no chart {name!r} (charts: {', '.join(CHART_DATA)})")
    return CHART_DATA[name]


@functools.lru_cache(maxsize=256)
def _cached_spec(store: Store, name: str, args: Args | ScenarioArgs) -> dict[str, Any]:
    data = _chart_builder(name)(store, args)
    return charts.to_spec(data.draw(data.table.to_pandas()))


# One lock per spec: a request for the spec the start-up's warm-up is building waits for that
# one (not for the others the warm-up builds next) instead of building it a second time.
_SPEC_LOCKS: dict[tuple[Any, ...], threading.Lock] = {}
_SPEC_LOCKS_LOCK = threading.Lock()
_MAX_SPEC_LOCKS = 1024


def _spec_lock(store: Store, name: str, args: Args | ScenarioArgs) -> threading.Lock:
    key = (id(store), name, args)
    with _SPEC_LOCKS_LOCK:
        if len(_SPEC_LOCKS) >= _MAX_SPEC_LOCKS:  # bounded: locks not held are dropped
            for stale in [k for k, lock in _SPEC_LOCKS.items() if not lock.locked()]:
                del _SPEC_LOCKS[stale]
        return _SPEC_LOCKS.setdefault(key, threading.Lock())


def _spec(store: Store, name: str, args: Args | ScenarioArgs) -> dict[str, Any]:
    """A chart's Vega-Lite spec; cached, since the store never changes while the app runs and
    validating a large spec takes a while."""
    with _spec_lock(store, name, args):
        return _cached_spec(store, name, args)


def _csv(table: Table) -> str:
    """The table as the CLI writes CSV (safe to open in a spreadsheet)."""
    out = io.StringIO()
    write_csv(table, out)
    return out.getvalue()


# -- warming up ---------------------------------------------------------------------------------


def warm_up(store: Store) -> None:
    """Build the Overview's default charts (and so import the chart library) and compile the
    pages' templates before anyone asks: run at `milex serve`'s start, beside the server, so
    the first page and chart of a fresh server are served from the caches."""
    status = store.queries().status()
    chosen = Args(year=status.column("year")[0], release=status.column("release")[0])
    # The bars first: the smaller spec, drawn soonest. Both locks are taken now, so that a
    # browser's request for the map waits for this build of it instead of building it at the
    # same time as the bars (two builds at once would both be late).
    held = [(name, _spec_lock(store, name, chosen)) for name in ("status", "map")]
    for _, lock in held:
        lock.acquire()
    try:
        while held:
            name, lock = held[0]
            try:
                _cached_spec(store, name, chosen)
            finally:
                held.pop(0)
                lock.release()
    finally:
        for _, lock in held:  # the ones not reached when a build failed
            lock.release()
    for name in ("overview.html", "ally.html", "pathways.html", "error.html"):
        TEMPLATES.get_template(name)


# -- pages ----------------------------------------------------------------------------------------


def _queries(request: Request) -> Queries:
    queries: Queries = request.app.state.store.queries()
    return queries


def _table_json(table: Table) -> dict[str, Any]:
    body: dict[str, Any] = TableResponse.of(table).model_dump(mode="json")
    return body


@dataclass
class Page:
    """What a page shows: its template and context, and the data of its JSON twin."""

    template: str
    title: str
    context: dict[str, Any]
    data: dict[str, Any]
    charts: tuple[ChartLink, ...] = ()
    status: int = 200


def _overview(q: Queries, args: Args) -> Page:
    status = q.status(args.year, args.release, args.as_of)
    release, year = status.column("release")[0], status.column("year")[0]
    chosen = Args(year=year, release=release)
    releases = q.releases("nato")
    links = (
        _chart_link("map", chosen, f"Map: defence spending against 2% and 3.5% of GDP, {year}"),
        _chart_link("status", chosen, f"Defence spending as % of GDP, {year}"),
    )
    return Page(
        "overview.html",
        "Who meets what",
        {
            "status": status,
            "release": release,
            "year": year,
            "args": args,
            "releases": releases.records(),
        },
        {
            "page": "overview",
            "release": release,
            "year": year,
            "as_of": args.as_of.isoformat() if args.as_of else None,
            "thresholds": list(STATUS_THRESHOLDS),
            "status": _table_json(status),
            "releases": _table_json(releases),
        },
        links,
    )


def _optional(call: Callable[[], Any]) -> Any:
    """A result, or None when there are no figures for it (Iceland, a non-ally)."""
    try:
        return call()
    except NoDataError:
        return None


def _ally(q: Queries, name: str) -> Page:
    country = countries.get(name)
    iso3 = country.iso3
    history = q.series([iso3], "share_gdp")
    revisions: list[Table] = []
    for old, new in itertools.pairwise(q.release_ids("nato")):
        try:
            revisions.append(q.revisions(old, new, "share_gdp", iso3))
        except NoDataError:  # an edition without this country (Iceland, a non-ally)
            continue
    gap_table: Table | None = _optional(lambda: analysis.gap(q, ALLY_COMMITMENT))
    gap_row = None
    if gap_table is not None:
        gap_row = next((r for r in gap_table.records() if r["iso3"] == iso3), None)
    report: analysis.PathwayReport | None = _optional(
        lambda: _pathway_report(q, iso3, ALLY_COMMITMENT, PATHWAY_SHAPES[0])
    )
    pathway = report.summary_table().records()[0] if report is not None else None
    args = Args(country=iso3, commitment=ALLY_COMMITMENT, shape=PATHWAY_SHAPES[0])
    links = []
    if history.rows:
        links.append(_chart_link("history", args, f"{country.name}: NATO and SIPRI since 1949"))
    if report is not None:
        links.append(_chart_link("pathway", args, f"{country.name}: path to the target"))
    facts = {
        "iso3": iso3,
        "name": country.name,
        "kind": country.kind,
        "nato_accession": country.nato_accession,
        "eu_member": country.in_eu(),
        "currency": country.currency,
        "has_armed_forces": country.has_armed_forces,
        "note": country.note,
        "ally": country.is_ally(),
    }
    return Page(
        "ally.html",
        country.name,
        {
            "country": country,
            "history": history,
            "revisions": revisions,
            "gap": gap_row,
            "gap_table": gap_table,
            "pathway": pathway,
            "report": report,
            "commitment": ALLY_COMMITMENT,
        },
        {
            "page": "ally",
            "country": {k: v.isoformat() if isinstance(v, date) else v for k, v in facts.items()},
            "history": _table_json(history),
            "revisions": [_table_json(t) for t in revisions],
            "gap": {
                "commitment": ALLY_COMMITMENT,
                "title": gap_table.title if gap_table else None,
                "row": gap_row,
                "notes": gap_table.notes if gap_table else [],
            },
            "pathway": report.to_json() if report is not None else None,
        },
        tuple(links),
    )


def _summary_hardest_first(report: analysis.PathwayReport) -> Table:
    """The summary table with the allies by required growth, fastest first, then the groups."""
    summary = report.summary_table()
    rank = {iso3: n for n, iso3 in enumerate(_hardest_first(report))}
    allies = [r for r in summary.rows if r[0] in rank]
    groups = [r for r in summary.rows if r[0] not in rank]
    allies.sort(key=lambda row: rank[row[0]])
    return Table(summary.columns, allies + groups, summary.title, summary.notes)


def _pathways(q: Queries, args: Args) -> Page:
    from milex.backtest import backtest

    report = _pathway_report(q, "all", args.commitment, args.shape)
    backtests = [backtest(q, origin) for origin in (2014, 2019)]
    summary = _summary_hardest_first(report)
    # Which allies the chart picks out: those asked for, else the chart's own choice.
    highlight = args.highlight
    if highlight is None:
        shown = charts.default_highlight(report.chart_rows().to_pandas())
    else:
        _check_highlight(report, highlight)
        shown = list(highlight)
    chart_args = Args(
        country="all", commitment=args.commitment, shape=args.shape, highlight=highlight
    )
    target = f"{report.target.threshold:g}%"
    links = (
        _chart_link("pathway", chart_args, f"Every ally's path to {target} by {PATHWAY_DEADLINE}"),
        _chart_link(
            "pathway_grid", chart_args, f"Each ally's path to {target}, one small chart each"
        ),
    )
    names = {a.iso3: a.country for a in report.allies}
    return Page(
        "pathways.html",
        "Pathways to 2035",
        {
            "report": report,
            "summary": summary,
            "totals": report.totals(),
            "args": args,
            "commitments": PATHWAY_COMMITMENTS,
            "shapes": PATHWAY_SHAPES,
            "deadline": PATHWAY_DEADLINE,
            "backtests": backtests,
            "highlighted": shown,
            "highlight_default": highlight is None,
            # The chart's choice in its order (most spending first), a reader's by name.
            "highlight_names": [names[c] for c in shown]
            if highlight is None
            else sorted(names[c] for c in shown),
            "pickable": sorted(report.allies, key=lambda a: a.country),
            "max_highlight": charts.MAX_HIGHLIGHT,
        },
        {
            "page": "pathways",
            "commitment": args.commitment,
            "shape": args.shape,
            "deadline": PATHWAY_DEADLINE,
            "highlight": shown,
            "summary": _table_json(summary),
            **report.to_json(),
        },
        links,
    )


def _sources(q: Queries) -> Page:
    sources = q.sources()
    return Page(
        "sources.html",
        "Sources and licences",
        {"sources": sources},
        {"page": "sources", "sources": _table_json(sources)},
    )


def _form_text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidQueryError(f"{name}: send it as a form field, not a file")
    return value


def _check(q: Queries, form: FormData | None, as_json: bool = False) -> Page:
    """The Check page: the form, and once a text is posted, the text with its claims marked
    (the same markup as ``milex check --html``) and the claims table."""
    context: dict[str, Any] = {"limit": claims.MAX_TEXT_CHARS, "report": None, "text": ""}
    data: dict[str, Any] = {
        "page": "check",
        "limit": claims.MAX_TEXT_CHARS,
        "api": "/api/v1/check",
    }
    if form is None:
        return Page("check.html", "Check a text", context, data)
    text = _form_text(form, "text") or ""
    date_field = _form_text(form, "date")
    context.update(text=text, date=date_field)
    try:
        if not text.strip():
            raise InvalidQueryError("text: paste a text to check")
        day = parse_date(_text(date_field, "date"), "date")
        report = claims.check(q, text, day)
    except InvalidQueryError as exc:
        if as_json:
            raise
        # The form again, with the message and the text kept for another try.
        return Page("check.html", "Check a text", {**context, "error": str(exc)}, data, status=400)
    context.update(
        report=report,
        date=day.isoformat() if day else "",
        title_line=claim_render.title(report),
        legend=claim_render.legend(report),
        highlighted=claim_render.highlighted_text(report),
        claims_table=claim_render.claims_table(report),
    )
    body = CheckResponse.of(report).model_dump(mode="json", exclude={"ok"})
    return Page("check.html", "Check a text", context, {**data, **body})


@dataclass(frozen=True)
class Upload:
    """A scenario file posted with the page's upload form."""

    name: str
    content: bytes


def _fan_allies() -> list[countries.Country]:
    """The allies a fan chart can be drawn for (Iceland has no armed forces, hence no path)."""
    return [c for c in countries.members() if c.has_armed_forces]


def _scenario_result(
    task: Job, report: ScenarioReport, args: ScenarioArgs, upload: bool
) -> tuple[dict[str, Any], dict[str, Any], tuple[ChartLink, ...]]:
    """What a run adds to the Scenarios page: the allies table and its TOTAL, the fan chart of
    one ally (from its URL, or inline for an uploaded file), and the JSON twin's data."""
    table = report.allies_table()
    deadline = report.shocked.allies[0].path.deadline  # as the table's column names have it
    columns = [c.format(deadline=deadline) for c in SCENARIO_COLUMNS]
    iso3 = args.iso3()
    links: tuple[ChartLink, ...] = ()
    if report.result is not None:
        fan = _fan_table(report, iso3)
        label = f"{countries.get(iso3).name}: share of GDP under the scenario, P5-P95"
        if upload:
            spec = charts.to_spec(_fan_draw(fan)(fan.to_pandas()))
            data_url = "data:text/csv;charset=utf-8," + quote(_csv(fan))
            links = (ChartLink("fan", None, data_url, label, json.dumps(spec)),)
        else:
            query = args.query()
            links = (ChartLink("fan", f"/chart/fan.json?{query}", f"/data/fan.csv?{query}", label),)
    result = {
        "task": task,
        "table": table,
        "columns": columns,
        "totals": table.records()[-1],
        "deadline": deadline,
        "country": countries.get(iso3),
        "bands_title": report.bands_table().title,
    }
    body = ScenarioResponse.of(report, task).model_dump(mode="json", exclude={"ok"})
    return {"result": result}, {**body, "country": iso3}, links


def _scenarios(
    store: Store,
    args: ScenarioArgs,
    *,
    run: bool = False,
    upload: Upload | None = None,
    as_json: bool = False,
) -> Page:
    """The Scenarios page: the form, the example files, and once a scenario is asked for (an
    example, the form posted, a file uploaded) its results, or the form again with the error."""
    examples = scenarios.examples()
    context: dict[str, Any] = {
        "args": args,
        "form": args,  # the values the form shows
        "beyond_form": [],
        "presets": PRESETS,
        "troop_costing": DEFAULT_TROOP_COSTING,
        "examples": list(examples.values()),
        "fan_allies": _fan_allies(),
        "max_draws": scenarios.MAX_DRAWS,
        "max_upload": scenarios.MAX_UPLOAD_BYTES,
        "result": None,
        "uploaded": upload.name if upload else None,
    }
    data: dict[str, Any] = {
        "page": "scenarios",
        "api": "/api/v1/scenario",
        "presets": list(PRESETS),
        "max_draws": scenarios.MAX_DRAWS,
        "examples": [
            {"id": e.id, "name": e.name, "url": f"/scenarios?example={quote(e.id)}"}
            for e in examples.values()
        ],
    }
    if not run and upload is None:
        return Page("scenarios.html", "Scenarios", context, data)
    try:
        if upload is not None:
            if not upload.content:
                raise InvalidQueryError("file: choose a scenario file (YAML) to upload")
            name = upload.name or "upload.yaml"
            # Reading the file counts against the run's time limit.
            deadline = time.monotonic() + store.time_limit
            task = scenarios.from_yaml(upload.content, name, args.draws, args.seed, deadline)
            report = scenarios.run(store, task, deadline)
        else:
            task, report = _scenario_run(store, args.without_country())
        more, body, links = _scenario_result(task, report, args, upload is not None)
        if task.source != scenarios.FORM:  # the form shows what the file ran
            more["form"], more["beyond_form"] = scenarios.form_of(task, args.country)
    except MilexError as exc:
        if as_json:
            raise
        # The form again, with the message and what was sent kept for another try.
        failed = {**context, "error": str(exc)}
        return Page("scenarios.html", "Scenarios", failed, data, status=status_of(exc))
    return Page("scenarios.html", "Scenarios", {**context, **more}, {**data, **body}, links)


def _json_url(request: Request) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    return f"{quote(request.url.path)}?{urlencode([*params, ('format', 'json')])}"


def _base_context(request: Request) -> dict[str, Any]:
    return {
        "allies": countries.members(),
        "json_url": _json_url(request),
        "bundle_version": request.app.state.bundle.version,
        "path": request.url.path,
    }


def _suggestion_links(exc: MilexError) -> list[tuple[str, str]]:
    """Close matches of an unknown country as (label, ally page URL)."""
    if not isinstance(exc, UnknownCountryError):
        return []
    links = []
    for label in exc.suggestions:
        found = re.search(r"\(([A-Z0-9_]+)\)$", label)
        links.append((label, f"/ally/{found.group(1) if found else quote(label)}"))
    return links


def _render(request: Request, build: Callable[[], Page | Response]) -> Response:
    """The page as HTML or, with format=json, its data; milex's errors as an error page."""
    as_json = False
    try:
        as_json = _wants_json(request.query_params)
        page = build()
        if isinstance(page, Response):
            return page
    except MilexError as exc:
        status = status_of(exc)
        if as_json:
            extra = {"suggestions": exc.suggestions} if isinstance(exc, UnknownCountryError) else {}
            return JSONResponse(error_body(status, str(exc), **extra), status_code=status)
        context = {
            **_base_context(request),
            "title": f"Error {status}",
            "status": status,
            "message": str(exc),
            "suggestions": _suggestion_links(exc),
        }
        return TEMPLATES.TemplateResponse(request, "error.html", context, status_code=status)
    if as_json:
        return JSONResponse({"ok": True, **page.data, "charts": [c.to_json() for c in page.charts]})
    context = {
        **_base_context(request),
        **page.context,
        "title": page.title,
        "charts": {c.name: c for c in page.charts},
    }
    return TEMPLATES.TemplateResponse(request, page.template, context, status_code=page.status)


def install(app: FastAPI) -> None:
    """Register the pages, their chart and CSV endpoints, and the static files."""
    json_error = app.exception_handlers[HTTPException]

    @app.exception_handler(HTTPException)
    async def page_error(request: Request, exc: HTTPException) -> Response:
        """An unknown page in a browser gets the site's error page; the API and other clients
        get the JSON error."""
        wants_html = "text/html" in request.headers.get("accept", "")
        if request.url.path.startswith("/api/") or not wants_html:
            answer = json_error(request, exc)
            return await answer if inspect.isawaitable(answer) else answer
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"there is no page at {request.url.path}"
        context = {
            **_base_context(request),
            "title": f"Error {exc.status_code}",
            "status": exc.status_code,
            "message": message,
            "suggestions": [],
        }
        return TEMPLATES.TemplateResponse(
            request, "error.html", context, status_code=exc.status_code
        )

    @app.get("/docs", include_in_schema=False)
    def api_docs(request: Request) -> Response:
        """The JSON API's documentation (Swagger UI, from the package) under the site's header;
        its JSON twin is the OpenAPI description."""
        context = {
            **_base_context(request),
            "json_url": "/openapi.json",
            "title": "JSON API",
            "charts": {},
        }
        return TEMPLATES.TemplateResponse(request, "docs.html", context)

    @app.get("/", include_in_schema=False)
    def overview(request: Request) -> Response:
        return _render(request, lambda: _overview(_queries(request), Args.of(request.query_params)))

    @app.get("/ally", include_in_schema=False)
    def ally_picker(request: Request) -> Response:
        """The nav's ally picker (a GET form): on to the ally's page by its code."""

        def chosen() -> Response:
            name = _text(request.query_params.get("country"), "country")
            if name is None:
                raise InvalidQueryError("country: give a name or code (e.g. Poland, POL)")
            url = f"/ally/{quote(countries.get(name).iso3)}"
            if _wants_json(request.query_params):
                url += "?format=json"
            return RedirectResponse(url, status_code=303)

        return _render(request, chosen)

    @app.get("/ally/{country}", include_in_schema=False)
    def ally(request: Request, country: str) -> Response:
        def build() -> Page:
            name = _text(country, "country")
            return _ally(_queries(request), name or "")

        return _render(request, build)

    @app.get("/pathways", include_in_schema=False)
    def pathways(request: Request) -> Response:
        return _render(request, lambda: _pathways(_queries(request), Args.of(request.query_params)))

    @app.get("/check", include_in_schema=False)
    def check_form(request: Request) -> Response:
        return _render(request, lambda: _check(_queries(request), None))

    @app.post("/check", include_in_schema=False)
    async def check_text(request: Request) -> Response:
        limit = request.app.state.settings.max_body_bytes
        form = await request.form(max_files=0, max_fields=8, max_part_size=limit)
        # Checking a long text takes a moment: off the event loop, like the sync pages.
        as_json = (request.query_params.get("format") or "").strip().lower() == "json"
        return await run_in_threadpool(
            _render, request, lambda: _check(_queries(request), form, as_json)
        )

    @app.get("/scenarios", include_in_schema=False)
    def scenarios_page(request: Request) -> Response:
        def build() -> Page:
            params = request.query_params
            args = ScenarioArgs.of(params)
            return _scenarios(
                request.app.state.store,
                args,
                run=args.example is not None,
                as_json=_wants_json(params),
            )

        return _render(request, build)

    @app.post("/scenarios", include_in_schema=False)
    async def scenarios_run(request: Request) -> Response:
        limit = request.app.state.settings.max_body_bytes
        upload = None
        # Closed on leaving the block: an uploaded file is spooled to a temporary file.
        async with request.form(max_files=1, max_fields=16, max_part_size=limit) as form:
            file = form.get("file")
            if isinstance(file, UploadFile):
                # Read here, on the event loop; the run goes to a thread like the sync pages.
                content = await file.read(scenarios.MAX_UPLOAD_BYTES + 1)
                upload = Upload(Path(file.filename or "").name[:MAX_TEXT], content)
            elif file is not None:
                upload = Upload("", b"")  # a text field named file: no file chosen
            fields = {k: v for k, v in form.items() if k != "file"}
        as_json = (request.query_params.get("format") or "").strip().lower() == "json"

        def build() -> Page:
            args = ScenarioArgs.of(fields)
            return _scenarios(
                request.app.state.store, args, run=True, upload=upload, as_json=as_json
            )

        return await run_in_threadpool(_render, request, build)

    @app.get("/static/check.css", include_in_schema=False)
    def check_css() -> Response:
        return Response(claim_render.css(), media_type="text/css; charset=utf-8")

    @app.get("/sources", include_in_schema=False)
    def sources(request: Request) -> Response:
        return _render(request, lambda: _sources(_queries(request)))

    @app.get("/chart/{name}.json", include_in_schema=False)
    def chart_spec(request: Request, name: str) -> JSONResponse:
        _chart_builder(name)
        spec = _spec(request.app.state.store, name, _chart_args(name, request.query_params))
        return JSONResponse(spec)

    @app.get("/data/{name}.csv", include_in_schema=False)
    def chart_csv(request: Request, name: str) -> Response:
        args = _chart_args(name, request.query_params)
        data = _chart_builder(name)(request.app.state.store, args)
        return Response(
            _csv(data.table),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="milex-{name}.csv"'},
        )

    @app.get("/static/vega.js", include_in_schema=False)
    def vega_bundle(request: Request) -> Response:
        bundle: assets.Bundle = request.app.state.bundle
        headers = {"Cache-Control": BUNDLE_CACHE, "Vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(bundle.gzipped, media_type="application/javascript", headers=headers)
        return Response(bundle.plain, media_type="application/javascript", headers=headers)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
