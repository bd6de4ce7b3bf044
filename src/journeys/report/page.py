"""The report's HTML: one page, its scripts and styles inlined, every value escaped.

The pieces are plain functions returning HTML text; each inserts values only
through :func:`journeys.report.escape.text` (or :func:`~journeys.report.escape.script_json`
for the finder's index, and :func:`~journeys.report.escape.inline_svg` for pictures).
The page's Content-Security-Policy lets nothing load (``default-src 'none'``) and
only the report's own three scripts run, named by their SHA-256 hashes.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Sequence
from importlib.resources import files

from journeys.analysis.statistics import DurationStats
from journeys.analysis.variants import Variants
from journeys.render.durations import human_duration
from journeys.report.data import BoundaryRow, Figures, KindRow, ReportData, Section
from journeys.report.escape import script_json, text

Cell = str | int | float | tuple[str, float | int | str]
"""A table cell: a value shown as it is, or (shown text, value to sort by)."""


def asset(name: str) -> str:
    """A file of the report package (``report.js``, ``vendor/sortable.min.js`` ...)."""
    resource = files("journeys.report")
    for part in name.split("/"):
        resource = resource.joinpath(part)
    return resource.read_text(encoding="utf-8-sig")


def scripts() -> list[str]:
    """The page's scripts, in order: the vendored libraries, then the report's own."""
    found = [asset("vendor/svg-pan-zoom.min.js"), asset("vendor/sortable.min.js")]
    found.append(asset("report.js"))
    for script in found:
        if "</script" in script.lower():
            raise ValueError("a script of the report would close its own element")
    return found


def policy(inline_scripts: Iterable[str]) -> str:
    """The Content-Security-Policy: nothing loads; only ``inline_scripts`` run."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in inline_scripts
    )
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; "
        "form-action 'none'; base-uri 'none'"
    )


def duration(seconds: float | None) -> Cell:
    """A duration cell: shown briefly, sorted by its seconds."""
    if seconds is None:
        return ("", -1)
    return (human_duration(seconds), seconds)


