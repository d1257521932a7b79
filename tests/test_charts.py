"""Chart specs: structure of each Vega-Lite spec, offline export to PNG/SVG/PDF, lazy imports."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from milex import charts
from milex.errors import InvalidQueryError, NoDataError

# NATO, Defence Expenditure of NATO Countries (2014-2024), share of GDP, 2024 estimates.
ALLIES = [
    ("POL", "Poland", 4.12, True),
    ("EST", "Estonia", 3.43, True),
    ("USA", "United States", 3.38, True),
    ("GRC", "Greece", 3.08, True),
    ("DEU", "Germany", 2.12, True),
    ("FRA", "France", 2.06, True),
    ("ITA", "Italy", 1.49, True),
    ("ESP", "Spain", 1.28, True),
    ("NATO", "NATO total", 2.71, True),
]


def gap_frame(target: float = 2.0, **extra: list[Any]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "iso3": [a[0] for a in ALLIES],
            "country": [a[1] for a in ALLIES],
            "share_gdp": [a[2] for a in ALLIES],
        }
    )
    frame["target"] = target
    frame["gap_pp"] = (target - frame["share_gdp"]).clip(lower=0)
    frame["meets"] = frame["share_gdp"] >= target
    frame["year"] = 2024
    frame["release"] = "nato-2024-06"
    for name, values in extra.items():
        frame[name] = values
    return frame


def pathway_frame(countries: Sequence[tuple[str, str, float]] = (("ESP", "Spain", 1.28),)) -> Any:
    rows = []
    for iso3, name, last in countries:
        for year, share in zip(range(2021, 2025), (1.02, 1.14, 1.24, last), strict=True):
            rows.append((iso3, name, year, share, "history", 3.5, None))
        for step, year in enumerate(range(2025, 2036), start=1):
            share = last + (3.5 - last) * step / 11
            rows.append((iso3, name, year, share, "path", 3.5, round(share * 16.5, 1)))
    columns = ["iso3", "country", "year", "share_gdp", "kind", "target", "spending_usd_bn"]
    return pd.DataFrame(rows, columns=columns)


def status_frame() -> pd.DataFrame:
    frame = gap_frame()[["iso3", "country", "share_gdp"]].copy()
    frame["estimate"] = [True, True, True, True, True, True, False, False, True]
    frame["rank"] = pd.array([1, 2, 3, 4, 5, 6, 7, 8, None], dtype="Int64")
    frame["year"] = 2024
    return frame


def history_frame(series: str = "source") -> pd.DataFrame:
    nato = [1.86, 1.98, 1.89, 2.02, 2.31, 1.99, 2.23, 2.22, 2.40, 3.88, 4.12]
    sipri = [1.90, 2.00, 1.90, 2.00, 2.00, 2.00, 2.20, 2.20, 2.40, 3.80, 4.20]
    rows = [(y, v, "NATO", "POL") for y, v in zip(range(2014, 2025), nato, strict=True)]
    rows += [(y, v, "SIPRI", "POL") for y, v in zip(range(2014, 2025), sipri, strict=True)]
    return pd.DataFrame(rows, columns=["year", "value", series, "iso3"])


def fan_frame(
    allies: Sequence[tuple[str, str, float]] = (("DEU", "Germany", 2.69),), target: bool = True
) -> pd.DataFrame:
    """Monte Carlo bands as ScenarioReport.bands_table() gives them, with the ally's name: no
    spread in the start year, widening to the deadline."""
    rows = []
    for iso3, name, start in allies:
        for step, year in enumerate(range(2026, 2036)):
            median = start + (3.5 - start) * step / 9
            spread = 0.025 * step
            rows.append((iso3, name, year, median - spread, median, median + spread, median * 55))
    columns = ["iso3", "country", "year", "share_p5", "share_p50", "share_p95", "cost_p50_usd_bn"]
    frame = pd.DataFrame(rows, columns=columns)
    if target:
        frame["target"] = 3.5
    return frame


def map_frame() -> pd.DataFrame:
    """One row per ally, as the Overview's map gets them: Germany without a figure."""
    from milex.data import countries

    shares = {a[0]: a[2] for a in ALLIES if a[0] != "NATO"}
    allies = countries.members()
    frame = pd.DataFrame(
        {
            "iso3": [c.iso3 for c in allies],
            "country": [c.name for c in allies],
            "share_gdp": [shares.get(c.iso3, 2.5) for c in allies],
        }
    )
    frame["year"] = 2024
    frame["estimate"] = True
    frame["release"] = "nato-2024-06"
    frame["note"] = None
    frame["missing"] = None
    for iso3, why, note in (
        ("DEU", "not_published", "NATO published no 2024 figure (a test)"),
        ("ISL", "not_published", "NATO published no 2024 figure (Iceland has no armed forces)"),
        ("NLD", "not_held", "nato-2024-06 has a figure that is not in milex's copy"),
    ):
        at = frame["iso3"] == iso3
        frame.loc[at, "share_gdp"] = None
        frame.loc[at, "note"] = note
        frame.loc[at, "missing"] = why
    return frame


