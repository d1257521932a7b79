"""The one YAML reader: deep nesting, aliases, huge numbers, text that is not text and oversized
files are refused with an error naming the file, before PyYAML builds anything, with libyaml's
parser and with PyYAML's pure-Python one alike; and it stops at the first event that breaks a
bound, whatever the input (counted, not timed)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from milex.data import yamlfile
from milex.data.yamlfile import MAX_DEPTH, parse_yaml, read_yaml
from milex.errors import InvalidQueryError, ValidationError

LOADERS = ["libyaml", "python"] if yaml.__with_libyaml__ else ["python"]


@pytest.fixture(params=LOADERS, autouse=True)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every test runs with each parser PyYAML may have (libyaml is optional)."""
    if request.param == "python":
        monkeypatch.setattr(yamlfile, "_loader", lambda: yaml.SafeLoader)
    yield request.param


def billion_laughs(levels: int = 9) -> str:
    """Nine aliases of nine aliases of ...: a few hundred bytes, 9**9 strings once loaded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


class Work:
    """What a refusal cost, counted rather than timed: the events the first pass pulled from
    the parser, and whether PyYAML went on to build anything."""

    events = 0
    built = False


def refusal(content: str | bytes, **limits: int) -> tuple[str, Work]:
    """The error parse_yaml gives ``content`` and the work it did before giving it."""
    work = Work()
    parse, load = yaml.parse, yaml.load

    def counted(*args: object, **kwargs: object) -> Iterator[object]:
        for event in parse(*args, **kwargs):  # type: ignore[arg-type]
            work.events += 1
            yield event

    def building(*args: object, **kwargs: object) -> object:
        work.built = True
        return load(*args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml, "parse", counted)
        patch.setattr(yaml, "load", building)
        with pytest.raises(ValidationError) as raised:
            parse_yaml(content, "x.yaml", **limits)
    message = str(raised.value)
    assert message.startswith("x.yaml")
    return message, work


def refused(content: str | bytes, **limits: int) -> str:
    return refusal(content, **limits)[0]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1_000, 10_000, 50_000])
def test_deep_nesting_is_refused(depth: int) -> None:
    message, work = refusal("[" * depth + "]" * depth)
    assert "nested more than 32 levels deep" in message or "maximum nesting depth" in message
    # Refused at the first level too deep, whatever the depth: stream and document start, then
    # MAX_DEPTH + 1 openings; nothing built.
    assert work.events <= MAX_DEPTH + 3
    assert not work.built


def test_nesting_up_to_the_bound_is_read() -> None:
    text = "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH
    value = parse_yaml(text, "x.yaml")
    for _ in range(MAX_DEPTH):
        value = value[0]
    assert value == 1


def test_deep_block_mappings_are_refused() -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(40)) + "  " * 40 + "v\n"
    assert "nested more than 32 levels deep" in refused(text)


def test_aliases_are_refused_everywhere() -> None:
    message, work = refusal(billion_laughs())
    assert "line 2: YAML aliases (*a0) are not accepted" in message
    assert work.events < 20  # at the first alias of billions, nothing built
    assert not work.built
    assert "YAML aliases (*x)" in refused("a: &x 1\nb: *x\n")
    assert "YAML aliases (*m)" in refused("base: &m {a: 1}\nother:\n  <<: *m\n")


def test_an_anchor_alone_is_harmless() -> None:
    assert parse_yaml("a: &x 1\n", "x.yaml") == {"a": 1}


@pytest.mark.parametrize(
    "number", ["9" * 5_000, "-" + "1" * 200, "0x" + "f" * 500, "1" * 150 + ".5"]
)
def test_huge_numbers_are_refused(number: str) -> None:
    message = refused(f"seed: {number}\n")
    assert f"line 1: a number of {len(number):,} characters (at most 100)" in message


def test_long_text_that_looks_like_digits_but_is_quoted_is_text() -> None:
    assert parse_yaml(f'name: "{"9" * 5_000}"\n', "x.yaml") == {"name": "9" * 5_000}


def test_too_many_nodes_are_refused() -> None:
    text = "[" + ", ".join(["1"] * (yamlfile.MAX_NODES + 1)) + "]"
    message, work = refusal(text, max_bytes=10_000_000)
    assert f"more than {yamlfile.MAX_NODES:,} values" in message
    assert work.events <= yamlfile.MAX_NODES + 4  # at the first value too many, nothing built
    assert not work.built


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\e", "\\0", "\\x07"])
def test_escapes_that_make_no_text_are_refused(escape: str) -> None:
    message = refused(f'name: "a{escape}b"\n')
    assert "is not a character text can hold" in message or "invalid Unicode" in message


def test_characters_beyond_the_basic_plane_are_text() -> None:
    assert parse_yaml('name: "\\U0001F600 \U0001f600"\n', "x.yaml") == {
        "name": "\U0001f600 \U0001f600"
    }


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xff\xfe\x00a: 1", "x.yaml: not UTF-8 text (byte 0)"),
        ("a: b\x1b[31m\n", "x.yaml: holds '\\x1b', which is not text"),
        ("a: [1, 2\n", "x.yaml: not valid YAML"),
        ("name: 2025-13-45\n", "x.yaml: a value that cannot be read (month must be in 1..12)"),
        ("share: !!float abc\n", "x.yaml: a value that cannot be read"),
        ("x: !!python/object:os.system ls\n", "x.yaml: not valid YAML"),
    ],
)
def test_broken_documents_name_the_file(content: str | bytes, words: str) -> None:
    assert words in refused(content)


def test_size_is_checked_before_parsing() -> None:
    assert refused("a: 1\n" * 100, max_bytes=100) == (
        "x.yaml: over 100 bytes, the most a file may have here"
    )


def test_a_parse_past_its_deadline_stops() -> None:
    text = "\n".join(f"k{i}: {i}" for i in range(5_000))
    with pytest.raises(InvalidQueryError, match=r"x\.yaml: reading the YAML took longer"):
        parse_yaml(text, "x.yaml", deadline=time.monotonic() - 1)


def test_read_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(billion_laughs())
    with pytest.raises(ValidationError, match=r"laughs.yaml, line 2: YAML aliases"):
        read_yaml(path)
    with pytest.raises(ValidationError, match=r"missing.yaml: cannot read it"):
        read_yaml(tmp_path / "missing.yaml")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 1000)
    with pytest.raises(ValidationError, match=r"big.yaml: 5,000 bytes, over the 100"):
        read_yaml(big, max_bytes=100)
