"""`milex scenario FILE` and `--commitments FILE` with hostile or broken YAML: deep nesting, a
billion laughs, a 5,000-digit integer, booleans for numbers. Each is exit code 2 with one line
naming the file, quickly, never a traceback (the CLI used to recurse, grow, or crash)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from milex.cli import main


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["milex", *args])
    try:
        main()
        code = 0
    except SystemExit as exited:
        code = int(exited.code or 0)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def billion_laughs() -> str:
    lines = ["schema_version: 1", "name: laughs", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    lines.append("description: *a9")
    return "\n".join(lines) + "\n"


CASES = {
    "nested 1,000 deep": ("[" * 1_000 + "]" * 1_000, "deep.yaml, line 1: nested more than 32"),
    "nested 50,000 deep": ("[" * 50_000 + "]" * 50_000, "deep.yaml"),
    "a billion laughs": (
        billion_laughs(),
        "deep.yaml, line 4: YAML aliases (*a0) are not accepted",
    ),
    "a 5,000-digit integer": (
        "schema_version: 1\nname: x\nmontecarlo:\n  seed: " + "9" * 5_000 + "\n",
        "deep.yaml, line 4: a number of 5,000 characters (at most 100)",
    ),
    "booleans for draws and seed": (
        "schema_version: 1\nname: x\nmontecarlo:\n  seed: true\n  draws: false\n",
        "deep.yaml, key 'montecarlo.draws': must be a number or a text, not true or false",
    ),
    "an impossible date": ("schema_version: 1\nname: 2025-13-45\n", "deep.yaml: a value that"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_scenario_file(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content, words = CASES[case]
    path = tmp_path / "deep.yaml"
    path.write_text(content)
    code, err = run(monkeypatch, capsys, "scenario", str(path), "--draws", "0")
    assert code == 2
    assert err.startswith(f"Error: {path.parent}/")
    assert words in err


@pytest.mark.parametrize("case", ["nested 1,000 deep", "a billion laughs"])
def test_commitments_file(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content, words = CASES[case]
    path = tmp_path / "deep.yaml"
    path.write_text(content)
    code, err = run(monkeypatch, capsys, "gap", "--commitments", str(path))
    assert code == 2
    assert words in err
