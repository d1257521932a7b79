"""milex.data.commitments: the bundled commitments file, a user's own file, and the errors a bad
file gives (naming the file, the entry and the field)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

import milex
from milex.data.commitments import SHORT_IDS, load, parse
from milex.errors import ValidationError
from milex.model.commitments import Target

DATA_YEAR = 2026
GOOD_ENTRY = """
  - id: {id}
    name: "A pledge"
    status: national_pledge
    metric: core_defence_share_gdp
    threshold: 3.0
    deadline_year: 2030
    applies_to: [ESP, PRT]
"""


@pytest.fixture(scope="module")
def bundled() -> dict[str, Target]:
    text = (resources.files("milex.data") / "bundled" / "commitments.yaml").read_text("utf-8")
    targets = parse(yaml.safe_load(text), "commitments.yaml")
    by_id = {t.id: t for t in targets}
    assert len(by_id) == len(targets)  # ids are unique
    return by_id


def short(bundled: dict[str, Target], short_id: str) -> Target:
    return bundled[SHORT_IDS[short_id]]


def write(tmp_path: Path, entries: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text("schema_version: 1\ncommitments:\n" + entries, encoding="utf-8")
    return path


def entry(**fields: object) -> str:
    """One commitment entry as YAML: a good one, with fields replaced (None removes one)."""
    values: dict[str, object] = {
        "id": "mine",
        "name": "A pledge",
        "status": "national_pledge",
        "metric": "core_defence_share_gdp",
        "threshold": 3.0,
        "deadline_year": 2030,
    }
    values.update(fields)
    kept = {k: v for k, v in values.items() if v is not None}
    return yaml.safe_dump([kept], sort_keys=False)


def failure(path: str | Path, data_year: int | None = DATA_YEAR) -> str:
    with pytest.raises(ValidationError) as caught:
        load(path, data_year=data_year)
    return str(caught.value)


# -- the bundled file ---------------------------------------------------------------------


def test_every_short_id_names_a_bundled_target(bundled: dict[str, Target]) -> None:
    assert {"2pct", "equipment-20", "hague-core", "hague-total"} <= set(SHORT_IDS)
    for short_id, full_id in SHORT_IDS.items():
        assert full_id in bundled, short_id


def test_2pct_is_a_guideline_without_deadline(bundled: dict[str, Target]) -> None:
    target = short(bundled, "2pct")
    assert (target.threshold, target.deadline_year) == (2.0, None)
    assert (target.metric, target.comparator, target.status) == (
        "core_defence_share_gdp",
        "at_least",
        "guideline",
    )
    assert target.applies_to == ()
    assert target.sources and target.sources[0].startswith("https://")


def test_equipment_20_is_20pct_of_spending_by_2024(bundled: dict[str, Target]) -> None:
    target = short(bundled, "equipment-20")
    assert (target.threshold, target.deadline_year) == (20.0, 2024)
    assert target.metric == "equipment_share_defence_exp"
    assert target.indicator == "equipment_share"
    assert target.commitment_id == "nato_2014_wales_dip"
    assert short(bundled, "wales-2pct").deadline_year == 2024


def test_the_hague_targets(bundled: dict[str, Target]) -> None:
    core, total = short(bundled, "hague-core"), short(bundled, "hague-total")
    related = short(bundled, "hague-related")
    assert (core.threshold, core.deadline_year, core.metric) == (
        3.5,
        2035,
        "core_defence_share_gdp",
    )
    assert (total.threshold, total.deadline_year, total.metric) == (
        5.0,
        2035,
        "total_defence_and_related_share_gdp",
    )
    assert (related.threshold, related.comparator, related.indicator) == (1.5, "up_to", None)
    assert {core.commitment_id, total.commitment_id, related.commitment_id} == {
        "nato_2025_hague_5pct"
    }
    assert core.threshold + related.threshold == total.threshold


def test_rhetoric_and_national_pledges(bundled: dict[str, Target]) -> None:
    north = short(bundled, "north-of-3")
    assert (north.status, north.comparator, north.threshold) == ("rhetoric", "above", 3.0)
    poland = bundled["pol_2025_4_7pct"]
    assert poland.applies_to == ("POL",)
    assert poland.binds("POL") and not poland.binds("DEU")
    assert bundled["baltic_2025_amari_5pct"].applies_to == ("EST", "LVA", "LTU")
    assert bundled["deu_2025_debt_brake_exemption"].comparator == "exemption_above"
    assert bundled["fra_2027_64bn"].indicator is None  # a budget in euros: no share measures it


def test_the_store_holds_the_bundled_targets(bundled: dict[str, Target], db: milex.Milex) -> None:
    q = db.tables
    assert [t.id for t in q.targets()] == list(bundled)
    assert q.target("hague-core") == bundled[SHORT_IDS["hague-core"]]
    assert q.target("nato_2025_hague_5pct.core").threshold == 3.5
    assert q.short_ids() == {full: alias for alias, full in SHORT_IDS.items()}


# -- a user's file ------------------------------------------------------------------------


def test_a_user_file_loads(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_ENTRY.format(id="esp-prt-3pct"))
    (target,) = load(path, data_year=DATA_YEAR)
    assert target.id == "esp-prt-3pct"
    assert (target.threshold, target.deadline_year, target.comparator) == (3.0, 2030, "at_least")
    assert target.applies_to == ("ESP", "PRT")
    assert target.binds("PRT") and not target.binds("USA")


def test_components_become_targets_with_suffixes(tmp_path: Path) -> None:
    text = """
  - id: my-summit
    name: "My summit"
    status: commitment
    headline: {metric: total_defence_and_related_share_gdp, threshold: 4.0, deadline_year: 2032}
    components:
      - {metric: core_defence_share_gdp, threshold: 3.0, deadline_year: 2032}
      - {metric: equipment_share_defence_exp, threshold: 25, deadline_year: 2030}
