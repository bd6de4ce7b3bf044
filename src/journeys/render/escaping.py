"""Text from journeys, made safe to put in a DOT label and, through it, in SVG.

Body names, services, activities, items, reasons and outcomes come from users
and imported logs, so every label is built here and nowhere else:

* it is *cleaned*: line breaks become ``\\n`` breaks, tabs spaces, and characters
  that XML forbids or that reorder text on screen (control characters, lone
  surrogates, U+FFFE/U+FFFF, bidirectional overrides) become U+FFFD;
* it is *escaped* for Graphviz: ``&``, ``<``, ``>`` and ``"`` become the entities
  ``&amp;``, ``&lt;``, ``&gt;`` and ``&quot;`` (Graphviz decodes entities in labels,
  so they show as the characters typed, and SVG output escapes them again), and
  ``\\`` is doubled so that ``\\N``, ``\\G`` and friends stay literal.

The result never contains a double quote, a raw ``<`` or a lone backslash, so it
cannot close the quoted DOT string, start an HTML-like label or continue a line:
no input can add DOT statements or SVG elements. Labels are plain (never HTML-like
or record-shaped), so braces and ``|`` have no meaning either.
"""

from __future__ import annotations

import textwrap
import unicodedata

REPLACEMENT = "\ufffd"
"""Shown in place of a character that cannot be drawn safely."""

MAX_TEXT = 160
"""Longest text shown in one label field; longer text is cut with an ellipsis."""

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_XML_NONCHARACTERS = frozenset("\ufffe\uffff")


def clean_text(text: str) -> str:
    """``text`` with unsafe characters replaced (see the module docstring).

    Line breaks are kept as ``"\\n"``; ``"\\r\\n"`` and ``"\\r"`` become ``"\\n"``.
    """
    if not isinstance(text, str):
        raise TypeError(f"label text must be a string, got {text!r}")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(ch if ch == "\n" or _drawable(ch) else REPLACEMENT for ch in text)


def _drawable(ch: str) -> bool:
    if ch in _BIDI_CONTROLS or ch in _XML_NONCHARACTERS:
        return False
    return unicodedata.category(ch) not in {"Cc", "Cs"}


def shorten(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` cut to ``limit`` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def wrap(text: str, width: int = 30) -> list[str]:
    """Cleaned, shortened ``text`` as lines of about ``width`` characters.

    Existing line breaks are kept. Lines break at spaces and after hyphens
    (``driving-licence-`` / ``cancellation``); a word is kept whole up to twice
    ``width`` (``national_insurance_number``) and only a longer one is cut. Empty
    text is one empty line.
    """
    lines: list[str] = []
    for paragraph in shorten(clean_text(text)).split("\n"):
        wrapped = textwrap.wrap(
            paragraph, width, break_long_words=False, break_on_hyphens=True, drop_whitespace=True
        )
        for line in wrapped or [""]:
            lines.extend(
                line[start : start + 2 * width] for start in range(0, len(line) or 1, 2 * width)
            )
    return lines


def _escape_line(line: str) -> str:
    return (
        clean_text(line)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\\", "\\\\")
    )


def dot_label(*lines: str) -> str:
    """A centred DOT label of ``lines`` (each cleaned and escaped; ``\\n`` inside a
    line starts a new one)."""
    return "\\n".join(_escape_line(part) for line in lines for part in clean_text(line).split("\n"))


def dot_left_label(*lines: str) -> str:
    """A left-justified DOT label of ``lines`` (Graphviz's ``\\l`` line ends)."""
    return "".join(
        _escape_line(part) + "\\l" for line in lines for part in clean_text(line).split("\n")
    )


_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&"))


def label_lines(label: str) -> list[str]:
    """The lines a DOT label built by :func:`dot_label` or :func:`dot_left_label`
    shows, as plain text (to measure them)."""
    lines: list[str] = []
    current: list[str] = []
    characters = iter(label)
    for character in characters:
        if character != "\\":
            current.append(character)
            continue
        following = next(characters, "")
        if following in ("n", "l", "r"):
            lines.append("".join(current))
            current = []
        else:
            current.append(following)
    if current or not lines:
        lines.append("".join(current))
    text = "\n".join(lines)
    for entity, character in _ENTITIES:
        text = text.replace(entity, character)
    return text.split("\n")
