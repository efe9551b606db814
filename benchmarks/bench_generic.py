"""Body text of the generic extractor against trafilatura, on trafilatura's own benchmark.

The development set is ``generic-dev/`` of the reference corpus (``NEWSPARSE_CORPUS``,
default ``../shared/corpus``): 990 saved pages, each with snippets a correct main-text
extraction must contain ("with") and must not contain ("without"). It is scored the way
upstream scores it (``generic-dev/README.md``): whitespace collapsed in output and
snippet, a snippet matches when it is an exact substring; a found "with" is a true
positive, a missing one a false negative, a found "without" a false positive; counts are
summed over all pages. An empty result (or ``NoContentError``) scores every "with" as
missed.

Both tools get the page's raw bytes and decode them themselves:

- newsparse: ``newsparse.api.extract(data, url=key, extractor="generic")`` — the generic
  extractor forced (no site plugin), scored on ``article.text`` (paragraphs, headings,
  quotes, list items: the running text; captions, credits and link lists are structure
  and stay out of it) with the words of embedded posts (``embed`` blocks: tweets,
  Instagram/Facebook posts) at their place: the set's snippets count a post quoted in a
  story as its text, as trafilatura reads it, while newsparse keeps it as an embed block;
- trafilatura: ``trafilatura.extract(data, url=key)`` with its default settings;
- a bare ``lxml.html.fromstring(data)`` of the same bytes, the floor of any lxml-based tool.

The three are timed page by page in one process, in an order that reverses every page.
Also printed: the same scores on the odd and the even pages separately (a rule fitted to
some pages shows as a gap between the halves), empty results and pages empty where the
other tool returns text, and titles and dates against the evaldata's ``title``/``date``
fields where they are filled (title equal after whitespace normalisation; the published
day equal).

``--save FILE`` writes every page's result as JSON, ``--compare FILE`` prints what changed
against such a file (pages whose F1 contributions, titles or dates changed).
``--traf-cache DIR`` keeps trafilatura's output and time per page in DIR so repeated
development runs skip it (the timing shown is then the cached one, and says so).

Run from the project root::

    python benchmarks/bench_generic.py            # the whole set (a few minutes)
    python benchmarks/bench_generic.py --quick    # 20 pages (smoke test)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html

import newsparse
from newsparse.api import extract
from newsparse.errors import NewsparseError
from newsparse.model import Article, Embed, Heading, ListBlock, Paragraph, Quote

ROOT = Path(__file__).resolve().parent.parent
_SPACE = re.compile(r"\s+")


def corpus_dir() -> Path:
    return Path(os.environ.get("NEWSPARSE_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()


def squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    empty: int = 0
    seconds: float = 0.0
    pages: int = 0

    def add(self, other: Score) -> None:
        for name in ("tp", "fn", "fp", "tn", "empty", "seconds", "pages"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fn + self.fp + self.tn
        return (self.tp + self.tn) / total if total else 0.0


def score(output: str, entry: dict[str, Any]) -> Score:
    text = squash(output)
    result = Score(pages=1, empty=int(not text))
    for snippet in entry["with"]:
        if text and squash(snippet) in text:
            result.tp += 1
        else:
            result.fn += 1
    for snippet in entry["without"]:
        if text and squash(snippet) in text:
            result.fp += 1
        else:
            result.tn += 1
    return result


@dataclass
class PageResult:
    key: str
    text: str = ""
    title: str | None = None
    published: str | None = None
    seconds: float = 0.0
    error: str | None = None
    score: dict[str, int] = field(default_factory=dict)


def run_newsparse(data: bytes, key: str) -> PageResult:
    url = key if key.startswith(("http://", "https://")) else None
    started = time.perf_counter()
    try:
        article = extract(data, url=url, extractor="generic").article
    except NewsparseError as exc:
        return PageResult(key, seconds=time.perf_counter() - started, error=type(exc).__name__)
    seconds = time.perf_counter() - started
    published = article.published.date().isoformat() if article.published else None
    return PageResult(key, body_text(article), article.title, published, seconds)


def body_text(article: Article) -> str:
    """``article.text`` with each embedded post's words on a line at its place."""
    lines: list[str] = []
    for block in article.body:
        if isinstance(block, (Paragraph, Heading, Quote)):
            lines.append(block.text)
        elif isinstance(block, ListBlock):
            lines.extend(block.items)
        elif isinstance(block, Embed) and block.text:
            lines.append(block.text)
    return "\n".join(lines)


