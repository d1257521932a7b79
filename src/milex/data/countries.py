"""The one place that knows countries: codes, names, aliases, demonyms, NATO and EU membership.

The table is bundled/countries.csv (written by tools/make_countries.py); it is read once, on
first use. Lookups ignore case, accents, punctuation and a leading "the". The capitals that
stand for their countries in prose ("Paris plans to ...") are bundled/capitals.csv.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from milex.errors import InvalidQueryError, UnknownCountryError

__all__ = [
    "AGGREGATES",
    "EU",
    "GROUPS",
    "KINDS",
    "NATO",
    "NATO_AGGREGATES",
    "NATO_EU_CA",
    "PROSE_CODES",
    "Country",
    "all_countries",
    "allies",
    "capitals",
    "could_start_name",
    "find",
    "find_in_prose",
    "get",
    "group_members",
    "members",
    "name",
    "name_words",
    "resolve_many",
    "suggestions",
]

NATO = "NATO"
NATO_EU_CA = "NATO_EU_CA"
EU = "EUU"
NATO_AGGREGATES: tuple[str, ...] = (NATO, NATO_EU_CA)
AGGREGATES: tuple[str, ...] = (NATO, NATO_EU_CA, EU)
KINDS: tuple[str, ...] = ("country", "former", "aggregate")

_SUGGESTION_CUTOFF = 0.6
_DROPPED = str.maketrans("", "", ".'’‘`")  # "U.K." -> "uk", "d’Ivoire" -> "divoire"


@dataclass(frozen=True, slots=True)
class Country:
    """A country, former state or aggregate as milex names and dates it."""

    iso3: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    nato_accession: date | None
    eu_accession: date | None
    eu_exit: date | None
    currency: str | None
    has_armed_forces: bool
    note: str | None
    iso2: str | None = None

    def is_ally(self, on: date | None = None) -> bool:
        """Whether this is a NATO member on that date (default today)."""
        on = on or date.today()
        return self.nato_accession is not None and self.nato_accession <= on

    def in_eu(self, on: date | None = None) -> bool:
        """Whether this is an EU member on that date (default today); members through exit day."""
        on = on or date.today()
        if self.eu_accession is None or on < self.eu_accession:
            return False
        return self.eu_exit is None or on <= self.eu_exit


@functools.lru_cache(maxsize=8192)
def _normalise(text: str) -> str:
    """Lookup key: no accents, case, dots, apostrophes, other punctuation or leading "the".
    Cached: running text repeats its words, and the claim checker looks up every one."""
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ").translate(_DROPPED)
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    if len(words) > 1 and words[-1] == "the":  # SIPRI's "Gambia, The"
        words = words[:-1]
    return " ".join(words)


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("|")) if text else ()


@functools.cache
def _table() -> tuple[tuple[Country, ...], dict[str, Country]]:
    """All rows in CSV order and the lookup index; the first claim on a key wins."""
    # Imported here, not at the top: importing this module must stay fast for the CLI.
    import csv
    import io
    from importlib.resources import files

    text = files("milex.data.bundled").joinpath("countries.csv").read_text(encoding="utf-8")
    rows = tuple(
        Country(
            iso3=row["iso3"],
            name=row["name"],
            kind=row["kind"],
            aliases=_split(row["aliases"]),
            demonyms=_split(row["demonyms"]),
            nato_accession=_date(row["nato_accession"]),
            eu_accession=_date(row["eu_accession"]),
            eu_exit=_date(row["eu_exit"]),
            currency=row["currency"] or None,
            has_armed_forces=row["has_armed_forces"] == "1",
            note=row["note"] or None,
            iso2=row["iso2"] or None,
        )
        for row in csv.DictReader(io.StringIO(text))
    )
    index: dict[str, Country] = {}
    # Codes beat names, names beat aliases, aliases beat demonyms.
    passes = (
        lambda c: (c.iso3, c.iso2 or ""),
        lambda c: (c.name,),
        lambda c: c.aliases,
        lambda c: c.demonyms,
    )
    for keys_of in passes:
        for country in rows:
            for key in keys_of(country):
                if key:
                    index.setdefault(_normalise(key), country)
    return rows, index


def find(query: str) -> Country | None:
    """The entity a name, alias, ISO3/ISO2 code or demonym refers to, or None."""
    return _table()[1].get(_normalise(query))


def get(query: str) -> Country:
    """Like find(), but raises UnknownCountryError with close matches when nothing answers."""
    country = find(query)
    if country is None:
        raise UnknownCountryError(query, suggestions(query))
    return country


def suggestions(query: str, n: int = 3) -> list[str]:
    """Up to n close matches among names and aliases, as "Name (ISO3)", best first."""
    import difflib  # only needed on the error path

    key = _normalise(query)
    if not key or n <= 0:
        return []
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    word_matches: dict[str, Country] = {}
    close: dict[str, tuple[float, Country]] = {}
    for country in _table()[0]:
        for label in (country.name, *country.aliases):
            candidate = _normalise(label)
            if len(key) >= 4 and f" {key} " in f" {candidate} ":
                word_matches[country.iso3] = country  # "Korea" in "South Korea"
                continue
            matcher.set_seq1(candidate)
            if (
                matcher.real_quick_ratio() >= _SUGGESTION_CUTOFF
                and matcher.quick_ratio() >= _SUGGESTION_CUTOFF
            ):
                score = matcher.ratio()
                if score >= max(_SUGGESTION_CUTOFF, close.get(country.iso3, (0.0,))[0]):
                    close[country.iso3] = (score, country)
    if word_matches:  # an ambiguous word: offer exactly the entities that contain it
        close = {iso3: (1.0, country) for iso3, country in word_matches.items()}
    ranked = sorted(close.values(), key=lambda item: (-item[0], item[1].name))
    return [f"{country.name} ({country.iso3})" for _, country in ranked[:n]]


def resolve_many(queries: str | Iterable[str]) -> list[Country]:
    """Countries for a comma-separated string or a list of queries; in order, without repeats."""
    if isinstance(queries, str):
        found = _resolve_comma_separated(queries)
    else:
        found = [get(query) for query in queries]
    unique: dict[str, Country] = {}
    for country in found:
        unique.setdefault(country.iso3, country)
    return list(unique.values())


def _resolve_comma_separated(text: str) -> list[Country]:
    # Some names hold a comma ("Korea, South", "Gambia, The"): try the longest run of parts first.
    parts = [part.strip() for part in text.split(",")]
    found: list[Country] = []
    start = 0
    while start < len(parts):
        if not parts[start]:
            start += 1
            continue
        for end in range(min(len(parts), start + 3), start, -1):
            country = find(", ".join(parts[start:end]))
            if country is not None:
                found.append(country)
                start = end
                break
        else:
            raise UnknownCountryError(parts[start], suggestions(parts[start]))
    return found


def all_countries(kind: str | None = None) -> list[Country]:
    """Every entity in the table, or those of one kind ("country", "former", "aggregate")."""
    if kind is not None and kind not in KINDS:
        raise InvalidQueryError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return [c for c in _table()[0] if kind is None or c.kind == kind]


def members(on: date | str | None = None) -> list[Country]:
    """NATO allies on a date (a date, an ISO string, or None for today), in ISO3 order."""
    if isinstance(on, str):
        try:
            on = date.fromisoformat(on)
        except ValueError:
            raise InvalidQueryError(f"not an ISO date: {on!r}") from None
    return list(_members_on(on or date.today()))


@functools.lru_cache(maxsize=256)
def _members_on(day: date) -> tuple[Country, ...]:
    """The allies on a day, once per day asked (a request asks several times)."""
    return tuple(c for c in _table()[0] if c.kind == "country" and c.is_ally(day))


def allies(on: date | str | None = None) -> list[Country]:
    """Same as members()."""
    return members(on)


def name(iso3: str) -> str:
    """The short English name for a code (or anything else get() accepts)."""
    return get(iso3).name


# Groups of allies that totals are given for: code -> label.
GROUPS: dict[str, str] = {
    NATO: "All allies",
    NATO_EU_CA: "NATO Europe and Canada",
    "EU_ALLIES": "EU allies",
}


def group_members(group: str, on: date | str | None = None) -> list[Country]:
    """The allies in a group on a date: NATO (all), NATO_EU_CA (all but the US), EU_ALLIES."""
    allies_then = members(on)
    if group == NATO:
        return allies_then
    if group == NATO_EU_CA:
        return [c for c in allies_then if c.iso3 != "USA"]
    if group == "EU_ALLIES":
        day = date.fromisoformat(on) if isinstance(on, str) else on
        return [c for c in allies_then if c.in_eu(day)]
    raise InvalidQueryError(f"unknown group {group!r}; expected one of {', '.join(GROUPS)}")


# Codes that stand for a country in running text; other codes are ordinary words there
# ("IN", "NO", "IT"), so prose lookups ignore them.
PROSE_CODES = frozenset({"US", "USA", "U.S.", "UK", "U.K.", "EU", "E.U."})


@functools.cache
def _prose_index() -> dict[str, Country]:
    index: dict[str, Country] = {}
    for keys_of in (lambda c: (c.name,), lambda c: c.aliases, lambda c: c.demonyms):
        for country in _table()[0]:
            for key in keys_of(country):
                if key and not (key.isupper() and key not in PROSE_CODES):
                    index.setdefault(_normalise(key), country)
    for code in PROSE_CODES:
        coded = find(code)
        if coded is not None:
            index.setdefault(_normalise(code), coded)
    return index


@functools.cache
def capitals() -> dict[str, str]:
    """Capitals that stand for their country in running text ("Paris plans to ...", "Berlin
    has allocated"), capital -> ISO3 code: the allies' capitals and a few others news text
    names (Moscow, Kyiv and Kiev, Beijing). Brussels and The Hague are left out: in this prose
    they are NATO's and the EU's seats."""
    import csv
    import io
    from importlib.resources import files

    text = files("milex.data.bundled").joinpath("capitals.csv").read_text(encoding="utf-8")
    out = {row["capital"]: row["iso3"] for row in csv.DictReader(io.StringIO(text))}
    unknown = sorted(code for code in out.values() if find(code) is None)
    if unknown:
        raise ValueError(f"capitals.csv names codes countries.csv does not hold: {unknown}")
    return out


def find_in_prose(phrase: str) -> Country | None:
    """The entity a phrase in running text names (name, alias, demonym, or US/UK/EU), or
    None; codes that are also ordinary words ("IN", "NO") are not matched."""
    if phrase.isupper() and len(phrase.replace(".", "")) <= 3 and phrase not in PROSE_CODES:
        return None
    return _prose_index().get(_normalise(phrase))


@functools.cache
def _prose_starts() -> dict[str, int]:
    """The first word of every name, alias and demonym, with the most words a name that
    starts with it has."""
    starts: dict[str, int] = {}
    for key in _prose_index():
        if key:
            words = key.split()
            starts[words[0]] = max(starts.get(words[0], 0), len(words))
    return starts


def could_start_name(word: str) -> bool:
    """Whether a word can begin a country name, alias or demonym in running text (a quick
    filter before find_in_prose)."""
    return name_words(word) > 0


def name_words(word: str) -> int:
    """The most words a name, alias or demonym starting with ``word`` has in running text
    ("United": 4, for "United States of America"), or 0 if none starts with it."""
    return _prose_starts().get(_normalise(word).split(" ")[0], 0) if word else 0
