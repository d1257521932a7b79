"""Write the dashboard map's boundaries: src/milex/data/maps/europe-north-america.topo.json.

Input: ``countries-110m.json`` of the npm package world-atlas 2.0.2 (Natural Earth 4.1.0 admin-0
countries at 1:110m as TopoJSON; Natural Earth is public domain, world-atlas is ISC-licensed).
Get it with npm's own client, e.g. ``npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz``,
then, from the repository root:

    .venv/bin/python tools/make_map.py package/countries-110m.json

What it keeps: the countries with land in Europe, North Africa and the Middle East's edge, and
in North America (the map's two panels), without their parts far away (French Guiana, Hawaii,
the Canaries ...). It drops the ``land`` object, names each country by its ISO 3166-1 alpha-3
code (Kosovo: XKX, as milex's countries table has it), marks the panel it is drawn in
(``region``) and the ally it belongs to where it is not one (Greenland and the Faroe Islands:
Denmark), and can round the coordinates to a coarser grid (``--grid``; 1, the default, keeps
them). The output is deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "milex" / "data" / "maps" / "europe-north-america.topo.json"
# (west, south, east, north) in degrees: a polygon is kept when its box meets one of these.
BOXES = {
    "north-america": (-170.0, 24.0, -50.0, 84.0),
    # Up to 72 degrees north: Svalbard and Franz Josef Land would only push the map's top up.
    "europe": (-32.0, 27.0, 60.0, 72.0),
}
# Natural Earth countries without an ISO numeric code, by Natural Earth's name.
NAMED = {"Kosovo": "XKX"}
# Territories drawn in the colour of the ally they belong to.
PART_OF = {"GRL": "DNK", "FRO": "DNK"}


def decode(topology: dict[str, Any]) -> list[list[tuple[int, int]]]:
    """Every arc as absolute quantized positions."""
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x, y))
        arcs.append(points)
    return arcs


def polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def box_of(polygon: list[list[int]], arcs: list[list[tuple[int, int]]], transform: Any) -> Any:
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    points = [
        p for ring in polygon for index in ring for p in arcs[index if index >= 0 else ~index]
    ]
    xs = [x * sx + tx for x, _ in points]
    ys = [y * sy + ty for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def meets(box: tuple[float, float, float, float], other: tuple[float, float, float, float]) -> bool:
    return box[0] <= other[2] and other[0] <= box[2] and box[1] <= other[3] and other[1] <= box[3]


def iso3(geometry: dict[str, Any]) -> str | None:
    import pycountry

    name = geometry.get("properties", {}).get("name", "")
    if geometry.get("id") is None:
        return NAMED.get(name)
    found = pycountry.countries.get(numeric=str(geometry["id"]).zfill(3))
    return str(found.alpha_3) if found else NAMED.get(name)


def trim(topology: dict[str, Any], grid: int) -> dict[str, Any]:
    transform = topology["transform"]
    arcs = decode(topology)
    kept: list[dict[str, Any]] = []
    used: dict[int, int] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        chosen = []
        regions: dict[str, float] = {}
        for polygon in polygons(geometry):
            box = box_of(polygon, arcs, transform)
            area = (box[2] - box[0]) * (box[3] - box[1])
            places = [name for name, region in BOXES.items() if meets(box, region)]
            if places:
                chosen.append(polygon)
                for place in places:
                    regions[place] = regions.get(place, 0.0) + area
        if not chosen:
            continue
        code = iso3(geometry)
        for polygon in chosen:
            for ring in polygon:
                for index in ring:
                    used.setdefault(index if index >= 0 else ~index, len(used))
        properties: dict[str, Any] = {
            "name": geometry["properties"]["name"],
            "region": max(regions, key=lambda r: regions[r]),
        }
        if code in PART_OF:
            properties["part_of"] = PART_OF[code]
        kept.append({"chosen": chosen, "id": code, "properties": properties})

    order = sorted(used, key=lambda index: used[index])
    renumber = {old: new for new, old in enumerate(order)}

    def ring_of(ring: list[int]) -> list[int]:
        return [renumber[i] if i >= 0 else ~renumber[~i] for i in ring]

    geometries = []
    for entry in sorted(kept, key=lambda e: (e["id"] or "", e["properties"]["name"])):
        shapes = [[ring_of(ring) for ring in polygon] for polygon in entry["chosen"]]
        geometry: dict[str, Any] = (
            {"type": "Polygon", "arcs": shapes[0]}
            if len(shapes) == 1
            else {"type": "MultiPolygon", "arcs": shapes}
        )
        if entry["id"]:
            geometry["id"] = entry["id"]
        geometry["properties"] = entry["properties"]
        geometries.append(geometry)

    new_arcs = []
    for old in order:
        points = [(round(x / grid), round(y / grid)) for x, y in arcs[old]]
        coarse = [points[0]]
        for point in points[1:]:
            if point != coarse[-1]:
                coarse.append(point)
        if len(coarse) == 1:
            coarse.append(coarse[0])
        deltas = [list(coarse[0])]
        deltas += [[b[0] - a[0], b[1] - a[1]] for a, b in itertools.pairwise(coarse)]
        new_arcs.append(deltas)

    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    return {
        "type": "Topology",
        "transform": {"scale": [sx * grid, sy * grid], "translate": [tx, ty]},
        "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": new_arcs,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="world-atlas's countries-110m.json")
    parser.add_argument(
        "--grid", type=int, default=1, help="source steps per output step (1: as they are)"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    topology = json.loads(args.source.read_text(encoding="utf-8"))
    trimmed = trim(topology, args.grid)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(trimmed, separators=(",", ":"), ensure_ascii=False)
    args.output.write_text(text + "\n", encoding="utf-8")
    count = len(trimmed["objects"]["countries"]["geometries"])
    print(f"wrote {args.output}: {count} countries, {len(text):,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
