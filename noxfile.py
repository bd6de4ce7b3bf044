"""Project sessions: ``nox -s tests lint typecheck docs demo`` (and ``bench``, ``interop``,
``revisions``)."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "docs"]
nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True

PYTHON = "3.11"


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (PostgreSQL tests skip outside CI when no server answers)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff>=0.8")
    session.run("ruff", "check", "src", "tests", "examples", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "examples", "benchmarks", "noxfile.py")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict over src/ (with the optional extras whose code it checks)."""
    session.install("-e", ".[postgres,encryption,frames]", "mypy>=1.13", "lxml-stubs>=0.5")
    session.run("mypy", "--strict", "src/journeys")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the documentation with mkdocs --strict."""
    session.install("-e", ".[docs]")
    session.run("mkdocs", "build", "--strict", "--site-dir", "site")


@nox.session(python=PYTHON)
def interop(session: nox.Session) -> None:
    """Agreement with PM4Py on the shared logs (PM4Py is AGPL: test-only, never a dependency)."""
    session.install("-e", ".[test]", "pm4py")
    session.run("pytest", "-m", "interop", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """The benchmark suite; writes docs/performance.md (long: pass --sizes 100000 to shorten),
    then times the adversarial logs' imports and prints their peak memory (the figures
    of the page's adversarial-logs section), then times comparing two designs on 10,000
    citizens x 20 replications (benchmarks/compare_designs.py)."""
    session.install("-e", ".[test]", "pm4py", "pandas")
    session.run("python", "benchmarks/run.py", *session.posargs)
    session.run("python", "benchmarks/adversarial_xes.py")
    session.run("python", "benchmarks/compare_designs.py")


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """Run the main demo on the embedded SQLite default."""
    session.install("-e", ".")
    session.run("journeys", "demo", *session.posargs)


@nox.session(python=PYTHON)
def revisions(session: nox.Session) -> None:
    """Two revisions side by side: batch analysis and catch-up rates (pass BASE [HEAD])."""
    session.install("-e", ".")
    session.run("python", "benchmarks/revisions.py", *session.posargs)
