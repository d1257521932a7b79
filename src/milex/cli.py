"""The ``milex`` command line. Each command is a thin wrapper over a library call; errors are
mapped to messages and exit codes in one place (:func:`main`).

Built on click rather than typer: typer's parameter coercion imports pydantic, which would
cost ~100 ms on every start and lose the CLI's race against ``import pandas``.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from milex import errors
from milex.render import FORMATS, render, render_object
from milex.session import Milex
from milex.table import Table, pivot

F = TypeVar("F", bound=Callable[..., Any])
# The series `milex show` puts in its table view, with short column labels.
DEFAULT_SQL_ROWS = 10_000
HEADLINE = {
    "share_gdp": "%GDP",
    "usd_current_million": "USD m",
    "equipment_share": "equip%",
    "gdp_usd_current_billion": "GDP USD bn",
    "real_gdp_growth_pct": "growth%",
    "gg_debt_pct_gdp": "gov debt%",
    "gg_net_lending_pct_gdp": "gov balance%",
}


def format_option(func: F) -> F:
    """--format, shared by every command that prints data."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="table (aligned; rich in a terminal), csv (header row) or json (one object: "
        "title, columns, rows, notes and each column's metadata).",
    )(func)


def release_options(func: F) -> F:
    """--release and --as-of: which vintage to read."""
    func = click.option(
        "--as-of",
        metavar="DATE",
        help="Use the newest release published on or before DATE (YYYY-MM-DD).",
    )(func)
    return click.option(
        "--release",
        "-r",
        metavar="ID",
        shell_complete=_complete_releases,
        help="A release id (nato-2025-08, sipri-2026) or latest.",
    )(func)


class AliasOption(click.Option):
    """An option with old spellings that still work for a release but are not shown in
    --help (``hidden_names``)."""

    def __init__(self, *args: Any, hidden_names: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hidden_names = hidden_names

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        shown, self.opts = self.opts, [o for o in self.opts if o not in self.hidden_names]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = shown


def _complete_countries(_: click.Context, __: click.Parameter, text: str) -> list[str]:
    from milex.data import countries

    prefix = text.rsplit(",", 1)[-1].lower()
    head = text[: len(text) - len(prefix)]
    names = [c.iso3 for c in countries.all_countries()] + [
        c.name for c in countries.all_countries()
    ]
    return [head + n for n in names if n.lower().startswith(prefix)][:50]


def _complete_releases(_: click.Context, __: click.Parameter, text: str) -> list[str]:
    try:
        return [r for r in _db().tables.release_ids() if r.startswith(text)]
    except errors.MilexError:
        return []


def _complete_indicators(_: click.Context, __: click.Parameter, text: str) -> list[str]:
    from milex.data.indicators import indicator_ids

    return sorted(i for i in indicator_ids() if i.startswith(text))


def country_option(func: F) -> F:
    """--country/-c, as everywhere: repeat it or give a comma list (--countries still works)."""
    return click.option(
        "--country",
        "-c",
        "--countries",
        "country",
        cls=AliasOption,
        hidden_names=("--countries",),
        multiple=True,
        metavar="NAME",
        shell_complete=_complete_countries,
        help="A country (name, alias or code: Poland, POL, Türkiye); repeat it or give a "
        "comma list (POL,DEU). Default: all.",
    )(func)


def _countries(given: tuple[str, ...], legacy: tuple[str, ...] = ()) -> str | None:
    """The countries given (as --country, or the old positional form), as one comma list."""
    joined = ",".join(part for part in (*given, *legacy) if part.strip())
    return joined or None


def years_options(first_default: int | None = None) -> Callable[[F], F]:
    """--from and --to: the years to show (--start/--end/--since still work)."""

    def wrap(func: F) -> F:
        func = click.option(
            "--to",
            "--end",
            "to_year",
            cls=AliasOption,
            hidden_names=("--end",),
            type=int,
            metavar="YEAR",
            help="Last year.",
        )(func)
        return click.option(
            "--from",
            "--start",
            "--since",
            "from_year",
            cls=AliasOption,
            hidden_names=("--start", "--since"),
            type=int,
            metavar="YEAR",
            default=first_default,
            show_default=first_default is not None,
            help="First year (1949 for SIPRI's long run).",
        )(func)

    return wrap


def commitment_option(default: str, help_text: str, old_short: bool = False) -> Callable[[F], F]:
    """--commitment/-t, as everywhere (gap's old -c still works there)."""
    names = ("--commitment", "-t", "-c") if old_short else ("--commitment", "-t")
    return click.option(
        *names,
        "target",
        cls=AliasOption,
        hidden_names=("-c",),
        default=default,
        show_default=True,
        help=help_text,
    )


def engine_options(func: F) -> F:
    """--engine and --scheduler: where the parallel work runs."""
    func = click.option(
        "--scheduler",
        metavar="ADDRESS",
        help="With --engine dask: the scheduler of a running cluster (tcp://HOST:PORT, or a "
        "scheduler file); default: a local cluster of processes started for the run. Workers "
        "need milex installed; the store file is sent to each of them (no shared disk needed).",
    )(func)
    return click.option(
        "--engine",
        type=click.Choice(["local", "dask"]),
        default="local",
        show_default=True,
        help="local: this machine's processes; dask: a Dask cluster (needs pip install "
        "'milex[dask]'). The output is the same.",
    )(func)


def _db() -> Milex:
    return Milex()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="milex")
