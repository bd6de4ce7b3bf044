"""A fuzzing target that stays in CI: every reader is fed valid documents mutated by
Hypothesis, one to three mutations at a time.

Readers: journey-events CSV, activity-log CSV, XES (plain and ``.xes.gz``), OCEL 2.0
JSON (the only OCEL reader there is), blueprint TOML (``load_blueprint`` and
``blueprint_from_toml``), catalogue TOML and CSV (``Catalogue.load``), the GOV.UK
step-by-step JSON and its mapping TOML, and the log mapping TOML.

Mutations: flipped bytes, truncation, a section duplicated, a slice repeated up to
``REPEAT_BUDGET`` bytes, control characters inserted, the text re-encoded (UTF-16,
UTF-32, Latin-1, cp1252, Shift-JIS, a stray BOM), deep nesting, and, for JSON and TOML,
a value replaced by one of the wrong type (for CSV, a cell replaced by a hostile value).

Asserted for every mutated input:

* only :class:`journeys.errors.JourneysError` escapes (an ``InputError`` in fact) --
  never ``KeyError``, ``TypeError``, ``OverflowError``, ``UnicodeError``,
  ``RecursionError`` or another traceback type;
* the error names the file (``error.source``, and its message starts with it);
* a refused import writes nothing to a fresh in-memory store
  (``app.max_position() == 0``) and records no body in it.

In the thorough profile (``HYPOTHESIS_PROFILE=ci``, the default under ``CI=true``) the
parse also runs under :mod:`tracemalloc`, and its peak traced memory must stay under
**50 MB + 200 x the input's size in bytes** (``memory_bound``).
"""

from __future__ import annotations

import gzip
import json
import math
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys import JourneyApp, JourneysError
from journeys.blueprints import blueprint_from_toml
from journeys.errors import InputError
from tests.conftest import HYPOTHESIS_PROFILE
from tests.test_hostile_input import BLUEPRINT, LOADERS, Loader, load_hostile

THOROUGH = HYPOTHESIS_PROFILE == "ci"
REPEAT_BUDGET = 256_000 if THOROUGH else 32_000
NESTING = [50, 1_000, 20_000] if THOROUGH else [50, 1_000]
MEMORY_BASE = 50_000_000
MEMORY_PER_BYTE = 200


def memory_bound(size: int) -> int:
    """The most traced memory a parse of ``size`` bytes may peak at."""
    return MEMORY_BASE + MEMORY_PER_BYTE * size


def _blueprint_text(path: Path, _: JourneyApp) -> object:
    text = path.read_bytes().decode("utf-8", errors="surrogateescape")
    return blueprint_from_toml(text, source=str(path))


FUZZED = [
    *LOADERS,
    Loader("blueprint_from_toml", ".toml", BLUEPRINT.read_bytes(), _blueprint_text),
]


def _kind(loader: Loader) -> str:
    """How the sample's text is structured: csv, json, toml or xml."""
    if loader.suffix in {".json", ".jsonocel"}:
        return "json"
    if loader.suffix == ".toml":
        return "toml"
    if loader.suffix == ".csv":
        return "csv"
    return "xml"


# --- parse, with the assertions --------------------------------------------------------------


def parse(loader: Loader, content: bytes) -> JourneysError | None:
    """Load ``content`` as ``loader``'s file; the ``JourneysError`` it raised, if any.

    Anything else propagates and fails the test. A refusal must name the file and
    write nothing; in the thorough profile the peak memory is bounded.
    """
    return load_hostile(loader, content, peak_bound=memory_bound if THOROUGH else None)


# --- mutations --------------------------------------------------------------------------------

CONTROL = [chr(code) for code in range(32)] + ["\x7f", "\x85", "\u2028", "\ufeff", "\ud800"]
HOSTILE_CELLS = [
    "",
    "nan",
    "inf",
    "-1",
    "1e309",
    "9" * 400,
    "9999-99-99T99:99:99",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59-23:59",
    "2025-03-01T10:00:00+99:00",
    '"',
    '""""',
    "\x00",
    ";;;",
    "é" * 50,
]
WRONG_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    2**70,
    10**400,
    1.5,
    math.inf,
    math.nan,
    "",
    "x",
    "\x00",
    [],
    [1, "a", None],
    {},
    {"a": {"b": [1]}},
]


