"""Reading the text files the library is given (catalogues, blueprints), with typed errors."""

from __future__ import annotations

from pathlib import Path

from journeys.errors import InputError


def read_text(path: Path, error: type[InputError]) -> str:
    """The UTF-8 text of ``path`` (a byte-order mark dropped), or ``error`` naming the file."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error("file not found", source=path) from None
    except UnicodeDecodeError as problem:
        raise error(f"not UTF-8 text (byte {problem.start})", source=path) from None
    except OSError as problem:
        raise error(f"cannot read file: {problem.strerror}", source=path) from None
