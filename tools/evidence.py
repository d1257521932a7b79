"""Print the scenario model's checks against the world as tables (Markdown rows), for
docs/scenarios.md (the docs show this script's output; a test runs it and compares).

Run from the repository root after `make install`:

    .venv/bin/python tools/evidence.py fit      # tariff model against the IMF's 2025 revisions
    .venv/bin/python tools/evidence.py rates    # effective tariff rates against realised ones
    .venv/bin/python tools/evidence.py troops   # the half-drawdown example against costings

The computing is milex's own (milex.calibration); this script only lays the tables out.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}" if value >= 10_000 else str(value)
    return str(value).replace("|", "/")


def markdown(table: Any, columns: list[str] | None = None) -> str:
    chosen = columns or table.columns
    index = [table.columns.index(c) for c in chosen]
    lines = [str(table.title), "", "| " + " | ".join(chosen) + " |"]
    lines.append("|" + "|".join("---" for _ in chosen) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(cell(row[i]) for i in index) + " |")
    lines += [""] + [f"- {note}" for note in table.notes]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    import milex
    from milex import calibration, scenario
    from milex.data.scenarios import load

    if len(argv) != 2 or argv[1] not in ("fit", "rates", "troops"):
        print(__doc__)
        return 2
    with milex.open() as db:
        q = db.tables
        if argv[1] == "fit":
            print(markdown(calibration.fit(q).table))
        elif argv[1] == "rates":
            print(markdown(calibration.realised(q)))
        else:
            spec = load(ROOT / "examples" / "us-drawdown-half.yaml")
            assert spec.drawdown is not None
            reports = [scenario.run(q, spec, draws=0)]
            tripled = spec.model_copy(
                update={"drawdown": spec.drawdown.model_copy(update={"replacement_ratio": 3.0})}
            )
            reports.append(scenario.run(q, tripled, draws=0))
            print(markdown(calibration.costings(q, reports)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
