"""Hostile input: every loader, fed random bytes, truncated files, wrong encodings,
huge fields, deep nesting and NUL bytes, raises only ``JourneysError``s that name
the file, and a refused event log writes nothing."""

from __future__ import annotations

import gzip
import re
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys import Catalogue, JourneyApp, JourneysError, load_blueprint, uk_catalogue
from journeys.blueprints import from_step_by_step
from journeys.errors import EventLogError, InputError
from journeys.interop import LogMapping, import_log, write_journey_csv, write_ocel, write_xes
from tests.interop_data import sample_journeys

ROOT = Path(__file__).resolve().parents[1]
STEP_BY_STEP = ROOT / "tests/data/step_by_step/caring_after_hospital.json"
STEP_BY_STEP_MAPPING = ROOT / "tests/data/step_by_step/caring_after_hospital.toml"
BLUEPRINT = ROOT / "src/journeys/data/blueprints/bereavement.toml"

ACTIVITY_CSV = (
    "case:concept:name,concept:name,time:timestamp,org:resource,org:group\n"
    "A,Register death,2025-03-01T10:00:00+00:00,clerk-1,registrar:E06000023\n"
    "A,Bereavement claim – é,2025-03-03T10:00:00+00:00,agent-7,\n"
    "B,Register death,2025-03-02T10:00:00+00:00,clerk-2,registrar:E06000023\n"
)
CATALOGUE_TOML = (
    '[[body]]\nid = "registrar:E06000023"\nname = "Register office – Bristol"\n'
    'tier = "local"\nnations = ["england"]\ngss = "E06000023"\n\n'
    '[[body]]\nid = "dwp"\nname = "Department for Work and Pensions"\n'
    'tier = "central"\nnations = ["england", "wales", "scotland"]\n'
)
CATALOGUE_CSV = (
    "id,name,tier,nations,gss\n"
    "registrar:E06000023,Register office – Bristol,local,england,E06000023\n"
    "dwp,Department for Work and Pensions,central,england;wales;scotland,\n"
)
LOG_MAPPING = (
    '[activity."Register death"]\nbody = "registrar:E06000023"\n'
    '[resource]\n"agent-7" = "dwp"\n[journey]\ntrigger = "death"\nnation = "england"\n'
)


def _as_is(content: bytes) -> bytes:
    return content


@attrs.frozen
class Loader:
    """One way of reading a file: its name, a valid sample, and how to load it.

    ``plain`` is the sample's text; ``pack`` makes the file of it (gzip for .xes.gz).
    ``partner`` is the other file a two-file loader reads, which an error may name
    instead (a step-by-step and its mapping must agree).
    """

    name: str
    suffix: str
    plain: bytes
    load: Callable[[Path, JourneyApp], object]
    pack: Callable[[bytes], bytes] = _as_is
    partner: Path | None = None

    @property
    def sample(self) -> bytes:
        """The valid file."""
        return self.pack(self.plain)


def _event_log(log_format: str) -> Callable[[Path, JourneyApp], object]:
    def load(path: Path, app: JourneyApp) -> object:
        return import_log(app, path, format=log_format)

    return load


def _samples() -> list[Loader]:
    folder = Path(tempfile.mkdtemp(prefix="journeys-hostile-"))
    with JourneyApp.in_memory() as app:
        app.save(*sample_journeys())
        write_journey_csv(app, folder / "journeys.csv")
        write_xes(app, folder / "journeys.xes")
        write_ocel(app, folder / "journeys.jsonocel")
    xes = (folder / "journeys.xes").read_bytes()
    return [
        Loader("journey-events CSV", ".csv", (folder / "journeys.csv").read_bytes(),
               _event_log("csv")),
        Loader("activity-log CSV", ".csv", ACTIVITY_CSV.encode(), _event_log("activity-csv")),
        Loader("XES", ".xes", xes, _event_log("xes")),
        Loader("XES gzip", ".xes.gz", xes, _event_log("xes"), pack=gzip.compress),
        Loader("OCEL JSON", ".jsonocel", (folder / "journeys.jsonocel").read_bytes(),
               _event_log("ocel")),
        Loader("catalogue TOML", ".toml", CATALOGUE_TOML.encode(),
               lambda path, _: Catalogue.load(path)),
        Loader("catalogue CSV", ".csv", CATALOGUE_CSV.encode(),
               lambda path, _: Catalogue.load(path)),
        Loader("blueprint TOML", ".toml", BLUEPRINT.read_bytes(),
               lambda path, _: load_blueprint(path)),
        Loader("step-by-step JSON", ".json", STEP_BY_STEP.read_bytes(),
               lambda path, _: from_step_by_step(path, STEP_BY_STEP_MAPPING),
               partner=STEP_BY_STEP_MAPPING),
        Loader("step-by-step mapping TOML", ".toml", STEP_BY_STEP_MAPPING.read_bytes(),
               lambda path, _: from_step_by_step(STEP_BY_STEP, path), partner=STEP_BY_STEP),
        Loader("log mapping TOML", ".toml", LOG_MAPPING.encode(),
               lambda path, _: LogMapping.load(path, catalogue=uk_catalogue())),
    ]  # fmt: skip


