"""Every chart of milex, one Vega-Lite spec each (through Altair), shared by the web page and
static export. Charts only draw the DataFrames they are given; nothing here fetches anything."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from milex.errors import InvalidQueryError, NoDataError

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

__all__ = [
    "CHARTS",
    "export",
    "fan_chart",
    "gap_chart",
    "history_chart",
    "pathway_chart",
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
INK = "#333333"
AGGREGATE_CODES = frozenset({"NATO", "NATO_EU_CA", "EU_ALLIES"})
MEETS, BELOW, AGGREGATE = "meets target", "below target", "aggregate"
LEGEND_LIMIT = 12
EXPORT_SUFFIXES = (".png", ".svg", ".pdf")


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


def _source_line(frame: pd.DataFrame, source: str | None) -> str | None:
    # Without an explicit source line, the release ids still say where the figures come from.
    if source is not None or "release" not in frame.columns:
        return source
    releases = sorted({str(r) for r in frame["release"].dropna()})
    return "Source: " + ", ".join(releases) if releases else None


def _theme(chart: alt.LayerChart, *, title: str, source: str | None, height: Any) -> alt.LayerChart:
    """The one look of every milex chart: font, size, title with the source as subtitle."""
    import altair as alt

    title_params = alt.TitleParams(text=title, subtitle=source or "", anchor="start")
    themed: alt.LayerChart = (
        chart.properties(width=WIDTH, height=height, title=title_params)
        .configure(font=FONT, background="white", padding=12)
        .configure_title(fontSize=15, subtitleFontSize=11, subtitleColor="#666666", offset=14)
        .configure_axis(labelFontSize=11, titleFontSize=12, labelColor=INK, titleColor=INK)
        .configure_legend(labelFontSize=11, titleFontSize=11, orient="top")
        .configure_view(stroke=None)
    )
    return themed


def _year_axis() -> alt.X:
    """The year axis every time chart shares: whole years, no zero, a little padding."""
    import altair as alt

    return alt.X(
        "year:Q",
        title=None,
        axis=alt.Axis(format="d", tickMinStep=1, labelFlush=False),
        scale=alt.Scale(zero=False, nice=False, padding=10),
    )


def _target_rules(
    targets: Sequence[float], *, axis: str, label_y: Any = None, label_x: Any = None
) -> alt.LayerChart:
    """Dashed rules at each target with a "3.5% target"-style label."""
    import altair as alt

    values = [{"target": t, "target_label": f"{_percent(t)} target"} for t in targets]
    base = alt.Chart(alt.InlineData(values=values))
    position = {axis: alt.X("target:Q") if axis == "x" else alt.Y("target:Q")}
    rule = base.mark_rule(color=INK, strokeDash=[5, 3], strokeWidth=1.5).encode(**position)
    if axis == "x":
        text = base.mark_text(align="left", dx=4, fontSize=11, color=INK, fontWeight="bold")
        label = text.encode(x="target:Q", y=label_y, text="target_label:N")
    else:
        text = base.mark_text(align="left", dx=4, dy=-7, fontSize=11, color=INK, fontWeight="bold")
        label = text.encode(y="target:Q", x=label_x, text="target_label:N")
    return alt.LayerChart(layer=[rule, label])


def gap_chart(
    frame: pd.DataFrame, *, title: str | None = None, source: str | None = None
) -> alt.LayerChart:
    """Horizontal bars of each country's share of GDP against the target, coloured by meets."""
    import altair as alt
    import pandas as pd

    _require(frame, "gap", ("iso3", "country", "share_gdp", "target", "gap_pp", "meets"))
    data = frame.copy()
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
        data["gap_usd"] = [
            f"${float(v):,.1f} bn" if pd.notna(v) else "" for v in data["gap_usd_bn"]
        ]
        tooltip.append(alt.Tooltip("gap_usd:N", title="Gap (USD)"))
    if "year" in data.columns:
        tooltip.append(alt.Tooltip("year:O", title="Year"))
    if "release" in data.columns:
        tooltip.append(alt.Tooltip("release:N", title="Release"))

    domain = [s for s in (MEETS, BELOW, AGGREGATE) if s in set(data["status"])]
    colours = {MEETS: BLUE, BELOW: VERMILLION, AGGREGATE: GREY}
    y = alt.Y("country:N", sort=_descending(data), title=None)
    base = alt.Chart(alt.InlineData(values=_records(data))).encode(y=y)
    bars = base.mark_bar().encode(
        x=alt.X("share_gdp:Q", title="Defence spending, % of GDP", axis=alt.Axis(tickCount=10)),
        color=alt.Color(
            "status:N",
            title=None,
            scale=alt.Scale(domain=domain, range=[colours[s] for s in domain]),
        ),
        tooltip=tooltip,
    )
    labels = base.mark_text(align="left", dx=3, fontSize=10, color=INK).encode(
        x="share_gdp:Q", text=alt.Text("share_gdp:Q", format=".2f"), tooltip=tooltip
    )
    targets = _targets(data)
    rules = _target_rules(targets, axis="x", label_y=alt.value(-8))
    if title is None:
        years = sorted({int(y) for y in data["year"].dropna()}) if "year" in data.columns else []
        when = f", {years[0]}" if len(years) == 1 else ""
        title = f"Who meets the {' / '.join(_percent(t) for t in targets)} target{when}"
    chart = alt.LayerChart(layer=[bars, labels, rules])
    return _theme(chart, title=title, source=_source_line(data, source), height=alt.Step(BAR_STEP))


