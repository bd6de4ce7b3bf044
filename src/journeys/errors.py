"""Every error the library raises on purpose is a :class:`JourneysError`.

Errors are grouped by where they come from: bad input files, output files that
cannot be written, journey rules (the aggregate's invariants), the catalogue of
bodies, the stores, personal data, the analysis and the pictures. Each message
names the offending value, and, for files, the file and the line. Every
exception is imported from here (``from journeys.errors import ConflictError``);
only :class:`JourneysError` is also at the top level.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "AmbiguousJourneyError",
    "AnalysisError",
    "BlueprintError",
    "CaseAlreadyOpenError",
    "CatalogueConflictError",
    "CatalogueError",
    "ConflictError",
    "DuplicateHandoffError",
    "ErasedError",
    "EventLogError",
    "FeedbackFileError",
    "HandoffAlreadyAnsweredError",
    "HandoffNotAcceptedError",
    "InputError",
    "InstrumentsError",
    "InvalidValueError",
    "JourneyEndedError",
    "JourneyNotFoundError",
    "JourneyRuleError",
    "JourneysError",
    "LifeEventsError",
    "MissingExtraError",
    "OutputError",
    "PrivacyKeyError",
    "RenderError",
    "ScenarioError",
    "SelfHandoffError",
    "SettingsError",
    "StoreError",
    "TimeWentBackwardsError",
    "UnknownAnswerError",
    "UnknownBodyError",
    "UnknownCaseError",
    "UnknownComplaintError",
    "UnknownHandoffError",
    "UnknownInstrumentError",
]


class JourneysError(Exception):
    """Base class of every error this library raises on purpose."""


# --- input files -----------------------------------------------------------------


class InputError(JourneysError):
    """A file or a value given to the library cannot be used.

    ``source`` is the file (or a description such as ``"<string>"``), ``line``
    the 1-based line or record number when known, and ``value`` the offending
    value.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | Path | None = None,
        line: int | None = None,
        value: object = None,
    ) -> None:
        self.source = str(source) if source is not None else None
        self.line = line
        self.value = value
        self.reason = message
        where = ""
        if self.source is not None:
            where = self.source if line is None else f"{self.source}, line {line}"
            where += ": "
        super().__init__(f"{where}{message}")


class CatalogueError(InputError):
    """A catalogue file or entry is invalid (duplicate id, unknown tier, ...)."""


class CatalogueConflictError(CatalogueError):
    """A body is defined one way in the store and another in the catalogue given.

    ``value`` is the body id. The store keeps the definition of every body its
    events name; to change one, record the new definition in the store
    (:meth:`~journeys.JourneyApp.record_bodies` with ``replace=True``, or
    ``journeys catalogue --db DB --record FILE --replace``).
    """


class EventLogError(InputError):
    """An event log (CSV, XES, OCEL) cannot be read or breaks a journey rule."""


