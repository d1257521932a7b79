"""Score the claim checker on a folder of labelled texts (tests/fixtures/claims layout): recall
(the labelled claims it finds) and verdict accuracy as of the text's date and against the
latest figures, each over all labelled claims (a claim not found counts as wrong).

    .venv/bin/python -m tests.claims.scoring tests/fixtures/claims/heldout [-v] [-p]

With -p (or -v), a line after the score gives the checker's precision on the folder: of the
claims it made, the share that match a label. It is no part of the score, and a floor only:
the labels leave out numbers whose verdict is not certain, so a claim matching none may be
right.

Each fixture opens with header lines the labeller wrote ("# source: ...", "# outlet: ...", "#
date: ...", "# title: ..."). An article as published has none of them but its headline, so the
checker reads the headline (a title in parentheses is the labeller's description, not the
headline: it is dropped) and the text below (see :func:`article`): a year in the source's
address or in a description would otherwise give the sentences after it a year the article
never states.

A claim is found when a checked claim's sentence holds ``sentence_contains`` and its kind,
value and (when labelled) entity agree, as an external scorer matches ``sentence`` and
``value`` of ``milex check --format json``."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from milex.claims import check
from milex.data.query import Queries


@dataclass
class Score:
    claims: int = 0
    found: int = 0
    as_of_date: int = 0
    latest: int = 0
    made: int = 0  # claims the checker made
    labelled: int = 0  # of those, the ones that match a label
    misses: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        n = max(self.claims, 1)
        return (
            f"{name}: {self.claims} claims; recall {self.found / n:.3f}; verdicts right as of "
            f"the text's date {self.as_of_date / n:.3f}, latest {self.latest / n:.3f}"
        )

    def precision_line(self) -> str:
        share = self.labelled / max(self.made, 1)
        return f"  precision {share:.3f}: {self.labelled} of {self.made} claims made match a label"


# A line of a fixture's header: "# source: https://...", "# outlet: ...", "# date: 2025-04-03",
# "# title: ..." (its text in the group).
_HEADER_LINE = re.compile(r"#\s*(source|outlet|date|title)\s*:\s*([^\n]*)(?:\n|$)")


def article(path: Path) -> str:
    """The text of a fixture as published: its headline (the title, unless the title is a
    description in parentheses), then what follows its header lines."""
    text = path.read_text(encoding="utf-8")
    at, headline = 0, ""
    while match := _HEADER_LINE.match(text, at):
        title = match.group(2).strip()
        if match.group(1) == "title" and not (title.startswith("(") and title.endswith(")")):
            headline = title
        at = match.end()
    return f"{headline}\n{text[at:]}" if headline else text[at:]


def matches(expected: dict[str, Any], claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    value = expected.get("value_billion") or expected["value"]
    return [
        c
        for c in claims
        if expected["sentence_contains"] in c["sentence"]
        and c["kind"] == expected["kind"]
        and abs(c["value"] - value) < 1e-6
        and (
            expected.get("entity") is None
            or expected["kind"] == "commitment"
            or c["entity"] == expected["entity"]
        )
    ]


def score(queries: Queries, folder: Path) -> Score:
    result = Score()
    for case in sorted(folder.glob("*.yaml")):
        doc = yaml.safe_load(case.read_text(encoding="utf-8"))
        text = article(case.with_suffix(".txt"))
        claims = check(queries, text, str(doc["date"])).to_json()
        result.made += len(claims)
        result.labelled += sum(
            1 for claim in claims if any(matches(e, [claim]) for e in doc["claims"])
        )
        for expected in doc["claims"]:
            result.claims += 1
            found = matches(expected, claims)
            if not found:
                result.misses.append(
                    f"{case.stem}: not found {expected['kind']} {expected['value']}"
                )
                continue
            result.found += 1
            got = found[0]
            then = got["verdict_as_of_date"] == expected["verdict_as_of_date"]
            now = got["verdict_latest"] == expected["verdict_latest"]
            result.as_of_date += then
            result.latest += now
            if not (then and now):
                result.misses.append(
                    f"{case.stem}: {expected['kind']} {expected['value']} expected "
                    f"{expected['verdict_as_of_date']}/{expected['verdict_latest']}, got "
                    f"{got['verdict_as_of_date']}/{got['verdict_latest']}"
                )
    return result


def main(args: list[str]) -> int:
    import milex

    verbose = "-v" in args
    precision = verbose or "-p" in args
    folders = [Path(a) for a in args if a not in ("-v", "-p")]
    with milex.open() as db:
        for folder in folders:
            result = score(db.tables, folder)
            print(result.line(str(folder)))
            if precision:
                print(result.precision_line())
            if verbose:
                print("\n".join(f"  {m}" for m in result.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