def pathway_chart(
    frame: pd.DataFrame, *, title: str | None = None, source: str | None = None
) -> alt.LayerChart:
    """Share of GDP over time per country: history solid, the path to the target dashed."""
    import altair as alt

    _require(frame, "pathway", ("iso3", "country", "year", "share_gdp", "kind", "target"))
    data = frame.sort_values(["country", "year"]).copy()
    data["bridge"] = False
    # Repeat each country's last history point as the start of its path so the lines join.
    bridges = []
    for _, rows in data.groupby("country", sort=False):
        history = rows[rows["kind"] == "history"]
        path = rows[rows["kind"] == "path"]
        if history.empty or path.empty or path["year"].min() <= history["year"].max():
            continue
        bridge = history.loc[[history["year"].idxmax()]].copy()
        bridge["kind"], bridge["bridge"] = "path", True
        bridges.append(bridge)
    if bridges:
        import pandas as pd

        data = pd.concat([data, *bridges], ignore_index=True)

    countries = list(dict.fromkeys(data["country"]))
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("share_gdp:Q", title="% of GDP", format=".2f"),
        alt.Tooltip("kind:N", title="Kind"),
    ]
    if "spending_usd_bn" in data.columns:
        tooltip.append(alt.Tooltip("spending_usd_bn:Q", title="Spending (USD bn)", format=",.1f"))
    if len(countries) == 1:
        colour: Any = alt.value(BLUE)
    else:
        scheme: Literal["tableau10", "tableau20"] = (
            "tableau10" if len(countries) <= 10 else "tableau20"
        )
        legend = alt.Legend(title=None, columns=6) if len(countries) <= LEGEND_LIMIT else None
        colour = alt.Color("country:N", scale=alt.Scale(scheme=scheme), legend=legend)

    targets = _targets(data)
    top = max([*targets, float(data["share_gdp"].max())]) * 1.08
    base = alt.Chart(alt.InlineData(values=_records(data))).encode(
        x=_year_axis(),
        # Headroom above the target so its rule and label do not sit on the frame's edge.
        y=alt.Y("share_gdp:Q", title="Defence spending, % of GDP", scale=alt.Scale(domainMax=top)),
        color=colour,
    )
    lines = base.mark_line(strokeWidth=2).encode(
        strokeDash=alt.StrokeDash(
            "kind:N",
            title=None,
            scale=alt.Scale(domain=["history", "path"], range=[[1, 0], [6, 4]]),
        ),
        detail="country:N",
    )
    history_points = (
        base.mark_point(size=60, opacity=0)
        .encode(tooltip=tooltip)
        .transform_filter(alt.datum.kind == "history")
    )
    path_points = (
        base.mark_point(filled=True, size=36)
        .encode(tooltip=tooltip)
        .transform_filter((alt.datum.kind == "path") & ~alt.datum.bridge)
    )
    rules = _target_rules(targets, axis="y", label_x=alt.value(0))
    if title is None:
        who = countries[0] if len(countries) == 1 else f"{len(countries)} allies"
        title = f"Path to {' / '.join(_percent(t) for t in targets)} of GDP: {who}"
    chart = alt.LayerChart(layer=[lines, history_points, path_points, rules])
    return _theme(chart, title=title, source=_source_line(data, source), height=LINE_HEIGHT)


