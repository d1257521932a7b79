"""Chart specs: structure of each Vega-Lite spec, offline export to PNG/SVG/PDF, lazy imports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

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


def all_charts() -> dict[str, Any]:
    return {
        "gap": charts.gap_chart(gap_frame(gap_usd_bn=[0.0] * 6 + [14.5, 31.0, 0.0])),
        "pathway": charts.pathway_chart(pathway_frame()),
        "status": charts.status_chart(status_frame()),
        "history": charts.history_chart(history_frame()),
        "fan": charts.fan_chart(
            fan_frame(), source="Monte Carlo bands, 2,000 draws (seed 1, normal)"
        ),
    }


def layers(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every unit spec (one with a mark) inside a possibly nested layer spec."""
    for layer in spec.get("layer", []):
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

    walk(spec.get("layer", []))
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
    assert targets == [{"target": 3.5, "target_label": "3.5% target"}]
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


def test_pathway_chart_one_country() -> None:
    spec = charts.to_spec(charts.pathway_chart(pathway_frame()))
    lines = layer_of(spec, "line")
    assert len(lines) == 1
    encoding = lines[0]["encoding"]
    assert encoding["strokeDash"]["field"] == "kind"
    assert encoding["strokeDash"]["scale"]["domain"] == ["history", "path"]
    assert encoding["color"] == {"value": charts.BLUE}
    assert encoding["x"]["field"] == "year"
    assert encoding["y"]["field"] == "share_gdp"
    (rule,) = layer_of(spec, "rule")
    assert rule["encoding"]["y"]["field"] == "target"
    assert {"target": 3.5, "target_label": "3.5% target"} in all_values(spec)
    points = layer_of(spec, "point")
    assert any("path" in json.dumps(p.get("transform", [])) for p in points)
    assert "Spending (USD bn)" in tooltip_titles(points[-1])
    assert spec["title"]["text"] == "Path to 3.5% of GDP: Spain"


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
        }
    ]


def test_pathway_chart_many_countries_legend() -> None:
    few = [("ESP", "Spain", 1.28), ("ITA", "Italy", 1.49), ("BEL", "Belgium", 1.30)]
    spec = charts.to_spec(charts.pathway_chart(pathway_frame(few)))
    colour = layer_of(spec, "line")[0]["encoding"]["color"]
    assert colour["field"] == "country"
    assert colour.get("legend") is not None

    many = [(f"C{i:02d}", f"Country {i}", 1.0 + i / 20) for i in range(13)]
    spec = charts.to_spec(charts.pathway_chart(pathway_frame(many)))
    colour = layer_of(spec, "line")[0]["encoding"]["color"]
    assert colour["field"] == "country"
    assert colour["legend"] is None
    assert "Country" in tooltip_titles(layer_of(spec, "point")[-1])


def test_status_chart_thresholds_estimates_and_aggregates() -> None:
    spec = charts.to_spec(charts.status_chart(status_frame()))
    (bars,) = layer_of(spec, "bar")
    encoding = bars["encoding"]
    assert encoding["y"]["sort"][0] == "Poland"
    assert encoding["opacity"]["field"] == "figure"
    assert encoding["opacity"]["scale"]["range"] == [1.0, 0.45]
    assert encoding["color"]["scale"]["range"] == [charts.BLUE, charts.GREY]
    thresholds = sorted(row["threshold"] for row in all_values(spec) if "threshold" in row)
    assert thresholds == [2.0, 3.5, 5.0]
    labels = {row["label"] for row in all_values(spec) if "threshold" in row}
    assert labels == {"2%", "3.5%", "5%"}
    rows = {row["iso3"]: row for row in all_values(spec) if "iso3" in row}
    assert rows["NATO"]["group"] == "aggregate"
    assert rows["NATO"]["rank_label"] == "–"
    assert rows["POL"]["figure"] == "estimate"
    assert rows["ESP"]["figure"] == "reported"


def test_status_chart_custom_thresholds() -> None:
    spec = charts.to_spec(charts.status_chart(status_frame(), thresholds=[2.0]))
    assert [row["threshold"] for row in all_values(spec) if "threshold" in row] == [2.0]


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
    assert {"target": 3.5, "target_label": "3.5% target"} in all_values(spec)
    (points,) = layer_of(spec, "point")
    titles = tooltip_titles(points)
    assert titles[:5] == ["Country", "Year", "P5, % of GDP", "Median, % of GDP", "P95, % of GDP"]
    assert "Median cost (USD bn)" in titles
    # Headroom above the highest P95 or the target, whichever is higher.
    assert area["encoding"]["y"]["scale"]["domainMax"] > 3.5
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
    assert set(charts.CHARTS) == {"gap", "pathway", "status", "history", "fan"}
    assert charts.CHARTS["fan"] is charts.fan_chart
    assert charts.CHARTS["gap"] is charts.gap_chart


# Export


@pytest.fixture(scope="module")
def built() -> dict[str, Any]:
    return all_charts()


@pytest.mark.parametrize("name", ["gap", "pathway", "status", "history", "fan"])
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
        ("status", "Estonia"),
        ("history", "SIPRI"),
        ("fan", "Germany"),
    ],
)
def test_export_svg(built: dict[str, Any], name: str, text: str, tmp_path: Path) -> None:
    path = charts.export(built[name], str(tmp_path / f"{name}.svg"))
    svg = path.read_text(encoding="utf-8")
    assert "<svg" in svg
    assert re.search(rf"<text[^>]*>[^<]*\b{text}\b[^<]*</text>", svg)


@pytest.mark.parametrize("name", ["gap", "pathway", "status", "history", "fan"])
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
