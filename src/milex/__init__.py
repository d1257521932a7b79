"""milex: NATO defence-spending analysis with official figures and their sources.

>>> import milex
>>> db = milex.open()
>>> db.status(year=2024, release="nato-2025-08")      # a pandas DataFrame
>>> milex.check(article_text, date="2025-04-03").to_json()   # its numbers, judged
"""

from milex.data.countries import Country, members
from milex.errors import (
    ImportFileError,
    InvalidQueryError,
    MilexError,
    NoDataError,
    ReleaseConflictError,
    StoreError,
    TruncatedResultWarning,
    UnknownCountryError,
    UnknownIndicatorError,
    UnknownReleaseError,
    UnknownTargetError,
    ValidationError,
)
from milex.session import Milex, build, check, import_file, open
from milex.table import Table

__version__ = "0.1.0"

__all__ = [
    "Country",
    "ImportFileError",
    "InvalidQueryError",
    "Milex",
    "MilexError",
    "NoDataError",
    "ReleaseConflictError",
    "StoreError",
    "Table",
    "TruncatedResultWarning",
    "UnknownCountryError",
    "UnknownIndicatorError",
    "UnknownReleaseError",
    "UnknownTargetError",
    "ValidationError",
    "__version__",
    "build",
    "check",
    "import_file",
    "members",
    "open",
]
