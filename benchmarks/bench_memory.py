"""Memory stays flat over a long run: peak RSS growth while parsing many pages in one process.

Cycles through the benchmark pages (the seed, the corpus pages, Simorgh pages; see
``inputs.py``), each time with a unique trailing comment so no cache anywhere can serve
a stored result, and calls ``newsparse.parse`` on each, as a crawler would. Results are
dropped at once (a crawler writes them out). After a warm-up (imports, compiled
selectors and the like are allocated once), the peak resident set size is read from
``/proc/self/status`` (``VmHWM``; ``resource.getrusage`` where /proc is absent); the growth
of that peak over the measured pages is the result. Target (issue 5): less than 50 MB
over 20,000 pages.

Run from the project root::

    python benchmarks/bench_memory.py            # 20,000 pages after 200 warm-up pages
    python benchmarks/bench_memory.py --quick    # 600 pages after 100 (smoke test)
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from pathlib import Path

from inputs import load_inputs, varied

import newsparse

#: Largest acceptable growth of the peak RSS over the measured pages (issue 5).
TARGET_MB = 50.0
_STATUS = Path("/proc/self/status")


def memory_mb() -> tuple[float, float]:
    """(current RSS, peak RSS) of this process in MB."""
    if _STATUS.is_file():
        fields = dict(
            line.split(":", 1)
            for line in _STATUS.read_text().splitlines()
            if line.startswith(("VmRSS", "VmHWM"))
        )
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    if sys.platform == "darwin":  # bytes on macOS
        peak /= 1024
    return peak, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="600 pages after 100 warm-up pages")
    parser.add_argument("--pages", type=int, help="measured pages (default 20000, quick 600)")
    parser.add_argument(
        "--warmup", type=int, help="pages parsed before the baseline (default 200, quick 100)"
    )
    parser.add_argument("--checkpoints", type=int, default=10, help="progress lines printed (default 10)")
    args = parser.parse_args(argv)
    pages = args.pages or (600 if args.quick else 20_000)
    warmup = args.warmup if args.warmup is not None else (100 if args.quick else 200)

    inputs, notes = load_inputs()
    for note in notes:
        print(f"note: {note}")
    print(f"{len(inputs)} distinct pages, cycled; {warmup} warm-up pages, then {pages} measured pages")

    counter = 0
    failures: dict[str, str] = {}

    def parse_next() -> None:
        nonlocal counter
        page = inputs[counter % len(inputs)]
        data = varied(page.data, counter)
        counter += 1
        try:
            newsparse.parse(data, url=page.url)
        except newsparse.NewsparseError as exc:  # errors are part of a crawl; keep going
            failures.setdefault(page.name, f"{type(exc).__name__}: {exc}")

    for _ in range(warmup):
        parse_next()
    gc.collect()
    rss0, peak0 = memory_mb()
    print(f"after warm-up: RSS {rss0:.1f} MB, peak {peak0:.1f} MB")
    step = max(1, pages // max(1, args.checkpoints))
    start = time.perf_counter()
    for done in range(1, pages + 1):
        parse_next()
        if done % step == 0 or done == pages:
            rss, peak = memory_mb()
            rate = done / (time.perf_counter() - start)
            print(
                f"  {done:>6} pages: RSS {rss:.1f} MB (+{rss - rss0:.1f}), "
                f"peak {peak:.1f} MB (+{peak - peak0:.1f}), {rate:.0f} pages/s"
            )
    elapsed = time.perf_counter() - start
    rss, peak = memory_mb()
    growth = peak - peak0
    for name, error in sorted(failures.items()):
        print(f"note: newsparse failed on {name}: {error}")
    print(
        f"peak RSS growth over {pages} pages: {growth:.1f} MB "
        f"(target < {TARGET_MB:g} MB: {'met' if growth < TARGET_MB else 'NOT met'}); "
        f"RSS growth {rss - rss0:.1f} MB; {pages / elapsed:.0f} pages/s in one process"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
