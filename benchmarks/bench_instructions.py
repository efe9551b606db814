"""Instructions per parse, newsparse against a bare lxml parse, counted by valgrind.

Timings on a shared machine drift by a factor of two within minutes; instruction counts do
not. This script runs a child interpreter under ``valgrind --tool=callgrind`` that parses a
page N times, and again with N = 0, and divides the difference by N: the instructions one
call executes, start-up and imports excluded. It does so for ``newsparse.parse`` and for
``lxml.html.fromstring`` of the same bytes and prints the ratio.

Instructions are not time: libxml2's C loops run several instructions per cycle, the Python
interpreter far fewer, so newsparse's ratio in time (``bench_speed.py``) is higher than its
ratio in instructions. The count is the steady measure for comparing two versions of the
code; the time ratio is the one the targets are judged by.

Run from the project root (needs ``valgrind`` on PATH; about 20 s a page)::

    python benchmarks/bench_instructions.py               # the seed
    python benchmarks/bench_instructions.py --only world  # pages whose name contains TEXT
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from inputs import SEED, load_inputs

# The child: read the page, parse it once (imports, caches, first-use work), then N times.
_CHILD = """
import sys
import lxml.html
import newsparse
data = open(sys.argv[1], "rb").read()
url = sys.argv[2] or None
subject = sys.argv[3]
runs = int(sys.argv[4])
if subject == "newsparse":
    call = lambda: newsparse.parse(data, url=url)
else:
    call = lambda: lxml.html.fromstring(data)
call()
for _ in range(runs):
    call()
"""

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions(child: Path, page: Path, url: str | None, subject: str, runs: int) -> int:
    """Instructions the child executes in all (callgrind's "Collected" total)."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        str(child),
        str(page),
        url or "",
        subject,
        str(runs),
    ]
    # A fixed hash seed: string hashing decides dict and set layouts, which moves the count.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def per_call(child: Path, page: Path, url: str | None, subject: str, runs: int) -> float:
    """Instructions of one call: (N calls - 0 calls) / N."""
    return (instructions(child, page, url, subject, runs) - instructions(child, page, url, subject, 0)) / runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", metavar="TEXT", help="pages whose name contains TEXT (default: the seed)")
    parser.add_argument("--runs", type=int, default=20, help="parses counted per subject (default 20)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind not found on PATH: instruction counts not measured (apt install valgrind)")
        return 0
    inputs, notes = load_inputs(quick=args.only is None)
    pages = [p for p in inputs if (args.only in p.name if args.only else p.kind == "seed")]
    for note in notes:
        print(f"note: {note}")
    if not pages:
        print(f"no benchmark page name contains {args.only!r}")
        return 2
    print(f"instructions per call, {args.runs} calls counted (callgrind; PYTHONHASHSEED=0)")
    print(f"{'page':<58} {'lxml':>10} {'newsparse':>11} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        child = Path(tmp) / "child.py"
        child.write_text(_CHILD)
        for page in pages:
            data = Path(tmp) / "page"
            data.write_bytes(page.data)
            bare = per_call(child, data, page.url, "lxml", args.runs)
            ours = per_call(child, data, page.url, "newsparse", args.runs)
            print(f"{page.name:<58} {bare / 1000:>9.0f}k {ours / 1000:>10.0f}k {ours / bare:>6.2f}x")
    if SEED.exists() and not any(p.kind == "seed" for p in pages):
        print("(the seed was not among the pages: run without --only to count it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
