"""A checked text as HTML: the text with each claim's number in a ``<mark>`` coloured by its
latest verdict (a tooltip gives both verdicts and the evidence), then a table of the claims whose
sources are footnote numbers linking to the list of sources under it (a 1,280 px window holds
it). ``milex check --html`` writes :func:`report_html`; the dashboard's Check page embeds
:func:`highlighted_text` and :func:`claims_table`, so the markup is written once.

Nothing here loads anything from elsewhere or runs a script: the report is one self-contained
file, and the page obeys a CSP without inline scripts.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from milex.claims import CheckedClaim, CheckReport
from milex.claims.verify import VERDICTS, Judgement

CSS_PATH = Path(__file__).with_name("check.css")
# The report is a file opened from disk: it runs nothing and fetches nothing (its styles are
# inline; its links to sources are followed only when clicked).
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)
LABELS = {
    "accurate": "accurate",
    "roughly_accurate": "roughly accurate",
    "inaccurate": "inaccurate",
    "unverifiable": "unverifiable",
}


def summary(report: CheckReport, which: str = "latest") -> dict[str, int]:
    """How many claims got each verdict, as of today (``latest``) or the text's date."""
    verdicts = [(c.latest if which == "latest" else c.as_of_date).verdict for c in report.claims]
    return {v: verdicts.count(v) for v in VERDICTS}


def verdict_label(verdict: str) -> str:
    """A verdict for people: ``roughly_accurate`` -> ``roughly accurate``."""
    return LABELS.get(verdict, verdict.replace("_", " "))


def in_text_order(report: CheckReport) -> list[CheckedClaim]:
    """The claims as they appear in the text (their numbers in the page and the table)."""
    return sorted(report.claims, key=lambda c: (c.claim.start, c.claim.end))


def _evidence(judgement: Judgement) -> str:
    reference = judgement.reference
    value = "" if reference is None or reference.value is None else f" ({reference.value:g})"
    return f"{verdict_label(judgement.verdict)}{value}: {judgement.explanation}"


def tooltip(report: CheckReport, checked: CheckedClaim) -> str:
    """Both verdicts with their evidence, one per line, and what changed in between."""
    lines = [
        f"As of {report.date.isoformat()}: {_evidence(checked.as_of_date)}",
        f"Latest figures: {_evidence(checked.latest)}",
    ]
    if checked.note:
        lines.append(checked.note)
    return "\n".join(lines)


def _marks(report: CheckReport) -> Iterator[tuple[int, CheckedClaim]]:
    """Numbered claims whose spans can be marked: inside the text, not overlapping."""
    end = 0
    for number, checked in enumerate(in_text_order(report), start=1):
        claim = checked.claim
        if claim.start >= end and claim.start < claim.end <= len(report.text):
            end = claim.end
            yield number, checked


def highlighted_text(report: CheckReport) -> Markup:
    """The whole text, escaped, with each claim's number in a ``<mark>`` (id ``claim-N``)
    coloured by its latest verdict and followed by a link to its row in the table."""
    text = report.text
    parts: list[str] = []
    position = 0
    for number, checked in _marks(report):
        claim = checked.claim
        parts.append(escape(text[position : claim.start]))
        parts.append(
            Markup(
                '<mark id="claim-{n}" class="claim verdict-{latest}" data-verdict-as-of-date='
                '"{then}" data-verdict-latest="{latest}" title="{title}">{span}</mark>'
                '<a class="claim-ref" href="#row-{n}" aria-label="claim {n}">{n}</a>'
            ).format(
                n=number,
                latest=checked.latest.verdict,
                then=checked.as_of_date.verdict,
                title=tooltip(report, checked),
                span=text[claim.start : claim.end],
            )
        )
        position = claim.end
    parts.append(escape(text[position:]))
    return Markup('<div class="check-text">{}</div>').format(Markup("").join(parts))


