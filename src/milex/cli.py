"""The ``milex`` command line. Each command is a thin wrapper over a library call; errors are
mapped to messages and exit codes in one place (:func:`main`)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from milex import errors
from milex.api import Milex
from milex.render import render
from milex.table import Table, pivot

app = typer.Typer(
    name="milex",
    help=(
        "NATO defence spending with official figures and their sources.\n\n"
        "Start with `milex status` (who spends what share of GDP this year), then "
        "`milex show POL`, `milex series --countries DEU,FRA --indicator share_gdp`, "
        "`milex revisions --from nato-2024-06 --to nato-2025-08`."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    """Output formats shared by every command that prints data."""

    table = "table"
    csv = "csv"
    json = "json"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="table (terminal), csv or json.")
]
ReleaseOption = Annotated[
    str | None,
    typer.Option("--release", "-r", help="A release id, e.g. nato-2025-08, or 'latest'."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="A date (YYYY-MM-DD): use the newest release published by then."),
]
HEADLINE = (
    "share_gdp",
    "usd_current_million",
    "equipment_share",
    "gdp_usd_current_billion",
    "real_gdp_growth_pct",
)


def _db() -> Milex:
    return Milex()


def _print(table: Table, fmt: Format) -> None:
    render(table, fmt.value)


@app.command()
def status(
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="Year (default: the latest year of the release)."),
    ] = None,
    release: ReleaseOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Every ally's defence spending as % of GDP in a year: rank, change, meets 2%.

    Reads one NATO edition (default: the newest that covers the year) and adds the NATO and
    NATO Europe & Canada aggregates. Example: milex status --year 2024 --as-of 2025-04-03
    """
    _print(_db().tables.status(year, release, as_of), fmt)


@app.command()
def show(
    country: Annotated[str, typer.Argument(help="Any name, alias or code: Türkiye, turkey, TUR.")],
    since: Annotated[
        int | None,
        typer.Option(help="First year to show (default 2014; 1949 for SIPRI's long run)."),
    ] = 2014,
    fmt: FormatOption = Format.table,
) -> None:
    """One country's series across sources (latest release of each), with provenance.

    The table view shows the headline series by year; csv and json give every series in
    long format with unit, release, table and source URL on each row.
    """
    table = _db().tables.show(country, since)
    if fmt is not Format.table:
        _print(table, fmt)
        return
    headline = Table(table.columns, [r for r in table.rows if r[3] in HEADLINE], table.title)
    wide = pivot(headline, "year", ["indicator", "release"], "value")
    sources = sorted({(r[10], r[11], r[12]) for r in headline.rows})
    wide.notes = table.notes + [f"{rel} {tab}: {url}" for rel, tab, url in sources]
    wide.notes.append("Every series, with units and flags: add --format csv")
    _print(wide, fmt)


@app.command()
def series(
    countries: Annotated[
        str | None,
        typer.Option("--countries", "-c", help="Comma-separated names or codes (default: all)."),
    ] = None,
    indicator: Annotated[
        str,
        typer.Option(
            "--indicator", "-i", help="e.g. share_gdp, usd_current_million, usd_constant_million."
        ),
    ] = "share_gdp",
    source: Annotated[
        str | None,
        typer.Option(help="nato, sipri, imf or census (default: the latest release of each)."),
    ] = None,
    release: ReleaseOption = None,
    as_of: AsOfOption = None,
    start: Annotated[int | None, typer.Option(help="First year.")] = None,
    end: Annotated[int | None, typer.Option(help="Last year.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """One indicator for some countries, one row per country and year, with provenance.

    Example: milex series --countries POL --indicator usd_current_million --release nato-2026-07
    """
    _print(_db().tables.series(countries, indicator, source, release, as_of, start, end), fmt)


@app.command()
def revisions(
    from_release: Annotated[str, typer.Option("--from", help="The older release.")],
    to_release: Annotated[str, typer.Option("--to", help="The newer release.")],
    indicator: Annotated[str, typer.Option("--indicator", "-i")] = "share_gdp",
    countries: Annotated[str | None, typer.Option("--countries", "-c")] = None,
    include_added: Annotated[
        bool, typer.Option("--all", help="Also list cells only one release holds.")
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Cells that changed between two releases, with old and new values.

    Example: milex revisions --from nato-2024-06 --to nato-2025-08 --countries POL
    """
    _print(
        _db().tables.revisions(from_release, to_release, indicator, countries, include_added), fmt
    )


@app.command()
def releases(
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The releases (vintages) in the store, with publication dates."""
    table = _db().tables.releases(source)
    if fmt is Format.table:
        table = table.select(["release", "source", "title", "published", "rows"])
    _print(table, fmt)


@app.command()
def sources(fmt: FormatOption = Format.table) -> None:
    """Where every number comes from: publisher, URL, licence and how it was checked."""
    table = _db().tables.sources()
    if fmt is Format.table:
        table = table.select(["release", "title", "published", "url", "licence"])
    _print(table, fmt)


@app.command()
def countries(
    kind: Annotated[str | None, typer.Option(help="country, former or aggregate.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Countries milex knows: codes, names, NATO and EU membership, currency."""
    _print(_db().tables.countries(kind), fmt)


@app.command()
def validate(fmt: FormatOption = Format.table) -> None:
    """Run the validation checks on the store; exit 1 if any check fails.

    Errors fail; warnings and info (e.g. NATO and SIPRI differing by more than 0.5 points) are
    reported only. Named exceptions for real outliers are listed as info.
    """
    findings = _db().validate()
    failed = sum(1 for f in findings if f.level == "error")
    counts = {
        lvl: sum(1 for f in findings if f.level == lvl) for lvl in ("error", "warning", "info")
    }
    table = Table(
        ["level", "check", "message"],
        [(f.level, f.check, f.message) for f in findings],
        title="Validation: " + ", ".join(f"{n} {lvl}" for lvl, n in counts.items()),
    )
    _print(table, fmt)
    if failed:
        raise typer.Exit(1)


@app.command()
def sql(
    statement: Annotated[str, typer.Argument(help="One SELECT statement.")],
    limit: Annotated[int, typer.Option(help="Row cap.")] = 10_000,
    timeout: Annotated[float, typer.Option(help="Time limit in seconds.")] = 5.0,
    fmt: FormatOption = Format.table,
) -> None:
    """Run one read-only SQL query against the store (tables: facts, observations, releases,
    series, indicators, countries, commitments, us_troops, us_tariffs, datasets).

    Example: milex sql "SELECT iso3, value FROM facts WHERE release_id='nato-2025-08' AND
    year=2024 AND indicator='share_gdp' ORDER BY value DESC LIMIT 5"
    """
    _print(_db().tables.sql(statement, limit, timeout), fmt)


@app.command()
def build(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing.")] = False,
    path: Annotated[
        Path | None,
        typer.Option(help="Where to write the store (default: $MILEX_HOME/milex.sqlite)."),
    ] = None,
) -> None:
    """(Re)build the store from the bundled data; also repairs a corrupted store."""
    from milex.data import store

    if quiet or not sys.stderr.isatty():
        report = store.build(path)
    else:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("building", total=1)

            def step(what: str, done: int, total: int) -> None:
                bar.update(task, description=what, completed=done, total=total)

            report = store.build(path, progress=step)
    if not quiet:
        rows = sum(report.rows.values())
        typer.echo(
            f"built {report.path}: {rows:,} rows in {len(report.rows)} releases "
            f"({report.seconds:.2f} s)"
        )


def main() -> None:
    """Entry point: run the app and turn milex's errors into a message and exit code 2."""
    try:
        app()
    except errors.MilexError as exc:
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)
