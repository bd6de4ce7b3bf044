"""The benchmark suite: ``nox -s bench`` (or ``python benchmarks/run.py``).

Simulates a seeded population of each size, then measures, side by side in one
run: ingest into SQLite and PostgreSQL through JourneyApp against eventsourcing's
plain loop of one save per aggregate; XES import against PM4Py's read_xes; the
batch gap analysis against PM4Py's performance DFG on the same events; the
projection's catch-up against eventsourcing's raw read and decode; rendering the
aggregate map at three sizes (WebAssembly and system Graphviz); and the peak memory of each.
Writes ``docs/performance.md``.

    python benchmarks/run.py                         # 100,000 and 1,000,000 events, 5 runs
    python benchmarks/run.py --huge                  # and 3,000,000
    python benchmarks/run.py --smoke --out /tmp/p.md # seconds: the test suite runs this
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import shutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases
import workspace
from measure import Timing, machine, peak_memory_mb, time_runs
from workspace import Workspace, postgres_env, sqlite_env

from journeys import Journey

ROOT = Path(__file__).resolve().parents[1]


@attrs.frozen
class Row:
    """One comparison: our operation against its baseline, on one population."""

    size: int
    measure: str
    ours: str
    ours_timing: Timing
    baseline: str | None
    baseline_timing: Timing | None
    target: str
    met: bool | None
    ours_peak_mb: float | None = None
    baseline_peak_mb: float | None = None

    @property
    def ratio(self) -> float | None:
        """Our rate over the baseline's (above 1: we handle more events per second)."""
        if self.baseline_timing is None:
            return None
        return self.ours_timing.rate / self.baseline_timing.rate


@attrs.define
class Options:
    sizes: list[int]
    runs: int
    postgres: bool
    pm4py: bool
    memory: bool
    out: Path
    quiet: bool = False
    failures: list[str] = attrs.Factory(list)

    def say(self, message: str) -> None:
        if not self.quiet:
            print(message, flush=True)


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    rows: list[Row] = []
    for size in options.sizes:
        rows += measure_size(size, options)
        # Written after every size, so a long run leaves what it has measured.
        write_report(rows, options)
        options.say(f"wrote {options.out}")
    return 1 if options.failures else 0


def parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--huge", action="store_true", help="also 3,000,000 events")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-memory", action="store_true", help="skip peak-memory probes")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a tiny population, one run: proves the suite still works",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--quiet", action="store_true")
    arguments = parser.parse_args(argv)
    sizes = [2_000] if arguments.smoke else list(arguments.sizes)
    if arguments.huge and not arguments.smoke:
        sizes.append(3_000_000)
    return Options(
        sizes=sizes,
        runs=1 if arguments.smoke else arguments.runs,
        postgres=not arguments.no_postgres and not arguments.smoke and postgres_answers(),
        pm4py=importlib.util.find_spec("pm4py") is not None,
        memory=not arguments.no_memory and not arguments.smoke,
        out=arguments.out,
        quiet=arguments.quiet,
    )


def postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect(dbname="test", host="127.0.0.1", user="postgres", connect_timeout=3).close()
    except Exception:  # any driver or connection failure means: no server to measure
        return False
    return True


def measure_size(size: int, options: Options) -> list[Row]:
    space = Workspace.create(size)
    try:
        options.say(f"[{size:,}] simulating {space.citizens:,} citizens into SQLite")
        space.fill_sqlite()
        options.say(f"[{size:,}] {space.events:,} events")
        rows: list[Row] = []
        groups = (ingest_rows, analysis_rows, projection_rows, columns_rows, xes_rows, render_rows)
        for group in groups:
            try:
                rows += group(space, options)
            except Exception:  # report it and measure the rest: a long run must not be lost
                options.failures.append(
                    f"{size:,} events, {group.__name__}:\n{traceback.format_exc()}"
                )
                options.say(options.failures[-1])
    finally:
        space.remove(postgres=options.postgres)
    return rows