def load_trafilatura() -> Callable[[bytes, str], str] | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def run(data: bytes, key: str) -> str:
        url = key if key.startswith(("http://", "https://")) else None
        return trafilatura.extract(data, url=url) or ""

    return run


def cached_trafilatura(
    run: Callable[[bytes, str], str] | None, cache: Path | None, data: bytes, key: str
) -> tuple[str, float, bool] | None:
    """trafilatura's text and time for one page, from the cache when it has them."""
    path = cache / (hashlib.sha1(key.encode()).hexdigest() + ".json") if cache else None
    if path is not None and path.exists():
        saved = json.loads(path.read_text(encoding="utf-8"))
        return saved["text"], saved["seconds"], True
    if run is None:
        return None
    started = time.perf_counter()
    try:
        text = run(data, key)
    except Exception as exc:  # a crash scores as an empty result, as upstream scores it
        print(f"  trafilatura failed on {key}: {exc!r}", file=sys.stderr)
        text = ""
    seconds = time.perf_counter() - started
    if path is not None:
        path.write_text(json.dumps({"text": text, "seconds": seconds}), encoding="utf-8")
    return text, seconds, False


def bare_lxml(data: bytes) -> float:
    started = time.perf_counter()
    lxml.html.fromstring(data)
    return time.perf_counter() - started


def row(name: str, s: Score, lxml_seconds: float) -> str:
    per_page = s.seconds / s.pages * 1000 if s.pages else 0.0
    ratio = s.seconds / lxml_seconds if lxml_seconds else 0.0
    return (
        f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.accuracy:.3f} | {s.f1:.3f} | {s.empty} |"
        f" {per_page:.1f} ms | {ratio:.1f}x |"
    )


def same_title(found: str | None, expected: str) -> bool:
    return found is not None and squash(found).casefold() == squash(expected).casefold()


def metadata_lines(entries: dict[str, dict[str, Any]], results: dict[str, PageResult]) -> list[str]:
    titles = [(results[k].title, e["title"]) for k, e in entries.items() if e.get("title")]
    dates = [(results[k].published, e["date"]) for k, e in entries.items() if e.get("date")]
    title_equal = sum(same_title(found, expected) for found, expected in titles)
    title_missing = sum(not found for found, _ in titles)
    date_equal = sum(found == expected for found, expected in dates)
    date_missing = sum(not found for found, _ in dates)
    return [
        f"titles: {title_equal} of {len(titles)} equal to the evaldata title"
        f" ({title_missing} missing, {len(titles) - title_equal - title_missing} different)",
        f"dates:  {date_equal} of {len(dates)} published days equal to the evaldata date"
        f" ({date_missing} missing, {len(dates) - date_equal - date_missing} different)",
    ]


def compare(previous_path: Path, entries: dict[str, dict[str, Any]], results: dict[str, PageResult]) -> None:
    previous = {r["key"]: r for r in json.loads(previous_path.read_text(encoding="utf-8"))}
    print(f"\nchanges against {previous_path}:")
    for key, now in results.items():
        before = previous.get(key)
        if before is None:
            continue
        notes = []
        if before["score"] != now.score:
            old, new = before["score"], now.score
            notes.append(f"tp {old['tp']}->{new['tp']} fp {old['fp']}->{new['fp']}")
        expected = entries[key]
        if expected.get("title") and same_title(before["title"], expected["title"]) != same_title(
            now.title, expected["title"]
        ):
            notes.append(f"title {before['title']!r} -> {now.title!r}")
        if before["published"] != now.published:
            notes.append(f"published {before['published']} -> {now.published}")
        if notes:
            print(f"  {entries[key]['file']}: " + "; ".join(notes))