def grid_frame() -> pd.DataFrame:
    three = [("ESP", "Spain", 1.28), ("ITA", "Italy", 1.49), ("POL", "Poland", 4.12)]
    frame = pathway_frame(three)
    frame["verdict"] = frame["iso3"].map({"ESP": "stretched", "ITA": "credible", "POL": "on-track"})
    return frame


def all_charts() -> dict[str, Any]:
    return {
        "gap": charts.gap_chart(gap_frame(gap_usd_bn=[0.0] * 6 + [14.5, 31.0, 0.0])),
        "pathway": charts.pathway_chart(pathway_frame()),
        "pathway_grid": charts.pathway_grid_chart(grid_frame()),
        "status": charts.status_chart(status_frame()),
        "map": charts.map_chart(map_frame()),
        "history": charts.history_chart(history_frame()),
        "fan": charts.fan_chart(
            fan_frame(), source="Monte Carlo bands, 2,000 draws (seed 1, normal)"
        ),
    }


def layers(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every unit spec (one with a mark) inside a possibly nested layer, concat or facet."""
    inner = [*spec.get("layer", []), *spec.get("hconcat", [])]
    if isinstance(spec.get("spec"), dict):
        inner.append(spec["spec"])
    for layer in inner:
        if "mark" in layer:
            yield layer
        else:
            yield from layers(layer)


def mark_type(layer: dict[str, Any]) -> str:
    mark = layer["mark"]
    return str(mark["type"] if isinstance(mark, dict) else mark)


def layer_of(spec: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [layer for layer in layers(spec) if mark_type(layer) == kind]


def all_values(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every inline data row of the spec, wherever Altair put it."""
    rows: list[dict[str, Any]] = []
    for values in spec.get("datasets", {}).values():
        rows.extend(values)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                rows.extend(data["values"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk([spec.get("layer", []), spec.get("hconcat", []), spec.get("data", {})])
    return rows


def tooltip_titles(layer: dict[str, Any]) -> list[str]:
    return [t.get("title", t.get("field")) for t in layer["encoding"]["tooltip"]]


# Spec structure


def test_gap_chart_bars_sorted_descending_and_coloured_by_meets() -> None:
    spec = charts.to_spec(charts.gap_chart(gap_frame()))
    (bars,) = layer_of(spec, "bar")
    encoding = bars["encoding"]
    assert encoding["x"]["field"] == "share_gdp"
    assert encoding["y"]["sort"][:2] == ["Poland", "Estonia"]
    assert encoding["y"]["sort"][-1] == "Spain"
    scale = encoding["color"]["scale"]
    assert scale["domain"] == ["meets target", "below target", "aggregate"]
    assert len(set(scale["range"])) == 3
    assert scale["range"][2] == charts.GREY
    by_country = {row["country"]: row for row in all_values(spec) if "country" in row}
    assert by_country["Poland"]["status"] == "meets target"
    assert by_country["Spain"]["status"] == "below target"
    assert by_country["NATO total"]["status"] == "aggregate"


def test_gap_chart_rule_at_target_with_label() -> None:
    spec = charts.to_spec(charts.gap_chart(gap_frame(target=3.5)))
    (rule,) = layer_of(spec, "rule")
    assert rule["encoding"]["x"]["field"] == "target"
    targets = [row for row in all_values(spec) if "target_label" in row]
    assert targets == [{"target": 3.5, "target_label": "3.5% target", "label_row": 0}]
    assert spec["title"]["text"] == "Who meets the 3.5% target, 2024"


def test_gap_chart_tooltips_with_and_without_money() -> None:
    frame = gap_frame(gap_usd_bn=[0.0] * 6 + [14.5, 31.04, float("nan")])
    spec = charts.to_spec(charts.gap_chart(frame))
    (bars,) = layer_of(spec, "bar")
    titles = tooltip_titles(bars)
    assert titles[:3] == ["Country", "% of GDP", "Gap (points)"]
    assert "Gap (USD)" in titles
    money = {row["country"]: row["gap_usd"] for row in all_values(spec) if "gap_usd" in row}
    assert money["Spain"] == "$31.0 bn"
    assert money["NATO total"] == ""

    plain = charts.to_spec(charts.gap_chart(gap_frame()))
    assert "Gap (USD)" not in tooltip_titles(layer_of(plain, "bar")[0])


def test_gap_chart_aggregate_column_marks_rows_grey() -> None:
    frame = gap_frame(aggregate=[False] * 8 + [True])
    frame.loc[8, "iso3"] = "EU27"
    spec = charts.to_spec(charts.gap_chart(frame))
    statuses = {row["iso3"]: row["status"] for row in all_values(spec) if "status" in row}
    assert statuses["EU27"] == "aggregate"
    assert statuses["DEU"] == "meets target"


def test_gap_chart_title_source_and_size() -> None:
    spec = charts.to_spec(
        charts.gap_chart(gap_frame(), title="Who pays", source="Source: NATO, nato-2024-06")
    )
    assert spec["title"]["text"] == "Who pays"
    assert spec["title"]["subtitle"] == "Source: NATO, nato-2024-06"
    assert spec["width"] == charts.WIDTH
    assert spec["height"] == {"step": charts.BAR_STEP}
    assert "Liberation Sans" in spec["config"]["font"]
    # Without a source line the release id still says where the figures come from.
    default = charts.to_spec(charts.gap_chart(gap_frame()))
    assert default["title"]["subtitle"] == "Source: nato-2024-06"


def coloured_lines(spec: dict[str, Any]) -> dict[str, Any]:
    """The line layer of the highlighted allies (the one coloured by country)."""
    (lines,) = [
        layer
        for layer in layer_of(spec, "line")
        if layer["encoding"].get("color", {}).get("field") == "country"
    ]
    return lines


def end_labels(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The names at the lines' ends, by country, with where they stand."""
    return {
        row["country"]: row for row in all_values(spec) if "label_share" in row and "country" in row
    }


def test_pathway_chart_one_country() -> None:
    spec = charts.to_spec(charts.pathway_chart(pathway_frame()))
    encoding = coloured_lines(spec)["encoding"]
    assert encoding["strokeDash"]["field"] == "kind"
    assert encoding["strokeDash"]["scale"]["domain"] == ["history", "path"]
    assert encoding["color"]["scale"] == {"domain": ["Spain"], "range": [charts.BLUE]}
    assert encoding["color"]["legend"] is None  # the name stands at the line's end instead
    assert encoding["x"]["field"] == "year"
    assert encoding["y"]["field"] == "share_gdp"
    rules = [r for r in layer_of(spec, "rule") if r["encoding"]["y"].get("field") == "target"]
    assert len(rules) == 1
    assert {"target": 3.5, "target_label": "3.5% target"}.items() <= next(
        row for row in all_values(spec) if "target_label" in row
    ).items()
    points = layer_of(spec, "point")
    assert any("path" in json.dumps(p.get("transform", [])) for p in points)
    assert "Spending (USD bn)" in tooltip_titles(points[-1])
    assert spec["title"]["text"] == "Path to 3.5% of GDP: Spain"
    assert set(end_labels(spec)) == {"Spain"}


def test_pathway_chart_joins_history_to_path() -> None:
    spec = charts.to_spec(charts.pathway_chart(pathway_frame()))
    bridges = [row for row in all_values(spec) if row.get("bridge")]
    assert bridges == [
        {
            "iso3": "ESP",
            "country": "Spain",
            "year": 2024,
            "share_gdp": 1.28,
            "kind": "path",
            "target": 3.5,
            "spending_usd_bn": None,
            "bridge": True,
            "highlighted": True,
        }
    ]


def test_pathway_chart_names_each_highlighted_line_at_its_end() -> None:
    few = [("ESP", "Spain", 1.28), ("ITA", "Italy", 1.49), ("BEL", "Belgium", 1.30)]
    spec = charts.to_spec(charts.pathway_chart(pathway_frame(few)))
    scale = coloured_lines(spec)["encoding"]["color"]["scale"]
    assert sorted(scale["domain"]) == ["Belgium", "Italy", "Spain"]  # a few: all stand out
    assert len(set(scale["range"])) == 3
    labels = end_labels(spec)
    assert set(labels) == {"Belgium", "Italy", "Spain"}
    assert {row["year"] for row in labels.values()} == {2035}
    # All three paths end on the target: their names (and the target's) are spread apart.
    to_pixels = charts.LINE_HEIGHT / coloured_lines(spec)["encoding"]["y"]["scale"]["domain"][1]
    stands = sorted(
        row["label_share"] * to_pixels for row in all_values(spec) if "label_share" in row
    )
    assert len(stands) == 4
    assert all(b - a >= charts.END_FONT for a, b in itertools.pairwise(stands))


def test_pathway_chart_of_many_highlights_some_and_greys_the_rest() -> None:
    many = [(f"C{i:02d}", f"Country {i}", 1.0 + i / 20) for i in range(13)]
    frame = pathway_frame(many)
    # Bigger economies further down the list: C12 spends the most at the deadline.
    frame["spending_usd_bn"] *= 1 + frame["iso3"].str[1:].astype(int)
    spec = charts.to_spec(charts.pathway_chart(frame))
    grey = [
        layer for layer in layer_of(spec, "line") if layer["mark"].get("color") == charts.LIGHT_GREY
    ]
    assert len(grey) == 1 and "!datum.highlighted" in json.dumps(grey[0]["transform"])
    # By default the five spending most at the deadline.
    assert charts.default_highlight(frame) == ["C12", "C11", "C10", "C09", "C08"]
    assert set(end_labels(spec)) == {f"Country {i}" for i in (8, 9, 10, 11, 12)}
    chosen = charts.to_spec(charts.pathway_chart(frame, highlight=["C00", "C05"]))
    assert set(end_labels(chosen)) == {"Country 0", "Country 5"}
    assert "Country" in tooltip_titles(layer_of(chosen, "point")[0])


def test_pathway_chart_refuses_a_highlight_it_cannot_draw() -> None:
    many = [(f"C{i:02d}", f"Country {i}", 1.0 + i / 20) for i in range(13)]
    with pytest.raises(InvalidQueryError, match="no pathway to draw for ISL"):
        charts.pathway_chart(pathway_frame(many), highlight=["C01", "ISL"])
    with pytest.raises(InvalidQueryError, match="at most 8 allies at once"):
        charts.pathway_chart(pathway_frame(many), highlight=[f"C{i:02d}" for i in range(9)])


def test_pathway_grid_one_small_chart_per_ally_in_the_frames_order() -> None:
    frame = grid_frame()
    spec = charts.to_spec(charts.pathway_grid_chart(frame))
    assert spec["facet"]["field"] == "country"
    assert spec["facet"]["sort"] == ["Spain", "Italy", "Poland"]
    assert spec["columns"] == 6
    (path,) = [
        layer for layer in layer_of(spec, "line") if "path" in json.dumps(layer.get("transform"))
    ]
    colour = path["encoding"]["color"]
    assert colour["field"] == "verdict"
    assert colour["scale"]["domain"] == ["on-track", "credible", "stretched"]
    assert colour["scale"]["range"][0] == charts.VERDICT_COLOURS["on-track"]
    (rule,) = layer_of(spec, "rule")
    assert rule["encoding"]["y"]["field"] == "target"
    # One y scale for all, from 0 past Poland's 4.12, so that the small charts compare.
    domains = {tuple(layer["encoding"]["y"]["scale"]["domain"]) for layer in layer_of(spec, "line")}
    assert domains == {(0, 4.5)}
    plain = charts.to_spec(charts.pathway_grid_chart(frame.drop(columns="verdict")))
    assert all(
        layer["encoding"].get("color", {}).get("field") != "verdict"
        for layer in layer_of(plain, "line")
    )


def test_status_chart_thresholds_estimates_and_aggregates() -> None:
    spec = charts.to_spec(charts.status_chart(status_frame()))
    (bars,) = layer_of(spec, "bar")
    encoding = bars["encoding"]
    assert encoding["y"]["sort"][0] == "Poland"
    fill, stroke = encoding["fill"], encoding["stroke"]
    assert fill["field"] == stroke["field"] == encoding["strokeDash"]["field"] == "style"
    # One legend: reported solid, estimates lighter with the same outline.
    assert fill["scale"]["domain"] == ["reported", "estimate", "total, estimate"]
    assert fill["scale"]["range"][0] == charts.BLUE
    assert fill["scale"]["range"][1] not in (charts.BLUE, "#FFFFFF")
    assert stroke["scale"]["range"][:2] == [charts.BLUE, charts.BLUE]
    assert fill["legend"] == stroke["legend"]
    thresholds = sorted(row["target"] for row in all_values(spec) if "target_label" in row)
    assert thresholds == [2.0, 3.5, 5.0]
    labels = {row["target_label"] for row in all_values(spec) if "target_label" in row}
    assert labels == {"2%", "3.5%", "5%"}
    rows = {row["iso3"]: row for row in all_values(spec) if "iso3" in row}
    assert rows["NATO"]["group"] == "aggregate"
    assert rows["NATO"]["style"] == "total, estimate"
    assert rows["NATO"]["rank_label"] == "–"
    assert rows["POL"]["figure"] == "estimate"
    assert rows["ESP"]["figure"] == "reported"


def test_status_chart_words_an_unknown_estimate_flag() -> None:
    frame = status_frame()
    frame["estimate"] = pd.array([True, None, True, True, True, True, False, False, True])
    spec = charts.to_spec(charts.status_chart(frame))
    rows = {row["iso3"]: row for row in all_values(spec) if "iso3" in row}
    assert rows["EST"]["figure"] == "estimate flag unknown"
    (bars,) = layer_of(spec, "bar")
    domain = bars["encoding"]["strokeDash"]["scale"]["domain"]
    dashes = bars["encoding"]["strokeDash"]["scale"]["range"]
    assert dashes[domain.index("estimate flag unknown")] != dashes[domain.index("estimate")]


def test_status_chart_of_estimates_alone_still_shows_what_reported_looks_like() -> None:
    frame = status_frame()
    frame["estimate"] = True
    spec = charts.to_spec(charts.status_chart(frame))
    (bars,) = layer_of(spec, "bar")
    assert bars["encoding"]["fill"]["scale"]["domain"][:2] == ["reported", "estimate"]


def test_status_chart_custom_thresholds() -> None:
    spec = charts.to_spec(charts.status_chart(status_frame(), thresholds=[2.0]))
    assert [row["target"] for row in all_values(spec) if "target_label" in row] == [2.0]


def test_value_labels_never_cross_a_rule() -> None:
    """Latvia's 4.92 would run through the 5% rule, Spain's 2.00 starts on the 2% one: both
    move past it (the issue's "the 5% rule runs through a label")."""
    frame = pd.DataFrame(
        {
            "iso3": ["LVA", "ESP", "POL"],
            "country": ["Latvia", "Spain", "Poland"],
            "share_gdp": [4.92, 2.0, 4.68],
            "estimate": [True, True, True],
            "rank": [1, 2, 3],
        }
    )
    spec = charts.to_spec(charts.status_chart(frame))
    top = layer_of(spec, "bar")[0]["encoding"]["x"]["scale"]["domain"][1]
    per_unit = charts.WIDTH / top
    for row in (r for r in all_values(spec) if "label_x" in r):
        start = row["label_x"] * per_unit
        end = start + charts._text_width(row["value_text"], charts.VALUE_FONT)
        assert start >= row["share_gdp"] * per_unit, row  # right of its own bar
        for rule in (2.0, 3.5, 5.0):
            assert not start - 1 <= rule * per_unit <= end + 1, (row, rule)


@given(
    value=st.floats(min_value=0, max_value=8),
    rules=st.lists(st.floats(min_value=0.5, max_value=8), min_size=1, max_size=4),
)
def test_value_label_places_are_clear_of_every_rule(value: float, rules: list[float]) -> None:
    top = charts._axis_top([value], rules)
    start = charts._value_label_x(value, "0.00", rules, top) * charts.WIDTH / top
    end = start + charts._text_width("0.00", charts.VALUE_FONT)
    assert start > value * charts.WIDTH / top
    assert all(not start - 2 < r * charts.WIDTH / top < end + 2 for r in rules)


def test_rule_labels_that_would_touch_go_up_a_row() -> None:
    assert charts._rule_label_rows([2.0, 3.5, 5.0], ["2%", "3.5%", "5%"], 6.0) == [0, 0, 0]
    rows = charts._rule_label_rows([2.0, 2.1, 2.2, 5.0], ["2%", "2.1%", "2.2%", "5%"], 6.0)
    assert rows == [0, 1, 2, 0]
    assert charts._rule_label_rows([2.1, 2.0], ["2.1%", "2%"], 6.0) == [1, 0]


@given(
    st.lists(st.floats(min_value=-50, max_value=400), max_size=12),
    st.floats(min_value=4, max_value=20),
)
def test_spread_keeps_labels_apart_in_order(positions: list[float], gap: float) -> None:
    placed = charts._spread(positions, gap, 0, 360)
    assert len(placed) == len(positions)
    ordered = sorted(range(len(positions)), key=lambda i: (positions[i], i))
    stands = [placed[i] for i in ordered]
    assert all(b - a >= gap - 1e-9 for a, b in itertools.pairwise(stands))
    if len(positions) * gap <= 360:  # room enough: all within the plot
        assert all(-1e-9 <= p <= 360 + 1e-9 for p in placed)


@pytest.mark.parametrize("series", ["source", "release"])
def test_history_chart_one_line_per_series(series: str) -> None:
    spec = charts.to_spec(charts.history_chart(history_frame(series)))
    (line,) = layer_of(spec, "line")
    assert line["encoding"]["color"]["field"] == series
    assert line["encoding"]["y"]["field"] == "value"
    series_values = {row[series] for row in all_values(spec) if series in row}
    assert series_values == {"NATO", "SIPRI"}


def test_fan_chart_band_median_and_target() -> None:
    spec = charts.to_spec(all_charts()["fan"])
    (area,) = layer_of(spec, "area")
    assert area["encoding"]["y"]["field"] == "share_p5"
    assert area["encoding"]["y2"]["field"] == "share_p95"
    assert area["mark"]["opacity"] < 0.5  # the median line shows through the band
    (line,) = layer_of(spec, "line")
    assert line["encoding"]["y"]["field"] == "share_p50"
    assert line["encoding"]["x"]["field"] == "year"
    assert line["encoding"]["color"] == {"value": charts.BLUE}
    (rule,) = layer_of(spec, "rule")
    assert rule["encoding"]["y"]["field"] == "target"
    (target,) = [row for row in all_values(spec) if "target_label" in row]
    assert target["target"] == 3.5 and target["target_label"] == "3.5% target"
    (text,) = layer_of(spec, "text")
    assert text["encoding"]["x"] == {"value": charts.WIDTH + 6}  # right of the bands
    (points,) = layer_of(spec, "point")
    titles = tooltip_titles(points)
    assert titles[:5] == ["Country", "Year", "P5, % of GDP", "Median, % of GDP", "P95, % of GDP"]
    assert "Median cost (USD bn)" in titles
    # Headroom above the highest P95 or the target, whichever is higher.
    assert area["encoding"]["y"]["scale"]["domain"][1] > 3.5
    assert spec["title"]["text"] == "Share of GDP under the scenario, median and P5-P95: Germany"
    assert spec["title"]["subtitle"] == "Monte Carlo bands, 2,000 draws (seed 1, normal)"
    assert spec["width"] == charts.WIDTH and spec["height"] == charts.LINE_HEIGHT


def test_fan_chart_target_keyword_or_none() -> None:
    spec = charts.to_spec(charts.fan_chart(fan_frame(target=False), target=5.0, title="Fan"))
    assert [r["target"] for r in all_values(spec) if "target_label" in r] == [5.0]
    assert spec["title"]["text"] == "Fan"
    bare = charts.to_spec(charts.fan_chart(fan_frame(target=False).drop(columns="country")))
    assert layer_of(bare, "rule") == []
    # Without names the codes label the allies.
    assert bare["title"]["text"].endswith(": DEU")


def test_fan_chart_colours_allies_with_a_legend_when_few() -> None:
    few = [("DEU", "Germany", 2.69), ("FRA", "France", 2.23), ("POL", "Poland", 4.68)]
    spec = charts.to_spec(charts.fan_chart(fan_frame(few)))
    for kind in ("area", "line"):
        colour = layer_of(spec, kind)[0]["encoding"]["color"]
        assert colour["field"] == "country"
        assert colour["legend"]["symbolOpacity"] == 1
    assert spec["title"]["text"].endswith(": 3 allies")
    assert {r["country"] for r in all_values(spec) if "share_p50" in r} == {
        "Germany",
        "France",
        "Poland",
    }

    many = [(f"C{i:02d}", f"Country {i}", 1.0 + i / 10) for i in range(13)]
    spec = charts.to_spec(charts.fan_chart(fan_frame(many)))
    assert layer_of(spec, "area")[0]["encoding"]["color"]["legend"] is None


def test_missing_columns_and_empty_frames() -> None:
    with pytest.raises(InvalidQueryError, match="missing: meets"):
        charts.gap_chart(gap_frame().drop(columns="meets"))
    with pytest.raises(InvalidQueryError, match="missing: source"):
        charts.history_chart(history_frame().drop(columns="source"))
    with pytest.raises(NoDataError):
        charts.status_chart(status_frame().iloc[0:0])
    with pytest.raises(InvalidQueryError, match="missing: share_p95"):
        charts.fan_chart(fan_frame().drop(columns="share_p95"))
    with pytest.raises(NoDataError, match="fan"):
        charts.fan_chart(fan_frame().iloc[0:0])


def test_specs_are_self_contained() -> None:
    for name, chart in all_charts().items():
        spec = charts.to_spec(chart)
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/"), name
        text = json.dumps(spec)
        assert '"url"' not in text, name
        assert all_values(spec), name


def test_charts_registry() -> None:
    assert set(charts.CHARTS) == {
        "gap",
        "pathway",
        "pathway_grid",
        "status",
        "map",
        "history",
        "fan",
    }
    assert charts.CHARTS["fan"] is charts.fan_chart
    assert charts.CHARTS["gap"] is charts.gap_chart


# Export


@pytest.fixture(scope="module")
def built() -> dict[str, Any]:
    return all_charts()


EVERY_CHART = ["gap", "pathway", "pathway_grid", "status", "map", "history", "fan"]


@pytest.mark.parametrize("name", EVERY_CHART)
def test_export_png(built: dict[str, Any], name: str, tmp_path: Path) -> None:
    path = charts.export(built[name], tmp_path / f"{name}.png")
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("gap", "Poland"),
        ("pathway", "Spain"),
        ("pathway_grid", "Italy"),
        ("status", "Estonia"),
        ("map", "Natural Earth"),
        ("history", "SIPRI"),
        ("fan", "Germany"),
    ],
)
def test_export_svg(built: dict[str, Any], name: str, text: str, tmp_path: Path) -> None:
    path = charts.export(built[name], str(tmp_path / f"{name}.svg"))
    svg = path.read_text(encoding="utf-8")
    assert "<svg" in svg
    assert re.search(rf"<text[^>]*>[^<]*\b{text}\b[^<]*</text>", svg)


@pytest.mark.parametrize("name", EVERY_CHART)
def test_export_pdf(built: dict[str, Any], name: str, tmp_path: Path) -> None:
    path = charts.export(built[name], tmp_path / f"{name}.PDF")
    assert path.read_bytes().startswith(b"%PDF")


def test_export_creates_folders_and_returns_path(built: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "gap.svg"
    assert charts.export(built["gap"], target) == target
    assert target.is_file()


@pytest.mark.parametrize("suffix", [".jpg", ".html", ""])
def test_export_unsupported_suffix(built: dict[str, Any], suffix: str, tmp_path: Path) -> None:
    target = tmp_path / f"gap{suffix}"
    with pytest.raises(InvalidQueryError, match="unsupported file type") as raised:
        charts.export(built["gap"], target)
    if suffix:
        assert str(raised.value) == (
            f"chart: unsupported file type '{suffix}'; use .png, .svg or .pdf"
        )
    assert not target.exists()


def test_import_is_lazy() -> None:
    code = (
        "import sys, milex.charts\n"
        "heavy = [m for m in ('altair', 'pandas', 'vl_convert') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


# The map


def test_boundaries_hold_every_ally_and_what_the_map_needs() -> None:
    from milex.data import countries

    topology = charts.boundaries()
    assert set(topology["objects"]) == {"countries"}  # the land object is not shipped
    geometries = topology["objects"]["countries"]["geometries"]
    by_code = {g.get("id"): g for g in geometries}
    for ally in countries.members():  # all 32, Iceland too
        assert ally.iso3 in by_code, ally.iso3
    assert by_code["USA"]["properties"]["region"] == "north-america"
    assert by_code["CAN"]["properties"]["region"] == "north-america"
    assert by_code["POL"]["properties"]["region"] == "europe"
    assert by_code["TUR"]["properties"]["region"] == "europe"
    assert by_code["GRL"]["properties"]["part_of"] == "DNK"
    assert {"RUS", "UKR", "CHE", "AUT", "IRL", "XKX"} <= set(by_code)  # neighbours, in grey
    # Every arc is used, and every arc a shape uses is there.
    used = {
        index if index >= 0 else ~index
        for g in geometries
        for polygon in ([g["arcs"]] if g["type"] == "Polygon" else g["arcs"])
        for ring in polygon
        for index in ring
    }
    assert used == set(range(len(topology["arcs"])))
    # France without French Guiana (4 N), the US without Hawaii (19-22 N).
    arcs = charts._arcs(topology)
    for code, south in (("FRA", 41.0), ("USA", 24.0)):
        geometry = by_code[code]
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        latitudes = [
            point[1]
            for polygon in polygons
            for index in polygon[0]
            for point in arcs[index if index >= 0 else ~index]
        ]
        assert min(latitudes) > south, code


def test_boundaries_are_small_and_their_source_is_recorded() -> None:
    from importlib import resources

    folder = resources.files("milex.data") / "maps"
    data = (folder / charts.BOUNDARIES).read_bytes()
    assert len(data) < 60_000
    sources = (folder / "SOURCES.md").read_text(encoding="utf-8")
    assert "Natural Earth" in sources and "public domain" in sources
    assert "world-atlas" in sources and "2.0.2" in sources
    digest = hashlib.sha256(data).hexdigest()
    assert digest in sources  # the file is the one SOURCES.md describes


def test_map_colours_each_ally_by_its_band() -> None:
    spec = charts.to_spec(charts.map_chart(map_frame()))
    assert [panel["width"] for panel in spec["hconcat"]] == [
        width for _, width, _, _ in charts.MAP_PANELS
    ]
    allies = {row["iso3"]: row for row in all_values(spec) if "band" in row}
    assert allies["POL"]["band"] == "3.5% or more"
    assert allies["FRA"]["band"] == "2% to 3.5%"
    assert allies["ITA"]["band"] == "below 2%"
    # Missing is data: NATO gave no figure (Germany here, Iceland always) or milex lacks it.
    assert allies["DEU"]["band"] == "none published"
    assert allies["ISL"]["band"] == "none published"
    assert allies["NLD"]["band"] == "not in milex's copy"
    assert "Iceland has no armed forces" in allies["ISL"]["note"]
    assert allies["DEU"]["share_text"] == "–" and allies["POL"]["share_text"] == "4.12%"
    (shapes, _) = layer_of(spec, "geoshape")
    colour = shapes["encoding"]["color"]
    assert colour["scale"]["domain"] == [
        "below 2%",
        "2% to 3.5%",
        "3.5% or more",
        "none published",
        "not in milex's copy",
        "not in NATO",
    ]
    assert colour["scale"]["range"][:3] == list(charts.MAP_COLOURS)
    lookup = next(t for t in shapes["transform"] if "lookup" in t)
    assert lookup["lookup"] == "key" and lookup["from"]["key"] == "iso3"
    assert tooltip_titles(shapes) == ["Country", "% of GDP", "Figure", "Note", "Year"]
    assert spec["title"]["text"] == "Defence spending against 2% and 3.5% of GDP, 2024"
    assert "Natural Earth" in spec["title"]["subtitle"]
    assert "nato-2024-06" in spec["title"]["subtitle"]


def test_map_panels_fit_the_allies_not_their_neighbours() -> None:
    spec = charts.to_spec(charts.map_chart(map_frame()))
    america, europe = (panel["projection"] for panel in spec["hconcat"])
    for projection, (_, width, height, (longitude, latitude)) in zip(
        (america, europe), charts.MAP_PANELS, strict=True
    ):
        assert projection["type"] == "azimuthalEqualArea"
        assert projection["rotate"] == [-longitude, -latitude]
        assert projection["clipExtent"] == [[0, 0], [width, height]]
    europe_points = europe["fit"]["geometry"]["coordinates"]
    longitudes = [p[0] for p in europe_points]
    latitudes = [p[1] for p in europe_points]
    # From Iceland's west coast to Türkiye's east, not to Russia's Pacific coast.
    assert -25 < min(longitudes) < -20 and 44 < max(longitudes) < 46
    assert max(latitudes) < 72.5
    america_points = america["fit"]["geometry"]["coordinates"]
    assert min(p[0] for p in america_points) < -160  # Alaska
    assert min(p[1] for p in america_points) > 24  # not Hawaii, not Mexico's south


def test_map_without_missing_figures_lists_no_empty_band() -> None:
    frame = map_frame()
    frame["share_gdp"] = frame["share_gdp"].fillna(2.2)
    spec = charts.to_spec(charts.map_chart(frame.drop(columns=["missing", "note"])))
    (shapes, _) = layer_of(spec, "geoshape")
    domain = shapes["encoding"]["color"]["scale"]["domain"]
    assert "not in milex's copy" not in domain
    assert "none published" in domain  # always: a white ally means no figure
    assert "Note" not in tooltip_titles(shapes)


def test_the_legend_stands_above_the_rule_labels_rows() -> None:
    one_row = charts.to_spec(charts.status_chart(status_frame()))
    three_rows = charts.to_spec(charts.status_chart(status_frame(), thresholds=(2.0, 2.1, 2.2)))

    def offset(spec: dict[str, Any]) -> int:
        (bars,) = layer_of(spec, "bar")
        return int(bars["encoding"]["fill"]["legend"]["offset"])

    assert offset(one_row) == 18
    assert offset(three_rows) == 18 + 2 * 14  # two rows more of 14 pixels
