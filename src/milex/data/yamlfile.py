"""The one reader of YAML in milex (users' commitments and scenarios, uploads, the bundled
files), bounded so that no document can cost more than a linear pass over a small text.

A document is read twice: first as a stream of parser events, checked as they come and before
any Python object is built, then loaded. The first pass refuses

- a text over ``max_bytes`` (checked before parsing), or not UTF-8;
- nesting deeper than ``MAX_DEPTH`` and more than ``MAX_NODES`` nodes (PyYAML's loader is
  recursive, and its scanner slows down quadratically with depth);
- aliases (``*name``): an alias repeats a node without copying it, so a few hundred bytes can
  stand for billions of nodes; no file milex reads needs one;
- numbers longer than ``MAX_NUMBER_CHARS`` characters (Python refuses to convert an integer of
  more than 4,300 digits, and a long one costs time to convert);
- text holding lone surrogates or control characters, which YAML's escapes (``"\\ud800"``,
  ``"\\e"``) can produce but no text encoding can carry;
- and, given a ``deadline`` (``time.monotonic()`` seconds), a parse that runs past it.

Every error names the file (and the line) and is a :class:`~milex.errors.ValidationError`.

The documents' keys are checked by pydantic (milex.data.scenarios, milex.data.commitments) or
by hand (milex.data.assumptions); :func:`describe` words pydantic's errors and
:func:`unknown_key` tells an unknown key the nearest one the document knows
("unknown key 'tarifs' (did you mean 'tariffs'?)"), for all of them.
"""

from __future__ import annotations

import difflib
import re
import time
import types
import typing
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

from milex.errors import InvalidQueryError, ValidationError

# Users' YAML files are a few kilobytes (the bundled commitments file is 22 kB).
MAX_BYTES = 2_000_000
MAX_DEPTH = 32
MAX_NODES = 100_000
MAX_NUMBER_CHARS = 100
# How often (in events) the deadline is looked at.
_DEADLINE_EVERY = 512
# Text YAML's escapes can make that is not text: lone surrogates, and control characters other
# than tab, line feed and carriage return.
_NOT_TEXT = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMERIC_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


