"""Every chart of milex, one Vega-Lite spec each (through Altair), shared by the web page and
static export. Charts only draw the DataFrames they are given (and the map's boundaries, which
ship with the package); nothing here fetches anything.

Labels are placed here, in Python, where the chart's size and scales are known: a value label
that would cross a target rule moves past it, rule labels that would touch go on two rows, and
the names at the ends of a pathway's lines are spread so that none covers another."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from milex.data import missing as absent
from milex.errors import InvalidQueryError, NoDataError
from milex.figures import money

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

_Chart = TypeVar("_Chart")

__all__ = [
    "CHARTS",
    "boundaries",
    "default_highlight",
    "export",
    "fan_chart",
    "gap_chart",
    "history_chart",
    "map_chart",
    "pathway_chart",
    "pathway_grid_chart",
    "status_chart",
    "to_spec",
]

WIDTH = 640
BAR_STEP = 22
LINE_HEIGHT = 360
FONT = "Liberation Sans, Helvetica, Arial, sans-serif"
# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREY = "#9A9A9A"
LIGHT_GREY = "#CCCCCC"
INK = "#333333"
# Estimates: the bar's colour at this strength, with a full-strength outline.
ESTIMATE_TINT = 0.38
# Up to this many allies stand out on the pathway chart, each in a colour of its own.
HIGHLIGHT_COLOURS = (
    BLUE,
    VERMILLION,
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#8C6D31",
    "#000000",
)
MAX_HIGHLIGHT = len(HIGHLIGHT_COLOURS)
DEFAULT_HIGHLIGHT = 5
# The realism verdicts in the colours of the dashboard's badges.
VERDICT_COLOURS = {
    "on-track": "#1B7F3B",
    "credible": BLUE,
    "stretched": "#A15C00",
    "implausible": "#B3261E",
}
# Text sizes in pixels, and a generous average width of a character (in ems) for placing labels.
VALUE_FONT = 10
RULE_FONT = 11
END_FONT = 11
CHAR_EM = 0.62
AGGREGATE_CODES = frozenset({"NATO", "NATO_EU_CA", "EU_ALLIES"})
MEETS, BELOW, AGGREGATE = "meets target", "below target", "aggregate"
REPORTED, ESTIMATE, UNKNOWN_FLAG = "reported", "estimate", "estimate flag unknown"
LEGEND_LIMIT = 12
EXPORT_SUFFIXES = (".png", ".svg", ".pdf")
# The map: its boundaries (Natural Earth 1:110m, public domain; see maps/SOURCES.md), its two
# panels and the bands it colours allies by.
BOUNDARIES = "europe-north-america.topo.json"
MAP_PANELS = (
    # (region in the boundaries file, width, height, centre of the projection (lon, lat))
    ("north-america", 330, 400, (-100.0, 50.0)),
    ("europe", 600, 400, (12.0, 52.0)),
)
NO_FIGURE, NOT_HELD, NOT_ALLY = "none published", "not in milex's copy", "not in NATO"
MAP_COLOURS = (VERMILLION, "#56B4E9", BLUE)
MISSING_COLOURS = {NO_FIGURE: "#FFFFFF", NOT_HELD: "#F3E6C4", NOT_ALLY: "#E8E8E8"}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    # pandas' JSON writer turns NaN/NA into null and numpy scalars into plain numbers.
    records: list[dict[str, Any]] = json.loads(frame.to_json(orient="records", date_format="iso"))
    return records


def _require(frame: pd.DataFrame, chart: str, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InvalidQueryError(
            f"chart: {chart} needs columns {', '.join(columns)}; missing: {', '.join(missing)}"
        )
    if frame.empty:
        raise NoDataError(f"chart: nothing to draw in the {chart} chart (no rows)")


def _flag(value: Any) -> bool:
    """A boolean cell as True/False, with missing values (None, NaN, pd.NA) as False."""
    try:
        return bool(value) and bool(value == value)
    except TypeError:  # pd.NA refuses bool()
        return False


def _is_aggregate(frame: pd.DataFrame) -> list[bool]:
    flags = [str(code) in AGGREGATE_CODES for code in frame["iso3"]]
    if "aggregate" in frame.columns:
        flags = [f or _flag(v) for f, v in zip(flags, frame["aggregate"], strict=True)]
    return flags


def _descending(frame: pd.DataFrame) -> list[str]:
    # An explicit order: a field sort is dropped by Vega-Lite once the y scale spans layers.
    ordered = frame.sort_values("share_gdp", ascending=False, na_position="last")
    return [str(c) for c in dict.fromkeys(ordered["country"])]


def _percent(value: float) -> str:
    return f"{value:g}%"


def _targets(frame: pd.DataFrame) -> list[float]:
    return sorted({float(t) for t in frame["target"].dropna()})


def _text_width(text: str, size: float) -> float:
    """A generous estimate of a label's width in pixels (no font metrics at spec time)."""
    return len(text) * size * CHAR_EM


def _axis_top(values: Iterable[float], rules: Iterable[float], headroom: float = 1.04) -> float:
    """The end of a share-of-GDP axis: past the largest value or rule, at the next half point.
    Fixed here (not left to Vega's "nice") so that labels can be placed in pixels."""
    finite = [float(v) for v in (*values, *rules) if v is not None and math.isfinite(float(v))]
    return math.ceil(max([1.0, *finite]) * headroom * 2) / 2


def _value_label_x(value: float, text: str, rules: Sequence[float], top: float) -> float:
    """Where a value label right of its bar's end starts (in data units): just after the bar,
    or, when that would cross a target rule, just past the rule."""
    per_unit = WIDTH / top
    start = value * per_unit + 3
    width = _text_width(text, VALUE_FONT)
    for rule in sorted(r * per_unit for r in rules):
        if start - 2 <= rule <= start + width + 2:
            start = rule + 4
    return start / per_unit