def halves(keys: Iterable[str], scores: dict[str, Score]) -> tuple[Score, Score]:
    odd, even = Score(), Score()
    for index, key in enumerate(keys):
        (odd if index % 2 == 0 else even).add(scores[key])
    return odd, even


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="the first 20 pages only")
    parser.add_argument("--limit", type=int, help="the first N pages only")
    parser.add_argument("--no-trafilatura", action="store_true", help="leave trafilatura out")
    parser.add_argument("--traf-cache", type=Path, metavar="DIR", help="cache trafilatura's output here")
    parser.add_argument("--save", type=Path, metavar="FILE", help="write every page's result as JSON")
    parser.add_argument("--compare", type=Path, metavar="FILE", help="print changes against a --save file")
    args = parser.parse_args()

    folder = corpus_dir() / "generic-dev"
    if not (folder / "evaldata.json").exists():
        print(f"no development set at {folder} (set NEWSPARSE_CORPUS): nothing to measure")
        return 0
    entries: dict[str, dict[str, Any]] = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    limit = 20 if args.quick else args.limit
    if limit:
        entries = dict(list(entries.items())[:limit])

    traf = None if args.no_trafilatura else load_trafilatura()
    if args.no_trafilatura:
        print("trafilatura: left out (--no-trafilatura)")
    elif traf is None:
        print(
            "trafilatura: NOT INSTALLED - newsparse is scored alone (pip install trafilatura lxml_html_clean)"
        )
    if args.traf_cache:
        args.traf_cache.mkdir(parents=True, exist_ok=True)

    np_results: dict[str, PageResult] = {}
    np_scores: dict[str, Score] = {}
    traf_scores: dict[str, Score] = {}
    lxml_seconds = 0.0
    traf_cached = 0
    both_empty_np = 0
    for index, (key, entry) in enumerate(entries.items()):
        data = (folder / "pages" / entry["file"]).read_bytes()
        # Alternate the order so drift in machine load hits every subject alike.
        if index % 2:
            lxml_seconds += bare_lxml(data)
            result = run_newsparse(data, key)
            traf_out = (
                cached_trafilatura(traf, args.traf_cache, data, key) if traf or args.traf_cache else None
            )
        else:
            traf_out = (
                cached_trafilatura(traf, args.traf_cache, data, key) if traf or args.traf_cache else None
            )
            result = run_newsparse(data, key)
            lxml_seconds += bare_lxml(data)
        np_score = score(result.text, entry)
        np_score.seconds = result.seconds
        result.score = {k: getattr(np_score, k) for k in ("tp", "fn", "fp", "tn")}
        np_results[key] = result
        np_scores[key] = np_score
        if traf_out is not None:
            text, seconds, cached = traf_out
            traf_cached += cached
            traf_score = score(text, entry)
            traf_score.seconds = seconds
            traf_scores[key] = traf_score
            if np_score.empty and not traf_score.empty:
                both_empty_np += 1

    total_np = Score()
    for s in np_scores.values():
        total_np.add(s)
    print(
        f"bench_generic: {len(entries)} pages of {folder}; {date.today().isoformat()};"
        f" newsparse {newsparse.__version__}, lxml {lxml.etree.__version__},"  # type: ignore[attr-defined]
        f" Python {platform.python_version()}"
    )
    print("| tool | precision | recall | accuracy | F1 | empty | time/page | vs lxml |")
    print("|---|---|---|---|---|---|---|---|")
    print(row("newsparse generic", total_np, lxml_seconds))
    total_traf = Score()
    if traf_scores:
        for s in traf_scores.values():
            total_traf.add(s)
        import trafilatura

        note = f" ({traf_cached} pages timed earlier, from the cache)" if traf_cached else ""
        print(row(f"trafilatura {trafilatura.__version__}", total_traf, lxml_seconds) + note)
    print(f"| bare lxml parse | | | | | | {lxml_seconds / max(len(entries), 1) * 1000:.1f} ms | 1.0x |")
    if traf_scores and total_np.seconds:
        print(f"\nnewsparse is {total_traf.seconds / total_np.seconds:.2f}x faster than trafilatura")
        traf_empty_np = sum(1 for k, s in traf_scores.items() if s.empty and not np_scores[k].empty)
        print(
            f"pages empty in newsparse where trafilatura returns text: {both_empty_np};"
            f" empty in trafilatura where newsparse returns text: {traf_empty_np}"
        )
    print("\nheld-out check (F1 on odd / even pages of the set):")
    odd, even = halves(entries, np_scores)
    print(f"  newsparse   odd {odd.f1:.3f}  even {even.f1:.3f}")
    if len(traf_scores) == len(np_scores):
        odd, even = halves(entries, traf_scores)
        print(f"  trafilatura odd {odd.f1:.3f}  even {even.f1:.3f}")
    print("\nmetadata of the generic extractor:")
    for line in metadata_lines(entries, np_results):
        print("  " + line)
    failures = [r for r in np_results.values() if r.error]
    if failures:
        print(
            f"\nnewsparse errors: {len(failures)}: "
            + ", ".join(f"{r.key} ({r.error})" for r in failures[:10])
        )
    if args.save:
        args.save.write_text(
            json.dumps([asdict(r) for r in np_results.values()], ensure_ascii=False), "utf-8"
        )
    if args.compare:
        compare(args.compare, entries, np_results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
