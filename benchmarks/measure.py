"""Timing and memory measurement for the benchmark suite.

Times are medians of several runs of the same operation in this process; each
figure is reported next to a baseline measured in the same run, because on a
shared machine only ratios mean much. Peak memory is measured by running the
operation once in a fresh child process and reading its peak resident set size.
"""

from __future__ import annotations

import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

HERE = Path(__file__).resolve().parent


@attrs.frozen
class Timing:
    """The median of several timed runs, and how many units of work each run did."""

    median_seconds: float
    runs: int
    work: int

    @property
    def rate(self) -> float:
        """Units of work per second at the median."""
        return self.work / self.median_seconds


def time_runs(
    operation: Callable[[], int], *, runs: int, setup: Callable[[], None] | None = None
) -> Timing:
    """Run ``setup`` (untimed) then ``operation`` (timed) ``runs`` times.

    ``operation`` returns the units of work it did (events, typically); every run
    must do the same amount.
    """
    seconds: list[float] = []
    work: set[int] = set()
    for _ in range(runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        work.add(operation())
        seconds.append(time.perf_counter() - start)
    if len(work) != 1:
        raise RuntimeError(f"runs did different amounts of work: {sorted(work)}")
    return Timing(statistics.median(seconds), runs, work.pop())


def peak_memory_mb(case: str, arguments: dict[str, object]) -> float | None:
    """Peak resident memory (MB) of a child process that runs ``case`` once.

    The child runs ``python benchmarks/probe.py CASE JSON`` and reports its own
    peak RSS, so the figure includes the interpreter and imported libraries. A
    probe that fails prints why and is reported as not measured (``None``): one
    flaky child must not lose an hour of timings.
    """
    result = child_json(
        [str(HERE / "probe.py"), case, json.dumps(arguments)], f"memory probe {case}"
    )
    return None if result is None else float(result["peak_mb"])


def child_json(arguments: Sequence[str], what: str) -> dict[str, Any] | None:
    """Run ``python ARGUMENTS`` in a child process and read the JSON object on the last
    line of its output. A child that fails prints why (naming it as ``what``) to stderr
    and gives ``None``, so one flaky child does not end the whole measurement."""
    child = subprocess.run(
        [sys.executable, *arguments], capture_output=True, text=True, check=False
    )
    if child.returncode != 0:
        print(
            f"{what} failed (exit {child.returncode}):\n{child.stderr}",
            file=sys.stderr,
            flush=True,
        )
        return None
    result: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return result


def own_peak_mb() -> float:
    """This process's peak resident memory so far, in MB.

    Read from ``VmHWM`` in ``/proc/self/status``, which starts afresh when a
    program is executed; ``getrusage``'s ``ru_maxrss`` on Linux carries the
    parent's peak across ``fork`` and ``exec``, so a probe would report at least
    what the benchmark runner held.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    """A one-line description of the machine the benchmark ran on."""
    cpus = _cpu_model()
    cores = _count("processor")
    memory = _memory_gib()
    return (
        f"{cpus}, {cores} cores, {memory:.0f} GiB RAM; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}"
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _count(field: str) -> int:
    try:
        return sum(
            1 for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith(field)
        )
    except OSError:
        return 0


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0
