"""An unknown key in a user's YAML (a scenario, a commitments file, an assumptions file) is told
the nearest key the file knows: "unknown key 'tarifs' (did you mean 'tariffs'?)". One home for
the wording: milex.data.yamlfile."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from milex.data import assumptions, commitments, scenarios
from milex.data.yamlfile import nearest_key, unknown_key
from milex.errors import ValidationError
from tests.cli_helpers import run_milex, usage_failure

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def scenario_error(raw: dict[str, object]) -> str:
    with pytest.raises(ValidationError) as caught:
        scenarios.parse({"schema_version": 1, "name": "x", **raw}, "mine.yaml")
    return str(caught.value)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"tarifs": {"preset": "none"}},
            "mine.yaml: unknown key 'tarifs' (did you mean 'tariffs'?)",
        ),
        (
            {"montecarlo": {"draw": 10}},
            "unknown key 'montecarlo.draw' (did you mean 'montecarlo.draws'?)",
        ),
        (
            {"drawdown": {"troops": 1, "start_year": 2027, "years": 2, "replacment_ratio": 1}},
            "unknown key 'drawdown.replacment_ratio' (did you mean 'drawdown.replacement_ratio'?)",
        ),
        (
            {
                "shopping_list": {
                    "items": [
                        {
                            "item": "x",
                            "unit_cost_usd_m": 1,
                            "quantity": 1,
                            "years": [2027],
                            "yeras": 1,
                        }
                    ]
                }
            },
            "unknown key 'shopping_list.items.0.yeras' "
            "(did you mean 'shopping_list.items.0.years'?)",
        ),
    ],
)
def test_a_scenario_key_is_told_the_nearest_known_one(raw: dict[str, object], message: str) -> None:
    assert message in scenario_error(raw)


def test_a_key_like_no_known_one_is_told_the_known_ones() -> None:
    error = scenario_error({"colour": "red"})
    assert "mine.yaml: unknown key 'colour' (known: baseline, commitment," in error
    assert "did you mean" not in error


def test_a_key_that_begins_a_known_one_is_told_that_one() -> None:
    # 'deadline' is more like 'headline' letter for letter; it begins 'deadline_year'.
    assert nearest_key("deadline", ["headline", "deadline_year", "name"]) == "deadline_year"
    assert (
        unknown_key(["a", "tarifs"], ["tariffs"])
        == "unknown key 'a.tarifs' (did you mean 'a.tariffs'?)"
    )


def test_the_cli_tells_a_scenario_file_the_nearest_key(tmp_path: Path, milex_home: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        (EXAMPLES / "eu-deal-2025-08.yaml")
        .read_text(encoding="utf-8")
        .replace("tariffs:", "tarifs:"),
        encoding="utf-8",
    )
    message = usage_failure(run_milex(milex_home, "scenario", str(path)))
    assert message == f"Error: {path}: unknown key 'tarifs' (did you mean 'tariffs'?)\n"


def test_scenario_reads_standard_input(milex_home: Path) -> None:
    text = (EXAMPLES / "us-drawdown-half.yaml").read_text(encoding="utf-8")
    piped = run_milex(milex_home, "scenario", "-", "--draws", "100", "--format", "csv", stdin=text)
    assert piped.returncode == 0, piped.stderr
    from_file = run_milex(
        milex_home,
        "scenario",
        str(EXAMPLES / "us-drawdown-half.yaml"),
        "--draws",
        "100",
        "--format",
        "csv",
    )
    assert piped.stdout == from_file.stdout and piped.stdout.count("\n") == 33  # header, 31, TOTAL
    broken = run_milex(milex_home, "scenario", "-", stdin=text.replace("troops:", "trops:"))
    assert usage_failure(broken).splitlines() == [  # the unknown key first: it is the cause
        "Error: stdin.yaml: unknown key 'drawdown.trops' (did you mean 'drawdown.troops'?)",
        "stdin.yaml, key 'drawdown.troops': missing",
    ]


def commitments_file(tmp_path: Path, **fields: object) -> Path:
    entry: dict[str, object] = {
        "id": "mine",
        "name": "A pledge",
        "status": "national_pledge",
        "metric": "core_defence_share_gdp",
        "threshold": 3.0,
        "deadline_year": 2030,
        "context": "notes of the user's own are kept",  # a key the model does not know: allowed
    }
    entry.update(fields)
    kept = {k: v for k, v in entry.items() if v is not None}
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"schema_version": 1, "commitments": [kept]}), encoding="utf-8")
    return path


def test_a_misspelt_commitment_field_is_told_the_field(tmp_path: Path) -> None:
    path = commitments_file(tmp_path, threshold=None, treshold=3.0)
    with pytest.raises(ValidationError) as caught:
        commitments.load(path)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"{path}, entry 'mine': unknown key 'treshold' (did you mean 'threshold'?)"
    path = commitments_file(tmp_path, deadline_year=None, deadline=2030)
    with pytest.raises(
        ValidationError, match=r"unknown key 'deadline' \(did you mean 'deadline_year'\?\)"
    ):
        commitments.load(path)


def test_notes_of_a_users_own_pass(tmp_path: Path) -> None:
    # 'source_note' is like 'sources': given beside it, a note, not a misspelling; and
    # 'threshold_range' (a pledged range, kept with the target) is no misspelling of
    # 'threshold'; the bundled file has both.
    path = commitments_file(tmp_path, source_note="x", threshold_range=[3, 3.5], sources=["y"])
    assert [t.id for t in commitments.load(path)] == ["mine"]
    assert commitments.load(path)[0].threshold_range == (3.0, 3.5)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"threshold_range": [5, 6]}, r"field 'threshold_range': 3 is not within \[5, 6\]"),
        ({"threshold_range": [2, 3, 4]}, r"field 'threshold_range': Tuple should have at most 2"),
    ],
)
def test_a_pledged_range_must_hold_its_threshold(
    tmp_path: Path, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        commitments.load(commitments_file(tmp_path, **fields))


def test_the_cli_names_a_range_that_misses_its_threshold(tmp_path: Path, milex_home: Path) -> None:
    text = commitments_file(tmp_path, threshold_range=[5, 6]).read_text(encoding="utf-8")
    message = usage_failure(run_milex(milex_home, "commitments", "--commitments", "-", stdin=text))
    assert message.startswith("Error: stdin.yaml, entry 'mine': field 'threshold_range': 3 is ")


def test_the_cli_tells_a_commitments_file_the_nearest_field(
    tmp_path: Path, milex_home: Path
) -> None:
    text = commitments_file(tmp_path, metric=None, metrik="core_defence_share_gdp").read_text(
        encoding="utf-8"
    )
    message = usage_failure(run_milex(milex_home, "commitments", "--commitments", "-", stdin=text))
    assert message.startswith(
        "Error: stdin.yaml, entry 'mine': unknown key 'metrik' (did you mean 'metric'?)\n"
    )


def test_an_assumptions_key_is_told_the_nearest_known_one(tmp_path: Path) -> None:
    path = tmp_path / "assumptions.yaml"
    path.write_text("grwoth: 1.5\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        assumptions.load(path)
    assert str(caught.value) == f"{path}: unknown key 'grwoth' (did you mean 'growth'?)"
    path.write_text("inflation: 2\n", encoding="utf-8")
    with pytest.raises(
        ValidationError, match=r"unknown key 'inflation' \(known: deflator, fx, growth\)"
    ):
        assumptions.load(path)
