"""The dashboard's chart library: Vega, Vega-Lite and Vega-Embed as one script, built by
vl-convert for the Vega-Lite version the charts are written for.

Building it takes a second or more, so `milex build` writes it (plain and gzipped) into
milex's cache folder (``$MILEX_CACHE``, default the user cache dir: it is no data, and can be
deleted at any time), once per version of vl-convert; `milex serve` reads those files at
start-up and builds them only when they are missing. Nothing here imports the web framework:
the CLI's build calls it.
"""

from __future__ import annotations

import functools
import gzip
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

# What the bundle exposes to /static/milex.js (the bundle is a module: nothing else leaks).
BUNDLE_SNIPPET = "window.vegaEmbed = vegaEmbed;"
PREFIX = "vega-"


@dataclass(frozen=True)
class Bundle:
    """The script as served: plain, gzipped, and the version in its URL."""

    version: str
    plain: bytes
    gzipped: bytes


def folder() -> Path:
    """milex's cache folder: ``$MILEX_CACHE`` or the user cache dir."""
    configured = os.environ.get("MILEX_CACHE")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("milex", appauthor=False))


def version() -> str:
    """Part of the bundle's file name and URL, so that a new vl-convert or Altair (which writes
    the specs for one Vega-Lite version) gets a new bundle, fetched again despite the browser's
    long cache. Read from the packages' metadata: importing them would slow the server's start."""
    from importlib.metadata import version as installed

    return f"{installed('vl-convert-python')}-altair{installed('altair')}"


def path(where: Path) -> Path:
    """Where the plain script of this version lives in a folder (the gzipped one: + .gz)."""
    return where / f"{PREFIX}{version()}.js"


@functools.cache
def make() -> Bundle:
    """Build the bundle (a second or more; once per process)."""
    import vl_convert

    from milex import charts

    script = vl_convert.javascript_bundle(BUNDLE_SNIPPET, vl_version=charts.vl_version())
    plain = script.encode("utf-8")
    return Bundle(version(), plain, gzip.compress(plain, compresslevel=9, mtime=0))


def _write(target: Path, data: bytes) -> None:
    """Write a file whole or not at all (a temporary file renamed over it)."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write(into: Path | None = None, *, force: bool = False) -> tuple[Path, bool]:
    """Write the bundle of this version into the cache folder (or ``into``) unless it is there
    already; remove the bundles of other versions. Returns the plain script's path and whether
    it was built."""
    where = into or folder()
    target = path(where)
    zipped = target.with_name(target.name + ".gz")
    if not force and target.is_file() and zipped.is_file():
        return target, False
    bundle = make()
    where.mkdir(parents=True, exist_ok=True)
    _write(zipped, bundle.gzipped)
    _write(target, bundle.plain)
    for old in where.glob(f"{PREFIX}*.js*"):
        if old.name not in (target.name, zipped.name):
            old.unlink(missing_ok=True)
    return target, True


def load(into: Path | None = None) -> Bundle:
    """The bundle from the cache folder (or ``into``), written there first if it is missing.
    A folder that cannot be written gets no file: the bundle is built in memory."""
    target = path(into or folder())
    zipped = target.with_name(target.name + ".gz")
    try:
        return Bundle(version(), target.read_bytes(), zipped.read_bytes())
    except OSError:
        pass
    try:
        write(into)
        return Bundle(version(), target.read_bytes(), zipped.read_bytes())
    except OSError:
        return make()