"""
    targets = load(write(tmp_path, text), data_year=DATA_YEAR)
    assert [t.id for t in targets] == ["my-summit.total", "my-summit.core", "my-summit.equipment"]
    assert [t.threshold for t in targets] == [4.0, 3.0, 25.0]
    assert {t.commitment_id for t in targets} == {"my-summit"}
    assert targets[1].name == "My summit (core)"


def test_a_deadline_in_the_data_year_is_accepted(tmp_path: Path) -> None:
    (target,) = load(write(tmp_path, entry(deadline_year=DATA_YEAR)), data_year=DATA_YEAR)
    assert target.deadline_year == DATA_YEAR


# -- bad input: the message names the file, the entry and the field -----------------------


@pytest.mark.parametrize(
    ("entries", "field", "detail"),
    [
        (entry(name=None), "name", "missing"),
        (entry(metric="bogus_metric"), "metric", "bogus_metric"),
        (entry(deadline_year=2020), "deadline_year", "2020 is before the latest data year 2026"),
        (entry(applies_to=["XXX"]), "applies_to", "'XXX' is not a country"),
        (entry(applies_to=["NATO"]), "applies_to", "'NATO' is not a country"),
        (entry() + entry(threshold=4.0), "id", "duplicate"),
        (entry(threshold=150), "threshold", "150"),
        (entry(status="promise"), "status", "promise"),
        (entry(comparator="at_most"), "comparator", "at_most"),
    ],
    ids=[
        "missing-name",
        "unknown-metric",
        "deadline-before-data",
        "unknown-country",
        "aggregate-not-country",
        "duplicate-id",
        "threshold-over-100",
        "unknown-status",
        "unknown-comparator",
    ],
)
def test_a_bad_entry_names_file_entry_and_field(
    tmp_path: Path, entries: str, field: str, detail: str
) -> None:
    path = write(tmp_path, entries)
    message = failure(path)
    assert str(path) in message
    assert "entry 'mine'" in message
    assert f"field '{field}'" in message
    assert detail in message


def test_a_late_component_deadline_names_the_entry(tmp_path: Path) -> None:
    text = """
  - id: old-summit
    name: "An old summit"
    status: commitment
    components:
      - {metric: core_defence_share_gdp, threshold: 2.0, deadline_year: 2024}
"""
    path = write(tmp_path, text)
    message = failure(path)
    assert str(path) in message
    assert "entry 'old-summit'" in message
    assert "field 'deadline_year'" in message
    assert "2024" in message
    assert load(path) == load(path, data_year=None)  # without a data year, old deadlines load


def test_an_entry_without_a_goal_or_id(tmp_path: Path) -> None:
    no_goal = write(tmp_path, entry(metric=None), "no-goal.yaml")
    message = failure(no_goal)
    assert str(no_goal) in message and "entry 'mine'" in message
    assert "'metric' is required" in message
    no_id = write(tmp_path, entry(id=None), "no-id.yaml")
    message = failure(no_id)
    assert str(no_id) in message
    assert "entry #1" in message  # no id to name it by: its position
    assert "field 'id'" in message


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("schema_version: 1\ncommitments: [\n  - id: x\n", encoding="utf-8")
    message = failure(path)
    assert str(path) in message
    assert "not valid YAML" in message


def test_a_missing_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    message = failure(path)
    assert str(path) in message
    assert "cannot read it" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "valid dictionary"),
        ("schema_version: 2\ncommitments: []\n", "schema_version"),
        ("schema_version: 1\ncommitments: []\n", "commitments"),
    ],
)
def test_a_file_that_is_not_a_commitments_document(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    message = failure(path)
    assert str(path) in message
    assert expected in message


def test_every_problem_of_an_entry_is_listed(tmp_path: Path) -> None:
    path = write(tmp_path, entry(name=None, metric="bogus_metric"))
    lines = failure(path).splitlines()
    assert len(lines) == 2
    assert any("field 'name'" in line for line in lines)
    assert any("field 'metric'" in line for line in lines)
    assert all(line.startswith(f"{path}, entry 'mine'") for line in lines)


def test_applies_to_by_name_binds_that_ally(tmp_path: Path) -> None:
    path = write(tmp_path, entry(applies_to=["Spain", "prt"]))
    try:
        (target,) = load(path, data_year=DATA_YEAR)
    except ValidationError:
        return  # refusing names that are not ISO3 codes would be a fix too
    assert target.binds("ESP")
    assert target.binds("PRT")
