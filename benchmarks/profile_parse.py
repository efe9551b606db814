"""Where ``newsparse.parse`` spends its time on one page: a cProfile of many parses.

Picks the benchmark pages whose name contains TEXT (default: the seed), parses each
``--runs`` times under cProfile after a warm-up, and prints the functions with the most
time of their own and the most cumulative time.

Run from the project root::

    python benchmarks/profile_parse.py                   # the seed
    python benchmarks/profile_parse.py world-54113945    # a Simorgh story page
    python benchmarks/profile_parse.py seed --runs 2000 --top 40
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys

from inputs import load_inputs

import newsparse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("text", nargs="?", default="seed", help="pick pages whose name contains TEXT")
    parser.add_argument("--runs", type=int, default=500, help="parses per page under the profiler")
    parser.add_argument("--top", type=int, default=25, help="functions listed per table")
    args = parser.parse_args(argv)

    pages = [page for page in load_inputs()[0] if args.text in page.name]
    if not pages:
        print(f"no benchmark page name contains {args.text!r}")
        return 2
    for page in pages:
        for _ in range(20):
            newsparse.parse(page.data, url=page.url)
    profile = cProfile.Profile()
    profile.enable()
    for page in pages:
        for _ in range(args.runs):
            newsparse.parse(page.data, url=page.url)
    profile.disable()
    print(f"profiled {args.runs} parses of: {', '.join(page.name for page in pages)}")
    stats = pstats.Stats(profile, stream=sys.stdout).strip_dirs()
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
