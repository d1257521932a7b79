# milex

```
make run     # set up .venv, install milex, build the store, serve the dashboard on http://127.0.0.1:8000
make test    # the same set-up, then lint, type check and the whole test suite
```

milex is a Python system for NATO defence-spending analysis with official figures: NATO's
"Defence Expenditure of NATO Countries" tables (every edition it holds, kept as separate
vintages), SIPRI's Military Expenditure Database back to 1949 (Russia and China included),
IMF GDP and growth, and US troop and tariff facts. Every number carries its source, release,
table, estimate flag, unit, price base and source URL, and every query can ask for the
`latest` figures, a named release, or the figures **as they stood on a date**.

`make run` serves the dashboard and the JSON API on http://127.0.0.1:8000 (API reference at
`/docs`, every page also as JSON):

![The milex dashboard: defence spending as a share of GDP, 2026](docs/img/dashboard.png)

It needs Python 3.11+ and nothing else at run time: no network request leaves the machine
(the charts' JavaScript is served by the app itself). The store is a
SQLite file built from the data bundled in the package (`$MILEX_HOME`, default the user data
directory), opened read-only; `milex build` also writes the charts' script (the Vega bundle,
plain and gzipped) into milex's cache folder (`$MILEX_CACHE`, default the user cache
directory: no data, safe to delete, rebuilt when missing). `make run PORT=8123` serves on
another port. Serving many
clients? `pip install 'milex[fast]'` adds uvicorn's fast HTTP parser and event loop (about
2.8x the requests a second; [bench/README.md](bench/README.md)).

## Who meets 2%?

```
{{STATUS}}
```

For scripts, every command takes `--format csv` or `--format json` (notes go to stderr):

```
{{CSV}}
```

## What does 3.5% by 2035 take?

```
{{PATHWAY}}
```

`milex gap --commitment hague-core` gives every ally's gap in points and in money (current and
constant dollars, euros, national currency, per head); `milex pathway --years` the year-by-year
paths of all allies and the alliance totals; `--chart FILE.png|.svg|.pdf` draws either,
offline. [docs/pathways.md](docs/pathways.md) walks through Spain.

## Is this article right?

`milex check` finds the numeric claims in a text (shares of GDP, allies meeting a target,
ranks, membership counts, amounts, US trade deficits, growth, commitments, US tariffs) and
judges each against the figures published by the text's date and against the latest, citing
the cell:

```
{{CHECK}}
```

`--html report.html` writes the text with every claim highlighted; the dashboard's Check page
and `POST /api/v1/check` do the same. [docs/claims.md](docs/claims.md) explains the rules.

## As of a date

NATO revises its figures in every edition. `--as-of` answers with the newest edition published
on or before a date: on 3 April 2025 the current edition was June 2024's, which had Poland at
4.12% for 2024; the August 2025 edition revised it to 3.79%.

```
{{ASOF}}
```

## What changed between editions

```
{{REV}}
```

## Load a new edition

NATO and SIPRI publish every year. Load their own files (NATO's xlsx or text PDF, SIPRI's
workbook, or your own tidy CSV) and compare: the import is checked in a copy of the store and
swapped in only when complete, so a bad file or a killed process changes nothing. Here NATO's
June 2024 workbook replaces the bundled transcription of that edition with all its tables:

```
{{IMPORT}}
{{IMPORTED}}
```

The 360 "changed" shares and 22 dollar aggregates are the workbook's full precision against the
bundled figures, rounded as NATO prints them (a test checks that they agree at that precision).
An import stays in your store until you drop it: `milex build --drop-imports` goes back to the
bundled data (the examples below read the bundled edition).