LOADERS = _samples()


def load_hostile(
    loader: Loader, content: bytes, *, peak_bound: Callable[[int], int] | None = None
) -> JourneysError | None:
    """Load ``content`` as ``loader``'s file; the error it raised (only a
    ``JourneysError`` may escape), checked to name the file and to have written nothing.

    With ``peak_bound``, the load runs under :mod:`tracemalloc` and its peak traced
    memory must stay under ``peak_bound(len(content))``."""
    with tempfile.TemporaryDirectory(prefix="journeys-hostile-") as folder:
        path = Path(folder) / f"input{loader.suffix}"
        path.write_bytes(content)
        with JourneyApp.in_memory() as app:
            error: JourneysError | None = None
            if peak_bound is not None:
                tracemalloc.start()
            try:
                loader.load(path, app)
            except JourneysError as refused:
                error = refused
            finally:
                if peak_bound is not None:
                    _, peak = tracemalloc.get_traced_memory()
                    tracemalloc.stop()
            if peak_bound is not None:
                bound = peak_bound(len(content))
                assert peak < bound, f"parsing {len(content)} bytes peaked at {peak} bytes"
            if error is not None:
                assert isinstance(error, InputError), repr(error)
                named = {str(path), str(loader.partner)}
                assert error.source in named, repr(error)
                assert str(error).startswith(error.source)
                assert app.max_position() == 0, "a refused load wrote events"
                assert len(app.stored_bodies) == 0, "a refused load recorded bodies"
    return error


# --- hostile content -----------------------------------------------------------------------


def _insert(sample: bytes, insertion: bytes, data: st.DataObject) -> bytes:
    at = data.draw(st.integers(0, len(sample)), label="at")
    return sample[:at] + insertion + sample[at:]


def hostile(loader: Loader, data: st.DataObject) -> bytes:
    """``loader``'s sample made hostile in one of the ways a bad or malicious file is.

    Random bytes, truncation and flipped bits hit the file itself (compressed or
    not); the other kinds change the text, then the file is made of it.
    """
    sample, pack = loader.sample, loader.pack
    plain = loader.plain
    text = plain.decode("utf-8")
    kind = data.draw(
        st.sampled_from(
            ["random", "truncated", "encoding", "huge", "nested", "nul", "flipped", "empty"]
        ),
        label="kind",
    )
    if kind == "random":
        return data.draw(st.binary(max_size=4096), label="bytes")
    if kind == "truncated":
        return sample[: data.draw(st.integers(0, len(sample) - 1), label="length")]
    if kind == "encoding":
        encoding = data.draw(st.sampled_from(["utf-16", "utf-16-be", "latin-1", "cp1252"]))
        return pack(text.replace("e", "é").encode(encoding, errors="replace"))
    if kind == "huge":
        size = data.draw(st.sampled_from([70_000, 200_000, 2_000_000]), label="size")
        return pack(_insert(plain, b"x" * size, data))
    if kind == "nested":
        depth = data.draw(st.sampled_from([1_000, 100_000]), label="depth")
        opening, closing = data.draw(
            st.sampled_from([(b"[", b"]"), (b'{"a":', b"}"), (b"<a>", b"</a>"), (b"a=[", b"]")])
        )
        return pack(_insert(plain, opening * depth + closing * depth, data))
    if kind == "nul":
        return pack(_insert(plain, b"\x00" * data.draw(st.integers(1, 3)), data))
    if kind == "flipped":
        content = bytearray(sample)
        for _ in range(data.draw(st.integers(1, 8), label="flips")):
            at = data.draw(st.integers(0, len(content) - 1))
            content[at] ^= data.draw(st.integers(1, 255))
        return bytes(content)
    return b""


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.name)
@given(data=st.data())
def test_only_journeys_errors_naming_the_file_escape_and_nothing_is_written(
    loader: Loader, data: st.DataObject
) -> None:
    load_hostile(loader, hostile(loader, data))


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.name)
def test_the_valid_samples_load(loader: Loader) -> None:
    # The fuzzing above starts from these: they must be good files.
    assert load_hostile(loader, loader.sample) is None


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.name)
@pytest.mark.parametrize("opening", [b"[", b'{"a":', b"<a>", b"a = ["])
def test_deep_nesting_is_refused_not_a_recursion_error(loader: Loader, opening: bytes) -> None:
    # Regression: tomllib and json parse nesting recursively and raised RecursionError.
    closing = {b"[": b"]", b'{"a":': b"}", b"<a>": b"</a>", b"a = [": b"]"}[opening]
    document = opening * 200_000 + closing * 200_000
    assert isinstance(load_hostile(loader, document), JourneysError)