def status_chart(
    frame: pd.DataFrame,
    *,
    thresholds: Sequence[float] = (2.0, 3.5, 5.0),
    title: str | None = None,
    source: str | None = None,
) -> alt.LayerChart:
    """Every ally's share of GDP against the commitment thresholds; estimates drawn lighter."""
    import altair as alt
    import pandas as pd

    _require(frame, "status", ("iso3", "country", "share_gdp", "estimate", "rank"))
    data = frame.copy()
    data["group"] = ["aggregate" if a else "ally" for a in _is_aggregate(data)]
    data["figure"] = ["estimate" if _flag(e) else "reported" for e in data["estimate"]]
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
    y = alt.Y("country:N", sort=_descending(data), title=None)
    base = alt.Chart(alt.InlineData(values=_records(data))).encode(y=y)
    groups = [g for g in ("ally", "aggregate") if g in set(data["group"])]
    figures = [f for f in ("reported", "estimate") if f in set(data["figure"])]
    bars = base.mark_bar().encode(
        x=alt.X("share_gdp:Q", title="Defence spending, % of GDP", axis=alt.Axis(tickCount=10)),
        color=alt.Color(
            "group:N",
            title=None,
            scale=alt.Scale(
                domain=groups, range=[{"ally": BLUE, "aggregate": GREY}[g] for g in groups]
            ),
            legend=None if groups == ["ally"] else alt.Legend(),
        ),
        opacity=alt.Opacity(
            "figure:O",
            sort=figures,
            title=None,
            scale=alt.Scale(
                domain=figures, range=[{"reported": 1.0, "estimate": 0.45}[f] for f in figures]
            ),
            legend=None if figures == ["reported"] else alt.Legend(symbolFillColor=BLUE),
        ),
        tooltip=tooltip,
    )
    labels = base.mark_text(align="left", dx=3, fontSize=10, color=INK).encode(
        x="share_gdp:Q", text=alt.Text("share_gdp:Q", format=".2f"), tooltip=tooltip
    )
    threshold_values = [{"threshold": t, "label": _percent(t)} for t in thresholds]
    marks = alt.Chart(alt.InlineData(values=threshold_values))
    rules = marks.mark_rule(color=INK, strokeDash=[5, 3], strokeWidth=1.2).encode(x="threshold:Q")
    rule_labels = marks.mark_text(fontSize=11, color=INK, fontWeight="bold").encode(
        x="threshold:Q", y=alt.value(-8), text="label:N"
    )
    if title is None:
        years = sorted({int(y) for y in data["year"].dropna()}) if "year" in data.columns else []
        title = "Defence spending, % of GDP" + (f", {years[0]}" if len(years) == 1 else "")
    chart = alt.LayerChart(layer=[bars, labels, rules, rule_labels])
    return _theme(chart, title=title, source=_source_line(data, source), height=alt.Step(BAR_STEP))


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

    top = max([*targets, float(data["share_p95"].max())]) * 1.08
    y_title = "Defence spending, % of GDP"
    base = alt.Chart(alt.InlineData(values=_records(data))).encode(
        x=_year_axis(),
        color=colour,
        detail="country:N",
    )
    band = base.mark_area(opacity=0.22).encode(
        y=alt.Y("share_p5:Q", title=y_title, scale=alt.Scale(domainMax=top)),
        y2="share_p95:Q",
    )
    median = base.mark_line(strokeWidth=2).encode(y=alt.Y("share_p50:Q", title=y_title))
    points = base.mark_point(filled=True, size=30).encode(
        y=alt.Y("share_p50:Q", title=y_title), tooltip=tooltip
    )
    layer: list[Any] = [band, median, points]
    if targets:
        layer.append(_target_rules(targets, axis="y", label_x=alt.value(0)))
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


CHARTS: dict[str, Callable[..., alt.LayerChart]] = {
    "gap": gap_chart,
    "pathway": pathway_chart,
    "status": status_chart,
    "history": history_chart,
    "fan": fan_chart,
}