More in [docs/data.md](docs/data.md#how-do-i-load-a-new-edition).

## One country, every source

Any name, alias, demonym or code works (`Türkiye`, `turkey`, `TUR`):

```
{{SHOW}}
```

## A series with its provenance

```
{{SERIES}}
```

Unknown names get close matches and exit code 2:

```
{{ERR}}
```

## SQL, read-only

```
{{SQL}}
```

`milex sql` opens the store read-only and refuses writes, `ATTACH`, `PRAGMA` writes and more
than one statement; queries have a time limit and a row cap.

## Python

```python
import milex

db = milex.open()                                   # builds the store on first use
df = db.status(year=2024, release="nato-2025-08")   # pandas DataFrame, one row per ally
df.attrs["notes"]                                   # Iceland, estimates, source URL
db.series(["Poland", "Germany"], "share_gdp", source="sipri", start=1990)
db.revisions("share_gdp", "nato-2024-06", "nato-2025-08")
db.show("Türkiye"); db.countries(); db.releases(); db.sources()
milex.members("2025-04-03")                         # the 32 allies on that day
```

Every CLI command is a thin wrapper over one of these methods. `db.tables` gives the same
queries as light tables without pandas (that is what the CLI uses, so it answers before Python
has finished importing pandas: bench/README.md, cli_status).

## Commands

| command | answers |
|---|---|
| `milex status [--year --release --as-of]` | every ally's share of GDP in a year: rank, change on the year before, meets 2%; NATO and NATO Europe & Canada |
| `milex show -c COUNTRY [--from --to]` | one country's series across NATO, SIPRI, IMF and Census, with sources |
| `milex series [-c COUNTRY... -i INDICATOR --source --release --as-of --from --to]` | one indicator, long format, provenance on every row |
| `milex revisions --from ID --to ID [-i INDICATOR -c COUNTRY... --all]` | the cells one release changed in another |
| `milex commitments [--commitments FILE]` | NATO guidelines, summit pledges (2%, 20% equipment, The Hague 3.5% + 1.5% = 5%), national pledges, 2025 rhetoric, with short ids |
| `milex gap [--commitment --year --release --as-of --chart]` | who meets a commitment, the gap in points and in money, totals for all allies, Europe & Canada, EU allies |
| `milex pathway [-c COUNTRY... -t COMMITMENT --shape --growth --deflator --fx --assumptions --deadline --years --evidence --chart]` | the yearly path to a target, its cost, and whether it is realistic (on-track, credible, stretched, implausible) |
| `milex releases`, `milex sources` | vintages with publication dates; publishers, URLs, licences |
| `milex countries [--kind]` | codes, names, NATO and EU accession, currency |
| `milex validate` | the data checks (ranges, duplicates, aggregates = sum of members, NATO vs SIPRI, jumps with named exceptions) |
| `milex check FILE\|DIR\|GLOB\|-... [--date --html --jobs --engine --scheduler --parquet --format]` | the numeric claims in articles or speeches (or an archive, JSON Lines or Parquet too, on all cores or a Dask cluster: [docs/scale.md](docs/scale.md)), each judged as of its date and today, with evidence |
| `milex scenario FILE [--draws --seed --workers --engine --scheduler --bands --changes --tariffs --format]` | what if: tariffs (effective rates, fitted on the IMF's April 2025 revisions), GDP and FX shocks, a US drawdown at published costs, shopping lists, on a named IMF baseline, with Monte Carlo bands in flat memory on every core ([docs/scenarios.md](docs/scenarios.md)) |
| `milex sql "SELECT ..."` | one read-only query against the store |
| `milex serve [--host --port --workers]` | the dashboard (Overview, Ally, Pathways, Sources) and the JSON API under `/api/v1` |
| `milex import sipri\|nato\|csv FILE [--replace --allow-drop --release --published --dry-run]` | load an official NATO or SIPRI file, or your own CSV, as a release; atomic, with what it changed |
| `milex build [--drop-imports]` | (re)build the store from the bundled data (keeping imported releases unless told); repairs a damaged store, moving it aside and naming any import it could not read back |

Release ids: `nato-YYYY-MM` (edition month: `nato-2024-06`, `nato-2025-08`, `nato-2026-07`),
`sipri-YYYY` (publication year: the 1949-2024 data are `sipri-2025`), `imf-weo-2026-04`,
`census-trade-2026`. Indicators: `share_gdp`, `usd_current_million`, `usd_constant_million`,
`equipment_share`, `lcu_current_million`, `gdp_usd_current_billion`, `real_gdp_growth_pct`,
`lcu_per_usd` (derived) and more: `milex sql "SELECT * FROM indicators"`.

More in [docs/](docs/): [the data and how it is checked](docs/data.md), [commitments, gaps and pathways](docs/pathways.md), [checking claims](docs/claims.md), [scenarios](docs/scenarios.md).

## Data and licences

The bundled figures come from these publications; `milex sources` lists each release with its
URL, licence and how it was transcribed and checked.

- **NATO**, *Defence Expenditure of NATO Countries*, editions of June 2024, August 2025 and July
  2026 (NATO Public Diplomacy Division). Public releases; cite NATO and the edition. From the
  2026 edition the measure is *core* defence expenditure (The Hague definition).
- **SIPRI Military Expenditure Database** (Stockholm International Peace Research Institute),
  2025 release (1949-2024) and 2026 release (1949-2025). **Attribution required**: cite
  "SIPRI Military Expenditure Database, 2025" (or 2026). Check SIPRI's terms of use before
  redistributing the data.
- **IMF** World Economic Outlook database, April 2026: GDP in current US dollars, real growth;
  exchange rates derived from it (marked `derived`). Under the IMF's terms of use.
- **US Census Bureau**, U.S. Trade in Goods by Country (US government work).
- **DMDC** (US Department of Defense), military personnel by host country (US government work).
- US tariff measures (executive orders, Federal Register) and NATO/national commitments, each
  row with its source URL.

Iceland has no armed forces: NATO publishes no figure for it and SIPRI has none.

The code is under the MIT licence (see [LICENSE](LICENSE)); the data keep their publishers' terms.

## Development

```
make install   # .venv with milex (editable); builds the store (make test adds the test tools)
make lint      # ruff check + ruff format --check
make typecheck # mypy --strict on the library
make test      # lint, type check, pytest on every core (JOBS=0: one process): unit, CLI, API, property, browser
make bench     # benchmarks: see bench/README.md
```

Layout: `src/milex/data` (countries, bundled data, store, queries, validation),
`src/milex/model` (pure computations, no I/O), `src/milex/claims` (the claim checker),
`src/milex/analysis.py` (queries joined to the model), the interfaces `src/milex/session.py`
(the Python API: `milex.open()`), `src/milex/cli.py` and `src/milex/web` (`rest.py` the JSON
API's routes, `pages.py` the dashboard, `store.py` the app's read-only store); `tests/` mirrors
it; `tools/bundle.py` regenerates the bundled CSVs from the project's reference data.