@pytest.mark.parametrize(
    "key", ["attributes", "relationships"], ids=["attributes", "relationships"]
)
@pytest.mark.parametrize("value", [0, 2.5, True, "text", {"a": 1}])
def test_an_ocel_list_of_the_wrong_type_is_an_event_log_error(key: str, value: object) -> None:
    # Regression: a number here raised TypeError ("'int' object is not iterable").
    import json

    (ocel,) = [loader for loader in LOADERS if loader.name == "OCEL JSON"]
    document = json.loads(ocel.plain)
    document["events"][0][key] = value
    if key == "attributes":
        document["objects"][0][key] = value
    error = load_hostile(ocel, json.dumps(document).encode())
    if isinstance(value, str | dict):
        assert error is not None
        return
    assert isinstance(error, EventLogError)
    assert f"{key!r} must be a list" in str(error)


# Truncated text formats say where the text broke off: a line, a column or the end.
POSITION = re.compile(r"line \d+|column \d+|byte \d+|end of document|row|trace \d+|event \d+")


@pytest.mark.parametrize(
    "loader", [loader for loader in LOADERS if loader.name != "XES gzip"], ids=lambda x: x.name
)
@pytest.mark.parametrize("fraction", [0.3, 0.5, 0.7])
def test_a_truncated_file_is_refused_with_its_position(loader: Loader, fraction: float) -> None:
    cut = loader.sample[: int(len(loader.sample) * fraction)]
    error = load_hostile(loader, cut)
    if error is None:
        return  # cut at a record boundary: a shorter valid file
    assert isinstance(error, InputError)
    assert error.line is not None or POSITION.search(str(error)), str(error)


# --- XML entity attacks ----------------------------------------------------------------------

EVENT = (
    '<event><string key="concept:name" value="a"/>'
    '<date key="time:timestamp" value="2025-03-01T09:00:00+00:00"/></event>'
)
ENTITY_ATTACKS = {
    "parameter entity": '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY % p SYSTEM '
    '"file:///etc/passwd"> %p;]>\n<log><trace><string key="concept:name" value="x"/>'
    + EVENT
    + "</trace></log>",
    "quadratic blow-up": '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY a "'
    + "a" * 50_000
    + '">]>\n<log><trace><string key="concept:name" value="'
    + "&a;" * 5_000
    + '"/>'
    + EVENT
    + "</trace></log>",
    "external DTD defining the entity": '<?xml version="1.0"?>\n'
    '<!DOCTYPE log SYSTEM "file:///etc/passwd">\n'
    '<log><trace><string key="concept:name" value="&xxe;"/>' + EVENT + "</trace></log>",
}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
@pytest.mark.parametrize("compressed", [False, True], ids=["xes", "xes.gz"])
@pytest.mark.parametrize("attack", sorted(ENTITY_ATTACKS))
def test_xml_entity_attacks_are_refused(attack: str, compressed: bool, encoding: str) -> None:
    # Billion laughs and a plain external entity are in test_interop_xes.py; these are
    # the other shapes, also UTF-16 (which the byte scan of the prolog cannot read) and
    # gzip-compressed.
    text = ENTITY_ATTACKS[attack]
    if encoding != "utf-8":
        text = text.replace('version="1.0"?>', f'version="1.0" encoding="{encoding}"?>')
    content = text.encode(encoding)
    if compressed:
        content = gzip.compress(content)
    (xes,) = [loader for loader in LOADERS if loader.name == "XES"]
    assert isinstance(load_hostile(xes, content), EventLogError)
