"""Reading a user's YAML file (commitments, scenarios) with errors that name the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from milex.errors import ValidationError


def read_yaml(path: str | Path) -> Any:
    """The parsed document of a YAML file; a ValidationError naming the file if it cannot be
    read or parsed."""
    import yaml

    file = Path(path)
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError(f"{file}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ValidationError(f"{file}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        raise ValidationError(f"{file}: not valid YAML ({exc})") from None
