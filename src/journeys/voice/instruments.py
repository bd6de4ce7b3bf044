"""Feedback instruments: the public scales citizens answer on, each answer scored
on one scale from -2 (worst) to +2 (best).

Scores from different surveys can only be compared once they share a scale. The
bundled table (``journeys/data/instruments.toml``, :func:`bundled_instruments`)
holds the GOV.UK satisfaction question, the NHS Friends and Family Test, a 1-5
CSAT question, Net Promoter's 0-10 and a 5-star rating, each citing where the
scale is published; a team adds its own in a TOML file of the same form
(:meth:`Instruments.from_toml`, :meth:`Instruments.extended`). An answer that an
instrument does not have is an :class:`~journeys.errors.UnknownAnswerError`
naming both, never a silent zero. Some answers carry no score ("don't know"):
they count as responses, not in a mean.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from journeys.errors import InstrumentsError, UnknownAnswerError, UnknownInstrumentError
from journeys.text_files import parse_toml, read_text

__all__ = ["Instrument", "Instruments", "answer_key", "bundled_instruments"]

LOWEST, HIGHEST = -2.0, 2.0
"""The range of a normalised score."""


def answer_key(answer: object) -> str:
    """How answers are matched: case, surrounding and repeated spaces and the kind of
    apostrophe do not matter (``"Don’t  know"`` is ``"don't know"``)."""
    return " ".join(str(answer).replace("\u2019", "'").lower().split())


@attrs.frozen
class Instrument:
    """One scale: its answers and what each scores (``None``: no score)."""

    id: str
    name: str
    source: str
    """Where the scale is published (a URL)."""
    answers: Mapping[str, float | None]
    """Each answer, as written, to its score in -2..+2."""
    _keys: Mapping[str, str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_keys", {answer_key(a): a for a in self.answers})

    def answer(self, given: object) -> str:
        """The instrument's own spelling of ``given`` (matched by :func:`answer_key`)."""
        found = self._keys.get(answer_key(given))
        if found is None:
            known = ", ".join(repr(a) for a in self.answers)
            raise UnknownAnswerError(
                f"answer {given!r} is not one of instrument {self.id!r}'s answers ({known})",
                instrument=self.id,
                answer=str(given),
            )
        return found

    def score(self, given: object) -> float | None:
        """The score of ``given`` (``None`` if the answer scores nothing)."""
        return self.answers[self.answer(given)]

    @property
    def scored_answers(self) -> tuple[str, ...]:
        """The answers that carry a score, best first."""
        scored = [(s, a) for a, s in self.answers.items() if s is not None]
        return tuple(a for _, a in sorted(scored, key=lambda pair: -pair[0]))


@attrs.frozen
class Instruments:
    """A table of instruments by id."""

    by_id: Mapping[str, Instrument] = attrs.field(factory=dict)

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self.by_id.values())

    def __contains__(self, instrument: object) -> bool:
        return instrument in self.by_id

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, instrument: str) -> Instrument:
        """The instrument ``instrument`` (an :class:`UnknownInstrumentError` if absent)."""
        found = self.by_id.get(instrument)
        if found is None:
            known = ", ".join(sorted(self.by_id))
            raise UnknownInstrumentError(
                f"instrument {instrument!r} is not in the instrument table (known: {known})",
                instrument=instrument,
            )
        return found

    def score(self, instrument: str, answer: object) -> float | None:
        """The score of ``answer`` on ``instrument``."""
        return self.get(instrument).score(answer)

    def extended(self, other: Instruments) -> Instruments:
        """This table with ``other``'s instruments added (``other`` wins on an id)."""
        return Instruments({**self.by_id, **other.by_id})

    @classmethod
    def from_toml(cls, path: str | Path) -> Instruments:
        """Read a table from a TOML file in the bundled table's form."""
        return cls.from_toml_text(read_text(Path(path), InstrumentsError), source=str(path))

    @classmethod
    def from_toml_text(cls, text: str, *, source: str = "<string>") -> Instruments:
        """Read a table from TOML text; ``source`` names it in errors."""
        data = parse_toml(text, source, InstrumentsError, with_line=True)
        unknown = set(data) - {"instruments"}
        if unknown:
            key = sorted(unknown)[0]
            raise _error(f"unknown table {key!r} (expected instruments)", text, source, key)
        table = data.get("instruments", {})
        if not isinstance(table, dict):
            raise _error("instruments must be a table", text, source, "instruments")
        return cls({key: _instrument(key, value, text, source) for key, value in table.items()})


def _instrument(key: str, value: Any, text: str, source: str) -> Instrument:
    where = f"instruments.{key}"
    if not isinstance(value, dict):
        raise _error(f"{where} must be a table", text, source, key)
    unknown = set(value) - {"name", "source", "answers", "unscored"}
    if unknown:
        raise _error(f"{where}: unknown key {sorted(unknown)[0]!r}", text, source, key)
    for field in ("name", "source"):
        if not isinstance(value.get(field), str) or not value[field].strip():
            raise _error(f"{where} needs {field} = text", text, source, key)
    answers = value.get("answers")
    if not isinstance(answers, dict) or not answers:
        raise _error(f"{where}.answers must be a table of answer = score", text, source, key)
    scores: dict[str, float | None] = {}
    for answer, score in answers.items():
        if (
            isinstance(score, bool)
            or not isinstance(score, int | float)
            or not math.isfinite(score)
            or not LOWEST <= score <= HIGHEST
        ):
            raise _error(
                f"{where}.answers: {answer!r} must score a number from -2 to 2, got {score!r}",
                text,
                source,
                answer,
            )
        scores[answer] = float(score)
    unscored = value.get("unscored", [])
    if not isinstance(unscored, list) or not all(isinstance(a, str) and a for a in unscored):
        raise _error(f"{where}.unscored must be a list of answers", text, source, key)
    for answer in unscored:
        scores[answer] = None
    keys = [answer_key(a) for a in scores]
    if len(set(keys)) != len(keys):
        raise _error(f"{where} lists an answer twice", text, source, key)
    return Instrument(key, value["name"].strip(), value["source"].strip(), scores)


def _error(message: str, text: str, source: str, key: str) -> InstrumentsError:
    """The error, at the first line that names ``key`` when there is one."""
    line = None
    for number, row in enumerate(text.splitlines(), start=1):
        stripped = row.strip()
        if stripped.startswith("[") and stripped.rstrip("]").endswith(f".{key}"):
            line = number
            break
        if stripped.split("=")[0].strip().strip('"') == key:
            line = number
            break
    return InstrumentsError(message, source=source, line=line, value=key)


@cache
def bundled_instruments() -> Instruments:
    """The bundled table, ``journeys/data/instruments.toml`` (read once)."""
    data = resources.files("journeys.data").joinpath("instruments.toml")
    return Instruments.from_toml_text(data.read_text(encoding="utf-8"), source=str(data))
