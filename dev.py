#!/usr/bin/env python3
"""Bootstrap and run Hejsan with nothing but Python 3.11 installed.

    python3 dev.py run     # the service on embedded defaults (SQLite, simulator, demo data)
    python3 dev.py test    # the whole test suite (ruff, mypy and pytest)
    python3 dev.py hejsan seniors list   # any `hejsan` command

To type `hejsan` directly, put the project's .venv on your PATH:
    export PATH="$PWD/.venv/bin:$PATH"

It creates `.venv` on first use and reinstalls when pyproject.toml changes.
Extra arguments after `test` go to pytest (one run, as given); after `run`,
to `hejsan serve`. Without them, `test` runs the suite in three parts: every
test but the browser and reliability suites spread over the machine's cores
(pytest-xdist); then the browser tests, which share one server in order; then
the reliability suite alone, whose timings need the machine to itself.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".hejsan-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def _python() -> Path:
    return BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_venv() -> None:
    """Create .venv and install the project with its dev extras, once per pyproject."""
    if sys.version_info < (3, 11):  # noqa: UP036 - a clear message on an old Python
        sys.exit(f"Hejsan needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and _python().exists():
        return
    if not _python().exists():
        print("Skapar .venv / creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installerar beroenden / installing dependencies ...", flush=True)
    pip = [str(_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[dev,postgres]"], check=True)
    STAMP.write_text(wanted)


def run(cmd: list[str]) -> int:
    return subprocess.call(cmd, cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "lint", "hejsan"}:
        print(__doc__)
        return 2
    ensure_venv()
    command, rest = argv[0], argv[1:]
    if command == "run":
        return run([str(BIN / "hejsan"), "serve", *rest])
    if command == "hejsan":
        return subprocess.call([str(BIN / "hejsan"), *rest])  # in the caller's folder
    lint = (
        run([str(BIN / "ruff"), "check", "."])
        or run([str(BIN / "ruff"), "format", "--check", "."])
        or run([str(BIN / "mypy")])
    )
    if command == "lint" or lint:
        return lint
    pytest = [str(_python()), "-m", "pytest"]
    if rest:
        return run([*pytest, *rest])
    workers = str(max(1, min(os.cpu_count() or 1, 4)))
    spread = [*pytest, "-n", workers, "-m", "not reliability", "--ignore", "tests/browser"]
    # The browser tests share one server and its data, in order; the
    # reliability suite's timings need the machine: each runs alone after.
    return run(spread) or run([*pytest, "tests/browser"]) or run([*pytest, "-m", "reliability"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