def app() -> None:
    """NATO defence spending with official figures and their sources.

    \b
    Start here:
      milex status                          who spends what share of GDP (latest edition)
      milex status --year 2024 --as-of 2025-04-03
                                            ... as NATO's figures stood on that date
      milex show -c Poland                  one ally's series across NATO, SIPRI and IMF
      milex series -c DEU,FRA -i share_gdp  one indicator, long format, with provenance
      milex revisions --from nato-2024-06 --to nato-2025-08
                                            what NATO revised between two editions
      milex sources                         where every number comes from, and licences
      milex check article.txt --date 2025-04-03
                                            are the numbers in a text right, then and now?

    Every command that prints data takes --format table|csv|json. The same names
    everywhere: --country/-c (repeat it or give a comma list), --commitment/-t,
    --release/-r, --indicator/-i, --from/--to for years, as in the API's query strings.

    \b
    Shell completion (commands, options, countries, releases, indicators):
      eval "$(_MILEX_COMPLETE=bash_source milex)"     (bash; zsh_source, fish_source)

    \b
    Exit codes: 0 done; 1 a check failed (validate) or a run was stopped;
    2 a bad argument or file; 3 no figures answer the question;
    4 the store is missing or damaged (milex build mends it).
    """


@app.command()
@click.option("--year", "-y", type=int, help="Year (default: the latest year of the release).")
@release_options
@format_option
def status(year: int | None, release: str | None, as_of: str | None, fmt: str) -> None:
    """Every ally's defence spending as % of GDP in a year: rank, change, meets 2%.

    Reads one NATO edition (default: the newest that covers the year) and adds the NATO and
    NATO Europe & Canada aggregates. Iceland has no armed forces and no NATO figure.

    \b
    Examples:
      milex status --year 2024 --release nato-2025-08 --format csv
      milex status --year 2024 --as-of 2025-04-03      (the June 2024 edition)
    """
    render(_db().tables.status(year, release, as_of), fmt)


@app.command()
@click.argument("legacy", nargs=-1, metavar="")
@country_option
@years_options(first_default=2014)
@format_option
def show(
    legacy: tuple[str, ...],
    country: tuple[str, ...],
    from_year: int,
    to_year: int | None,
    fmt: str,
) -> None:
    """One country's series across sources (latest release of each), with provenance.

    The country is any name, alias, demonym or code: Türkiye, turkey, TUR. The table view
    shows the headline series by year; csv and json give every series in long format with
    unit, release, table and source URL on each row.

    \b
    Examples:
      milex show -c Türkiye --from 2021
      milex show -c POL --format csv
    """
    chosen = _countries(country, legacy)
    if chosen is None or "," in chosen:
        raise click.UsageError("give one country with --country/-c (e.g. -c Poland)")
    table = _db().tables.show(chosen, from_year, to_year)
    if fmt != "table":
        render(table, fmt)
        return
    at = table.columns.index("indicator")
    headline = Table(
        table.columns,
        [(*r[:at], HEADLINE[r[at]], *r[at + 1 :]) for r in table.rows if r[at] in HEADLINE],
        table.title,
    )
    wide = pivot(headline, "year", ["indicator", "release"], "value")
    tables: dict[tuple[str, str], list[str]] = {}
    for release, table_name, url in sorted({(r[10], r[11], r[12]) for r in headline.rows}):
        tables.setdefault((release, url), []).append(table_name)
    wide.notes = table.notes + [
        f"{release} {', '.join(names)}: {url}" for (release, url), names in tables.items()
    ]
    wide.notes.append("Every series, with units and flags: add --format csv")
    render(wide, fmt)


def indicator_option(default: str | None) -> Callable[[F], F]:
    return click.option(
        "--indicator",
        "-i",
        default=default,
        show_default=default is not None,
        shell_complete=_complete_indicators,
        help="share_gdp, usd_current_million, usd_constant_million, equipment_share, ... "
        "(milex sources --series lists them)",
    )


@app.command()
@country_option
@indicator_option("share_gdp")
@click.option("--source", help="nato, sipri, imf or census (default: latest release of each).")
@release_options
@years_options()
@format_option
def series(
    country: tuple[str, ...],
    indicator: str,
    source: str | None,
    release: str | None,
    as_of: str | None,
    from_year: int | None,
    to_year: int | None,
    fmt: str,
) -> None:
    """One indicator for some countries: a row per country and year, with provenance.

    \b
    Examples:
      milex series -c POL -i share_gdp --source sipri --from 1990
      milex series -c "United Kingdom" -c France -i usd_constant_million -r nato-2026-07
    """
    table = _db().tables.series(
        _countries(country), indicator, source, release, as_of, from_year, to_year
    )
    render(table, fmt)


@app.command()
@click.option(
    "--from",
    "from_release",
    required=True,
    metavar="ID",
    shell_complete=_complete_releases,
    help="The older release.",
)
@click.option(
    "--to",
    "to_release",
    required=True,
    metavar="ID",
    shell_complete=_complete_releases,
    help="The newer release.",
)
@indicator_option("share_gdp")
@country_option
@click.option("--all", "include_added", is_flag=True, help="Also cells only one release holds.")
@format_option
def revisions(
    from_release: str,
    to_release: str,
    indicator: str,
    country: tuple[str, ...],
    include_added: bool,
    fmt: str,
) -> None:
    """Cells that changed between two releases, with old and new values (--from and --to
    name releases here: milex releases lists them).

    \b
    Example:
      milex revisions --from nato-2024-06 --to nato-2025-08 -c POL
    """
    table = _db().tables.revisions(
        from_release, to_release, indicator, _countries(country), include_added
    )
    render(table, fmt)


