"""The scenario evidence bundled with milex: tools/bundle.py makes exactly the committed files
from ../shared/data, every reference row is kept (and classed), and the store holds them."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import milex
from milex.data import evidence
from tests.conftest import REPO, need_shared

BUNDLED = REPO / "src" / "milex" / "data" / "bundled"
MADE = [
    "tariff_measures.csv",
    "effective_tariffs.csv",
    "us_imports_by_sector.csv",
    "troop_costs.csv",
    "imf_weo_2025_growth_revisions.csv",
]


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "milex_tools_bundle_ev", REPO / "tools" / "bundle.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    shared = need_shared()
    tool = load_tool()
    target = tmp_path_factory.mktemp("bundled-evidence")
    (target / "observations").mkdir()
    tool.BUNDLED = target
    assert tool.main(["bundle.py", str(shared)]) == 0
    return target


@pytest.mark.parametrize("name", MADE)
def test_committed_evidence_equals_what_the_tool_makes(regenerated: Path, name: str) -> None:
    assert (BUNDLED / name).read_bytes() == (regenerated / name).read_bytes()


def test_every_reference_row_is_kept_with_its_source() -> None:
    shared = need_shared()
    measures = rows(BUNDLED / "tariff_measures.csv")
    exemptions = rows(shared / "tariffs" / "tariff_exemptions.csv")
    from_file = [r for r in measures if r["source_file"] == "tariffs/tariff_exemptions.csv"]
    assert len(from_file) == len(exemptions) == 62
    assert [r["source_url"] for r in from_file] == [r["source_url"] for r in exemptions]
    assert all(r["source_url"].startswith("http") for r in measures)
    kinds = {r["kind"] for r in measures}
    assert kinds <= {
        "border",
        "reciprocal",
        "all-in",
        "sector",
        "exempt_share",
        "border_exposed_share",
        "usmca_claimed_share",
        "border_exemption",
        "context",
    }
    assert len(rows(BUNDLED / "effective_tariffs.csv")) == len(
        rows(shared / "tariffs" / "effective_tariff_estimates.csv")
    )
    assert len(rows(BUNDLED / "troop_costs.csv")) == len(
        rows(shared / "forces" / "troop_costs.csv")
    )


def test_costings_per_troop_are_derived_from_the_row() -> None:
    costs = {r["id"]: r for r in rows(BUNDLED / "troop_costs.csv")}
    iiss = costs["IISS-2025-personnel"]
    assert (iiss["figure"], iiss["troops"], iiss["per_troop_year"]) == (">12", "128000", "93750")
    assert iiss["price_year_note"] == "not stated: the year published"
    assert costs["CBO-1982"]["price_year"] == "1983"  # FY1983 dollars
    assert costs["IISS-2025-total"]["per_troop_year"] == "312500"  # 1,000 bn / 25 years / 128,000
    assert costs["RAND-RR150"]["per_troop_year"] == ""  # a ratio, not a cost


def test_the_store_holds_every_row(db: milex.Milex) -> None:
    for table, (name, _, _) in evidence.TABLES.items():
        (count,) = db.tables.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
        assert count == len(rows(BUNDLED / name)), table
    datasets = {r[0] for r in db.tables.conn.execute("SELECT file FROM datasets")}
    assert {name for name, _, _ in evidence.TABLES.values()} <= datasets


def test_readers(db: milex.Milex) -> None:
    q = db.tables
    realised = evidence.realised_rates(q.conn)
    assert realised[("DEU", "2025-01-01", "2025-12-31")] == 7.87
    assert realised[("CAN", "2025-08-01", "2025-12-31")] == 3.62
    assert evidence.sector_shares(q.conn)["CAN"] == pytest.approx(
        {"steel_aluminium": 4.80, "autos": 11.94, "copper": 1.02}
    )
    revisions = {
        (r["iso3"], r["year"]): r["difference_pp"] for r in evidence.growth_revisions(q.conn)
    }
    assert revisions[("CAN", 2025)] == -0.6 and revisions[("ESP", 2025)] == 0.2
    assert evidence.costings(q.conn)["IISS-2025-personnel"].per_troop_year == 93_750
