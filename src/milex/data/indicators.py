"""The indicators milex defines: the ids of the bundled indicators.yaml. Its own module, so that
the store and the importers both read it without importing each other."""

from __future__ import annotations

import functools
from importlib import resources

from milex.data.yamlfile import parse_yaml


@functools.cache
def indicator_ids() -> frozenset[str]:
    """The indicators milex defines (bundled indicators.yaml)."""
    f = resources.files("milex.data") / "bundled" / "indicators.yaml"
    return frozenset(parse_yaml(f.read_bytes(), f.name))