def chart_option(func: F) -> F:
    """--chart FILE: also draw the chart, offline, to PNG, SVG or PDF."""
    return click.option(
        "--chart",
        "chart_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Also write the chart to FILE (.png, .svg or .pdf), rendered offline.",
    )(func)


@contextmanager
def _readable(path: Path | None, name: str = "stdin") -> Iterator[Path | None]:
    """The file to read: the path as given, or for "-" what standard input holds (kept in a
    temporary file called ``name``, so that messages name it)."""
    if path is None or str(path) != "-":
        yield path
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="milex-stdin-") as folder:
        kept = Path(folder) / name
        with kept.open("wb") as handle:
            shutil.copyfileobj(sys.stdin.buffer, handle)
        try:
            yield kept
        except errors.ValidationError as exc:
            if type(exc) is not errors.ValidationError or str(kept) not in str(exc):
                raise
            # The file is standard input: say so, not the temporary copy's path.
            raise errors.ValidationError(str(exc).replace(str(kept), name)) from None


def commitments_option(func: F) -> F:
    """--commitments FILE: a user's own commitments, added to the bundled ones."""
    return click.option(
        "--commitments",
        "commitments_file",
        type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
        help="A YAML file of your own commitments (same format as the bundled one; - reads "
        "standard input).",
    )(func)


@app.command()
@commitments_option
@format_option
def commitments(commitments_file: Path | None, fmt: str) -> None:
    """The commitments milex knows: NATO guidelines, summit pledges, national pledges and
    2025 rhetoric, each as measurable targets with short ids (2pct, equipment-20, hague-core,
    hague-total)."""
    from milex import analysis

    with _readable(commitments_file, "stdin.yaml") as readable:
        table = analysis.commitments(_db().tables, readable)
    if fmt == "table":
        table = table.select(
            [
                "short_id",
                "id",
                "status",
                "metric",
                "threshold",
                "comparator",
                "deadline_year",
                "applies_to",
            ]
        )
    render(table, fmt)


@app.command()
@commitment_option(
    "2pct", "A short id (2pct, equipment-20, hague-core, hague-total) or a full id.", True
)
@click.option("--year", "-y", type=int, help="Year (default: the latest of the release).")
@release_options
@commitments_option
@chart_option
@format_option
def gap(
    target: str,
    year: int | None,
    release: str | None,
    as_of: str | None,
    commitments_file: Path | None,
    chart_path: Path | None,
    fmt: str,
) -> None:
    """Who meets a commitment in a year, and the gap in points and in money.

    Money gaps: current and constant (2021) US dollars, euros, national currency and per
    head, with totals for all allies, NATO Europe & Canada and the EU allies.

    \b
    Examples:
      milex gap --commitment hague-core
      milex gap --commitment 2pct --year 2024 --release nato-2025-08 --format csv
      milex gap -t hague-core --chart gap.png
    """
    from milex import analysis

    with _readable(commitments_file, "stdin.yaml") as readable:
        table = analysis.gap(_db().tables, target, year, release, as_of, readable)
    render(table, fmt)
    if chart_path:
        from milex import charts

        frame = table.to_pandas().rename(columns={table.columns[3]: "share_gdp"})
        source = table.notes[0] if table.notes else None
        written = charts.export(
            charts.gap_chart(frame, title=table.title, source=source), chart_path
        )
        click.echo(f"chart written to {written}", err=True)


