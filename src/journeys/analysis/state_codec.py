"""JSON for the engine's saved state, derived from attrs classes' type annotations.

A fold is saved between runs of a tracked projection. Writing its fields out by
hand, and reading them back by hand, let a new field be forgotten on one side and
silently lost on resume; here both directions are derived from the class, so a
field cannot be missed. Supported annotations: ``str``, ``int``, ``float``,
``bool``, ``None``, ``datetime``, ``UUID``, enums, ``X | None``, ``set``,
``frozenset``, ``list``, ``tuple`` (fixed or ``...``), ``dict`` (as a list of
``[key, value]`` pairs, so keys may be tuples) and attrs classes.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import attrs

from journeys.errors import AnalysisError

T = TypeVar("T")

Encode = Callable[[Any], Any]
Decode = Callable[[Any], Any]


def to_json(value: attrs.AttrsInstance) -> dict[str, Any]:
    """``value`` (an attrs instance) as JSON-ready data."""
    encode: Encode = _codec(type(value))[0]
    return typing.cast(dict[str, Any], encode(value))


def from_json(cls: type[T], data: Any) -> T:
    """Rebuild an instance of the attrs class ``cls`` from :func:`to_json`'s output."""
    decode: Decode = _codec(typing.cast(Any, cls))[1]
    return typing.cast(T, decode(data))


@functools.cache
def _codec(hint: Any) -> tuple[Encode, Decode]:
    if isinstance(hint, type) and attrs.has(hint):
        return _attrs_codec(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        present = [arg for arg in args if arg is not type(None)]
        if len(present) != 1:
            raise TypeError(f"only X | None unions are supported, not {hint!r}")
        encode, decode = _codec(present[0])
        if encode is _same:  # None is its own JSON
            return (_same, _same)
        return (
            lambda v: None if v is None else encode(v),
            lambda d: None if d is None else decode(d),
        )
    if origin in (set, frozenset, list):
        encode, decode = _codec(args[0])
        build: Callable[[Any], Any] = origin
        ordered = origin is not list  # sets are written sorted, so the JSON is stable
        if encode is _same:  # plain values: no call per element (folds are saved often)
            return (sorted if ordered else list, build)
        return (
            lambda v: [encode(x) for x in (sorted(v) if ordered else v)],
            lambda d: build(decode(x) for x in d),
        )
    if origin is tuple:
        return _tuple_codec(args)
    if origin is dict:
        (encode_key, decode_key), (encode_value, decode_value) = _codec(args[0]), _codec(args[1])
        return (
            lambda v: [[encode_key(k), encode_value(x)] for k, x in v.items()],
            lambda d: {decode_key(k): decode_value(x) for k, x in d},
        )
    if hint is datetime:
        return (datetime.isoformat, datetime.fromisoformat)
    if hint is UUID:
        return (str, UUID)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return (lambda v: v.value, hint)
    if hint in (str, int, float, bool):
        return (_same, _same)
    raise TypeError(f"no JSON codec for {hint!r}")


def _same(value: Any) -> Any:
    return value


def _tuple_codec(args: tuple[Any, ...]) -> tuple[Encode, Decode]:
    if len(args) == 2 and args[1] is Ellipsis:
        encode, decode = _codec(args[0])
        if encode is _same:
            return (list, tuple)
        return (lambda v: [encode(x) for x in v], lambda d: tuple(decode(x) for x in d))
    parts = [_codec(arg) for arg in args]
    return (
        lambda v: [part[0](x) for part, x in zip(parts, v, strict=True)],
        lambda d: tuple(part[1](x) for part, x in zip(parts, d, strict=True)),
    )


def _attrs_codec(cls: type[Any]) -> tuple[Encode, Decode]:
    hints = typing.get_type_hints(cls)
    fields = [
        (field.name, field.alias or field.name, *_codec(hints[field.name]))
        for field in attrs.fields(cls)
    ]

    plain = [(name, alias) for name, alias, enc, _ in fields if enc is _same]
    coded = [field for field in fields if field[2] is not _same]

    def encode(value: Any) -> dict[str, Any]:
        data = {name: getattr(value, name) for name, _ in plain}
        for name, _, enc, _ in coded:
            data[name] = enc(getattr(value, name))
        return data

    def decode(data: dict[str, Any]) -> Any:
        missing = [name for name, *_ in fields if name not in data]
        if missing:
            # A state saved by another version of the class (a FOLD_FORMAT not bumped).
            raise AnalysisError(
                f"saved {cls.__name__} state has no {', '.join(map(repr, missing))}: it was "
                "saved by another version of journeys; reset the view to rebuild it"
            )
        arguments = {alias: data[name] for name, alias in plain}
        for name, alias, _, dec in coded:
            arguments[alias] = dec(data[name])
        return cls(**arguments)

    return encode, decode