def _rule_label_rows(rules: Sequence[float], texts: Sequence[str], top: float) -> list[int]:
    """The row (0 nearest the plot) of each rule's label, centred above its rule: a label goes
    up a row when it would touch one already placed in that row."""
    per_unit = WIDTH / top
    placed: list[list[tuple[float, float]]] = []
    rows = [0] * len(rules)
    for index in sorted(range(len(rules)), key=lambda i: rules[i]):
        half = _text_width(texts[index], RULE_FONT) / 2
        left, right = rules[index] * per_unit - half - 4, rules[index] * per_unit + half + 4
        row = next(
            (
                n
                for n, spans in enumerate(placed)
                if all(left > end or right < start for start, end in spans)
            ),
            len(placed),
        )
        if row == len(placed):
            placed.append([])
        placed[row].append((left, right))
        rows[index] = row
    return rows


def _spread(positions: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Positions (pixels) moved apart until neighbours are at least ``gap`` apart, each as near
    its own place as that allows, kept within ``low``-``high`` where there is room. The result
    is in the order given."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [float(positions[i]) for i in order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    if placed and placed[-1] > high:
        placed[-1] = max(high, low + gap * (len(placed) - 1))
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    if placed and placed[0] < low:
        placed[0] = low
        for i in range(1, len(placed)):
            placed[i] = max(placed[i], placed[i - 1] + gap)
    out = [0.0] * len(placed)
    for rank, index in enumerate(order):
        out[index] = placed[rank]
    return out


def _tint(colour: str, strength: float) -> str:
    """The colour mixed with white: ``strength`` 1 is the colour, 0 is white."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(255 - (255 - c) * strength) for c in (red, green, blue))
    return "#" + "".join(f"{c:02X}" for c in mixed)


def _figure(value: Any) -> str:
    """An estimate flag in words: True, False or unknown (None, NaN, pd.NA)."""
    try:
        if value is None or value != value:
            return UNKNOWN_FLAG
        return ESTIMATE if bool(value) else REPORTED
    except TypeError:  # pd.NA refuses bool() and comparisons
        return UNKNOWN_FLAG


def _source_line(frame: pd.DataFrame, source: str | None) -> str | None:
    # Without an explicit source line, the release ids still say where the figures come from.
    if source is not None or "release" not in frame.columns:
        return source
    releases = sorted({str(r) for r in frame["release"].dropna()})
    return "Source: " + ", ".join(releases) if releases else None


def _theme(
    chart: _Chart,
    *,
    title: str,
    source: str | None,
    height: Any = None,
    view_stroke: str | None = None,
) -> _Chart:
    """The one look of every milex chart: font, size, title with the source as subtitle. A
    chart made of several views (a map's panels, small multiples) is sized view by view."""
    import altair as alt

    title_params = alt.TitleParams(text=title, subtitle=source or "", anchor="start")
    sized: Any = cast(Any, chart).properties(title=title_params)
    if height is not None:
        sized = sized.properties(width=WIDTH, height=height)
    themed = (
        sized.configure(font=FONT, background="white", padding=12)
        .configure_title(fontSize=15, subtitleFontSize=11, subtitleColor="#666666", offset=14)
        .configure_axis(labelFontSize=11, titleFontSize=12, labelColor=INK, titleColor=INK)
        .configure_legend(labelFontSize=11, titleFontSize=11, orient="top")
        .configure_view(stroke=view_stroke)
    )
    return cast("_Chart", themed)


def _year_axis() -> alt.X:
    """The year axis every time chart shares: whole years, no zero, a little padding."""
    import altair as alt

    return alt.X(
        "year:Q",
        title=None,
        axis=alt.Axis(format="d", tickMinStep=1, labelFlush=False),
        scale=alt.Scale(zero=False, nice=False, padding=10),
    )


def _share_scale(top: float) -> alt.Scale:
    """A share-of-GDP scale from 0 to ``top`` exactly, so that labels can be placed in pixels."""
    import altair as alt

    return alt.Scale(domain=[0, top], nice=False, zero=True)


def _target_rules(
    targets: Sequence[float],
    *,
    axis: str,
    top: float,
    label: bool = True,
    suffix: str = " target",
) -> alt.LayerChart:
    """Dashed rules at each target with a "3.5% target"-style label that touches neither a bar
    nor another label: above the plot for rules across the x axis (on a row further up when two
    would touch), right of the plot for rules across the y axis."""
    import altair as alt

    texts = [f"{_percent(t)}{suffix}" for t in targets]
    rows = _rule_label_rows(targets, texts, top) if axis == "x" else [0] * len(targets)
    values = [
        # label_row: 0 just above the plot's top edge, 1 above it, ...
        {"target": t, "target_label": text, "label_row": row}
        for t, text, row in zip(targets, texts, rows, strict=True)
    ]
    base = alt.Chart(alt.InlineData(values=values))
    position = {axis: alt.X("target:Q") if axis == "x" else alt.Y("target:Q")}
    rule = base.mark_rule(color=INK, strokeDash=[5, 3], strokeWidth=1.5).encode(**position)
    if not label:
        return alt.LayerChart(layer=[rule])
    if axis == "x":
        # One layer per row: a y in pixels, given as a value (a field would make y continuous
        # and drop the bars' height step).
        by_row = [
            base.mark_text(fontSize=RULE_FONT, color=INK, fontWeight="bold")
            .encode(x="target:Q", y=alt.value(-8 - 14 * row), text="target_label:N")
            .transform_filter(f"datum.label_row === {row}")
            for row in sorted(set(rows))
        ]
        return alt.LayerChart(layer=[rule, *by_row])
    else:
        text = base.mark_text(
            align="left", baseline="middle", fontSize=RULE_FONT, color=INK, fontWeight="bold"
        ).encode(y="target:Q", x=alt.value(WIDTH + 6), text="target_label:N")
    return alt.LayerChart(layer=[rule, text])


def _legend_offset(rules: Sequence[float], suffix: str, top: float) -> int:
    """How far a legend above the plot stands from it: clear of the rule labels' rows."""
    texts = [f"{_percent(t)}{suffix}" for t in rules]
    rows = _rule_label_rows(rules, texts, top) if rules else [0]
    return 18 + 14 * max(rows)


def _place_value_labels(data: pd.DataFrame, rules: Sequence[float], top: float) -> None:
    """Each bar's value as text and where it starts (``label_x``): right of the bar's end, or
    past a target rule it would cross."""
    data["value_text"] = [f"{float(v):.2f}" for v in data["share_gdp"]]
    data["label_x"] = [
        _value_label_x(float(v), text, rules, top)
        for v, text in zip(data["share_gdp"], data["value_text"], strict=True)
    ]


def _value_labels(base: alt.Chart, top: float, tooltip: Any) -> alt.Chart:
    import altair as alt

    labels: alt.Chart = base.mark_text(
        align="left", baseline="middle", fontSize=VALUE_FONT, color=INK
    ).encode(x=alt.X("label_x:Q", scale=_share_scale(top)), text="value_text:N", tooltip=tooltip)
    return labels


def _share_x(top: float) -> alt.X:
    import altair as alt

    return alt.X(
        "share_gdp:Q",
        title="Defence spending, % of GDP",
        axis=alt.Axis(tickCount=10),
        scale=_share_scale(top),
    )


def gap_chart(
    frame: pd.DataFrame, *, title: str | None = None, source: str | None = None
) -> alt.LayerChart:
    """Horizontal bars of each country's share of GDP against the target, coloured by meets."""
    import altair as alt
    import pandas as pd

    _require(frame, "gap", ("iso3", "country", "share_gdp", "target", "gap_pp", "meets"))
    data = frame[frame["share_gdp"].notna()].copy()
    if data.empty:
        raise NoDataError("chart: nothing to draw in the gap chart (no share of GDP)")
    aggregate = _is_aggregate(data)
    data["status"] = [
        AGGREGATE if agg else (MEETS if _flag(meets) else BELOW)
        for agg, meets in zip(aggregate, data["meets"], strict=True)
    ]
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("share_gdp:Q", title="% of GDP", format=".2f"),
        alt.Tooltip("gap_pp:Q", title="Gap (points)", format=".2f"),
    ]
    if "gap_usd_bn" in data.columns:
        data["gap_usd"] = [money(float(v), 1) if pd.notna(v) else "" for v in data["gap_usd_bn"]]
        tooltip.append(alt.Tooltip("gap_usd:N", title="Gap (USD)"))
    if "year" in data.columns:
        tooltip.append(alt.Tooltip("year:O", title="Year"))
    if "release" in data.columns:
        tooltip.append(alt.Tooltip("release:N", title="Release"))

    targets = _targets(data)
    top = _axis_top(data["share_gdp"], targets)
    _place_value_labels(data, targets, top)
    domain = [s for s in (MEETS, BELOW, AGGREGATE) if s in set(data["status"])]
    colours = {MEETS: BLUE, BELOW: VERMILLION, AGGREGATE: GREY}
    y = alt.Y("country:N", sort=_descending(data), title=None)
    base = alt.Chart(alt.InlineData(values=_records(data))).encode(y=y)
    bars = base.mark_bar().encode(
        x=_share_x(top),
        color=alt.Color(
            "status:N",
            title=None,
            scale=alt.Scale(domain=domain, range=[colours[s] for s in domain]),
            legend=alt.Legend(offset=_legend_offset(targets, " target", top)),
        ),
        tooltip=tooltip,
    )
    labels = _value_labels(base, top, tooltip)
    rules = _target_rules(targets, axis="x", top=top)
    if title is None:
        years = sorted({int(y) for y in data["year"].dropna()}) if "year" in data.columns else []
        when = f", {years[0]}" if len(years) == 1 else ""
        title = f"Who meets the {' / '.join(_percent(t) for t in targets)} target{when}"
    chart = alt.LayerChart(layer=[bars, labels, rules])
    return _theme(chart, title=title, source=_source_line(data, source), height=alt.Step(BAR_STEP))


def default_highlight(frame: pd.DataFrame, count: int = DEFAULT_HIGHLIGHT) -> list[str]:
    """The allies a pathway chart of many picks out when none are chosen: those spending the
    most at the deadline (the last year of the path), in dollars, else the first ones."""
    countries = list(dict.fromkeys(str(c) for c in frame["iso3"]))
    if len(countries) <= MAX_HIGHLIGHT:
        return countries
    if "spending_usd_bn" not in frame.columns:
        return countries[:count]
    path = frame[(frame["kind"] == "path") & frame["spending_usd_bn"].notna()]
    last = path.sort_values("year").groupby("iso3", sort=False).tail(1)
    ranked = last.sort_values(["spending_usd_bn", "iso3"], ascending=[False, True])
    return [str(c) for c in ranked["iso3"]][:count]


def _with_bridges(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with each country's last history point repeated as the start of its path,
    so that the solid and the dashed line join."""
    import pandas as pd

    data = frame.sort_values(["country", "year"]).copy()
    data["bridge"] = False
    bridges = []
    for _, rows in data.groupby("country", sort=False):
        history = rows[rows["kind"] == "history"]
        path = rows[rows["kind"] == "path"]
        if history.empty or path.empty or path["year"].min() <= history["year"].max():
            continue
        bridge = history.loc[[history["year"].idxmax()]].copy()
        bridge["kind"], bridge["bridge"] = "path", True
        bridges.append(bridge)
    return pd.concat([data, *bridges], ignore_index=True) if bridges else data


def _dash() -> alt.StrokeDash:
    import altair as alt

    return alt.StrokeDash(
        "kind:N",
        title=None,
        scale=alt.Scale(domain=["history", "path"], range=[[1, 0], [6, 4]]),
        legend=alt.Legend(symbolStrokeColor=INK, symbolStrokeWidth=2),
    )


def pathway_chart(
    frame: pd.DataFrame,
    *,
    highlight: Sequence[str] | None = None,
    title: str | None = None,
    source: str | None = None,
) -> alt.LayerChart:
    """Share of GDP over time per country: history solid, the path to the target dashed. The
    highlighted allies (ISO codes; by default all of up to eight, else the five spending most
    at the deadline) are drawn in colour and named at their lines' ends, the others in grey."""
    import altair as alt

    _require(frame, "pathway", ("iso3", "country", "year", "share_gdp", "kind", "target"))
    data = _with_bridges(frame)
    codes = list(dict.fromkeys(str(c) for c in data["iso3"]))
    chosen = list(dict.fromkeys(highlight)) if highlight is not None else default_highlight(data)
    unknown = [c for c in chosen if c not in codes]
    if unknown:
        raise InvalidQueryError(
            f"highlight: no pathway to draw for {', '.join(unknown)} in this chart"
        )
    if len(chosen) > MAX_HIGHLIGHT:
        raise InvalidQueryError(
            f"highlight: at most {MAX_HIGHLIGHT} allies at once (got {len(chosen)})"
        )
    data["highlighted"] = data["iso3"].isin(chosen)

    targets = _targets(data)
    top = _axis_top(data["share_gdp"], targets, headroom=1.08)
    # The names at the lines' ends (and the target's label) in one column right of the plot,
    # spread so that none covers another; a thin leader joins each to its line's end.
    ends = data[data["highlighted"]].sort_values("year").groupby("iso3", sort=False).tail(1)
    # Colours in the order the names stand, top to bottom.
    ends = ends.sort_values(["share_gdp", "country"], ascending=[False, True])
    names = [str(n) for n in ends["country"]]
    colours = dict(zip(names, HIGHLIGHT_COLOURS, strict=False))
    to_pixels = LINE_HEIGHT / top
    wanted = [LINE_HEIGHT - float(v) * to_pixels for v in ends["share_gdp"]]
    wanted += [LINE_HEIGHT - t * to_pixels for t in targets]
    placed = _spread(wanted, END_FONT + 2, 0, LINE_HEIGHT)
    labels = [
        {
            "iso3": code,
            "country": name,
            "year": int(year),
            "share_gdp": float(share),
            "label_share": (LINE_HEIGHT - y) / to_pixels,
        }
        for code, name, year, share, y in zip(
            ends["iso3"], names, ends["year"], ends["share_gdp"], placed, strict=False
        )
    ]
    target_labels = [
        {
            "target": t,
            "target_label": f"{_percent(t)} target",
            "label_share": (LINE_HEIGHT - y) / to_pixels,
        }
        for t, y in zip(targets, placed[len(names) :], strict=True)
    ]

    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("share_gdp:Q", title="% of GDP", format=".2f"),
        alt.Tooltip("kind:N", title="Kind"),
    ]
    if "spending_usd_bn" in data.columns:
        tooltip.append(alt.Tooltip("spending_usd_bn:Q", title="Spending (USD bn)", format=",.1f"))
    y = alt.Y("share_gdp:Q", title="Defence spending, % of GDP", scale=_share_scale(top))
    colour = alt.Color(
        "country:N",
        legend=None,
        scale=alt.Scale(domain=names, range=[colours[n] for n in names]),
    )
    base = alt.Chart(alt.InlineData(values=_records(data))).encode(x=_year_axis(), y=y)
    grey = (
        base.mark_line(strokeWidth=1.2, color=LIGHT_GREY)
        .encode(strokeDash=_dash(), detail="country:N")
        .transform_filter("!datum.highlighted")
    )
    lines = (
        base.mark_line(strokeWidth=2.5)
        .encode(color=colour, strokeDash=_dash(), detail="country:N")
        .transform_filter("datum.highlighted")
    )
    hover = base.mark_point(size=60, opacity=0).encode(tooltip=tooltip)
    path_points = (
        base.mark_point(filled=True, size=30)
        .encode(color=colour, tooltip=tooltip)
        .transform_filter("datum.highlighted && datum.kind === 'path' && !datum.bridge")
    )
    marks = alt.Chart(alt.InlineData(values=labels))
    leaders = marks.mark_rule(strokeWidth=0.8, opacity=0.7).encode(
        x=alt.X("year:Q"),
        x2=alt.value(WIDTH + 4),
        y=alt.Y("share_gdp:Q"),
        y2=alt.Y2("label_share:Q"),
        color=colour,
    )
    names_layer = marks.mark_text(
        align="left", baseline="middle", fontSize=END_FONT, fontWeight="bold", dx=0
    ).encode(x=alt.value(WIDTH + 6), y=alt.Y("label_share:Q"), text="country:N", color=colour)
    rules = _target_rules(targets, axis="y", top=top, label=False)
    target_names = (
        alt.Chart(alt.InlineData(values=target_labels))
        .mark_text(align="left", baseline="middle", fontSize=RULE_FONT, color=INK)
        .encode(x=alt.value(WIDTH + 6), y=alt.Y("label_share:Q"), text="target_label:N")
    )
    if title is None:
        who = names[0] if len(codes) == 1 else f"{len(codes)} allies"
        title = f"Path to {' / '.join(_percent(t) for t in targets)} of GDP: {who}"
    # Layers without data would warn in the browser ("infinite extent"): only those with some.
    layer: list[Any] = [grey] if not data["highlighted"].all() else []
    layer.append(rules)
    if chosen:
        layer += [lines, path_points, leaders, names_layer]
    layer += [hover, target_names]
    chart = alt.LayerChart(layer=layer)
    return _theme(chart, title=title, source=_source_line(data, source), height=LINE_HEIGHT)


def pathway_grid_chart(
    frame: pd.DataFrame,
    *,
    columns: int = 6,
    title: str | None = None,
    source: str | None = None,
) -> alt.FacetChart:
    """Small multiples: one small chart per ally (in the frame's order), history solid and path
    dashed on one scale, the target dashed; the path in its verdict's colour when the frame has
    a ``verdict`` column."""
    import altair as alt

    _require(frame, "pathway grid", ("iso3", "country", "year", "share_gdp", "kind", "target"))
    order = list(dict.fromkeys(str(c) for c in frame["country"]))
    data = _with_bridges(frame)
    targets = _targets(data)
    top = _axis_top(data["share_gdp"], targets, headroom=1.05)
    has_verdict = "verdict" in data.columns
    if has_verdict:
        data["verdict"] = data["verdict"].fillna("")
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("share_gdp:Q", title="% of GDP", format=".2f"),
        alt.Tooltip("kind:N", title="Kind"),
    ]
    if has_verdict:
        tooltip.append(alt.Tooltip("verdict:N", title="Verdict"))
    # Three ticks: where the history starts, where the path starts, and the deadline.
    history_years = data.loc[data["kind"] == "history", "year"]
    years = sorted({int(y) for y in data["year"]})
    start = int(history_years.max()) if not history_years.empty else years[0]
    ticks = sorted({years[0], start, years[-1]})
    x = alt.X(
        "year:Q",
        title=None,
        axis=alt.Axis(values=ticks, format="d", labelFontSize=9, labelFlush=True, grid=False),
        scale=alt.Scale(zero=False, nice=False),
    )
    y = alt.Y(
        "share_gdp:Q",
        title=None,
        axis=alt.Axis(tickCount=3, labelFontSize=9),
        scale=_share_scale(top),
    )
    base = alt.Chart().encode(x=x, y=y)
    history = base.mark_line(strokeWidth=1.6, color=INK).transform_filter(
        "datum.kind === 'history'"
    )
    if has_verdict:
        present = [v for v in VERDICT_COLOURS if v in set(data["verdict"])]
        path_colour: Any = alt.Color(
            "verdict:N",
            title="Path, by verdict",
            scale=alt.Scale(domain=present, range=[VERDICT_COLOURS[v] for v in present]),
        )
    else:
        path_colour = alt.value(BLUE)
    path = (
        base.mark_line(strokeWidth=1.6, strokeDash=[4, 3])
        .encode(color=path_colour)
        .transform_filter("datum.kind === 'path'")
    )
    hover = base.mark_point(size=30, opacity=0).encode(tooltip=tooltip)
    rule = (
        alt.Chart()
        .mark_rule(color=GREY, strokeDash=[3, 3], strokeWidth=1)
        .encode(y=alt.Y("mean(target):Q", scale=_share_scale(top)))
    )
    layered = alt.layer(rule, history, path, hover).properties(width=138, height=84)
    chart = layered.facet(
        facet=alt.Facet(
            "country:N",
            sort=order,
            title=None,
            header=alt.Header(labelFontSize=11, labelFontWeight="bold", labelPadding=2),
        ),
        columns=columns,
        data=alt.InlineData(values=_records(data)),
        spacing={"row": 14, "column": 10},
    )
    if title is None:
        title = (
            f"Every ally's path to {' / '.join(_percent(t) for t in targets)} of GDP "
            "(history solid, path dashed, target grey)"
        )
    return _theme(chart, title=title, source=_source_line(data, source))