@app.command()
@click.argument("legacy", nargs=-1, metavar="")
@country_option
@commitment_option(
    "hague-core", "A share-of-GDP target: hague-core, hague-total, 2pct (with --deadline), ..."
)
@click.option(
    "--shape",
    type=click.Choice(["linear", "constant-growth", "front-loaded"]),
    default="linear",
    show_default=True,
    help="How the share rises to the target.",
)
@click.option(
    "--growth",
    "growth",
    multiple=True,
    metavar="PCT|COUNTRY=PCT",
    help="Real GDP growth %/yr after the IMF's last year, for every ally (1.5) or one "
    "(DEU=0.8); repeatable (default: each ally's last IMF projection).",
)
@click.option(
    "--deflator",
    type=float,
    help="US-dollar deflator %/yr after the IMF's last year (default: 2).",
)
@click.option(
    "--fx",
    multiple=True,
    metavar="COUNTRY=RATE",
    help="National currency per US dollar from the year after the start (POL=4.1); "
    "repeatable (default: held at the start year's rate).",
)
@click.option(
    "--assumptions",
    "assumptions_file",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    help="A YAML file of overrides (growth, deflator, fx; docs/pathways.md); the "
    "options above go on top.",
)
@click.option(
    "--include-episodes",
    is_flag=True,
    help="Count war and rearmament episodes (Korea 1950-55, ...) in the peacetime record.",
)
@click.option("--deadline", type=int, help="Override the target's deadline year.")
@click.option(
    "--release",
    "-r",
    metavar="ID",
    shell_complete=_complete_releases,
    help="The NATO edition to start from.",
)
@click.option(
    "--years",
    "show_years",
    is_flag=True,
    help="Print every year of every path (default: one line per ally).",
)
@click.option(
    "--evidence",
    "show_evidence",
    is_flag=True,
    help="Print the evidence behind each verdict, one line per piece, with its score.",
)
@commitments_option
@chart_option
@format_option
def pathway(
    legacy: tuple[str, ...],
    country: tuple[str, ...],
    target: str,
    shape: str,
    growth: tuple[str, ...],
    deflator: float | None,
    fx: tuple[str, ...],
    assumptions_file: Path | None,
    include_episodes: bool,
    deadline: int | None,
    release: str | None,
    show_years: bool,
    show_evidence: bool,
    commitments_file: Path | None,
    chart_path: Path | None,
    fmt: str,
) -> None:
    """What an ally (or all) must spend each year to reach a target by its deadline, in
    NATO's own dollars, and whether that is realistic.

    Allies with --country/-c (default: all). Money is NATO's own (Table 2 spending, Table 5
    GDP) in the start year, grown with IMF real growth and a stated deflator; every
    assumption is printed and can be overridden. The verdict (on-track, credible,
    stretched, implausible) weighs the recent trend of real spending, the ally's peacetime
    record, the alliance's, its own pledges and positions, and its fiscal room, and prints
    the evidence (docs/pathways.md).

    \b
    Examples:
      milex pathway -c Spain --commitment hague-core
      milex pathway --commitment hague-core --format csv --years
      milex pathway -c DEU,ITA --growth DEU=1.2 --deflator 2.5
      milex pathway -c Spain --evidence
      milex pathway -c POL -c DEU --shape front-loaded --chart pathway.svg
    """
    from milex import analysis
    from milex.data import assumptions
    from milex.data import countries as known

    with _readable(assumptions_file, "stdin.yaml") as readable:
        given = assumptions.load(readable) if readable else assumptions.Overrides()
    given = given.merged(assumptions.from_options(growth, deflator, fx))
    chosen = _countries(country, legacy)
    who = "all" if chosen is None or chosen.strip().lower() == "all" else chosen
    if who != "all":
        for name in who.split(","):
            if (
                known.find(name.strip()) is None
                and name.strip() in _db().tables.short_ids().values()
            ):
                raise errors.InvalidQueryError(
                    f"{name.strip()!r} is a commitment: -c is --country; give a commitment with "
                    f"-t/--commitment {name.strip()}"
                )
    with _readable(commitments_file, "stdin.yaml") as readable:
        report = analysis.pathways(
            _db().tables,
            who,
            target,
            shape,
            release=release,
            deadline=deadline,
            commitments_file=readable,
            overrides=given,
            include_episodes=include_episodes,
        )
    if fmt == "json":
        render_object(report.to_json())
    elif show_evidence:
        render(report.evidence_table(), fmt)
    else:
        render(report.years_table() if show_years else report.summary_table(), fmt)
    if chart_path:
        from milex import charts

        frame = report.chart_rows().to_pandas()
        written = charts.export(
            charts.pathway_chart(frame, title=report.title(), source=report.all_notes()[-1]),
            chart_path,
        )
        click.echo(f"chart written to {written}", err=True)


@app.command()
@click.option(
    "--origin",
    type=click.IntRange(2014, 2023),
    multiple=True,
    help="The year the test is run as of (repeatable; default: 2014 and 2019).",
)
@click.option(
    "--include-episodes",
    is_flag=True,
    help="Count war and rearmament episodes (Korea 1950-55, ...) in the peacetime record.",
)
@format_option
def backtest(origin: tuple[int, ...], include_episodes: bool, fmt: str) -> None:
    """Hold the realism verdict against history: the test as it would have run in 2014 on the
    Wales pledge (2% of GDP within a decade), against who reached 2% by 2024.

    For each ally below 2% at the origin, the verdict uses figures for years up to the origin
    only; each row says whether the ally then reached 2% (NATO's newest edition measuring
    total defence expenditure). The notes give per verdict how many reached it, and the
    accuracy and Brier score against the naive "everyone fails".

    \b
    Examples:
      milex backtest
      milex backtest --origin 2019 --format csv
    """
    from milex.backtest import backtest as run

    reports = [
        run(_db().tables, year, include_episodes=include_episodes)
        for year in origin or (2014, 2019)
    ]
    if fmt == "json":
        render_object([r.to_json() for r in reports])
    elif fmt == "csv":
        tables = [r.table() for r in reports]
        render(
            Table(
                tables[0].columns,
                [row for t in tables for row in t.rows],
                notes=[n for t in tables for n in t.notes],
            ),
            fmt,
        )
    else:
        shown = [
            "iso3",
            "origin",
            "start_share",
            "required_real_growth_pct",
            "verdict",
            "score",
            "reached",
            "outcome_share",
        ]
        for index, report in enumerate(reports):
            if index:
                click.echo()
            render(report.table().select(shown), fmt)


