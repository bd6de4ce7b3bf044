"""Text from journeys made safe to put in the report's HTML, its JSON and its SVG.

Body names, activities, outcomes and case ids come from users and imported logs,
so everything the report shows goes through here:

- :func:`text` escapes for HTML text and quoted attribute values (``&``, ``<``,
  ``>``, ``"`` and ``'``), after replacing characters that cannot be shown
  safely (control characters, bidirectional overrides: see
  :func:`journeys.render.escaping.clean_text`);
- :func:`script_json` writes data for a ``<script type="application/json">``
  block: ``<``, ``>``, ``&`` and the line separators U+2028/U+2029 are written
  as ``\\u`` escapes, so no value can close the block;
- :func:`inline_svg` takes Graphviz's SVG (whose labels and tooltips Graphviz
  has escaped: see :mod:`journeys.render.escaping`), drops its XML prolog and
  comments, and refuses one holding a script, an event handler or a link out.

The page's Content-Security-Policy (:mod:`journeys.report.page`) lets only the
report's own scripts run, by their hashes: a name that got through as markup
still could not run.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from lxml import etree

from journeys.errors import RenderError
from journeys.render.escaping import clean_text

_PROLOG = re.compile(r"\A\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SVG_SIZE = re.compile(r'<svg width="[^"]*" height="[^"]*"')
_ID = re.compile(r' id="([^"]*)"')
_URL_REF = re.compile(r'="url\(#([^)"]*)\)"')
_FORBIDDEN_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "object", "embed"})


def text(value: Any) -> str:
    """``value`` (any object, shown with ``str``) as escaped HTML text or attribute value."""
    return html.escape(clean_text(str(value)), quote=True)


def script_json(data: Any) -> str:
    """``data`` as JSON safe inside a ``<script type="application/json">`` element."""
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (
        encoded.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def inline_svg(svg: bytes | str, *, element_id: str) -> str:
    """Graphviz's SVG ready to sit inside the page: no prolog or comments, sized to its
    container (the viewBox keeps its proportions), with ``element_id``.

    Raises:
        RenderError: when the SVG holds a script, foreign content, an event handler
            or a link (Graphviz never writes them from the journeys renderers).
    """
    source = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    source = _COMMENT.sub("", _PROLOG.sub("", source, count=1))
    _check_inert(source)
    # Graphviz numbers its ids from 1 in every picture (graph0, node1 ...): prefixed,
    # the pictures of one page never share one, nor the references to them.
    source = _ID.sub(lambda m: f' id="{text(element_id)}-{m[1]}"', source)
    source = _URL_REF.sub(lambda m: f'="url(#{text(element_id)}-{m[1]})"', source)
    sized, count = _SVG_SIZE.subn(
        f'<svg id="{text(element_id)}" class="picture" width="100%" height="100%"',
        source,
        count=1,
    )
    if not count:
        raise RenderError("a picture for the report is not Graphviz SVG")
    return sized


def _check_inert(source: str) -> None:
    """Refuse SVG with an element or attribute that could run or load anything."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(source.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        raise RenderError(f"a picture for the report is not well-formed SVG: {error}") from None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).localname.lower() in _FORBIDDEN_ELEMENTS:
            raise RenderError("a picture for the report holds a script: refused")
        for name in element.attrib:
            local = etree.QName(name).localname.lower()
            if local.startswith("on") or local == "href":
                raise RenderError(
                    f"a picture for the report has a {local!r} attribute (a handler or a "
                    "link): refused"
                )
