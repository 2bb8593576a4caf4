"""How fast `hejsan seniors list --json` and `hejsan seniors show ID` answer.

    .venv/bin/python bench/bench_cli_start.py [--runs 5] [--seniors 1000] [--compare DIR]

Issue #14's target: a list or show command answers in 0.5 s or less. Runs
the installed `hejsan` as a coordinator would, in a folder with its
hejsan.toml, on the demo data (4 seniors) and on a municipal list of
`--seniors` people; prints the median wall time and the median CPU time of
the child (user + system, less disturbed when other work shares the cores).
`--compare DIR` also runs the command line of another checkout (e.g. the
previous commit), interleaved run by run, so both see the same load.

Every run finds its bytecode cached, as an installed `hejsan` does (pip
compiles it when installing): the first, unmeasured run of each checkout
writes it to a folder of the benchmark's own (PYTHONPYCACHEPREFIX), even
where PYTHONDONTWRITEBYTECODE is set. Earlier figures in bench/RESULTS.md
were taken with it set, so each run compiled our own modules anew (about
30 ms of CPU more).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.core.config import load_config
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.events.demo_seed import seed_demo
from bot.people.directory import Role
from bot.people.list_import import import_people

HEJSAN = Path(sys.executable).parent / "hejsan"


def make_csv(rows: int) -> bytes:
    """A municipal list: name, mobile, language, tag (as bench_import.py)."""
    lines = ["Namn;Telefon;Språk;Taggar"]
    for i in range(rows):
        lines.append(f"Person {i};070-{i // 10000 % 10}{i % 10000:04d}{i // 10000 % 10}0;sv;tyresö")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


async def fill(folder: Path, seniors: int) -> None:
    """A migrated database with the demo data, or `seniors` imported people."""
    url = f"sqlite:///{folder / 'hejsan.db'}"
    (folder / "hejsan.toml").write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    database = Database(url)
    await database.migrate()
    try:
        async with database.transaction() as session:
            if seniors:
                await import_people(session, Role.SENIOR, make_csv(seniors))
            else:
                shell = build_shell(load_config(folder / "hejsan.toml"))
                await seed_demo(session, shell)
    finally:
        await database.close()


def timed(
    folder: Path, args: list[str], pycache: Path, source: Path | None = None
) -> tuple[float, float]:
    """(wall seconds, child CPU seconds) of one `hejsan ARGS` in `folder`, with
    the code of the checkout `source` when given, its bytecode kept in `pycache`."""
    unset = ("HEJSAN_CONFIG", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    command = [str(HEJSAN), *args]
    if source is not None:
        env["PYTHONPATH"] = str(source)
        command = [sys.executable, "-c", "from bot.cli import app; app(prog_name='hejsan')", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=folder, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(
    label: str, folder: Path, args: list[str], runs: int, other: Path | None, pycache: Path
) -> None:
    sources: list[Path | None] = [None] if other is None else [None, other]
    results: dict[Path | None, list[tuple[float, float]]] = {source: [] for source in sources}
    for source in sources:
        timed(folder, args, pycache, source)  # warm the file cache, write the bytecode
    for _ in range(runs):
        for source in sources:
            results[source].append(timed(folder, args, pycache, source))
    for source, found in results.items():
        wall = statistics.median(r[0] for r in found)
        cpu = statistics.median(r[1] for r in found)
        shown = f"{label} [{source}]" if source else label
        print(f"{shown:<34} median wall {wall:.2f} s, CPU {cpu:.2f} s ({runs} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seniors", type=int, default=1000)
    parser.add_argument("--compare", type=Path, help="another checkout to run alongside")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as pycache:
        for size, label in ((0, "demo data"), (options.seniors, f"{options.seniors} seniors")):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                asyncio.run(fill(folder, size))
                for args in (["seniors", "list", "--json"], ["seniors", "show", "1"]):
                    name = f"{' '.join(args)}, {label}"
                    measure(name, folder, args, options.runs, options.compare, Path(pycache))


if __name__ == "__main__":
    main()