def _bar_styles(groups: Sequence[str], figures: Sequence[str]) -> list[dict[str, Any]]:
    """The legend entries of a bar chart of figures, each with its fill, outline and dash:
    reported figures solid, estimates lighter with a solid outline, figures whose estimate flag
    is unknown paler still with a dashed outline. Allies' reported and estimate entries are
    always listed, so a chart of estimates alone still shows what a solid bar would be."""
    colours = {"ally": BLUE, AGGREGATE: GREY}
    tints = {REPORTED: 1.0, ESTIMATE: ESTIMATE_TINT, UNKNOWN_FLAG: 0.12}
    present = set(zip(groups, figures, strict=True))
    styles = []
    for group in ("ally", AGGREGATE):
        for figure in (REPORTED, ESTIMATE, UNKNOWN_FLAG):
            always = group == "ally" and figure != UNKNOWN_FLAG
            if (group, figure) not in present and not always:
                continue
            colour = colours[group]
            styles.append(
                {
                    "group": group,
                    "figure": figure,
                    "style": figure if group == "ally" else f"total, {figure}",
                    "fill": _tint(colour, tints[figure]),
                    "stroke": colour,
                    "dash": [3, 2] if figure == UNKNOWN_FLAG else [1, 0],
                }
            )
    return styles


