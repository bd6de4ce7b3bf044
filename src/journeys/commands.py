"""The app's commands: a :class:`~journeys.journey.Journey`'s commands, addressed by id.

There is one way to record journey events: a journey's command methods
(``Journey.start``, ``open_case``, ``send_handoff``, ``end`` ...), saved with
:meth:`JourneyApp.save <journeys.application.JourneyApp.save>`. The app's
commands are those same methods addressed by journey id, for a caller that has
the id and not the journey: ``app.open_case(journey_id, ...)`` loads the
journey, calls :meth:`Journey.open_case <journeys.journey.Journey.open_case>`
with the same arguments, and saves it, one event in one transaction.
``app.start_journey(...)`` is ``Journey.start`` saved, and returns the new id.

Each app command is made here from its journey method: its signature (``help()``,
``inspect.signature``) and docstring are the method's, with ``journey_id`` first,
and a type checker checks a caller's arguments against the method's parameters.
So there is nothing to keep in step when a command changes.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import MethodType
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    ParamSpec,
    Protocol,
    TypeVar,
    overload,
)
from uuid import UUID

from journeys.journey import Journey

if TYPE_CHECKING:
    from eventsourcing.domain import DomainEventProtocol, MutableOrImmutableAggregate

P = ParamSpec("P")
Q = ParamSpec("Q")
R = TypeVar("R")

_SELF = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
_JOURNEY_ID = inspect.Parameter(
    "journey_id", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=UUID
)


class JourneyRecorder(Protocol):
    """What an app command needs of its app: loading a journey, and saving it."""

    def get_journey(self, journey_id: UUID) -> Journey:
        """The journey with ``journey_id`` as it stands now."""

    def save(
        self, *objs: MutableOrImmutableAggregate[UUID] | DomainEventProtocol[UUID] | None
    ) -> object:
        """Record the pending events of ``objs`` in one transaction."""


class AppCommand(Generic[P, R]):
    """An app method made from a journey command; see :func:`journey_command`.

    Read from the class it is the plain function (what ``help()`` and the API
    reference show); read from an app it is that function bound to the app.
    """

    def __init__(
        self,
        function: Callable[Concatenate[JourneyRecorder, P], R],
        model: Callable[..., Any],
        leading: tuple[inspect.Parameter, ...],
        returns: object,
        note: str,
    ) -> None:
        parameters = list(inspect.signature(model, eval_str=True).parameters.values())
        if parameters and parameters[0].name == "self":
            parameters.pop(0)
        if any(parameter.name == "journey_id" for parameter in parameters):
            raise TypeError(f"{model.__qualname__} already has a journey_id parameter")
        described: Any = function
        described.__signature__ = inspect.Signature(
            [_SELF, *leading, *parameters], return_annotation=returns
        )
        described.__doc__ = f"{inspect.cleandoc(model.__doc__ or '')}\n\n{note}"
        self.function = function

    def __set_name__(self, owner: type, name: str) -> None:
        # The function is named for where it lives, as a def in the class would be.
        self.function.__name__ = name
        self.function.__qualname__ = f"{owner.__qualname__}.{name}"
        self.function.__module__ = owner.__module__

    @overload
    def __get__(
        self, app: None, owner: type | None = None
    ) -> Callable[Concatenate[JourneyRecorder, P], R]: ...

    @overload
    def __get__(self, app: JourneyRecorder, owner: type | None = None) -> Callable[P, R]: ...

    def __get__(self, app: JourneyRecorder | None, owner: type | None = None) -> Callable[..., R]:
        if app is None:
            return self.function
        return MethodType(self.function, app)


def journey_command(
    method: Callable[Concatenate[Journey, Q], None],
) -> AppCommand[Concatenate[UUID, Q], None]:
    """The journey command ``method`` as an app method that takes the journey's id first.

    ``app.<name>(journey_id, *args, **kwargs)`` loads the journey, calls
    ``method(journey, *args, **kwargs)`` and saves the journey: the event the
    method records is stored in one transaction, or nothing is.
    """

    def command(app: JourneyRecorder, journey_id: UUID, *args: Q.args, **kwargs: Q.kwargs) -> None:
        journey = app.get_journey(journey_id)
        method(journey, *args, **kwargs)
        app.save(journey)

    name = method.__name__
    note = (
        f":meth:`Journey.{name} <journeys.journey.Journey.{name}>` addressed by ``journey_id``:\n"
        "loads the journey (:meth:`get_journey`), calls the method and saves the journey\n"
        "(:meth:`save`): one event, one transaction."
    )
    return AppCommand(_unchecked(command), method, (_JOURNEY_ID,), None, note)


def journey_starter(start: Callable[Q, Journey]) -> AppCommand[Q, UUID]:
    """``start`` (``Journey.start``) as an app method that saves the new journey and
    returns its id."""

    def starter(app: JourneyRecorder, *args: Q.args, **kwargs: Q.kwargs) -> UUID:
        journey = start(*args, **kwargs)
        app.save(journey)
        return journey.id

    note = (
        ":meth:`Journey.start <journeys.journey.Journey.start>`, saved (:meth:`save`): the\n"
        "journey's start and its entry in the citizen's life are recorded in one\n"
        "transaction. Returns the new journey's id."
    )
    return AppCommand(_unchecked(starter), start, (), UUID, note)


def _unchecked(function: Callable[..., R]) -> Callable[..., R]:
    # Type checkers take the parameters before a ParamSpec's as positional-only; at run
    # time the app and journey_id may still be given by name, as they always could.
    return function