def probe(options: Options, case: str, **arguments: object) -> float | None:
    return peak_memory_mb(case, arguments) if options.memory else None


def ingest_rows(space: Workspace, options: Options) -> list[Row]:
    target_file = space.folder / "ingest.db"

    def fresh_file() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target_file}{suffix}").unlink(missing_ok=True)

    stores: list[tuple[str, dict[str, str], Callable[[], None]]] = [
        ("SQLite", sqlite_env(target_file), fresh_file)
    ]
    if options.postgres:
        schema = f"{space.postgres_schema}_ingest"

        def fresh_schema() -> None:
            workspace.drop_postgres_schema(schema)
            workspace.create_postgres_schema(schema)

        stores.append(("PostgreSQL", postgres_env(schema), fresh_schema))
    try:
        return [ingest_row(space, options, name, env, fresh) for name, env, fresh in stores]
    finally:
        if options.postgres:
            workspace.drop_postgres_schema(f"{space.postgres_schema}_ingest")


def ingest_row(
    space: Workspace,
    options: Options,
    store_name: str,
    env: dict[str, str],
    fresh: Callable[[], None],
) -> Row:
    options.say(f"[{space.size:,}] ingest into {store_name}")
    # Saving consumes a journey's pending events: every run gets freshly built ones
    # (untimed) and an empty store.
    prepared: dict[str, list[Journey]] = {}

    def setup() -> None:
        fresh()
        prepared["journeys"] = list(workspace.journeys(space.citizens))

    ours = time_runs(
        lambda: cases.ingest_journeyapp(env, prepared["journeys"]), runs=options.runs, setup=setup
    )
    baseline = time_runs(
        lambda: cases.ingest_plain_loop(env, prepared["journeys"]), runs=options.runs, setup=setup
    )
    fresh()
    ours_mb = probe(options, "ingest-journeyapp", env=env, citizens=space.citizens)
    fresh()
    baseline_mb = probe(options, "ingest-plain-loop", env=env, citizens=space.citizens)
    fresh()
    on_sqlite = store_name == "SQLite"
    return Row(
        space.size,
        f"Ingest into {store_name}",
        "JourneyApp.save, 500 per batch",
        ours,
        "eventsourcing, one save per aggregate",
        baseline,
        ">= 100,000 events/s" if on_sqlite else "(none)",
        ours.rate >= 100_000 if on_sqlite else None,
        ours_mb,
        baseline_mb,
    )


def analysis_rows(space: Workspace, options: Options) -> list[Row]:
    options.say(f"[{space.size:,}] batch analysis")
    events = cases.store_events(space.store)
    ours = time_runs(lambda: cases.batch_analysis(events), runs=options.runs)
    ours_mb = probe(options, "analysis-of-store", store=str(space.store))
    baseline: Timing | None = None
    baseline_mb: float | None = None
    if options.pm4py:
        dataframe = cases.events_dataframe(events)
        baseline = time_runs(lambda: cases.pm4py_performance_dfg(dataframe), runs=options.runs)
        baseline_mb = probe(options, "pm4py-dfg-of-store", store=str(space.store))
    met = ours.rate >= 300_000 and (baseline is None or ours.rate >= baseline.rate)
    return [
        Row(
            space.size,
            "Batch gap analysis (all kinds)",
            "analyse(events)",
            ours,
            "PM4Py discover_performance_dfg (DataFrame)" if baseline else None,
            baseline,
            ">= 300,000 events/s and at least PM4Py's rate",
            met,
            ours_mb,
            baseline_mb,
        )
    ]