@app.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option(
    "--draws",
    type=click.IntRange(0, 100_000_000),
    help="Monte Carlo draws (default: the file's, else 1,000; 0 for none; at most "
    "100,000,000). Memory stays flat (about 150 MB a process) however many; time grows with "
    "them: about 10 s per million draws per core on a 2-core Xeon.",
)
@click.option("--seed", type=click.IntRange(0), help="Random seed (default: the file's, else 0).")
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    help="Processes for the Monte Carlo (default: every core). The output is the same "
    "to the byte whatever the number.",
)
@engine_options
@click.option("--bands", is_flag=True, help="Print the P5/P50/P95 bands per ally and year.")
@click.option("--changes", is_flag=True, help="Print only what the scenario changes.")
@click.option(
    "--tariffs",
    "tariff_years",
    is_flag=True,
    help="Print the effective tariff rate, GDP level loss and growth hit per ally and year.",
)
@format_option
def scenario(
    file: Path,
    draws: int | None,
    seed: int | None,
    workers: int | None,
    engine: str,
    scheduler: str | None,
    bands: bool,
    changes: bool,
    tariff_years: bool,
    fmt: str,
) -> None:
    """What if: tariffs, GDP and exchange-rate shocks, a US drawdown, a shopping list.

    FILE is a scenario in YAML (examples/ has three; - reads standard input), layered on an
    IMF vintage (its baseline). Every ally's GDP, spending on its path to the commitment and
    extra obligations are compared with the baseline; a Monte Carlo gives the probability of
    reaching the target and P5/P50/P95 bands. Same seed, same result, to the byte, on one
    process, several (--workers) or a Dask cluster (--engine dask [--scheduler ADDRESS]).

    \b
    Examples:
      milex scenario examples/tariffs-2025-04-02.yaml
      milex scenario examples/tariffs-2025-04-02.yaml --tariffs --format csv
      milex scenario examples/us-drawdown-half.yaml --draws 10000000 --seed 7 --bands
      milex scenario examples/us-drawdown-half.yaml --draws 100000000 --engine dask \\
          --scheduler tcp://10.0.0.5:8786
    """
    import os

    from milex import cluster as engines
    from milex import scenario as scenarios
    from milex.data.scenarios import load

    with _readable(file, "stdin.yaml") as readable:
        assert readable is not None
        spec = load(readable)
    total = spec.montecarlo.draws if draws is None else draws
    workers = workers or os.cpu_count() or 1
    with (
        engines.connect(engine, scheduler, workers) as cluster,
        _progress(quiet=not total) as step,
    ):
        report = scenarios.run(
            _db().tables,
            spec,
            draws,
            seed,
            (lambda done, of: step("Monte Carlo", done, of)) if step else None,
            workers,
            cluster,
        )
    if fmt == "json":
        render_object(report.to_json())
        return
    if bands:
        render(report.bands_table(), fmt)
    elif changes:
        render(report.changes_table(), fmt)
    elif tariff_years:
        render(report.tariffs_table(), fmt)
    else:
        render(report.allies_table(), fmt)


@app.command()
@click.option("--source", help="Only this source (nato, sipri, imf, census).")
@format_option
def releases(source: str | None, fmt: str) -> None:
    """The releases (vintages) in the store, with publication dates and row counts."""
    table = _db().tables.releases(source)
    if fmt == "table":
        table = table.select(["release", "source", "title", "published", "rows"])
    render(table, fmt)


@app.command()
@click.option(
    "--series",
    "by_series",
    is_flag=True,
    help="One row per series of each release: indicator, table, unit, price base, years.",
)
@click.option(
    "--release", "-r", shell_complete=_complete_releases, help="With --series: only this release."
)
@format_option
def sources(by_series: bool, release: str | None, fmt: str) -> None:
    """Where every number comes from: publisher, URL, licence and provenance.

    \b
    Examples:
      milex sources
      milex sources --series --release imf-weo-2026-04
    """
    if release and not by_series:
        raise click.UsageError("--release goes with --series")
    if by_series:
        table = _db().tables.series_list(release)
        if fmt == "table":
            table = table.select(
                ["release", "indicator", "table", "unit", "price_base", "first_year", "last_year"]
            )
        render(table, fmt)
        return
    table = _db().tables.sources()
    if fmt == "table":
        table = table.select(["release", "title", "published", "url", "licence"])
    render(table, fmt)


@app.command()
@click.argument("releases", nargs=-1, metavar="[RELEASE ...|all]")
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write to (made if needed; files of the same name are replaced).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet"]),
    default="csv",
    show_default=True,
    help="csv, or parquet (needs pyarrow: pip install 'milex[parquet]').",
)
@click.option(
    "--datasette-metadata",
    is_flag=True,
    help="Also write metadata.json for `datasette <store> -m metadata.json`.",
)
def export(releases: tuple[str, ...], out: Path, fmt: str, datasette_metadata: bool) -> None:
    """Take releases out whole: one tidy file per release (every figure, in the format
    `milex import csv` reads back), what each does not give and why, and a Frictionless
    datapackage.json with types, units, sources, licences, dates and SHA-256s.

    RELEASE is a release id (milex releases); none or "all" exports every release.

    \b
    Examples:
      milex export nato-2026-07 --out data/
      milex export all --format parquet --out data/ --datasette-metadata
      frictionless validate data/datapackage.json
    """
    from milex import export as exporting

    written = exporting.export(_db().tables, list(releases), out, fmt, datasette_metadata)
    render(
        Table(
            ["file", "rows", "bytes", "sha256"],
            [(str(w.path), w.rows, w.bytes, w.sha256) for w in written],
            title=f"Exported {len(written) - 1 - datasette_metadata} files to {out}",
        ),
        "table",
    )


