"""Regenerate README.md from tools/README.tpl with the real output of each command.

Run from the repository root after `make install`:
    .venv/bin/python tools/readme.py            # rewrite README.md
    .venv/bin/python tools/readme.py --check    # exit 1 if README.md differs (the suite runs it)

The commands run against a fresh store in a temporary MILEX_HOME (the README's own import
step changes that store, never yours).
"""

import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOME = tempfile.TemporaryDirectory(prefix="milex-readme-")
env = {**os.environ, "MILEX_HOME": HOME.name, "COLUMNS": "200", "PYTHONUTF8": "1"}
subprocess.run([str(ROOT / ".venv/bin/milex"), "build", "--quiet"], env=env, check=True)


def run(cmd, head=None, shown=None):
    out = subprocess.run(cmd, shell=True, capture_output=True, text=True, env=env, cwd=ROOT)
    text = out.stdout + (out.stderr if "2>&1" in cmd else "")
    lines = text.rstrip("\n").split("\n")
    if head and len(lines) > head:
        lines = [*lines[:head], "..."]
    shown = shown or cmd.replace(".venv/bin/", "").replace(" 2>/dev/null", "").replace(" 2>&1", "")
    return f"$ {shown}\n" + "\n".join(lines)


M = ".venv/bin/milex"
blocks = {
    "STATUS": run(f"{M} status --year 2024 --release nato-2025-08", 14),
    "PATHWAY": run(f"{M} pathway -c ESP,DEU,ITA,CAN --commitment hague-core"),
    "CHECK": run(
        f"{M} check ../shared/fixtures/dw_2025-04-03_nato_tariffs.txt --date 2025-04-03"
        " --format csv 2>/dev/null | cut -d, -f1-9",
        shown="milex check dw_2025-04-03_nato_tariffs.txt --date 2025-04-03 --format csv"
        " | cut -d, -f1-9",
    ),
    "CSV": run(f"{M} status --year 2024 --release nato-2025-08 --format csv 2>/dev/null", 5),
    "ASOF": run(
        f"{M} status --year 2024 --as-of 2025-04-03 --format csv 2>/dev/null"
        " | grep -E '^(iso3|POL|NATO)'"
    ),
    "SHOW": run(f"{M} show -c Türkiye --from 2021", 20),
    "REV": run(f"{M} revisions --from nato-2024-06 --to nato-2025-08 -c POL,USA", 30),
    "SERIES": run(
        f"{M} series -c POL -i usd_current_million --from 2023 --format csv 2>/dev/null"
        " | cut -d, -f1,3,5,6,11,12"
    ),
    "ERR": run(f'{M} show -c Germny 2>&1; echo "exit code $?"'),
    "SQL": run(
        f'{M} sql "SELECT iso3, year, value, release_id FROM facts'
        " WHERE indicator = 'share_gdp' AND iso3 = 'RUS' AND year >= 2022"
        ' ORDER BY release_id, year"'
    ),
    # last: it replaces nato-2024-06 in this store, and the blocks above read the bundled one
    "IMPORT": run(
        f"{M} import nato ../shared/data/nato/raw/240617-def-exp-2024-TABLES-en.xlsx --replace"
        " 2>/dev/null",
        19,
        shown="milex import nato 240617-def-exp-2024-TABLES-en.xlsx --replace",
    ),
    "IMPORTED": run(
        f"{M} series -c POL -i usd_current_million --release nato-2024-06 --from 2023"
        " --format csv | cut -d, -f1,3,5,6,7,8"
    ),
}
tpl = (ROOT / "tools" / "README.tpl").read_text()
for k, v in blocks.items():
    tpl = tpl.replace("{{" + k + "}}", v)
HOME.cleanup()
readme = ROOT / "README.md"
if "--check" in sys.argv[1:]:
    before = readme.read_text()
    if before != tpl:
        sys.stdout.writelines(
            difflib.unified_diff(
                before.splitlines(keepends=True), tpl.splitlines(keepends=True), "README.md"
            )
        )
        sys.exit(1)
else:
    readme.write_text(tpl)