@dataclass(frozen=True)
class Row:
    """One claim as the table shows it."""

    number: int
    marked: bool
    claim: str
    sentence: str
    kind: str
    entity: str | None
    year: int | None
    qualifier: str | None
    as_of_date: Judgement
    latest: Judgement
    note: str
    sources: list[tuple[str, str]]


def _sources(checked: CheckedClaim) -> list[tuple[str, str]]:
    """(label, URL) of the evidence, http(s) links only, each once."""
    found: dict[str, str] = {}
    for judgement in (checked.as_of_date, checked.latest):
        reference = judgement.reference
        if reference is None or not reference.source_url:
            continue
        if not reference.source_url.startswith(("https://", "http://")):
            continue
        label = " ".join(p for p in (reference.release, reference.table) if p) or "source"
        found.setdefault(reference.source_url, label)
    return [(label, url) for url, label in found.items()]


def rows(report: CheckReport) -> list[Row]:
    """The table's rows, in text order, numbered as the marks are."""
    marked = {number for number, _ in _marks(report)}
    return [
        Row(
            number=number,
            marked=number in marked,
            claim=report.text[c.claim.start : c.claim.end],
            sentence=c.claim.sentence,
            kind=c.claim.kind,
            entity=c.claim.entity,
            year=c.claim.year,
            qualifier=c.claim.qualifier,
            as_of_date=c.as_of_date,
            latest=c.latest,
            note=c.note,
            sources=_sources(c),
        )
        for number, c in enumerate(in_text_order(report), start=1)
    ]


TABLE = """\
<div class="table-wrap">
<table class="data claims">
  <caption>{{ title }}</caption>
  <thead>
    <tr>
      <th scope="col">#</th><th scope="col">claim</th><th scope="col">kind</th>
      <th scope="col">entity</th><th scope="col">year</th>
      <th scope="col">as of {{ day }}</th><th scope="col">latest figures</th>
      <th scope="col">evidence</th><th scope="col">sources</th>
    </tr>
  </thead>
  <tbody>
    {%- for row in rows %}
    <tr id="row-{{ row.number }}" class="verdict-{{ row.latest.verdict }}">
      <td class="num">{% if row.marked %}<a href="#claim-{{ row.number }}">{{ row.number }}</a>
        {%- else %}{{ row.number }}{% endif %}</td>
      <td><strong>{{ row.claim }}</strong>{% if row.qualifier %}
        <span class="qualifier">({{ row.qualifier | replace("_", " ") }})</span>{% endif %}
        <div class="sentence">{{ row.sentence }}</div></td>
      <td>{{ row.kind | replace("_", " ") }}</td>
      <td>{{ row.entity or "–" }}</td>
      <td class="num">{{ row.year or "–" }}</td>
      {%- for judgement in (row.as_of_date, row.latest) %}
      <td><span class="verdict verdict-{{ judgement.verdict }}">
        {{- judgement.verdict | verdict }}</span>
        {%- if judgement.reference and judgement.reference.value is not none %}
        <div class="reference">{{ "%g" | format(judgement.reference.value) }}
          {%- if judgement.reference.release %} · {{ judgement.reference.release }}{% endif %}
        </div>
        {%- endif %}</td>
      {%- endfor %}
      <td class="evidence">
        <div>{{ row.as_of_date.explanation }}</div>
        {%- if row.latest.explanation != row.as_of_date.explanation %}
        <div>Latest: {{ row.latest.explanation }}</div>
        {%- endif %}
        {%- if row.note %}<div class="note">{{ row.note }}</div>{% endif %}</td>
      <td class="cited">
        {%- for label, url in row.sources %}
        <a href="#source-{{ numbers[url] }}" title="{{ label }}">[{{ numbers[url] }}]</a>
        {%- else %}–{% endfor %}</td>
    </tr>
    {%- endfor %}
  </tbody>
</table>
</div>
{%- if sources %}
<ol class="claim-sources" aria-label="Sources of the evidence">
  {%- for label, url in sources %}
  <li id="source-{{ loop.index }}">{{ label }}:
    <a href="{{ url }}" rel="noopener noreferrer">{{ url }}</a></li>
  {%- endfor %}
</ol>
{%- endif %}
"""

