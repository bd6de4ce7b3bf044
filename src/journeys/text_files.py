"""Reading the text files the library is given (catalogues, blueprints, mappings), with
typed errors."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

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


_TOML_LINE = re.compile(r"at line (\d+)")


def parse_toml(
    text: str, source: str, error: type[InputError], *, what: str = "", with_line: bool = False
) -> dict[str, Any]:
    """The TOML document in ``text``, or ``error`` naming ``source`` and saying
    ``"{what}not valid TOML: ..."`` (with the line of a syntax error if ``with_line``)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        match = _TOML_LINE.search(str(problem)) if with_line else None
        line = int(match.group(1)) if match else None
        raise error(f"{what}not valid TOML: {problem}", source=source, line=line) from None
    except ValueError as problem:
        # tomllib raises a bare ValueError for an integer of over 4300 digits.
        raise error(f"{what}not valid TOML: {problem}", source=source) from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively.
        raise error(f"{what}not valid TOML: nested too deeply", source=source) from None