def _at(data: st.DataObject, length: int, label: str = "at") -> int:
    return data.draw(st.integers(0, length), label=label)


def _flip(content: bytes, data: st.DataObject) -> bytes:
    flipped = bytearray(content)
    for _ in range(data.draw(st.integers(1, 8), label="flips")):
        at = _at(data, len(flipped) - 1)
        flipped[at] ^= data.draw(st.integers(1, 255), label="mask")
    return bytes(flipped)


def _slice(content: bytes, data: st.DataObject) -> tuple[int, int]:
    start = _at(data, len(content) - 1, "start")
    end = data.draw(st.integers(start + 1, min(len(content), start + 2_000)), label="end")
    return start, end


def _duplicate(content: bytes, data: st.DataObject) -> bytes:
    start, end = _slice(content, data)
    at = _at(data, len(content))
    return content[:at] + content[start:end] + content[at:]


def _repeat(content: bytes, data: st.DataObject) -> bytes:
    start, end = _slice(content, data)
    times = data.draw(st.integers(2, max(2, REPEAT_BUDGET // (end - start))), label="times")
    return content[:end] + content[start:end] * times + content[end:]


def _control(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(1, 4), label="controls")):
        at = _at(data, len(text))
        text = text[:at] + data.draw(st.sampled_from(CONTROL), label="char") + text[at:]
    return text


def _nest(text: str, kind: str, data: st.DataObject) -> str:
    depth = data.draw(st.sampled_from(NESTING), label="depth")
    opening, closing = {
        "json": ('{"a":[', "]}"),
        "toml": ("[", "]"),
        "xml": ('<string key="a" value="b">', "</string>"),
        "csv": ('"[', ']"'),
    }[kind]
    if kind == "toml" and data.draw(st.booleans(), label="inline table"):
        opening, closing = ("{a=", "}")
        nested = "x = " + opening * depth + "1" + closing * depth + "\n"
        return nested + text
    at = _at(data, len(text))
    return text[:at] + opening * depth + closing * depth + text[at:]


def _replace(node: Any, data: st.DataObject, depth: int = 0) -> Any:
    """``node`` with one value somewhere inside it replaced by one of the wrong type."""
    children: list[Any] = []
    if isinstance(node, dict):
        children = list(node)
    elif isinstance(node, list):
        children = list(range(len(node)))
    if not children or (depth and data.draw(st.booleans(), label="here")):
        return data.draw(st.sampled_from(WRONG_VALUES), label="value")
    key = data.draw(st.sampled_from(children), label="key")
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[key] = _replace(node[key], data, depth + 1)
    return copy


def _toml_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else {math.inf: "inf", -math.inf: "-inf"}.get(value, repr(value))
        )
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        items = [_toml_value(item) for item in value]
        return "[" + ", ".join(item for item in items if item is not None) + "]"
    if isinstance(value, dict):
        pairs = [(key, _toml_value(item)) for key, item in value.items()]
        return "{" + ", ".join(f"{json.dumps(k)} = {v}" for k, v in pairs if v is not None) + "}"
    return value.isoformat()  # dates and times


def _to_toml(document: Any) -> str:
    if not isinstance(document, dict):
        document = {"value": document}  # the whole document replaced
    lines = [(key, _toml_value(value)) for key, value in document.items()]
    return "".join(f"{json.dumps(key)} = {value}\n" for key, value in lines if value is not None)


def _wrong_type(text: str, kind: str, data: st.DataObject) -> str:
    if kind == "json":
        return json.dumps(_replace(json.loads(text), data), ensure_ascii=False)
    if kind == "toml":
        return _to_toml(_replace(tomllib.loads(text), data))
    if kind == "csv":
        rows = text.splitlines(keepends=True)
        row = _at(data, len(rows) - 1, "row")
        cells = rows[row].rstrip("\r\n").split(",")
        column = _at(data, len(cells) - 1, "column")
        cells[column] = data.draw(st.sampled_from(HOSTILE_CELLS), label="cell")
        rows[row] = ",".join(cells) + "\n"
        return "".join(rows)
    hostile = data.draw(st.sampled_from(HOSTILE_CELLS), label="value").replace('"', "&quot;")
    at = text.find('value="', _at(data, len(text)))
    if at < 0:
        return text
    end = text.find('"', at + 7)
    return text[: at + 7] + hostile.replace("\x00", "&#0;") + text[end:]


ENCODINGS = ["utf-16", "utf-16-be", "utf-32", "latin-1", "cp1252", "shift_jis", "utf-8-sig"]
BYTE_MUTATIONS = ["flip", "truncate", "duplicate", "repeat"]
TEXT_MUTATIONS = ["control", "nest", "wrong type", "encoding"]


def mutate(loader: Loader, data: st.DataObject) -> bytes:
    """``loader``'s plain sample with one to three mutations, packed (gzip for .xes.gz);
    the byte mutations may also hit the packed file itself."""
    kind = _kind(loader)
    plain = loader.plain
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        mutation = data.draw(st.sampled_from(BYTE_MUTATIONS + TEXT_MUTATIONS), label="mutation")
        if not plain and mutation != "nest":
            break
        if mutation == "flip":
            plain = _flip(plain, data)
        elif mutation == "truncate":
            plain = plain[: _at(data, len(plain) - 1, "length")]
        elif mutation == "duplicate":
            plain = _duplicate(plain, data)
        elif mutation == "repeat":
            plain = _repeat(plain, data)
        elif mutation == "encoding":
            text = plain.decode("utf-8", errors="replace").replace("e", "é")
            plain = text.encode(data.draw(st.sampled_from(ENCODINGS)), errors="replace")
        else:
            try:
                text = plain.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if mutation == "control":
                text = _control(text, data)
            elif mutation == "nest":
                text = _nest(text, kind, data)
            else:
                try:
                    text = _wrong_type(text, kind, data)
                except (ValueError, IndexError, RecursionError):
                    continue  # an earlier mutation broke the structure
            plain = text.encode("utf-8", errors="surrogatepass")
    packed = loader.pack(plain)
    if loader.suffix == ".xes.gz" and data.draw(st.booleans(), label="hit the packed file"):
        packed = _flip(packed, data) if packed else packed
    return packed


@pytest.mark.parametrize("loader", FUZZED, ids=lambda loader: loader.name)
@given(data=st.data())
def test_a_mutated_document_is_read_or_refused_naming_the_file(
    loader: Loader, data: st.DataObject
) -> None:
    parse(loader, mutate(loader, data))


@pytest.mark.parametrize("loader", FUZZED, ids=lambda loader: loader.name)
def test_the_unmutated_documents_are_read(loader: Loader) -> None:
    assert parse(loader, loader.sample) is None


@pytest.mark.parametrize(
    "loader", [x for x in FUZZED if x.suffix == ".xes.gz"], ids=lambda x: x.name
)
def test_a_gzip_bomb_stays_in_the_memory_bound(loader: Loader) -> None:
    # 20 MB of repeated traces compress to a few tens of kilobytes.
    start = loader.plain.index(b"<trace")
    end = loader.plain.index(b"</trace>") + len(b"</trace>")
    times = 20_000_000 // (end - start) if THOROUGH else 200_000 // (end - start)
    bomb = loader.plain[:end] + loader.plain[start:end] * times + loader.plain[end:]
    parse(loader, gzip.compress(bomb))


@pytest.mark.parametrize("loader", [x for x in FUZZED if x.suffix == ".toml"], ids=lambda x: x.name)
def test_a_toml_integer_of_over_4300_digits_is_refused(loader: Loader) -> None:
    # Regression (found by this target): tomllib raised a bare ValueError ("Exceeds the
    # limit (4300 digits) for integer string conversion") that escaped every TOML reader.
    error = parse(loader, b"x = " + b"9" * 5_000 + b"\n" + loader.plain)
    assert isinstance(error, InputError)
    assert "4300 digits" in str(error)