def status_chart(
    frame: pd.DataFrame,
    *,
    thresholds: Sequence[float] = (2.0, 3.5, 5.0),
    title: str | None = None,
    source: str | None = None,
) -> alt.LayerChart:
    """Every ally's share of GDP against the commitment thresholds. Estimates are drawn lighter
    with a solid outline (and the legend says so), figures whose estimate flag is unknown paler
    with a dashed one; each value stands right of its bar, clear of the threshold rules."""
    import altair as alt
    import pandas as pd

    _require(frame, "status", ("iso3", "country", "share_gdp", "estimate", "rank"))
    data = frame[frame["share_gdp"].notna()].copy()
    if data.empty:
        raise NoDataError("chart: nothing to draw in the status chart (no share of GDP)")
    data["group"] = [AGGREGATE if a else "ally" for a in _is_aggregate(data)]
    data["figure"] = [_figure(e) for e in data["estimate"]]
    styles = _bar_styles(list(data["group"]), list(data["figure"]))
    style_of = {(s["group"], s["figure"]): s["style"] for s in styles}
    data["style"] = [style_of[g, f] for g, f in zip(data["group"], data["figure"], strict=True)]
    # Aggregates have no rank; a dash reads better in a tooltip than "null".
    data["rank_label"] = [str(int(r)) if pd.notna(r) else "–" for r in data["rank"]]
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("share_gdp:Q", title="% of GDP", format=".2f"),
        alt.Tooltip("rank_label:N", title="Rank"),
        alt.Tooltip("figure:N", title="Figure"),
    ]
    if "year" in data.columns:
        tooltip.append(alt.Tooltip("year:O", title="Year"))
    rules = [float(t) for t in thresholds]
    top = _axis_top(data["share_gdp"], rules)
    _place_value_labels(data, rules, top)
    y = alt.Y("country:N", sort=_descending(data), title=None)
    base = alt.Chart(alt.InlineData(values=_records(data))).encode(y=y)
    domain = [s["style"] for s in styles]
    legend = alt.Legend(
        title=None,
        symbolStrokeWidth=1.2,
        symbolSize=120,
        offset=_legend_offset(rules, "", top),
    )
    bars = base.mark_bar(strokeWidth=1.2, height={"band": 0.8}).encode(
        x=_share_x(top),
        fill=alt.Fill(
            "style:N",
            scale=alt.Scale(domain=domain, range=[s["fill"] for s in styles]),
            legend=legend,
            title=None,
        ),
        stroke=alt.Stroke(
            "style:N",
            scale=alt.Scale(domain=domain, range=[s["stroke"] for s in styles]),
            legend=legend,
            title=None,
        ),
        strokeDash=alt.StrokeDash(
            "style:N",
            scale=alt.Scale(domain=domain, range=[s["dash"] for s in styles]),
            legend=legend,
            title=None,
        ),
        tooltip=tooltip,
    )
    labels = _value_labels(base, top, tooltip)
    threshold_rules = _target_rules(rules, axis="x", top=top, suffix="")
    if title is None:
        years = sorted({int(y) for y in data["year"].dropna()}) if "year" in data.columns else []
        title = "Defence spending, % of GDP" + (f", {years[0]}" if len(years) == 1 else "")
    chart = alt.LayerChart(layer=[bars, labels, threshold_rules])
    return _theme(chart, title=title, source=_source_line(data, source), height=alt.Step(BAR_STEP))