def _loader() -> Any:
    """libyaml's safe loader where PyYAML was built with it, else the pure-Python one."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _where(name: str, event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return f"{name}, line {mark.line + 1}" if mark is not None else name


def _check_events(text: str, name: str, deadline: float | None) -> None:
    """The first pass: every bound in the module's docstring, checked event by event."""
    import yaml
    from yaml.resolver import Resolver

    resolver = Resolver()
    depth = nodes = 0
    for count, event in enumerate(yaml.parse(text, Loader=_loader()), start=1):
        if isinstance(event, yaml.AliasEvent):
            raise ValidationError(
                f"{_where(name, event)}: YAML aliases (*{event.anchor}) are not accepted; "
                "write the value out"
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ValidationError(
                    f"{_where(name, event)}: nested more than {MAX_DEPTH} levels deep"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise ValidationError(f"{_where(name, event)}: more than {MAX_NODES:,} values")
        if isinstance(event, yaml.ScalarEvent):
            _check_scalar(event, name, resolver)
        if deadline is not None and count % _DEADLINE_EVERY == 0 and time.monotonic() > deadline:
            raise InvalidQueryError(f"{name}: reading the YAML took longer than the time limit")


def _check_scalar(event: Any, name: str, resolver: Any) -> None:
    import yaml

    value: str = event.value
    bad = _NOT_TEXT.search(value)
    if bad is not None:
        raise ValidationError(
            f"{_where(name, event)}: {bad.group()!a} is not a character text can hold "
            "(a lone surrogate or a control character, from an escape)"
        )
    if len(value) > MAX_NUMBER_CHARS and event.implicit[0] and not event.style:
        tag = resolver.resolve(yaml.ScalarNode, value, event.implicit)
        if tag in _NUMERIC_TAGS:
            raise ValidationError(
                f"{_where(name, event)}: a number of {len(value):,} characters "
                f"(at most {MAX_NUMBER_CHARS})"
            )


def parse_yaml(
    content: str | bytes,
    name: str,
    *,
    max_bytes: int = MAX_BYTES,
    deadline: float | None = None,
) -> Any:
    """The document in ``content`` (a file's bytes or text), checked against the bounds above;
    a ValidationError naming ``name`` if it breaks one or is not valid YAML."""
    import yaml

    size = len(content) if isinstance(content, bytes) else len(content.encode("utf-8", "replace"))
    if size > max_bytes:
        raise ValidationError(f"{name}: over {max_bytes:,} bytes, the most a file may have here")
    if isinstance(content, bytes):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(f"{name}: not UTF-8 text (byte {exc.start:,})") from None
    else:
        text = content
    bad = _NOT_TEXT.search(text)
    if bad is not None:  # (YAML's reader refuses them too, as "special characters")
        raise ValidationError(
            f"{name}: holds {bad.group()!a}, which is not text (a lone surrogate or a "
            "control character)"
        )
    try:
        _check_events(text, name, deadline)
    except yaml.YAMLError as exc:
        raise ValidationError(f"{name}: not valid YAML ({_one_line(exc)})") from None
    try:
        return yaml.load(text, Loader=_loader())  # a safe loader: plain data only
    except yaml.YAMLError as exc:
        raise ValidationError(f"{name}: not valid YAML ({_one_line(exc)})") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # A scalar YAML's syntax accepts but Python cannot build: a date 2025-13-45, bad base64.
        raise ValidationError(f"{name}: a value that cannot be read ({exc})") from None


def _one_line(exc: Exception) -> str:
    """PyYAML's message on one line, without the name it gives a text ("<unicode string>")."""
    return " ".join(str(exc).replace('in "<unicode string>", ', "").split())


def read_yaml(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Any:
    """The parsed document of a YAML file; a ValidationError naming the file if it cannot be
    read, is too large, or breaks one of the bounds of :func:`parse_yaml`."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise ValidationError(
                f"{file}: {size:,} bytes, over the {max_bytes:,} a YAML file may have"
            )
        content = file.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{file}: cannot read it ({exc.strerror or exc})") from None
    return parse_yaml(content, str(file), max_bytes=max_bytes)


# -- the keys of a document ----------------------------------------------------------------------

# How alike an unknown key and a known one must be (difflib's ratio) to suggest the known one.
CLOSE_KEY = 0.6
# Stricter: in a document that takes notes of its own, a key is an error only when it is very
# like a field (a misspelling, 'treshold'), not merely alike ('source_note' beside 'sources').
MISSPELT_KEY = 0.75


def nearest_key(key: str, known: Collection[str], cutoff: float = CLOSE_KEY) -> str | None:
    """The known key most like ``key`` (difflib), if one is alike enough; a known key that
    ``key`` begins ('deadline' for 'deadline_year') before one merely alike ('headline')."""
    begun = sorted(k for k in known if k.startswith(key) and len(key) >= 4)
    if len(begun) == 1:
        return begun[0]
    found = difflib.get_close_matches(key, sorted(known), n=1, cutoff=cutoff)
    return found[0] if found else None


def unknown_key(path: Sequence[str | int], known: Collection[str]) -> str:
    """ "unknown key 'tarifs' (did you mean 'tariffs'?)", or the keys known there when none is
    alike; ``path`` leads to the key (its last part), as in 'drawdown.trops'."""
    *parents, key = [str(part) for part in path]
    shown = ".".join([*parents, key])
    near = nearest_key(key, known)
    if near is not None:
        return f"unknown key {shown!r} (did you mean {'.'.join([*parents, near])!r}?)"
    return f"unknown key {shown!r} (known: {', '.join(sorted(known))})"


def _models(annotation: Any) -> Iterator[type]:
    """The pydantic models an annotation holds (a model, an optional one, a list of them)."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            yield from _models(argument)


def keys_at(model: type, path: Sequence[str | int]) -> list[str]:
    """The keys a document of ``model`` takes at ``path`` (a key's parents): its fields there."""
    current = model
    for part in path:
        if isinstance(part, int):
            continue  # an item of a list: the list's model
        field = current.model_fields.get(part)  # type: ignore[attr-defined]
        found = next(_models(field.annotation), None) if field is not None else None
        if found is None:
            return []
        current = found
    return list(current.model_fields)  # type: ignore[attr-defined]


def location(error: Any) -> list[str | int]:
    """Where a pydantic error is, without pydantic's names of validators."""
    return [p for p in error["loc"] if not str(p).startswith("function")]


def describe(
    file: str,
    error: Any,
    model: type,
    *,
    where: Callable[[list[str | int]], tuple[str, list[str | int]]] | None = None,
    label: str = "key",
) -> str:
    """One pydantic error of a document of ``model`` from ``file`` as a line naming the file,
    the key and the value: "file: unknown key 'tarifs' (did you mean 'tariffs'?)", "file, key
    'drawdown.troops': missing", "file, key 'x': must be ... (value 5)". ``where`` turns the
    start of a location into words (", entry 'hague'") and gives back the rest."""
    path = location(error)
    prefix = ""
    if where is not None:
        prefix, rest = where(path)
    else:
        rest = path
    if error["type"] == "extra_forbidden":
        return f"{file}{prefix}: {unknown_key(rest, keys_at(model, path[:-1]))}"
    named = ".".join(str(part) for part in rest)
    at = f", {label} {named!r}" if named else ""
    if error["type"] == "missing":
        return f"{file}{prefix}{at}: missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{file}{prefix}{at}: {message} (value {error.get('input')!r})"


def describe_all(
    file: str,
    errors: Sequence[Any],
    model: type,
    *,
    where: Callable[[list[str | int]], tuple[str, list[str | int]]] | None = None,
    label: str = "key",
) -> list[str]:
    """Every pydantic error of a document as :func:`describe` words it, unknown keys first (a
    misspelt key is why its field is missing)."""
    ordered = sorted(errors, key=lambda error: error["type"] != "extra_forbidden")
    return [describe(file, error, model, where=where, label=label) for error in ordered]


def misspelt_keys(
    raw: Any, model: type, path: Sequence[str | int] = ()
) -> Iterator[tuple[list[str | int], list[str]]]:
    """Keys of a document whose model takes other keys as well (extra="allow": notes of the
    user's own) that look like a misspelling of a field the document leaves out ('treshold'
    for 'threshold'): each key's path and the fields known there. A key alike to no field,
    or to one that is given, is a note and passes."""
    if isinstance(raw, list):
        for index, item in enumerate(raw):
            yield from misspelt_keys(item, model, [*path, index])
        return
    if not isinstance(raw, dict):
        return
    fields = model.model_fields  # type: ignore[attr-defined]
    absent = [name for name in fields if name not in raw]
    for key, value in raw.items():
        name = str(key)
        if name in fields:
            sub = next(_models(fields[name].annotation), None)
            if sub is not None:
                yield from misspelt_keys(value, sub, [*path, name])
        elif nearest_key(name, absent, MISSPELT_KEY) is not None:
            yield [*path, name], absent