class FeedbackFileError(EventLogError):
    """A feedback file (GOV.UK feedback CSV, Care Opinion JSON, NHS FFT CSV) that cannot
    be imported: ``source`` the file, ``line`` the line, ``column`` the column or field,
    ``value`` the offending value. Nothing is written when it is raised."""

    def __init__(
        self,
        message: str,
        *,
        source: str | Path,
        line: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self.column = column
        where = f"column {column!r}: " if column else ""
        shown = f" (value {value!r})" if value is not None and repr(value) not in message else ""
        super().__init__(f"{where}{message}{shown}", source=source, line=line, value=value)


class BlueprintError(InputError):
    """A blueprint, its file, or a GOV.UK step-by-step document is invalid.

    Besides ``source``, ``line`` and ``value``, ``entry`` names the blueprint
    entry at fault (a stage, step or hand-off id) when there is one, so that a
    loader can point at the table that defines it.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | Path | None = None,
        line: int | None = None,
        value: object = None,
        entry: str | None = None,
    ) -> None:
        super().__init__(message, source=source, line=line, value=value)
        self.entry = entry

    def located(self, source: str | Path, line: int | None) -> BlueprintError:
        """The same error, reported against ``source`` (and ``line`` when known)."""
        return BlueprintError(
            self.reason, source=source, line=line, value=self.value, entry=self.entry
        )


class SettingsError(InputError):
    """A simulation settings file, or the ``[simulation]`` table of a design variant,
    that cannot be used (an unknown key, a bad duration or rate), with its file, line
    and value."""


class ScenarioError(InputError):
    """A policy scenario file (``journeys.whatif.load_scenario``) that cannot be used:
    an unknown or missing key, a bad size or weight, a design whose rules are not all in
    force on its ``rules_on`` date, with its file, line and value."""


# --- bodies -------------------------------------------------------------------------


class LifeEventsError(InputError):
    """A life-event table (which facts a life event changes, which journey should
    follow which) that cannot be used, with its file and line."""


class InstrumentsError(InputError):
    """A table of feedback instruments (a scale and what each answer scores) that
    cannot be used, with its file and line."""


class UnknownBodyError(JourneysError, LookupError):
    """A body id is not in the catalogue."""

    def __init__(self, body_id: str) -> None:
        self.body_id = body_id
        super().__init__(f"unknown body id {body_id!r}: it is not in the catalogue")


# --- output files ---------------------------------------------------------------------


class OutputError(JourneysError):
    """An output file cannot be written: its folder is missing or is a file, the
    path is a folder, or the system refused the write (permissions, a full disk).

    ``path`` is the file that was to be written; the message names it and says
    what to do. A file that could not be written whole is left as it was.
    """

    def __init__(self, message: str, *, path: str | Path) -> None:
        self.path = str(path)
        self.reason = message
        super().__init__(f"cannot write {self.path}: {message}")


# --- journey rules --------------------------------------------------------------------


class JourneyRuleError(JourneysError):
    """A command would break one of the Journey aggregate's invariants.

    Nothing is recorded when this is raised.
    """


class InvalidValueError(JourneyRuleError, ValueError):
    """A command argument is empty, of the wrong type, or not timezone-aware."""


class TimeWentBackwardsError(JourneyRuleError):
    """An event's ``occurred_at`` is earlier than the journey's previous event."""


class JourneyEndedError(JourneyRuleError):
    """A command was given after the journey ended."""


class UnknownCaseError(JourneyRuleError):
    """A case was closed that is not open at that body for that service."""


class CaseAlreadyOpenError(JourneyRuleError):
    """A case was opened that is already open at that body for that service."""


class UnknownHandoffError(JourneyRuleError):
    """A hand-off was answered or referred to that was never sent."""


class DuplicateHandoffError(JourneyRuleError):
    """A hand-off id was sent twice in one journey."""


class HandoffAlreadyAnsweredError(JourneyRuleError):
    """A hand-off was accepted or rejected that already has an answer."""


class SelfHandoffError(JourneyRuleError):
    """A hand-off was sent from a body to itself."""


class HandoffNotAcceptedError(JourneyRuleError):
    """A case was opened via a hand-off that was not accepted by that body."""


class UnknownInstrumentError(InvalidValueError):
    """Feedback names an instrument (a scale) that the instrument table does not hold.

    ``instrument`` is the id given."""

    def __init__(self, message: str, *, instrument: str) -> None:
        super().__init__(message)
        self.instrument = instrument


class UnknownAnswerError(InvalidValueError):
    """Feedback gives an answer that its instrument does not have.

    ``instrument`` and ``answer`` are the values given."""

    def __init__(self, message: str, *, instrument: str, answer: str) -> None:
        super().__init__(message)
        self.instrument = instrument
        self.answer = answer


class UnknownComplaintError(JourneyRuleError):
    """A complaint was resolved that was never made, or is already resolved."""


# --- stores ----------------------------------------------------------------------------


class StoreError(JourneysError):
    """The event store cannot be opened or used."""


class JourneyNotFoundError(JourneysError, LookupError):
    """No journey with that id (or case id) is in the store.

    ``journey_id`` is what was asked for; ``hint``, when given, says how to find
    the journeys that are there.
    """

    def __init__(self, journey_id: object, *, hint: str = "") -> None:
        self.journey_id = journey_id
        suffix = f": {hint}" if hint else ""
        super().__init__(f"journey {journey_id} is not in the store{suffix}")


class AmbiguousJourneyError(JourneysError, LookupError):
    """A case id names journeys of several imported logs.

    ``ref`` is the case id asked for and ``choices`` the ``source:case``
    references of the journeys it names, each of which names one of them.
    """

    def __init__(self, ref: str, choices: tuple[str, ...]) -> None:
        self.ref = ref
        self.choices = choices
        super().__init__(
            f"case {ref!r} is in several imported logs: name one as source:case "
            f"({', '.join(choices)}), or by its id (`journeys list` lists them)"
        )


class ConflictError(StoreError):
    """Another writer recorded events for the same journey first.

    Reload the journey and try again; :func:`journeys.application.retry_on_conflict` does it.
    """


class ErasedError(JourneysError, LookupError):
    """The events asked for belong to a citizen who was erased.

    Their citizen key was deleted (:meth:`journeys.JourneyApp.erase_citizen`), so
    the events are still in the store but can no longer be read by anyone.
    ``originator_id`` is the id of the journey (or life) whose events were asked for.
    """

    def __init__(self, originator_id: object) -> None:
        self.originator_id = originator_id
        super().__init__(f"{originator_id} belongs to an erased citizen: its events are unreadable")


# --- personal data ---------------------------------------------------------------------


class PrivacyKeyError(JourneysError, ValueError):
    """A pseudonymisation or encryption key is missing, too short or not usable.

    The message names the environment key or argument to set, never the key itself.
    """


# --- analysis ------------------------------------------------------------------------


class AnalysisError(JourneysError):
    """The analysis cannot be run as asked (for example an ``as_of`` too early)."""


class MissingExtraError(JourneysError, ImportError):
    """A feature needs an optional extra that is not installed (for example the data
    frames need Polars); the message says what to ``pip install``."""


# --- rendering -----------------------------------------------------------------------


class RenderError(JourneysError):
    """A picture cannot be drawn: no Graphviz backend, an unsupported output format,
    input that is not one journey, or Graphviz refusing the graph.

    The message says what to do, for example how to install a backend.
    """
