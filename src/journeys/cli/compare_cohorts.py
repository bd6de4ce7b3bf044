"""``journeys compare-cohorts``: two filtered cohorts of one store, side by side.

Each cohort is written in the filter words of ``journeys analyse`` as
``word=value`` pairs joined by commas: ``--a "nation=scotland,trigger=death"``.
A word given twice matches either value (``nation=wales,nation=scotland``);
``crosses-nation=yes`` or ``no``; times are dates or ISO 8601 with an offset.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from journeys.analysis import Granularity
from journeys.analysis.comparison import Comparison, compare_cohorts
from journeys.analysis.filters import JourneyFilter
from journeys.cli.filter_options import FILTER_PARAMETERS, filter_from_options
from journeys.cli.inputs import db_option, open_input
from journeys.cli.options import (
    JourneysCommandError,
    as_of_option,
    catalogue_option,
    check_drawing_format,
    check_outputs,
    granularity_option,
    output_option,
    parse_as_of,
    top_option,
)
from journeys.cli.tables import new_table, output_console, print_written
from journeys.errors import JourneysError
from journeys.output_files import write_text
from journeys.render.difference_style import percent, shares, signed_duration
from journeys.render.durations import human_duration

_MULTIPLE = frozenset({"nation", "trigger", "body", "outcome", "boundary", "gap"})
_YES, _NO = frozenset({"yes", "true", "1"}), frozenset({"no", "false", "0"})


def parse_cohort(text: str, option: str) -> JourneyFilter:
    """The filter ``text`` (``"nation=scotland,trigger=death"``) names.

    Raises:
        click.BadParameter: naming ``option`` and the word or value that cannot be used.
    """
    words: dict[str, list[str]] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        word, equals, value = part.partition("=")
        name = word.strip().lower().replace("-", "_")
        if not equals or not value.strip():
            raise click.BadParameter(f"{part!r} is not word=value", param_hint=option)
        if name not in FILTER_PARAMETERS:
            known = ", ".join(p.replace("_", "-") for p in FILTER_PARAMETERS)
            raise click.BadParameter(
                f"unknown filter word {word.strip()!r} (expected one of: {known})",
                param_hint=option,
            )
        if name not in _MULTIPLE and name in words:
            raise click.BadParameter(f"{word.strip()!r} given twice", param_hint=option)
        words.setdefault(name, []).append(value.strip())
    crossing = None
    if "crosses_nation" in words:
        answer = words.pop("crosses_nation")[0].lower()
        if answer not in _YES | _NO:
            raise click.BadParameter(
                f"crosses-nation is yes or no, got {answer!r}", param_hint=option
            )
        crossing = answer in _YES
    try:
        where = filter_from_options(
            **{name: tuple(values) for name, values in words.items() if name in _MULTIPLE},
            since=words.get("since", [None])[0],
            until=words.get("until", [None])[0],
            crosses_nation=crossing,
        )
    except click.BadParameter as error:
        raise click.BadParameter(error.message, param_hint=option) from None
    return where if where is not None else JourneyFilter()


@click.command("compare-cohorts")
@db_option
@catalogue_option
@as_of_option
@granularity_option
@click.option(
    "--a",
    "first_text",
    required=True,
    metavar="WORDS",
    help='Cohort A in filter words: "nation=scotland,trigger=death" (words: nation, trigger, '
    "since, until, body, outcome, boundary, crosses-nation, gap; repeat a word for either).",
)
@click.option("--b", "second_text", required=True, metavar="WORDS", help="Cohort B, as --a.")
@output_option("-o", "--output", help="Draw the difference map (.svg, .png or .dot).")
@output_option(
    "--network", "network_path", help="Draw the difference hand-off network (.svg, .png or .dot)."
)
@output_option("--json", "json_path", help="Write the whole comparison as JSON.")
@top_option("How many of the biggest differences to print.")
def compare_cohorts_command(
    db: Path | None,
    catalogue_path: Path | None,
    as_of_text: str | None,
    granularity: Granularity,
    first_text: str,
    second_text: str,
    output: Path | None,
    network_path: Path | None,
    json_path: Path | None,
    top: int,
) -> None:
    """Compare two cohorts of one store: the biggest differences, and a difference map."""
    first = parse_cohort(first_text, "--a")
    second = parse_cohort(second_text, "--b")
    check_drawing_format(output, "--output")
    check_drawing_format(network_path, "--network")
    as_of = parse_as_of(as_of_text)
    check_outputs(output, network_path, json_path)
    try:
        source = open_input(db, None, catalogue_path)
        try:
            comparison = compare_cohorts(
                source.app, first, second, as_of=as_of, granularity=granularity
            )
            catalogue = source.catalogue
        finally:
            source.close()
        # Everything is drawn before anything is written: a failure leaves no file.
        texts: list[tuple[Path, str | bytes]] = []
        if json_path is not None:
            texts.append((json_path, json.dumps(comparison.to_json(), indent=2) + "\n"))
        graphs = []
        if output is not None:
            from journeys.render.difference_map import render_difference_map

            graphs.append((output, render_difference_map(comparison, catalogue=catalogue)))
        if network_path is not None:
            from journeys.render.difference_network import render_difference_network

            graphs.append(
                (network_path, render_difference_network(comparison, catalogue=catalogue))
            )
        from journeys.render import write_graph

        for path, text in texts:
            write_text(path, str(text))
        for path, graph in graphs:
            write_graph(graph, path)
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    console = output_console()
    console.print(findings_table(comparison))
    console.print(edges_table(comparison, top))
    console.print(durations_table(comparison, top))
    print_written(console, output, network_path, json_path)


def _caption(comparison: Comparison) -> str:
    return escape(
        f"A: {comparison.first_label} ({comparison.first_journeys} journeys); "
        f"B: {comparison.second_label} ({comparison.second_journeys} journeys)"
    )


def findings_table(comparison: Comparison) -> Table:
    """Findings per 1,000 journeys in A and B, biggest change first."""
    table = new_table(
        "Findings per 1,000 journeys, A against B",
        "kind",
        "A",
        "B",
        "change",
        right=("A", "B", "change"),
    )
    rows = sorted(
        (f for f in comparison.findings if f.counts.first or f.counts.second),
        key=lambda f: (-abs(f.change_per_thousand), f.kind.value),
    )
    for finding in rows:
        table.add_row(
            finding.kind.value,
            f"{finding.first_per_thousand:.0f}",
            f"{finding.second_per_thousand:.0f}",
            f"{finding.change_per_thousand:+.0f}",
        )
    table.caption = _caption(comparison)
    return table


def edges_table(comparison: Comparison, top: int) -> Table:
    """The ``top`` journey-map edges whose share of journeys changed most."""
    table = new_table(
        f"The {top} transitions that changed most (share of journeys, A → B)",
        "from",
        "to",
        "journeys",
        "median change",
        right=("journeys", "median change"),
    )
    ranked = sorted(
        comparison.edges,
        key=lambda e: -abs(e.transitions.share_change),
    )[:top]
    for edge in ranked:
        change = edge.median.change
        counts = edge.transitions
        only = {"only_first": "only in A", "only_second": "only in B"}.get(edge.presence.value)
        table.add_row(
            _node(edge.source),
            _node(edge.target),
            shares(edge.transitions.first_share, edge.transitions.second_share)
            if only is None
            else f"{only}: {percent(max(counts.first_share, counts.second_share))}",
            signed_duration(change) if change is not None else "",
        )
    table.caption = _caption(comparison)
    return table


MIN_TAKEN = 5
"""A transition's median is compared only when each cohort took it this often: fewer
is one citizen's luck."""


def durations_table(comparison: Comparison, top: int) -> Table:
    """The ``top`` transitions, taken at least :data:`MIN_TAKEN` times in each cohort,
    whose median duration changed most."""
    table = new_table(
        f"The {top} transitions whose median changed most (taken {MIN_TAKEN}+ times in each)",
        "from",
        "to",
        "median A",
        "median B",
        "change",
        right=("median A", "median B", "change"),
    )
    compared = [
        edge
        for edge in comparison.edges
        if min(edge.transitions.first, edge.transitions.second) >= MIN_TAKEN
        and edge.median.change is not None
    ]
    ranked = sorted(compared, key=lambda e: -abs(e.median.change or 0.0))[:top]
    for edge in ranked:
        assert edge.median.first is not None
        assert edge.median.second is not None
        assert edge.median.change is not None
        table.add_row(
            _node(edge.source),
            _node(edge.target),
            human_duration(edge.median.first),
            human_duration(edge.median.second),
            signed_duration(edge.median.change),
        )
    table.caption = _caption(comparison)
    return table


def _node(key: tuple[str | None, str | None]) -> str:
    # Names come from the store: rich must show them as text, not read them as markup.
    return escape(" at ".join(part for part in (key[1], key[0]) if part))
