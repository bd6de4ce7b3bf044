"""Rich tables of a design comparison, as ``journeys compare`` prints them.

Every difference is the variant minus the baseline; the verdict column says
whether the 95 % interval lies wholly on the better or the worse side of zero
("better", "worse") or covers it ("no clear change").
"""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from journeys.cli.tables import KIND_TITLES, new_table
from journeys.whatif import BoundaryChange, DesignComparison, GroupComparison, Outcome
from journeys.whatif.model import OutcomeChange

OUTCOME_TITLES = {
    Outcome.DAYS_TO_END: "days to end",
    Outcome.UNHELD_DAYS: "unheld days",
    Outcome.REASKS: "re-asks",
    Outcome.DROPPED_HANDOFFS: "dropped hand-offs",
    Outcome.REJECTED_HANDOFFS: "rejected hand-offs",
    Outcome.SLA_BREACHES: "SLA breaches",
    Outcome.CONTACTS: "contacts made",
    Outcome.EXPERIENCE: "experience score",
}
_COLUMNS = ("baseline", "variant", "difference", "95 % interval", "worse off", "better off")


def outcome_name(change: OutcomeChange) -> str:
    """The outcome's title, with its statistic when it is not the mean."""
    title = OUTCOME_TITLES[change.outcome]
    return title if change.statistic == "mean" else f"{title} ({change.statistic})"


def verdict(change: OutcomeChange) -> str:
    """``better``, ``worse`` or ``no clear change``, from the interval."""
    improved = change.improved
    return "no clear change" if improved is None else "better" if improved else "worse"


def _number(value: float, outcome: Outcome | None = None) -> str:
    if outcome is Outcome.EXPERIENCE:
        return f"{value:+.2f}"
    return f"{value:.2f}"


def _signed(value: float) -> str:
    return "0" if value == 0 else f"{value:+.2f}"


def _interval(low: float, high: float) -> str:
    return f"[{_signed(low)}, {_signed(high)}]"


def _people(count: int | None, share: float | None) -> str:
    if count is None:
        return ""
    return f"{count:,}" if not share else f"{count:,} ({share:.0%})"


def _caption(comparison: DesignComparison) -> str:
    return escape(
        f"baseline {comparison.baseline} against variant {comparison.variant}: "
        f"{comparison.citizens:,} citizens x {comparison.replications} replications "
        f"(seeds {comparison.seed}..{comparison.seed + comparison.replications - 1}); "
        "difference = variant - baseline; worse/better off counted over citizen-replications"
    )


def group_table(comparison: DesignComparison, group: GroupComparison) -> Table:
    """Every outcome of one group, mean per citizen (and the quantiles of days to end)."""
    where = "everyone" if group.nation is None else group.nation.value
    table = new_table(
        f"Outcomes per citizen: {where}",
        "outcome",
        *_COLUMNS,
        "verdict",
        right=_COLUMNS,
    )
    for change in group.changes:
        table.add_row(outcome_name(change), *_outcome_cells(change), verdict(change))
    unserved = ""
    if group.unserved_baseline or group.unserved_variant:
        unserved = (
            f"; unserved (no journey, left out): {group.unserved_baseline:,} under the "
            f"baseline, {group.unserved_variant:,} under the variant"
        )
    table.caption = (
        _caption(comparison) + f"; {group.paired:,} of {group.citizens:,} paired" + unserved
    )
    return table


def nations_table(comparison: DesignComparison) -> Table:
    """Each nation's outcomes whose interval excludes zero; a nation with none says so."""
    table = new_table(
        "By nation: the outcomes that changed (interval excludes zero)",
        "nation",
        "outcome",
        *_COLUMNS,
        right=_COLUMNS,
    )
    for group in comparison.by_nation:
        changed = [c for c in group.changes if c.improved is not None]
        if not changed:
            exact = all(c.difference == 0 and c.interval.high == 0 for c in group.changes)
            said = "unchanged (exactly 0)" if exact else "no clear change"
            table.add_row(group.label, said if group.paired else "not paired (unserved)")
            continue
        for number, change in enumerate(changed):
            table.add_row(
                group.label if number == 0 else "",
                f"{outcome_name(change)}: {verdict(change)}",
                *_outcome_cells(change),
            )
    table.caption = _caption(comparison)
    return table


def boundaries_table(comparison: DesignComparison, top: int) -> Table:
    """The ``top`` boundaries and kinds whose findings per 1,000 citizens changed most."""
    table = new_table(
        f"The {top} boundaries that changed most (findings per 1,000 citizens)",
        "from",
        "to",
        "finding",
        *_COLUMNS,
        right=_COLUMNS,
    )
    ranked = sorted(
        comparison.by_boundary,
        key=lambda b: (-abs(b.difference), b.from_body or "", b.to_body or "", b.kind.value),
    )
    for change in ranked[:top]:
        if change.difference == 0:
            break
        table.add_row(*_boundary_cells(change))
    table.caption = _caption(comparison)
    return table


def _outcome_cells(change: OutcomeChange) -> tuple[str, ...]:
    """An outcome change under ``_COLUMNS``."""
    return (
        _number(change.baseline, change.outcome),
        _number(change.variant, change.outcome),
        _signed(change.difference),
        _interval(change.interval.low, change.interval.high),
        _people(change.worse, change.worse_share),
        _people(change.better, change.better_share),
    )


def _boundary_cells(change: BoundaryChange) -> tuple[str, ...]:
    return (
        escape(change.from_body or "—"),
        escape(change.to_body or "—"),
        KIND_TITLES.get(change.kind, change.kind.value),
        f"{change.baseline:.1f}",
        f"{change.variant:.1f}",
        f"{change.difference:+.1f}",
        f"[{change.interval.low:+.1f}, {change.interval.high:+.1f}]",
        _people(change.worse, change.worse_share),
        _people(change.better, change.better_share),
    )
