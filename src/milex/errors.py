"""milex's exceptions, drawn once.

    MilexError                      base of everything milex raises on purpose
    ├── UnknownCountryError         a name, alias or code that no country answers to
    ├── UnknownReleaseError         a release id the store does not hold
    ├── UnknownIndicatorError       an indicator the store does not hold
    ├── UnknownTargetError          a commitment id no commitments file defines
    ├── NoDataError                 a valid query with no figures (a year no release covers)
    ├── InvalidQueryError           a bad argument: year, date, format, SQL that is not one read
    ├── StoreError                  the store cannot be read or written: missing, damaged, out
    │                               of date, a read-only or full disk, a folder in its place
    ├── ValidationError             bundled or imported data that breaks a rule
    │   └── ImportFileError         an official or user file that cannot be imported as it is
    ├── ReleaseConflictError        an import of a release the store already holds from another file
    └── EngineError                 a distributed engine cannot run the job: Dask not installed,
                                    no scheduler at the address, a task its workers kept dying on

    TruncatedResultWarning          (a UserWarning) a result cut at its row cap

The CLI maps every one of them to a message and exit code 2 in one place (``milex.cli``).
"""

from __future__ import annotations


class MilexError(Exception):
    """Base class of the errors milex raises on purpose."""


class UnknownCountryError(MilexError, LookupError):
    """A name, alias or code that no country answers to; carries close matches."""

    def __init__(self, query: str, suggestions: list[str] | None = None) -> None:
        self.query = query
        self.suggestions = suggestions or []
        message = f"unknown country: {query!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class UnknownReleaseError(MilexError, LookupError):
    """A release id the store does not hold."""


class UnknownIndicatorError(MilexError, LookupError):
    """An indicator the store does not hold."""


class UnknownTargetError(MilexError, LookupError):
    """A commitment or target id that no commitments file defines."""


class NoDataError(MilexError, LookupError):
    """A well-formed query with no figures behind it."""


class InvalidQueryError(MilexError, ValueError):
    """A bad argument: a year, date, format or SQL statement that cannot be run."""


class StoreError(MilexError):
    """The store cannot be read or written: missing, damaged (``PRAGMA quick_check``), built
    from other bundled data, on a read-only or full disk, or a folder in its place. The message
    says what to do (``milex build``, another MILEX_HOME, free space)."""


class ValidationError(MilexError):
    """Data that breaks one of the validation rules."""


class ImportFileError(ValidationError):
    """A file that cannot be imported: names the file and, where known, sheet, row and cell."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        cell: str | None = None,
        field: str | None = None,
        value: object = None,
    ) -> None:
        self.file, self.sheet, self.row, self.cell, self.field = file, sheet, row, cell, field
        self.value = value
        where = [file]
        if sheet is not None:
            where.append(f"sheet {sheet!r}")
        if cell is not None:
            where.append(f"cell {cell}")
        elif row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field {field!r}")
        text = ", ".join(where) + ": " + message
        if value is not None:
            shown = repr(value)
            text += f" (value {shown[:60] + '...' if len(shown) > 60 else shown})"
        super().__init__(text)


class ReleaseConflictError(MilexError):
    """An import of a release the store already holds from another file (use ``replace``)."""


class EngineError(MilexError):
    """A distributed engine cannot run the job: Dask is not installed (the message says how to
    install it), the scheduler cannot be reached, or a task was given up."""


class TruncatedResultWarning(UserWarning):
    """A result cut at its row cap: the rows given are the first ones, not all."""
