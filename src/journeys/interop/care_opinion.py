"""Reading Care Opinion stories (its API v2's opinions, as JSON) as feedback.

Care Opinion's API v2 returns opinions (stories) as a JSON array, each with an
``id``, a ``title`` and ``body`` (the story, Markdown), ``dateOfSubmission`` and
``dateOfPublication`` (UTC), links (``rel``, ``id``, ``href``) to the health
services it is about, and, from its sub-collections, ``tags`` (``name``,
``group``, ``polarity``: -1, 0 or 1) and ``responses``. Save the array as a file
with each opinion's ``tags`` and ``healthservices`` embedded (a health service:
``nacs``, its NACS/ODS code, ``name``, ``type``, and its ``ratings`` for this
story as the API's ratings collection gives them: ``question`` and ``answer``).

Each health service of a story that has a rating becomes one answer: on the
``nhs-fft`` instrument when the answer is an FFT answer (``Very good`` ...), on
``stars-5`` when it is 1 to 5; a story-level ``rating`` of 1 to 5 stars serves
every service of a story without one. Stories without a rating are skipped and
counted. The answer is about the service's NACS code, at the body whose ``ods``
code that is (a trust's site through the trust, see
:class:`~journeys.interop.feedback_bodies.OdsBodies`); a code the catalogue does
not know is refused naming it, or skipped with ``unknown_ods="skip"``;
``ods_bodies`` maps a code several bodies share to the one it means.

With ``reference_field``, the answer goes on the journey that the story's field
of that name names; otherwise it is counted for its body per month. Tags become
themes (``negative:waiting_time``, ``positive:staff_attitude``, or no prefix for
polarity 0). The story's title, text and responses are never read: the answer's
reference is ``care-opinion:<id>``, where the story itself is published.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import UTC
from pathlib import Path
from typing import Any

from journeys.bodies import Catalogue
from journeys.errors import InvalidValueError, UnknownAnswerError
from journeys.interop.feedback_bodies import OdsBodies, shared_code
from journeys.interop.feedback_rows import (
    AnswersRead,
    BodyAnswer,
    FeedbackFile,
    FeedbackFileError,
    JourneyAnswer,
    theme_id,
)
from journeys.interop.fft_csv import UnknownOds
from journeys.interop.timestamps import parse_timestamp
from journeys.text_files import read_text
from journeys.voice.channels import channel as channel_name
from journeys.voice.instruments import bundled_instruments

__all__ = ["read_care_opinion"]

_TIME_FIELDS = ("dateOfSubmission", "dateOfPublication")


def read_care_opinion(
    path: str | Path,
    catalogue: Catalogue,
    *,
    source: str | None = None,
    reference_field: str | None = None,
    unknown_ods: UnknownOds = "refuse",
    ods_bodies: Mapping[str, str] | None = None,
) -> FeedbackFile:
    """Read a file of Care Opinion stories; see the module documentation. Raises
    :class:`~journeys.interop.feedback_rows.FeedbackFileError` naming the line (where
    the story starts), field and value of the first story that cannot be used."""
    path = Path(path)
    text = read_text(path, FeedbackFileError)
    bodies = OdsBodies(catalogue, ods_bodies)
    read = AnswersRead()
    for line, story in _stories(path, text):
        read.rows += 1
        reader = _Story(path, line, story)
        rated = reader.answers()
        if not rated:
            read.skipped["no rating"] += 1
            continue
        when = reader.time()
        themes = reader.themes()
        reference = reader.reference(reference_field) if reference_field else None
        for code, instrument, answer in rated:
            body = bodies.find(code)
            if body is None:
                if unknown_ods == "skip":
                    read.skipped["ODS code not in the catalogue"] += 1
                    continue
                raise reader.error(
                    "no body in the catalogue has this ODS code (add it to the catalogue, "
                    "or import with --unknown-ods skip)",
                    "healthservices",
                    code,
                )
            if isinstance(body, tuple):
                raise reader.error(shared_code(body), "healthservices", code)
            if reference_field is None:
                read.body_answers.append(
                    BodyAnswer(body, code, instrument, answer, when.date(), line)
                )
                continue
            read.journey_answers.append(
                JourneyAnswer(
                    reference=reference,
                    body=body,
                    about=code,
                    instrument=instrument,
                    answer=answer,
                    occurred_at=when,
                    themes=themes,
                    channel=reader.channel(),
                    comment_ref=f"care-opinion:{reader.id()}",
                    line=line,
                    column=reference_field,
                )
            )
    return read.file(path, "care-opinion", source or path.name)


class _Story:
    """The fields of one story that are read (never its title, text or responses)."""

    def __init__(self, path: Path, line: int, story: object) -> None:
        self.path, self.line = path, line
        if not isinstance(story, dict):
            raise FeedbackFileError(
                "a story must be a JSON object", source=path, line=line, value=type(story).__name__
            )
        self.story: dict[str, Any] = story

    def error(self, message: str, field: str, value: object = None) -> FeedbackFileError:
        return FeedbackFileError(
            message, source=self.path, line=self.line, column=field, value=value
        )

    def id(self) -> str:
        value = self.story.get("id")
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip():
            raise self.error("a story needs its id", "id", value)
        return str(value).strip()

    def time(self) -> Any:
        for field in _TIME_FIELDS:
            value = self.story.get(field)
            if value in (None, ""):
                continue
            if not isinstance(value, str):
                raise self.error("not a time", field, value)
            try:
                return parse_timestamp(value, naive_timezone=UTC)
            except ValueError as problem:
                raise self.error(str(problem), field) from None
        raise self.error("a story needs its dateOfSubmission or dateOfPublication", _TIME_FIELDS[0])

    def reference(self, field: str) -> str | None:
        value = self.story.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise self.error("a journey reference must be text or a number", field, value)
        return str(value).strip()

    def channel(self) -> str | None:
        route = self.story.get("submissionRoute")
        try:
            return channel_name("submissionRoute", route) if isinstance(route, str) else None
        except InvalidValueError:
            return None  # Care Opinion's own routes ("web", "leaflet" ...) are not ours

    def themes(self) -> frozenset[str]:
        tags = self.story.get("tags") or []
        if not isinstance(tags, list):
            raise self.error("tags must be a list", "tags", type(tags).__name__)
        themes = set()
        for tag in tags:
            name = tag.get("name") if isinstance(tag, dict) else None
            if not isinstance(name, str) or not theme_id(name):
                raise self.error("a tag needs a name", "tags", tag)
            polarity = tag.get("polarity", 0)
            if isinstance(polarity, str) and polarity.lstrip("+-").isdigit():
                polarity = int(polarity)
            if isinstance(polarity, bool) or not isinstance(polarity, int | float):
                raise self.error("a tag's polarity must be -1, 0 or 1", "tags", polarity)
            prefix = "positive:" if polarity > 0 else "negative:" if polarity < 0 else ""
            themes.add(prefix + theme_id(name))
        return frozenset(themes)

    def answers(self) -> list[tuple[str, str, str]]:
        """``(NACS code, instrument, answer)`` for each health service with a rating."""
        story_rating = self.story.get("rating")
        found = []
        for code, service in self._services():
            ratings = service.get("ratings") or []
            if not isinstance(ratings, list):
                raise self.error("a service's ratings must be a list", "healthservices", code)
            given = [r.get("answer") for r in ratings if isinstance(r, dict)]
            if story_rating is not None:
                given.append(story_rating)
            for value in given:
                rated = _rating(value)
                if rated is not None:
                    found.append((code, *rated))
                    break
            else:
                if given:
                    raise self.error(
                        "not an FFT answer nor 1 to 5 stars", "healthservices", given[0]
                    )
        return found

    def _services(self) -> Iterator[tuple[str, Mapping[str, Any]]]:
        services = self.story.get("healthservices")
        if services is None:
            links = self.story.get("links") or []
            services = [
                {"nacs": link.get("id")}
                for link in links
                if isinstance(link, dict) and link.get("rel") == "healthservice"
            ]
        if not isinstance(services, list) or not services:
            raise self.error("a story needs the health services it is about", "healthservices")
        for service in services:
            code = service.get("nacs") if isinstance(service, dict) else None
            if not isinstance(code, str) or not code.strip():
                raise self.error("a health service needs its nacs code", "healthservices", service)
            yield code.strip().upper(), service


def _rating(value: object) -> tuple[str, str] | None:
    """``(instrument, answer)`` of a rating: an FFT answer, or 1 to 5 stars."""
    table = bundled_instruments()
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        stars = str(value).strip()
        return ("stars-5", stars) if stars in table.get("stars-5").answers else None
    if isinstance(value, str):
        try:
            return "nhs-fft", table.get("nhs-fft").answer(value)
        except UnknownAnswerError:
            return None
    return None


def _stories(path: Path, text: str) -> Iterator[tuple[int, object]]:
    """Each story of the file with the line it starts on: the file is an array of
    stories (as the API returns them) or one story."""
    decoder = json.JSONDecoder()

    def skip(position: int) -> int:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        return position

    def line_of(position: int) -> int:
        return text.count("\n", 0, position) + 1

    try:
        position = skip(0)
        if not text[position:].startswith("["):
            yield 1, json.loads(text)
            return
        position = skip(position + 1)
        while position < len(text) and text[position] != "]":
            start = position
            story, position = decoder.raw_decode(text, position)
            yield line_of(start), story
            position = skip(position)
            if position < len(text) and text[position] == ",":
                position = skip(position + 1)
            elif position >= len(text) or text[position] != "]":
                raise FeedbackFileError(
                    "malformed JSON: expected ',' or ']'", source=path, line=line_of(position)
                )
        if position >= len(text) or skip(position + 1) != len(text):
            raise FeedbackFileError(
                "malformed JSON: expected one array of stories", source=path, line=line_of(position)
            )
    except json.JSONDecodeError as problem:
        raise FeedbackFileError(
            f"malformed JSON: {problem.msg}", source=path, line=problem.lineno
        ) from None
    except (ValueError, RecursionError) as problem:  # a number too long, nesting too deep
        raise FeedbackFileError(f"cannot read the JSON: {problem}", source=path) from None
