"""Pages per second of the command line with ``--jobs 1`` and ``--jobs 2``, and how well it scales.

Writes N copies of the benchmark pages (the seed, the corpus pages, Simorgh pages; see
``inputs.py``) into a temporary directory, each copy with a unique trailing comment, then
runs ``newsparse parse DIR --jobs J`` for every J, alternating the order every round so
machine load hits all settings alike. Pages per second are given twice, as medians over
the rounds: wall-clock figures of the whole command (interpreter start, reading files,
writing JSON Lines to a pipe that is discarded), as a user sees them, and the figure the
command prints in its own summary line. Scaling efficiency is
``(pages/s with J jobs) / (J * pages/s with 1 job)``; 100% is perfectly linear.

Run from the project root::

    python benchmarks/bench_jobs.py              # about 1,000 pages, 3 rounds
    python benchmarks/bench_jobs.py --quick      # about 60 pages, 1 round (smoke test)

On a machine shared with other work the efficiency is a lower bound: a second process
only helps when a second core is free. So every round also measures how much faster J
busy-loop processes run than one on this machine at that moment (the ceiling for any
program), and the speed-up is also given as a share of that ceiling.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from inputs import Input, load_inputs, varied

#: Below this efficiency the scaling is not "near-linear" (issue 5).
TARGET_EFFICIENCY = 0.8
#: The rate in the command's summary line ("... in 0.43 s (133.9 pages/s)").
_OWN_RATE = re.compile(r"\(([\d.]+) pages/s\)")


def cli(*args: str) -> list[str]:
    """The ``newsparse`` command run by this interpreter (no reliance on PATH)."""
    return [sys.executable, "-m", "newsparse.cli", *args]


def jobs_supported() -> bool:
    """Whether ``newsparse parse`` offers ``--jobs`` yet."""
    done = subprocess.run(cli("parse", "--help"), capture_output=True, text=True, check=False)
    return "--jobs" in done.stdout


def _burn(units: int) -> int:
    total = 0
    for i in range(units):
        total += i * i
    return total


def machine_speedup(jobs: int, units: int = 4_000_000) -> float:
    """How much faster ``jobs`` processes run ``jobs`` equal pure-Python loops than one
    process runs them in turn, right now: the most any program can scale on this machine
    at this moment (on a machine shared with other work, well under ``jobs``)."""
    start = time.perf_counter()
    for _ in range(jobs):
        _burn(units)
    serial = time.perf_counter() - start
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(jobs) as pool:
        pool.map(_burn, [1] * jobs)  # start the workers before timing
        start = time.perf_counter()
        pool.map(_burn, [units] * jobs, chunksize=1)
        parallel = time.perf_counter() - start
    return serial / parallel


def write_copies(inputs: list[Input], copies: int, folder: Path) -> int:
    """``copies`` varied copies of every input as .html files; returns how many were written.

    The seed's capture envelope carries its URL; corpus pages carry a canonical link.
    """
    written = 0
    for n in range(copies):
        for page in inputs:
            (folder / f"{n:04d}-{page.name}.html").write_bytes(varied(page.data, written))
            written += 1
    return written


def run_once(folder: Path, jobs: int) -> tuple[float, int, str]:
    """(wall seconds, JSON lines written, the command's last stderr line) for one run."""
    start = time.perf_counter()
    done = subprocess.run(
        cli("parse", str(folder), "--jobs", str(jobs)), capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1 means "some inputs failed", which is reported below
        raise SystemExit(
            f"`newsparse parse --jobs {jobs}` exited with {done.returncode}:\n{done.stderr[-2000:]}"
        )
    lines = sum(1 for line in done.stdout.splitlines() if line.strip())
    last = next((line for line in reversed(done.stderr.splitlines()) if line.strip()), "")
    return elapsed, lines, last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="3 copies, 1 round")
    parser.add_argument("--copies", type=int, help="copies of every page (default 50, quick 3)")
    parser.add_argument("--rounds", type=int, help="runs of every setting (default 3, quick 1)")
    parser.add_argument("--jobs", default="1,2", help="comma-separated settings to compare (default 1,2)")
    args = parser.parse_args(argv)
    copies = args.copies or (3 if args.quick else 50)
    rounds = args.rounds or (1 if args.quick else 3)
    settings = [int(value) for value in args.jobs.split(",")]

    if not jobs_supported():
        print("`newsparse parse` has no --jobs option yet: nothing to measure")
        return 2
    inputs, notes = load_inputs()
    for note in notes:
        print(f"note: {note}")
    with tempfile.TemporaryDirectory(prefix="newsparse-bench-") as tmp:
        folder = Path(tmp)
        total = write_copies(inputs, copies, folder)
        size = sum(len(page.data) for page in inputs) * copies / 1024 / 1024
        print(
            f"{total} pages ({copies} copies of {len(inputs)}; {size:.1f} MB), {rounds} round(s), "
            f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}"
        )
        walls: dict[int, list[float]] = {jobs: [] for jobs in settings}
        own: dict[int, list[float]] = {jobs: [] for jobs in settings}
        ceilings: dict[int, list[float]] = {jobs: [] for jobs in settings if jobs > 1}
        for round_ in range(rounds):
            for jobs in settings if round_ % 2 == 0 else settings[::-1]:
                elapsed, lines, last = run_once(folder, jobs)
                walls[jobs].append(elapsed)
                said = _OWN_RATE.search(last)
                if said:
                    own[jobs].append(float(said.group(1)))
                print(f"  --jobs {jobs}: {elapsed:.2f} s, {lines} JSON lines; newsparse says: {last}")
            for jobs in ceilings:
                ceilings[jobs].append(machine_speedup(jobs))
    print()
    ceiling = {jobs: statistics.median(values) for jobs, values in ceilings.items()}
    for jobs, value in ceiling.items():
        print(f"this machine right now: {jobs} busy-loop processes run {value:.2f}x as fast as one")
    rates = {jobs: total / statistics.median(values) for jobs, values in walls.items()}
    print_scaling("wall clock, interpreter start included", rates, len(walls[settings[0]]), ceiling)
    said = {jobs: statistics.median(values) for jobs, values in own.items() if values}
    if len(said) == len(settings):
        print_scaling("the command's own summary line", said, len(own[settings[0]]), ceiling)
    return 0


def print_scaling(what: str, rates: dict[int, float], runs: int, ceiling: dict[int, float]) -> None:
    """Pages per second per setting, with speed-up and efficiency against ``--jobs 1``,
    and the speed-up as a share of what the machine itself delivered meanwhile."""
    print(f"pages per second, {what} (median of {runs} run(s)):")
    base = rates.get(1)
    for jobs, rate in rates.items():
        line = f"  --jobs {jobs}: {rate:.1f} pages/s"
        if base and jobs != 1:
            speedup = rate / base
            efficiency = speedup / jobs
            met = "met" if efficiency >= TARGET_EFFICIENCY else "NOT met"
            line += (
                f"; speed-up {speedup:.2f}x, scaling efficiency {efficiency:.0%} "
                f"(target near-linear, >= {TARGET_EFFICIENCY:.0%}: {met})"
            )
            if ceiling.get(jobs):
                line += f"; {speedup / ceiling[jobs]:.0%} of the machine's own speed-up"
        print(line)


if __name__ == "__main__":
    sys.exit(main())
