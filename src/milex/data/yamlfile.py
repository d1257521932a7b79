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
"""

from __future__ import annotations

import re
import time
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
