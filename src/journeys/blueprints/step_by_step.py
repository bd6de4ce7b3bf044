"""GOV.UK step-by-step navigation (``step_by_step_nav``) documents, read and checked.

The content schema (alphagov/publishing-api ``content_schemas``) nests the nav
under ``details.step_by_step_nav``: ``title``, ``introduction`` (a list of
``{content_type, content}``) and ``steps``. A step has ``title``, ``contents``
and an optional ``logic`` ("and" | "or"). Contents are paragraphs
``{type: "paragraph", text}`` or lists ``{type: "list", contents, style?}``
whose ``style`` is "choice", "required" or "optional" and whose items are
``{text, href?, context?}``. Anything else is refused, naming the entry.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from journeys.blueprints.model import Logic, StepStyle
from journeys.blueprints.schema import line_containing
from journeys.errors import BlueprintError


@attrs.frozen
class NavItem:
    """One entry of a step's list: a link (``href``) or plain text, with optional context."""

    text: str
    href: str | None = None
    context: str | None = None


@attrs.frozen
class NavList:
    """A list of items in a step; ``style`` is ``None`` when the document gives none."""

    items: tuple[NavItem, ...]
    style: StepStyle | None = None


@attrs.frozen
class NavStep:
    """One step of the step-by-step."""

    title: str
    logic: Logic
    paragraphs: tuple[str, ...]
    lists: tuple[NavList, ...]


@attrs.frozen
class StepByStepNav:
    """A GOV.UK step-by-step: its title, introduction and steps."""

    title: str
    introduction: str
    steps: tuple[NavStep, ...]


class _Reader:
    """Walks the document, naming the JSON path of anything malformed."""

    def __init__(self, source: str, text: str | None) -> None:
        self.source = source
        self.text = text

    def error(self, message: str, path: str, value: object = None) -> BlueprintError:
        line = None
        if self.text is not None and isinstance(value, str):
            line = line_containing(self.text, json.dumps(value, ensure_ascii=False))
        return BlueprintError(f"{path}: {message}", source=self.source, line=line, value=value)

    def json_object(self, value: object, path: str, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error("must be a JSON object", path, value)
        for key in value:
            if key not in allowed:
                raise self.error(f"unknown field {key!r}", f"{path}.{key}", key)
        return value

    def string(self, parent: Mapping[str, Any], key: str, path: str, *, required: bool) -> str:
        if key not in parent:
            if required:
                raise self.error(f"missing required field {key!r}", path)
            return ""
        value = parent[key]
        if not isinstance(value, str):
            raise self.error("must be a string", f"{path}.{key}", value)
        return value

    def array(self, parent: Mapping[str, Any], key: str, path: str) -> list[Any]:
        if key not in parent:
            raise self.error(f"missing required field {key!r}", path)
        value = parent[key]
        if not isinstance(value, list):
            raise self.error("must be an array", f"{path}.{key}", value)
        return value

    def nav(self, document: object) -> StepByStepNav:
        path = "step_by_step_nav"
        nav: object = document
        # Accept a whole content item as well as its bare step_by_step_nav object.
        if isinstance(document, dict) and "details" in document:
            details = document["details"]
            if not isinstance(details, dict) or "step_by_step_nav" not in details:
                raise self.error("missing required field 'step_by_step_nav'", "details")
            nav, path = details["step_by_step_nav"], "details.step_by_step_nav"
        fields = self.json_object(nav, path, {"title", "introduction", "steps"})
        title = self.string(fields, "title", path, required=True)
        introduction = self.introduction(fields.get("introduction", []), f"{path}.introduction")
        steps = tuple(
            self.step(step, f"{path}.steps[{index}]")
            for index, step in enumerate(self.array(fields, "steps", path))
        )
        return StepByStepNav(title=title, introduction=introduction, steps=steps)

    def introduction(self, value: object, path: str) -> str:
        if isinstance(value, str):
            return value
        if not isinstance(value, list):
            raise self.error("must be a list of {content_type, content}", path, value)
        parts = []
        for index, part in enumerate(value):
            fields = self.json_object(part, f"{path}[{index}]", {"content_type", "content"})
            parts.append(self.string(fields, "content", f"{path}[{index}]", required=True))
        return "\n\n".join(parts)

    def step(self, value: object, path: str) -> NavStep:
        fields = self.json_object(value, path, {"title", "contents", "logic"})
        title = self.string(fields, "title", path, required=True)
        if not title.strip():
            raise self.error("a step needs a title", f"{path}.title", title)
        logic_text = self.string(fields, "logic", path, required=False) or Logic.THEN.value
        if logic_text not in {Logic.AND.value, Logic.OR.value, Logic.THEN.value}:
            raise self.error("logic must be 'and' or 'or'", f"{path}.logic", logic_text)
        paragraphs: list[str] = []
        lists: list[NavList] = []
        for index, content in enumerate(self.array(fields, "contents", path)):
            content_path = f"{path}.contents[{index}]"
            kind = content.get("type") if isinstance(content, dict) else None
            if kind == "paragraph":
                paragraph = self.json_object(content, content_path, {"type", "text"})
                paragraphs.append(self.string(paragraph, "text", content_path, required=True))
            elif kind == "list":
                lists.append(self.nav_list(content, content_path))
            else:
                raise self.error(
                    "content must be a paragraph or a list", f"{content_path}.type", kind
                )
        return NavStep(title, Logic(logic_text), tuple(paragraphs), tuple(lists))

    def nav_list(self, value: object, path: str) -> NavList:
        fields = self.json_object(value, path, {"type", "contents", "style"})
        style_text = self.string(fields, "style", path, required=False)
        try:
            style = StepStyle(style_text) if style_text else None
        except ValueError:
            raise self.error(
                "style must be 'choice', 'required' or 'optional'", f"{path}.style", style_text
            ) from None
        items = []
        for index, item in enumerate(self.array(fields, "contents", path)):
            item_path = f"{path}.contents[{index}]"
            entry = self.json_object(item, item_path, {"text", "href", "context"})
            href = self.string(entry, "href", item_path, required=False) or None
            context = self.string(entry, "context", item_path, required=False) or None
            items.append(
                NavItem(self.string(entry, "text", item_path, required=True), href, context)
            )
        return NavList(tuple(items), style)


def read_step_by_step(
    document: object, *, source: str = "<document>", text: str | None = None
) -> StepByStepNav:
    """Check a parsed step-by-step document (a content item or its ``step_by_step_nav``).

    ``text``, the JSON the document was parsed from, lets errors give a line.
    """
    return _Reader(source, text).nav(document)


def parse_step_by_step(text: str, *, source: str = "<string>") -> StepByStepNav:
    """Parse and check step-by-step JSON text."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BlueprintError(
            f"not valid JSON: {error.msg}", source=source, line=error.lineno
        ) from None
    except RecursionError:
        # The json module parses nested arrays and objects recursively.
        raise BlueprintError("not valid JSON: nested too deeply", source=source) from None
    return read_step_by_step(document, source=source, text=text)