@app.command()
@click.option(
    "--release",
    "-r",
    shell_complete=_complete_releases,
    help="Only this release (e.g. nato-2025-08).",
)
@indicator_option(None)
@country_option
@click.option(
    "--why",
    type=click.Choice(["not_published", "not_held"]),
    help="not_published: the publisher gave no figure; not_held: milex's copy lacks it.",
)
@format_option
def missing(
    release: str | None,
    indicator: str | None,
    country: tuple[str, ...],
    why: str | None,
    fmt: str,
) -> None:
    """Figures a release's tables cover that the store lacks, and why.

    Two different facts: the publisher published no figure (Iceland has no armed forces;
    Germany's 2025 budget was pending), or it did and milex's copy does not have it (import the
    publisher's file with `milex import` to complete it).

    \b
    Examples:
      milex missing --release nato-2025-08
      milex missing --why not_held --format csv
    """
    render(_db().tables.missing(release, indicator, _countries(country), why), fmt)


@app.command()
@click.option("--kind", type=click.Choice(["country", "former", "aggregate"]))
@format_option
def countries(kind: str | None, fmt: str) -> None:
    """Countries milex knows: codes, names, NATO and EU membership, currency."""
    render(_db().tables.countries(kind), fmt)


@app.command()
@format_option
def validate(fmt: str) -> None:
    """Run the validation checks on the store; exit 1 if any check fails.

    Errors fail; warnings and info (e.g. NATO and SIPRI differing by more than 0.5 points)
    are reported only. Named exceptions for real outliers are listed as info.
    """
    findings = _db().validate()
    counts = {
        level: sum(1 for f in findings if f.level == level)
        for level in ("error", "warning", "info")
    }
    table = Table(
        ["level", "check", "message"],
        [(f.level, f.check, f.message) for f in findings],
        title="Validation: " + ", ".join(f"{n} {level}" for level, n in counts.items()),
    )
    render(table, fmt)
    if counts["error"]:
        sys.exit(1)


@app.command()
@click.argument("statement")
@click.option(
    "--limit",
    type=click.IntRange(0),
    help="Print at most N rows (0: all). Without it a result over 10,000 rows is refused.",
)
@click.option("--timeout", type=float, default=5.0, show_default=True, help="Seconds.")
@format_option
def sql(statement: str, limit: int | None, timeout: float, fmt: str) -> None:
    """Run one read-only SELECT against the store.

    Tables: facts (every value with its provenance: a view), observations, releases,
    series, indicators, countries, missing (figures a release does not give, and why),
    notes, targets (the commitments), us_troops, us_tariffs, datasets. Writes, ATTACH,
    PRAGMA writes and multiple statements are refused. Nothing is cut silently: a result
    over 10,000 rows needs --limit (N rows, or 0 for all); a result cut by --limit says so.

    \b
    Example:
      milex sql "SELECT iso3, value FROM facts WHERE release_id = 'nato-2025-08'
                 AND year = 2024 AND indicator = 'share_gdp' ORDER BY value DESC LIMIT 5"
    """
    table = _db().tables.sql(
        statement, DEFAULT_SQL_ROWS if limit is None else limit or None, timeout
    )
    if table.truncated and limit is None:
        raise errors.InvalidQueryError(
            f"sql: the result has more than {DEFAULT_SQL_ROWS:,} rows and nothing was printed; "
            "give --limit N for the first N rows, or --limit 0 for all of them (or milex "
            "export for whole releases)"
        )
    render(table, fmt)


def _date_option(_: click.Context, __: click.Parameter, value: str | None) -> date | None:
    """--date as a date, checked before any text is read."""
    from milex.data.query import parse_date

    try:
        return parse_date(value, "--date")
    except errors.InvalidQueryError as exc:
        raise click.BadParameter(str(exc).removeprefix("--date: ")) from None


