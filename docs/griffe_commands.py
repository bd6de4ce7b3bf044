"""A griffe extension: document methods made by factories as the methods they are.

``JourneyApp.open_case = journey_command(Journey.open_case)`` reads, to griffe's
static analysis, as an attribute with no docstring, so the API reference would
leave it out. This extension imports each class it documents and, for every
attribute that is a function at run time, documents that function instead: its
parameters from ``inspect.signature`` (which the factory derives from the journey
method) and its docstring. Enable it in ``mkdocs.yml``::

    plugins:
      - mkdocstrings:
          handlers:
            python:
              options:
                extensions: [docs/griffe_commands.py]
"""

from __future__ import annotations

import inspect
from typing import Any

import griffe


class FactoryMethods(griffe.Extension):
    """Replace class attributes that are functions at run time by those functions."""

    def on_class_members(self, *, cls: griffe.Class, **kwargs: Any) -> None:
        attributes = [name for name, member in cls.members.items() if member.is_attribute]
        if not attributes:
            return
        try:
            runtime = griffe.dynamic_import(cls.path)
        except ImportError:
            return
        for name in attributes:
            value = inspect.getattr_static(runtime, name, None)
            function = getattr(runtime, name, None)
            if value is function or not inspect.isfunction(function):
                continue  # a plain attribute, or a def that griffe already sees
            cls.set_member(name, _documented(name, function, cls.members[name]))


def _documented(
    name: str, function: Any, attribute: griffe.Object | griffe.Alias
) -> griffe.Function:
    signature = inspect.signature(function)
    parameters = griffe.Parameters(
        *(
            griffe.Parameter(
                parameter.name,
                annotation=_annotation(parameter.annotation),
                kind=griffe.ParameterKind(parameter.kind.description),
                default=None if parameter.default is parameter.empty else repr(parameter.default),
            )
            for parameter in signature.parameters.values()
        )
    )
    documented = griffe.Function(
        name,
        parameters=parameters,
        returns=_annotation(signature.return_annotation),
        lineno=attribute.lineno,
        endlineno=attribute.endlineno,
    )
    documented.docstring = griffe.Docstring(inspect.getdoc(function) or "", parent=documented)
    return documented


def _annotation(annotation: object) -> str | None:
    if annotation is inspect.Parameter.empty:
        return None
    return inspect.formatannotation(annotation)