def projection_rows(space: Workspace, options: Options) -> list[Row]:
    stores = [("SQLite", sqlite_env(space.store))]
    if options.postgres:
        options.say(f"[{space.size:,}] simulating into PostgreSQL")
        space.fill_postgres()
        stores.append(("PostgreSQL", postgres_env(space.postgres_schema)))
    rows = []
    for store_name, env in stores:
        options.say(f"[{space.size:,}] projection catch-up from {store_name}")
        ours = time_runs(lambda env=env: cases.projection_catch_up(env), runs=options.runs)
        baseline = time_runs(lambda env=env: cases.raw_read_and_decode(env), runs=options.runs)
        ours_mb = probe(options, "projection-catch-up", env=env)
        baseline_mb = probe(options, "raw-read-and-decode", env=env)
        rows.append(
            Row(
                space.size,
                f"Projection catch-up from {store_name}",
                "GapTracker.catch_up()",
                ours,
                "eventsourcing read + decode",
                baseline,
                ">= 0.75 of the baseline's rate",
                ours.rate >= 0.75 * baseline.rate,
                ours_mb,
                baseline_mb,
            )
        )
    return rows


def columns_rows(space: Workspace, options: Options) -> list[Row]:
    """Reading the SQLite store into columns, against eventsourcing decoding its events."""
    options.say(f"[{space.size:,}] columns from SQLite")
    env = sqlite_env(space.store)
    ours = time_runs(lambda: cases.columns_of_store(env), runs=options.runs)
    baseline = time_runs(lambda: cases.raw_read_and_decode(env), runs=options.runs)
    return [
        Row(
            space.size,
            "Read the SQLite store into columns",
            "journeys.columns.read_frames(app)",
            ours,
            "eventsourcing read + decode",
            baseline,
            "(none)",
            None,
            probe(options, "columns-of-store", env=env),
            probe(options, "raw-read-and-decode", env=env),
        )
    ]


def xes_rows(space: Workspace, options: Options) -> list[Row]:
    options.say(f"[{space.size:,}] XES import")
    space.write_xes()
    imported = space.folder / "imported.db"

    def fresh() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{imported}{suffix}").unlink(missing_ok=True)
        Path(f"{imported}.catalogue.toml").unlink(missing_ok=True)

    ours = time_runs(lambda: cases.xes_import(space.xes, imported), runs=options.runs, setup=fresh)
    fresh()
    ours_mb = probe(options, "xes-import", xes=str(space.xes), store=str(imported))
    baseline: Timing | None = None
    baseline_mb: float | None = None
    if options.pm4py:
        baseline = time_runs(lambda: cases.pm4py_read_xes(space.xes), runs=options.runs)
        baseline_mb = probe(options, "pm4py-read-xes", xes=str(space.xes))
    met = None if baseline is None else ours.rate >= 2 * baseline.rate
    return [
        Row(
            space.size,
            "XES import into SQLite (parse, check, store)",
            "import_log(xes)",
            ours,
            "PM4Py read_xes (parse only)" if baseline else None,
            baseline,
            ">= 2x PM4Py's rate",
            met,
            ours_mb,
            baseline_mb,
        )
    ]


def render_rows(space: Workspace, options: Options) -> list[Row]:
    from journeys.render.backends import MINIMUM_SYSTEM_VERSION, system_version, wasm_available

    version = system_version()
    modern_dot = version is not None and version >= MINIMUM_SYSTEM_VERSION
    backends = [
        name for name, usable in (("wasm", wasm_available()), ("system", modern_dot)) if usable
    ]
    # The default map, the map the target names, and everything (cases.MAP_LIMITS).
    maps = [
        ("default map", "render_map + to_svg", "default", False),
        ("300-touchpoint map", "render_map(top_nodes=300, top_edges=None) + to_svg",
         "300-touchpoint", True),
        ("whole map", "render_map(top_nodes=None, top_edges=None) + to_svg", "whole", False),
    ]  # fmt: skip
    rows = []
    analysis = cases.analysis_of_store(space.store)
    for name, ours, limits, targeted in maps:
        for backend in backends:
            options.say(f"[{space.size:,}] render the {name} ({backend})")
            timing = time_runs(
                lambda limits=limits, backend=backend: cases.render_map_svg(
                    analysis, backend, limits
                ),
                runs=options.runs,
            )
            peak = probe(
                options, "render-map", store=str(space.store), backend=backend, limits=limits
            )
            wasm_target = targeted and backend == "wasm"
            rows.append(
                Row(
                    space.size,
                    f"Render the {name} to SVG ({backend})",
                    ours,
                    timing,
                    None,
                    None,
                    "<= 5 s (WebAssembly)" if wasm_target else "(none)",
                    timing.median_seconds <= 5.0 if wasm_target else None,
                    peak,
                )
            )
    return rows