@app.command()
@click.argument("sources", metavar="FILE|DIR|GLOB|-...", nargs=-1, required=True)
@click.option(
    "--date",
    "text_date",
    metavar="YYYY-MM-DD",
    callback=_date_option,
    help="The texts' publication date (default: the date each states, else today; a JSON "
    "Lines record's own date wins).",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write an annotated HTML report to FILE (one document only; no scripts).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to check several documents on (default: all cores); with --engine dask "
    "and no --scheduler, the local cluster's worker processes.",
)
@engine_options
@click.option(
    "--parquet",
    "parquet_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the claims to a Parquet file instead of printing them: one row per claim with "
    "its document, date and verdicts (needs pyarrow: pip install 'milex[parquet]'); the "
    "summary is printed.",
)
@format_option
def check(
    sources: tuple[str, ...],
    text_date: date | None,
    html_path: Path | None,
    jobs: int | None,
    engine: str,
    scheduler: str | None,
    parquet_path: Path | None,
    fmt: str,
) -> None:
    """Are the numbers in these texts right, as of their dates and as of today?

    Each FILE is plain UTF-8 text or an HTML page (.html/.htm, or text starting with '<'); a
    DIR adds its .txt/.md/.html/.jsonl/.parquet files, a GLOB ('archive/*.txt') the files it
    matches, a .jsonl file one document per line ({"id", "date", "text"}), a .parquet file one
    per row (columns id, date, text); - reads standard input. Each claim about defence
    spending (shares of GDP, allies meeting a target, ranks, membership counts, amounts, US
    trade deficits, growth, commitments, US tariffs) gets two verdicts: accurate,
    roughly_accurate, inaccurate or unverifiable, against the figures published by the text's
    date and against the latest, with the cell it rests on (and, when unverifiable, why). One
    row per claim, with the document it came from, in the documents' order, whether they are
    checked on all cores (--jobs) or a Dask cluster (--engine dask: partitions of 100
    documents go to the workers; each gets a copy of the store file and opens it read-only).
    Exits 0 whatever the verdicts (it is a report); 2 for a file it cannot read.

    \b
    Examples:
      milex check article.txt --date 2025-04-03
      milex check page.html --format json
      milex check archive/ 'more/*.txt' news.jsonl --format csv --jobs 2
      milex check news.parquet --engine dask --scheduler tcp://10.0.0.5:8786 --parquet out.parquet
      curl -s URL | milex check - --html report.html
    """
    import itertools

    from milex import claims
    from milex import cluster as engines
    from milex.claims import archive

    stdin = sys.stdin.buffer.read() if archive.STDIN in sources else None
    found = archive.documents(sources, text_date, stdin)
    head = list(itertools.islice(found, 2))  # one document or several: the rest is streamed
    docs = itertools.chain(head, found)
    if html_path and len(head) != 1:
        raise errors.InvalidQueryError(
            f"--html: writes the report of one document; {len(head) + sum(1 for _ in found)} "
            "were given"
        )
    db = _db()
    db.tables.release_ids()  # the store is built (if need be) once, before any worker opens it
    store_path = str(db.path)
    jobs = 1 if len(head) == 1 else jobs
    with engines.connect(engine, scheduler, jobs or archive.default_jobs()) as cluster:
        if parquet_path:
            tally = archive.check_archive_to_parquet(docs, store_path, parquet_path, jobs, cluster)
            click.echo(tally.title())
            click.echo(f"claims written to {parquet_path}", err=True)
            return
        results = list(archive.check_archive(docs, store_path, jobs, cluster))
    rows = [row for result in results for row in result.rows]
    if len(results) == 1:
        single = results[0]
        table = Table(
            list(claims.COLUMNS),
            [row[1:] for row in single.table_rows],
            title=single.title,
            notes=single.notes,
        )
    else:
        tally = archive.Tally()
        for result in results:
            tally.add(result)
        table = Table(
            ["document", *claims.COLUMNS],
            [row for result in results for row in result.table_rows],
            title=tally.title(),
        )
    if fmt == "json":
        render_object(rows)
    else:
        render(table, fmt)
    if fmt != "table":  # the title, with the date used and how it was found, off stdout
        click.echo(f"note: {table.title}", err=True)
    if html_path:
        from milex.claims import render as report_render

        report = claims.check(db.tables, head[0].text, head[0].date)
        try:
            written = report_render.write_report(report, html_path)
        except OSError as exc:
            raise errors.InvalidQueryError(
                f"{html_path}: cannot write the report ({exc.strerror or exc})"
            ) from None
        click.echo(f"report written to {written}", err=True)


@app.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on (loopback by default; 0.0.0.0 exposes it).",
)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option(
    "--cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let pages of this origin (https://notebooks.example.org) call the API from a "
    "browser; repeatable. Off by default.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=1,
    show_default=True,
    help="Processes serving requests on the one port (e.g. one per core). Each keeps its own "
    "cache of API answers (up to 64 MB), so a repeated request may be computed once per "
    "process before it is served from the cache.",
)
def serve(host: str, port: int, cors: tuple[str, ...], workers: int) -> None:
    """Serve the dashboard and the JSON API (http://127.0.0.1:8000, API docs at /docs).

    Everything is served by the app itself, including the charts' JavaScript: no request
    leaves the machine. API answers carry an ETag (a repeated request with If-None-Match
    gets 304), come as CSV with Accept: text/csv or a .csv suffix (/api/v1/status.csv), and
    long tables come a page at a time (next gives the following page's URL). --workers N
    serves on N processes (all cores), each with its own cache of answers.
    """
    import uvicorn

    from milex.web.app import Settings, create_app, serve_on_workers

    bad = [origin for origin in cors if not origin.startswith(("http://", "https://"))]
    if bad:
        raise click.UsageError(f"--cors: {bad[0]!r} is not an origin (https://host[:port])")
    import socket

    try:  # a port in use is said before anything else, with the way out
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise errors.InvalidQueryError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}): another server (another "
            f"milex serve?) has it; pick another port with --port {port + 1}, or "
            f"`make run PORT={port + 1}`"
        ) from None
    settings = Settings(cors_origins=cors, warm_up=True)
    if workers > 1:
        _db().tables.release_ids()  # the store is built (if need be) once, before the workers
    click.echo(
        f"milex: dashboard on http://{host}:{port}/  API on /api/v1  docs on /docs"
        + (f" ({workers} processes)" if workers > 1 else ""),
        err=True,
    )
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
        return
    # Worker processes import the app by name and read their settings from the environment.
    serve_on_workers(settings, host, port, workers)