LEGEND = """\
<p class="check-legend">Highlights show each claim's verdict against the latest figures:
  {%- for verdict in verdicts %}
  <span class="verdict verdict-{{ verdict }}">{{ verdict | verdict }}</span>
  {{- " (%d)" | format(counts[verdict]) }}
  {%- endfor %}. Hover over a highlight for both verdicts and the evidence.</p>
"""

DOCUMENT = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="milex {{ version }}">
<title>milex claim check: {{ title }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial,
  sans-serif; color: #222; line-height: 1.5; max-width: 72rem; margin: 0 auto;
  padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.table-wrap { overflow-x: auto; }
table.data { border-collapse: collapse; font-size: 0.9rem; }
table.data caption { text-align: left; font-weight: 600; padding-bottom: 0.5rem; }
table.data th, table.data td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #dde1e6;
  text-align: left; vertical-align: top; }
table.data thead th { background: #f5f7fa; }
td.num { text-align: right; }
footer { margin-top: 2rem; color: #5f6368; font-size: 0.85rem; }
{{ css }}
</style>
</head>
<body>
<h1>Claim check</h1>
<p>{{ title }}.</p>
{{ legend }}
<h2>The text</h2>
{{ text }}
<h2>The claims</h2>
{{ table }}
<footer>Checked by milex {{ version }} against its store: each verdict cites the release and
  table it rests on. Tolerances: share of GDP within 0.05 points accurate, 0.25 roughly; counts
  of allies exact, off by one roughly; membership counts exact; amounts within 5%, 15%.</footer>
</body>
</html>
"""


@functools.cache
def _environment() -> Environment:
    env = Environment(autoescape=True, keep_trailing_newline=True)
    env.filters["verdict"] = verdict_label
    return env


@functools.cache
def css() -> str:
    """The highlight and verdict styles (inlined in the report, served to the dashboard)."""
    return CSS_PATH.read_text(encoding="utf-8")


def title(report: CheckReport) -> str:
    """What was checked, as of when and how that date was found, with both verdict sets (the
    report's own title line, so the page, the file and the terminal say the same)."""
    return report.title()


def sources(table: list[Row]) -> list[tuple[str, str]]:
    """Every source of the table's evidence once, (label, URL), in the order the rows first
    cite them: the list under the table, numbered as the rows' footnotes."""
    found: dict[str, str] = {}
    for row in table:
        for label, url in row.sources:
            found.setdefault(url, label)
    return [(label, url) for url, label in found.items()]


def claims_table(report: CheckReport) -> Markup:
    """The claims table: both verdicts, the reference values and evidence, each row's sources
    as footnote numbers linking to the list of sources under the table."""
    table = rows(report)
    listed = sources(table)
    template = _environment().from_string(TABLE)
    return Markup(
        template.render(
            title=title(report),
            day=report.date.isoformat(),
            rows=table,
            sources=listed,
            numbers={url: number for number, (_, url) in enumerate(listed, start=1)},
        )
    )


def legend(report: CheckReport) -> Markup:
    """What the colours mean, with the count of each verdict."""
    template = _environment().from_string(LEGEND)
    return Markup(template.render(verdicts=VERDICTS, counts=summary(report)))


def report_html(report: CheckReport, **extra: Any) -> str:
    """The annotated report as one self-contained HTML document (no scripts, nothing fetched)."""
    from milex import __version__

    template = _environment().from_string(DOCUMENT)
    return template.render(
        csp=REPORT_CSP,
        title=title(report),
        css=Markup(css()),
        legend=legend(report),
        text=highlighted_text(report),
        table=claims_table(report),
        version=__version__,
        **extra,
    )


def write_report(report: CheckReport, path: str | Path) -> Path:
    """Write :func:`report_html` to ``path`` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(report_html(report), encoding="utf-8")
    return target