@functools.cache
def boundaries() -> dict[str, Any]:
    """The map's country boundaries as TopoJSON: Natural Earth 1:110m (public domain), trimmed
    to Europe and North America (src/milex/data/maps/SOURCES.md says how)."""
    text = (resources.files("milex.data") / "maps" / BOUNDARIES).read_text(encoding="utf-8")
    topology: dict[str, Any] = json.loads(text)
    return topology


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs as (longitude, latitude) points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _hull(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of the points (Andrew's monotone chain), counter-clockwise."""
    ordered = sorted(set(points))
    if len(ordered) < 3:
        return ordered

    def turn(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for point in ordered:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], point) <= 0:
            lower.pop()
        lower.append(point)
    for point in reversed(ordered):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], point) <= 0:
            upper.pop()
        upper.append(point)
    return lower[:-1] + upper[:-1]


@functools.cache
def _fit(region: str, codes: frozenset[str]) -> dict[str, Any]:
    """What a panel's projection is fitted to: the outline (convex hull of the outer rings, in
    longitude and latitude) of the given countries drawn in that panel, as points at most a
    degree apart along it, so that no land inside it can project outside their bounds."""
    topology = boundaries()
    arcs = _arcs(topology)
    points: list[tuple[float, float]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        properties = geometry.get("properties", {})
        key = properties.get("part_of") or geometry.get("id")
        if key not in codes or properties.get("region") != region:
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        for polygon in polygons:
            for index in polygon[0]:
                points += arcs[index if index >= 0 else ~index]
    hull = _hull(points)
    outline: list[list[float]] = []
    for start, end in zip(hull, [*hull[1:], *hull[:1]], strict=True):
        steps = max(1, math.ceil(max(abs(end[0] - start[0]), abs(end[1] - start[1]))))
        for step in range(steps):
            share = step / steps
            outline.append(
                [
                    round(start[0] + (end[0] - start[0]) * share, 2),
                    round(start[1] + (end[1] - start[1]) * share, 2),
                ]
            )
    geometry = {"type": "MultiPoint", "coordinates": outline}
    return {"type": "Feature", "properties": {}, "geometry": geometry}


def _band(value: Any, thresholds: Sequence[float], missing: Any = None) -> str:
    """The map's band of a share of GDP: below the first threshold, between two, or above;
    without a figure, whether the publisher gave none or milex's copy lacks it."""
    if value is None or value != value:
        return NOT_HELD if missing == absent.NOT_HELD else NO_FIGURE
    low, high = thresholds
    if value < low:
        return f"below {_percent(low)}"
    return f"{_percent(low)} to {_percent(high)}" if value < high else f"{_percent(high)} or more"


def map_chart(
    frame: pd.DataFrame,
    *,
    thresholds: tuple[float, float] = (2.0, 3.5),
    title: str | None = None,
    source: str | None = None,
) -> alt.HConcatChart:
    """A map of North America and Europe, each ally coloured by its share of GDP against two
    thresholds (below the first, between, at or above the second); allies without a figure
    white with a grey outline (the publisher gave none) or pale (milex's copy lacks it, the
    ``missing`` column says ``not_held``), other countries light grey. One row per ally:
    ``share_gdp`` may be empty, ``note`` (optional) says why in the tooltip."""
    import altair as alt

    _require(frame, "map", ("iso3", "country", "share_gdp"))
    low, high = sorted(float(t) for t in thresholds)
    data = frame.copy()
    why_missing = data["missing"] if "missing" in data.columns else [None] * len(data)
    data["band"] = [
        _band(v, (low, high), why) for v, why in zip(data["share_gdp"], why_missing, strict=True)
    ]
    data["share_text"] = [
        f"{float(v):.2f}%" if v == v and v is not None else "–" for v in data["share_gdp"]
    ]
    if "estimate" in data.columns:
        data["figure"] = [
            _figure(e) if v == v and v is not None else ""
            for e, v in zip(data["estimate"], data["share_gdp"], strict=True)
        ]
    fields = ["country", "band", "share_text"]
    tooltip = [
        alt.Tooltip("name:N", title="Country"),
        alt.Tooltip("share_text:N", title="% of GDP"),
    ]
    for column, heading in (("figure", "Figure"), ("note", "Note"), ("year", "Year")):
        if column in data.columns:
            fields.append(column)
            tooltip.append(alt.Tooltip(f"{column}:N", title=heading))
    bands = [_band(v, (low, high)) for v in (low - 1, low, high)]
    absent = [b for b in (NO_FIGURE, NOT_HELD) if b == NO_FIGURE or b in set(data["band"])]
    domain = [*bands, *absent, NOT_ALLY]
    colour = alt.Color(
        "band:N",
        title=None,
        scale=alt.Scale(
            domain=domain,
            range=[*MAP_COLOURS, *(MISSING_COLOURS[b] for b in (*absent, NOT_ALLY))],
        ),
        legend=alt.Legend(symbolStrokeColor="#8A8A8A", symbolStrokeWidth=0.8, symbolType="square"),
    )
    shapes = alt.InlineData(
        values=boundaries(), format={"type": "topojson", "feature": "countries"}
    )
    allies = alt.InlineData(values=_records(data[["iso3", *fields]]))
    codes = frozenset(str(c) for c in data["iso3"])
    panels = []
    for region, width, height, (longitude, latitude) in MAP_PANELS:
        panel = (
            alt.Chart(shapes)
            .mark_geoshape(strokeWidth=0.6)
            .transform_filter(f"datum.properties.region === '{region}'")
            .transform_calculate(key="datum.properties.part_of || datum.id")
            .transform_lookup(
                lookup="key", from_=alt.LookupData(data=allies, key="iso3", fields=fields)
            )
            .transform_calculate(
                band=f"datum.band || '{NOT_ALLY}'",
                name=(
                    "datum.country ? (datum.properties.part_of ? datum.properties.name + ' ('"
                    " + datum.country + ')' : datum.country) : datum.properties.name"
                ),
            )
            .encode(
                color=colour,
                stroke=alt.condition(
                    f"datum.band === '{NO_FIGURE}' || datum.band === \"{NOT_HELD}\"",
                    alt.value("#8A8A8A"),
                    alt.value("#FFFFFF"),
                ),
                tooltip=tooltip,
            )
            .project(
                type="azimuthalEqualArea",
                rotate=[-longitude, -latitude],
                fit=_fit(region, codes),
                clipExtent=[[0, 0], [width, height]],
            )
            .properties(width=width, height=height)
        )
        panels.append(panel)
    chart: alt.HConcatChart = alt.hconcat(*panels, spacing=16).resolve_scale(color="shared")
    if title is None:
        years = sorted({int(y) for y in data["year"].dropna()}) if "year" in data.columns else []
        when = f", {years[0]}" if len(years) == 1 else ""
        title = f"Defence spending against {_percent(low)} and {_percent(high)} of GDP{when}"
    boundaries_line = "Boundaries: Natural Earth 1:110m (public domain)"
    source_line = _source_line(data, source)
    subtitle = f"{source_line} · {boundaries_line}" if source_line else boundaries_line
    return _theme(chart, title=title, source=subtitle, view_stroke="#E2E2E2")


def history_chart(
    frame: pd.DataFrame, *, title: str | None = None, source: str | None = None
) -> alt.LayerChart:
    """Share of GDP over time, one line per release or source (NATO next to SIPRI)."""
    import altair as alt

    series = "release" if "release" in frame.columns else "source"
    _require(frame, "history", ("year", "value", series, "iso3"))
    data = frame.copy()
    has_country = "country" in data.columns
    tooltip = [
        alt.Tooltip("country:N" if has_country else "iso3:N", title="Country"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("value:Q", title="% of GDP", format=".2f"),
        alt.Tooltip(f"{series}:N", title=series.capitalize()),
    ]
    base = alt.Chart(alt.InlineData(values=_records(data))).encode(
        x=_year_axis(),
        y=alt.Y("value:Q", title="Defence spending, % of GDP"),
        color=alt.Color(
            f"{series}:N",
            title=None,
            scale=alt.Scale(range=[BLUE, VERMILLION, "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]),
        ),
        detail="iso3:N",
    )
    lines = base.mark_line(strokeWidth=2)
    points = base.mark_point(filled=True, size=22).encode(tooltip=tooltip)
    if title is None:
        names = list(dict.fromkeys(data["country" if has_country else "iso3"].astype(str)))
        who = (
            names[0] if len(names) == 1 else ", ".join(names[:4]) + ("…" if len(names) > 4 else "")
        )
        title = f"Defence spending as % of GDP by {series}: {who}"
    chart = alt.LayerChart(layer=[lines, points])
    return _theme(chart, title=title, source=source, height=LINE_HEIGHT)


def fan_chart(
    frame: pd.DataFrame,
    *,
    target: float | None = None,
    title: str | None = None,
    source: str | None = None,
) -> alt.LayerChart:
    """Monte Carlo bands of the share of GDP per ally: the P5-P95 range as an area, the median
    as a line, a rule at the target (the ``target`` column or keyword)."""
    import altair as alt

    _require(frame, "fan", ("iso3", "year", "share_p5", "share_p50", "share_p95"))
    data = frame.sort_values(["iso3", "year"]).copy()
    if "country" not in data.columns:
        data["country"] = data["iso3"].astype(str)
    targets = [target] if target is not None else []
    if not targets and "target" in data.columns:
        targets = _targets(data)
    countries = list(dict.fromkeys(data["country"]))
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("share_p5:Q", title="P5, % of GDP", format=".2f"),
        alt.Tooltip("share_p50:Q", title="Median, % of GDP", format=".2f"),
        alt.Tooltip("share_p95:Q", title="P95, % of GDP", format=".2f"),
    ]
    if "cost_p50_usd_bn" in data.columns:
        tooltip.append(
            alt.Tooltip("cost_p50_usd_bn:Q", title="Median cost (USD bn)", format=",.1f")
        )
    if len(countries) == 1:
        colour: Any = alt.value(BLUE)
    else:
        scheme: Literal["tableau10", "tableau20"] = (
            "tableau10" if len(countries) <= 10 else "tableau20"
        )
        # Solid legend symbols: the band's faint fill would make them hard to tell apart.
        legend = (
            alt.Legend(title=None, columns=6, symbolOpacity=1)
            if len(countries) <= LEGEND_LIMIT
            else None
        )
        colour = alt.Color("country:N", scale=alt.Scale(scheme=scheme), legend=legend)

    top = _axis_top(data["share_p95"], targets, headroom=1.08)
    y_title = "Defence spending, % of GDP"
    base = alt.Chart(alt.InlineData(values=_records(data))).encode(
        x=_year_axis(),
        color=colour,
        detail="country:N",
    )
    band = base.mark_area(opacity=0.22).encode(
        y=alt.Y("share_p5:Q", title=y_title, scale=_share_scale(top)),
        y2="share_p95:Q",
    )
    median = base.mark_line(strokeWidth=2).encode(y=alt.Y("share_p50:Q", title=y_title))
    points = base.mark_point(filled=True, size=30).encode(
        y=alt.Y("share_p50:Q", title=y_title), tooltip=tooltip
    )
    layer: list[Any] = [band, median, points]
    if targets:
        # The target's label right of the plot: on the left it would lie across the bands.
        layer.append(_target_rules(targets, axis="y", top=top))
    if title is None:
        who = countries[0] if len(countries) == 1 else f"{len(countries)} allies"
        title = f"Share of GDP under the scenario, median and P5-P95: {who}"
    chart = alt.LayerChart(layer=layer)
    return _theme(chart, title=title, source=_source_line(data, source), height=LINE_HEIGHT)


def to_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite JSON as a dict, data inlined and ``$schema`` set."""
    spec: dict[str, Any] = chart.to_dict(validate=True)
    return spec


def vl_version() -> str | None:
    """The Vega-Lite version (major.minor) the specs are written for, if vl-convert has it."""
    import altair as alt
    import vl_convert

    # Render with the Vega-Lite release Altair wrote the spec for, when vl-convert has it.
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vl_convert.get_vegalite_versions() else None


def export(chart: alt.TopLevelMixin, path: str | Path, *, scale: float = 2.0) -> Path:
    """Write the chart as PNG, SVG or PDF by the file's suffix; ``scale`` applies to PNG only."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        shown = f"'{target.suffix}'" if target.suffix else "(none)"
        raise InvalidQueryError(f"chart: unsupported file type {shown}; use .png, .svg or .pdf")
    import vl_convert

    spec = to_spec(chart)
    version = vl_version()
    # An empty allow-list: the specs carry their data inline, so nothing may be fetched.
    offline: list[str] = []
    target.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".svg":
        svg = vl_convert.vegalite_to_svg(spec, vl_version=version, allowed_base_urls=offline)
        target.write_text(svg, encoding="utf-8")
    elif suffix == ".png":
        png = vl_convert.vegalite_to_png(
            spec, vl_version=version, scale=scale, allowed_base_urls=offline
        )
        target.write_bytes(png)
    else:
        # PDF is vector: vl-convert ignores (and warns about) a scale factor.
        pdf = vl_convert.vegalite_to_pdf(spec, vl_version=version, allowed_base_urls=offline)
        target.write_bytes(pdf)
    return target


CHARTS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    "gap": gap_chart,
    "pathway": pathway_chart,
    "pathway_grid": pathway_grid_chart,
    "status": status_chart,
    "map": map_chart,
    "history": history_chart,
    "fan": fan_chart,
}