@app.command()
@click.option("--quiet", "-q", is_flag=True, help="Print nothing.")
@click.option(
    "--path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the store (default: $MILEX_HOME/milex.sqlite).",
)
@click.option(
    "--drop-imports",
    is_flag=True,
    help="Leave out the releases imported with `milex import` (bundled data only).",
)
def build(quiet: bool, path: Path | None, drop_imports: bool) -> None:
    """(Re)build the store from the bundled data; also repairs a damaged store.

    Releases imported with `milex import` are kept (an imported release wins over a bundled
    one of the same id) unless --drop-imports. A damaged store is moved aside
    (milex-damaged-TIME.sqlite), and the imported releases it can no longer give back are
    named. Temporary files left by killed builds and imports are removed. The dashboard's
    chart library (the Vega bundle) is written once per version into milex's cache folder
    ($MILEX_CACHE, default the user cache dir)."""
    from milex.data import store
    from milex.web import assets

    with _progress(quiet) as step:
        report = store.build(path, progress=step, keep_imports=not drop_imports)
    try:
        bundle, built = assets.write()
    except OSError as exc:  # the store is written: the server builds the bundle itself
        click.echo(f"warning: the chart library was not written ({exc})", err=True)
        bundle, built = None, False
    if not quiet:
        rows = sum(report.rows.values())
        click.echo(
            f"built {report.path}: {rows:,} rows in {len(report.rows)} releases "
            f"({report.seconds:.2f} s)"
        )
        if bundle is not None and built:
            click.echo(f"wrote the dashboard's chart library: {bundle}")
        if report.carried:
            click.echo(f"kept the imported releases: {', '.join(report.carried)}")
    if report.damaged is not None:
        click.echo(
            f"warning: the previous store was damaged; it was moved to {report.damaged}",
            err=True,
        )
    if report.lost:
        click.echo(
            "warning: imported releases that could not be read back from it, and are not in "
            f"the new store: {', '.join(report.lost)}; import them again",
            err=True,
        )


@contextmanager
def _progress(quiet: bool = False) -> Iterator[Callable[[str, int, int], None] | None]:
    """A transient progress bar on a terminal (None when quiet or not on a terminal); yields the
    callback the data layer reports its steps to: (what, done, total)."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("starting", total=1)

        def step(what: str, done: int, total: int) -> None:
            bar.update(task, description=what, completed=done, total=total)

        yield step


@app.command(name="import")
@click.argument("kind", type=click.Choice(["sipri", "nato", "csv"]))
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option(
    "--replace", is_flag=True, help="Replace the release if the store holds it from another file."
)
@click.option(
    "--release",
    "release_id",
    metavar="ID",
    help="Release id (required for csv; else read from the file).",
)
@click.option(
    "--published",
    callback=_date_option,
    metavar="YYYY-MM-DD",
    help="Publication date, when the file does not state it and the store has no such release.",
)
@click.option("--title", help="Release title (csv; default: the release id).")
@click.option("--dry-run", is_flag=True, help="Read and check the file, show what would change.")
@click.option(
    "--allow-drop",
    is_flag=True,
    help="Let the file drop every figure of an indicator the stored release holds.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@format_option
def import_(
    kind: str,
    file: Path,
    replace: bool,
    release_id: str | None,
    published: date | None,
    title: str | None,
    dry_run: bool,
    allow_drop: bool,
    quiet: bool,
    fmt: str,
) -> None:
    """Import an official file or your own CSV as a release of the store.

    KIND is sipri (SIPRI's Milex workbook), nato (NATO's "Defence Expenditure of NATO
    Countries" tables, xlsx or a PDF with a text layer) or csv (your own series in the
    tidy format of docs/data.md: country,year,indicator,value[,estimate][,flag]).

    The release goes into a copy of the store and is swapped in only when it is complete
    and passes validation: on any error, or if the import is killed, the store is as it
    was. Importing the same file again changes nothing; another file for a release the
    store holds is refused unless --replace, and one that holds none of the figures of an
    indicator the release has (a table or sheet missing) unless --allow-drop. Then compare
    editions with `milex revisions`.

    \b
    Examples:
      milex import sipri SIPRI-Milex-data-1949-2025.xlsx
      milex import nato def-exp-2026-en.xlsx
      milex import nato 240617-def-exp-2024-TABLES-en.xlsx --replace
      milex import csv my-series.csv --release user-aid-2026 --published 2026-05-01
      milex revisions --from nato-2025-08 --to nato-2026-07
    """
    from milex.data.importers import import_file

    suffix = {"csv": ".csv", "sipri": ".xlsx"}.get(kind, "")
    with _readable(file, f"stdin{suffix}") as readable, _progress(quiet) as step:
        assert readable is not None
        _, result = import_file(
            kind,
            readable,
            replace=replace,
            release=release_id,
            published=published,
            title=title,
            progress=step,
            dry_run=dry_run,
            allow_drop=allow_drop,
        )
    if quiet:
        return
    if fmt == "json":
        render_object(
            {
                "release": result.release_id,
                "status": result.status,
                "file": result.file,
                "figures": result.rows,
                "previous": result.previous,
                "seconds": round(result.seconds, 3),
                "changes": result.table().records(),
                "log": list(result.log),
            }
        )
        return
    render(result.table(), fmt)


EXIT_USAGE, EXIT_NO_DATA, EXIT_STORE = 2, 3, 4


def exit_code(exc: errors.MilexError) -> int:
    """2: a bad argument or file; 3: a valid question with no figures to answer it; 4: the
    store is missing, damaged or cannot be written (``milex build`` mends it)."""
    if isinstance(exc, errors.StoreError):
        return EXIT_STORE
    if isinstance(exc, errors.NoDataError):
        return EXIT_NO_DATA
    return EXIT_USAGE


def main(prog_name: str | None = None) -> None:
    """Entry point: run the app; milex's errors become a message and an exit code
    (:func:`exit_code`)."""
    try:
        app.main(standalone_mode=False, prog_name=prog_name)
    except errors.MilexError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exit_code(exc))
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)