def table(headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, caption: str) -> str:
    """A sortable table (click a header) of ``rows``."""
    head = "".join(f"<th>{text(header)}</th>" for header in headers)
    body = []
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, tuple):
                shown, key = value
                cells.append(f'<td class="number" data-sort="{text(key)}">{text(shown)}</td>')
            elif isinstance(value, int | float):
                cells.append(f'<td class="number">{text(value)}</td>')
            else:
                cells.append(f"<td>{text(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="sortable"><caption>{text(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def figures_html(figures: Figures) -> str:
    """The headline figures as cards."""
    latency = figures.median_handoff_seconds
    cards = [
        (figures.started, "journeys started", False),
        (figures.ended, "ended", False),
        (figures.open, "still open", False),
        (
            f"{figures.journeys_with_gaps} ({figures.share_with_gaps:.0%})",
            "journeys that met a gap",
            figures.journeys_with_gaps > 0,
        ),
        (figures.gaps, "gaps found", figures.gaps > 0),
        (figures.dropped, "dropped hand-offs", figures.dropped > 0),
        (
            human_duration(latency) if latency is not None else "none",
            "median hand-off latency",
            False,
        ),
        (human_duration(figures.unheld_seconds), "unheld time in all", False),
    ]
    return (
        '<div class="figures">'
        + "".join(
            f'<div class="figure{" problem" if problem else ""}">'
            f'<div class="value">{text(value)}</div><div class="label">{text(label)}</div></div>'
            for value, label, problem in cards
        )
        + "</div>"
    )


def _stats_cells(stats: DurationStats | None) -> list[Cell]:
    if stats is None:
        return [duration(None), duration(None), duration(None)]
    return [duration(stats.median), duration(stats.p90), duration(stats.total)]


def kinds_table(rows: Sequence[KindRow]) -> str:
    """Findings by kind."""
    return table(
        ["kind", "findings", "journeys", "median", "p90", "total time"],
        ([r.kind, r.findings, r.journeys, *_stats_cells(r.stats)] for r in rows),
        caption="Findings by kind",
    )


def boundary_table(rows: Sequence[BoundaryRow], *, caption: str) -> str:
    """Findings by kind and boundary."""
    return table(
        ["kind", "boundary", "findings", "median", "p90", "total time"],
        ([r.kind, r.boundary, r.stats.count, *_stats_cells(r.stats)] for r in rows),
        caption=caption,
    )


def variants_table(found: Variants) -> str:
    """The top variants, with their paths."""
    caption = (
        f"Top {len(found.variants)} of {found.distinct} variants "
        f"({found.granularity.value}) of {found.journeys} journeys"
    )
    if found.left_out:
        caption += f"; {found.left_out} journeys take other variants"
    return table(
        ["rank", "journeys", "share", "steps", "median duration", "path"],
        (
            [
                v.rank,
                v.count,
                (f"{v.share:.1%}", v.share),
                len(v.steps),
                duration(v.durations.median if v.durations else None),
                v.path_text,
            ]
            for v in found.variants
        ),
        caption=caption,
    )


def section_html(section: Section) -> str:
    """A population's figures and tables."""
    return (
        f'<p class="scope">{text(section.scope)}</p>'
        + figures_html(section.figures)
        + kinds_table(section.kinds)
        + boundary_table(section.tier_pairs, caption="Findings by kind and tier pair")
        + boundary_table(section.nation_crossing, caption="Findings by kind and nation crossing")
        + variants_table(section.variants)
    )


def tablist(group: str, tabs: Sequence[tuple[str, str]], *, label: str) -> str:
    """Buttons switching between the panels ``tabs`` names: (panel id, title)."""
    buttons = "".join(
        f'<button type="button" role="tab" data-group="{text(group)}" '
        f'data-panel="{text(panel)}" aria-controls="{text(panel)}" '
        f'aria-selected="{"true" if i == 0 else "false"}">{text(title)}</button>'
        for i, (panel, title) in enumerate(tabs)
    )
    return f'<div role="tablist" aria-label="{text(label)}">{buttons}</div>'


def panel(panel_id: str, body: str, *, shown: bool) -> str:
    """A tab panel."""
    hidden = "" if shown else " hidden"
    return f'<section role="tabpanel" id="{text(panel_id)}"{hidden}>{body}</section>'


def grouped(group: str, sections: Sequence[Section], *, label: str, empty: str) -> str:
    """Sub-tabs, one per section (a nation, a life event)."""
    if not sections:
        return f'<p class="note">{text(empty)}</p>'
    tabs = [(f"panel-{s.key}", s.title) for s in sections]
    return tablist(group, tabs, label=label) + "".join(
        panel(f"panel-{s.key}", f"<h2>{text(s.title)}</h2>" + section_html(s), shown=i == 0)
        for i, s in enumerate(sections)
    )


def picture(svg: str, *, note: str) -> str:
    """An inline picture with pan and zoom (set up when its tab is first shown)."""
    return f'<p class="note">{text(note)}</p><div class="picture-box">{svg}</div>'


def page(
    data: ReportData,
    *,
    map_svg: str,
    network_svg: str,
    variants_svg: str,
    timelines: dict[str, str],
) -> str:
    """The whole report page."""
    overview = data.overview
    index = [
        {
            "id": str(entry.id),
            "case": entry.case,
            "trigger": entry.trigger,
            "nation": entry.nation,
            "started_at": entry.started_at.isoformat(),
            "outcome": entry.outcome,
            "gaps": entry.gaps,
            "has_timeline": entry.has_timeline,
        }
        # Those with a timeline first, then by gaps: what a reader most likely looks for.
        for entry in sorted(data.journeys, key=lambda e: (not e.has_timeline, -e.gaps, str(e.id)))
    ]
    finder_note = (
        f"Search the {len(data.journeys)} journeys of this report by journey id or by the case "
        f"id of the log they were imported from. The report holds the timelines of the "
        f"{len(data.timeline_ids)} journeys with the most gaps (ties: the smallest id); for "
        "any other it says how to draw one."
    )
    finder = (
        f'<p class="note">{text(finder_note)}</p>'
        '<form id="finder-form" role="search">'
        '<label for="finder-input">Journey id or case id </label>'
        '<input id="finder-input" type="search" autocomplete="off" '
        'placeholder="e.g. 0b5a3f0e or N77802"></form>'
        '<p id="finder-status" class="note"></p>'
        "<table><thead><tr><th>journey</th><th>life event</th><th>nation</th><th>started</th>"
        "<th>outcome</th><th>gaps</th><th>timeline included</th></tr></thead>"
        '<tbody id="finder-results"></tbody></table>'
        '<div id="finder-viewer"></div>'
    )
    main_tabs = [
        ("panel-overview", "Overview"),
        ("panel-map", "Journey map"),
        ("panel-network", "Hand-off network"),
        ("panel-variants", "Variants"),
        ("panel-nations", "By nation"),
        ("panel-triggers", "By life event"),
        ("panel-finder", "Find a journey"),
    ]
    zoom_note = "Drag to pan, scroll or use the buttons to zoom; hover for details."
    panels = [
        panel("panel-overview", section_html(overview), shown=True),
        panel("panel-map", picture(map_svg, note=zoom_note), shown=False),
        panel("panel-network", picture(network_svg, note=zoom_note), shown=False),
        panel(
            "panel-variants",
            variants_table(overview.variants) + picture(variants_svg, note=zoom_note),
            shown=False,
        ),
        panel(
            "panel-nations",
            grouped("nations", data.nations, label="Nations", empty="No journeys."),
            shown=False,
        ),
        panel(
            "panel-triggers",
            grouped("triggers", data.triggers, label="Life events", empty="No journeys."),
            shown=False,
        ),
        panel("panel-finder", finder, shown=False),
    ]
    templates = "".join(
        f'<template id="timeline-{text(journey)}">{svg}</template>'
        for journey, svg in timelines.items()
    )
    inline = scripts()
    styles = asset("report.css") + asset("vendor/sortable.min.css")
    as_of = data.analysis.as_of
    subtitle = f"{data.source} · {overview.scope}" + (
        f" · as of {as_of.isoformat()}" if as_of is not None else ""
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{text(policy(inline))}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{text(data.title)}</title><style>{styles}</style></head><body>"
        f"<header><h1>{text(data.title)}</h1><p>{text(subtitle)}</p></header><main>"
        + tablist("main", main_tabs, label="Report sections")
        + "".join(panels)
        + "</main>"
        + templates
        + f'<script type="application/json" id="journey-index">{script_json(index)}</script>'
        + "".join(f"<script>{script}</script>" for script in inline)
        + "<footer>Made by journeys. Pan and zoom: svg-pan-zoom (BSD-2-Clause); sortable "
        "tables: sortable-tablesort (Unlicense). Everything is in this one file: it "
        "loads nothing when opened.</footer></body></html>\n"
    )