def write_report(rows: list[Row], options: Options) -> None:
    lines = [
        "# Performance",
        "",
        "Measured by `nox -s bench` (`python benchmarks/run.py`), which writes this page.",
        f"Each figure is the median of {options.runs} runs; each baseline was measured in the",
        "same run on the same events, and the ratio is our rate over the baseline's. The",
        "population is simulated from the bundled blueprints with a fixed seed. Peak memory is",
        "the peak resident set of a fresh process running the operation once (interpreter and",
        "libraries included). XES rates count the log's events on both sides (the Started",
        "and Ended events the importer adds around each trace are not counted).",
        "",
        f"- Machine: {machine()}",
        f"- Date: {datetime.date.today().isoformat()}",
        f"- PostgreSQL measured: {'yes' if options.postgres else 'no'}; PM4Py baselines: "
        f"{'yes' if options.pm4py else 'no (not installed)'}; system Graphviz: "
        f"{_dot_description()}",
        "",
    ]
    for size in sorted({row.size for row in rows}):
        size_rows = [row for row in rows if row.size == size]
        lines += [
            f"## {size:,} events",
            "",
            "| measure | ours | baseline | ratio | target | met | peak MB (ours / baseline) |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [_table_row(row) for row in size_rows]
        lines.append("")
    if options.failures:
        lines += ["## Cases that failed", "", "```text", *options.failures, "```", ""]
    lines += _kept_section(options.out)
    options.out.write_text("\n".join(lines), encoding="utf-8")


KEPT_HEADING = "## Adversarial logs"
"""The page's section measured by ``benchmarks/adversarial_xes.py``, kept as it is."""


def _kept_section(out: Path) -> list[str]:
    """The lines of the page's adversarial-logs section, if it has one."""
    if not out.exists():
        return []
    text = out.read_text(encoding="utf-8")
    start = text.find(KEPT_HEADING)
    return [*text[start:].rstrip("\n").split("\n"), ""] if start >= 0 else []


def _dot_description() -> str:
    from journeys.render.backends import MINIMUM_SYSTEM_VERSION, system_version

    version = system_version()
    if version is None:
        return "none" if not shutil.which("dot") else "present, version unknown (not measured)"
    shown = ".".join(map(str, version))
    if version < MINIMUM_SYSTEM_VERSION:
        return f"{shown} (older than the renderer supports, not measured)"
    return shown


def _table_row(row: Row) -> str:
    ours = f"{row.ours}: {_figure(row.ours_timing, row.measure)}"
    baseline = (
        f"{row.baseline}: {_figure(row.baseline_timing, row.measure)}"
        if row.baseline and row.baseline_timing
        else "—"
    )
    ratio = f"{row.ratio:.2f}" if row.ratio is not None else "—"
    met = {True: "yes", False: "**no**", None: "—"}[row.met]
    memory = " / ".join(
        f"{mb:.0f}" if mb is not None else "—" for mb in (row.ours_peak_mb, row.baseline_peak_mb)
    )
    return f"| {row.measure} | {ours} | {baseline} | {ratio} | {row.target} | {met} | {memory} |"


def _figure(timing: Timing | None, measure: str) -> str:
    if timing is None:
        return "—"
    if measure.startswith("Render"):
        return f"{timing.median_seconds:.2f} s ({timing.work} nodes drawn)"
    return f"{timing.rate:,.0f} events/s ({timing.work:,} events, {timing.median_seconds:.2f} s)"


if __name__ == "__main__":
    sys.exit(main())
