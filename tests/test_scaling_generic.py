"""The generic extractor runs in time linear in its input (issue 14): one scaling test per
known hot spot. Each doubles a hostile input and checks that the *work* at most doubles, by
counting (calls, characters read, membership checks), never by timing, so the tests hold
on any machine and under any load."""

from __future__ import annotations

import re
import sys
from datetime import datetime, timezone
from typing import Any

import lxml.html
import pytest

from newsparse.api import Extraction, extract
from newsparse.extractors.generic import blocks, content, media
from newsparse.toolkit import metadata

URL = "https://news.example.org/section/story"
STORY = "".join(
    f"<p>Paragraph {n} of the invented story, long enough to count as article text for the root.</p>"
    for n in range(1, 5)
)


def run(body: str) -> Extraction:
    html = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>{body}</body></html>'
    return extract(html, url=URL, retrieved_at=datetime(2024, 3, 1, tzinfo=timezone.utc), extractor="generic")


def linear(small: float, large: float, slack: float = 0.1, constant: float = 50) -> bool:
    """``large`` (the work on twice the input) is at most twice ``small``, give or take."""
    return large <= 2 * small * (1 + slack) + constant


class Counter:
    """Wraps a function, counting its calls and the characters of its first argument when
    that is a string."""

    def __init__(self, function: Any) -> None:
        self.function = function
        self.calls = 0
        self.chars = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if args and isinstance(args[0], str):
            self.chars += len(args[0])
        return self.function(*args, **kwargs)


@pytest.mark.parametrize("src", ["/a.jpg", "/img/blank.gif"])  # a real image, a placeholder
def test_many_sibling_noscript_images_cost_linear_work(monkeypatch: pytest.MonkeyPatch, src: str) -> None:
    # 2,000 sibling <noscript><img> took 2.5 s: each asked whether its parent held a real
    # image outside it, judging every image of the parent again (quadratic).
    ranked = Counter(blocks._Walker.image_rank)
    monkeypatch.setattr(blocks._Walker, "image_rank", lambda self, img: ranked(self, img))
    work = []
    for n in (1000, 2000):
        ranked.calls = 0
        noscripts = f'<noscript><img src="{src}"></noscript>' * n
        article = run(f"<article>{STORY}<div>{noscripts}</div></article>").article
        assert len(article.paragraphs) == 4
        work.append(ranked.calls)
    assert linear(*work)


def test_a_noscript_beside_a_real_image_is_still_a_duplicate() -> None:
    body = (
        '<figure><img src="/a.jpg" srcset="/a-800.jpg 800w"><noscript><img src="/a.jpg"></noscript></figure>'
    )
    extraction = run(f"<article>{STORY}<div>{body}</div></article>")
    assert len(extraction.article.figures) == 1


@pytest.mark.parametrize(
    "time",
    [
        "<time>2024-01-01</time> ",  # inline: none stands alone
        "<time>2024-01-01</time><br>",  # between line breaks: each stands alone and goes
    ],
)
def test_many_sibling_times_cost_linear_work(monkeypatch: pytest.MonkeyPatch, time: str) -> None:
    # 16,000 sibling <time>s took 41 s: each compared its parent's whole text with its own.
    read = Counter(lxml.html.HtmlMixin.text_content)
    monkeypatch.setattr(lxml.html.HtmlMixin, "text_content", lambda self: _counted(read, self))
    work = []
    for n in (2000, 4000):
        read.chars = 0
        run(f"<article>{STORY}<div>{time * n}</div></article>")
        work.append(read.chars)
    assert linear(*work)


def _counted(counter: Counter, element: Any) -> Any:
    """Count the characters of text an element gives (all text read through text_content)."""
    text = counter(element)
    counter.chars += len(text)
    return text


def test_a_standalone_time_is_still_taken_out_and_an_inline_one_kept() -> None:
    body = (
        "<div><time>12 May 2024</time></div>"
        "<p>The vote on <time>12 May</time> was close, and the result was announced the next day.</p>"
    )
    extraction = run(f"<article>{body}{STORY}</article>")
    assert "12 May 2024" not in extraction.article.text
    assert "The vote on 12 May was close" in extraction.article.text


class CountedList(list[Any]):
    """A list that counts the items each membership test may compare."""

    checks = 0

    def __contains__(self, item: object) -> bool:
        CountedList.checks += len(self)
        return super().__contains__(item)


def test_many_marked_times_cost_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each of thousands of <time itemprop=datePublished> was looked up in the list of all of them.
    real_select = metadata.select
    monkeypatch.setattr(metadata, "select", lambda *a, **k: CountedList(real_select(*a, **k)))
    work = []
    for n in (1000, 2000):
        CountedList.checks = 0
        times = '<time itemprop="datePublished" datetime="2024-01-01T10:00:00Z">1 Jan</time> ' * n
        article = run(f"<article>{STORY}<div>{times}</div></article>").article
        assert article.published == datetime(2024, 1, 1, 10, tzinfo=timezone.utc)
        work.append(CountedList.checks)
    assert linear(*work)


class Probe:
    """Stands in for a compiled regex: counts the characters given to it."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self._regex = pattern
        self.chars = 0
        self.longest = 0

    def search(self, string: str, *args: Any) -> re.Match[str] | None:
        self.chars += len(string)
        self.longest = max(self.longest, len(string))
        return self._regex.search(string, *args)


@pytest.mark.parametrize("attribute", ["src", "data-src"])
def test_a_player_url_repeating_its_path_reaches_no_pattern_whole(
    monkeypatch: pytest.MonkeyPatch, attribute: str
) -> None:
    # An iframe src repeating ws/av-embeds/ 16,000 times took 30 s in the BBC player pattern
    # (".*?/" tried from every repeat). URLs past MAX_URL are matched by no pattern.
    probes = [Probe(provider.path) for provider in media.PROVIDERS]
    providers = tuple(
        media.Provider(p.name, p.kind, p.hosts, probe, p.query)  # type: ignore[arg-type]
        for p, probe in zip(media.PROVIDERS, probes, strict=True)
    )
    monkeypatch.setattr(media, "PROVIDERS", providers)
    work = []
    for repeats in (16_000, 32_000):
        for probe in probes:
            probe.chars = 0
        frame = f'<iframe {attribute}="https://www.bbc.com/{"ws/av-embeds/" * repeats}"></iframe>'
        extraction = run(f"<article>{STORY}{frame}</article>")
        assert extraction.article.media == () and extraction.article.embeds == ()
        work.append(sum(probe.chars for probe in probes))
        assert max(probe.longest for probe in probes) <= media.MAX_URL
    assert work[1] == work[0]
    # A real player URL is still read.
    assert media.recognise_url("https://www.bbc.com/ws/av-embeds/cps/news/world-1/p0abc123/en") is not None


def test_a_lazy_image_of_a_hostile_size_keeps_the_image() -> None:
    # A 5,000-digit data-width passed Python's int conversion limit and lost the article.
    holder = f'<figure><div data-src="/a.jpg" data-width="{"9" * 5000}" data-height="300"></div></figure>'
    figures = run(f"<article>{STORY}{holder}</article>").article.figures
    assert len(figures) == 1 and figures[0].image.width is None and figures[0].image.height == 300


def test_many_share_links_in_one_paragraph_cost_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # 4,000 share links in running text took 27 s: each link re-counted and re-read the
    # paragraph holding them all to judge whether it was a share bar.
    read = Counter(lxml.html.HtmlMixin.text_content)
    monkeypatch.setattr(lxml.html.HtmlMixin, "text_content", lambda self: _counted(read, self))
    link = '<a href="https://twitter.com/intent/tweet?u=1">share</a> and some words between the links. '
    work = []
    for n in (1000, 2000):
        read.chars = 0
        article = run(f"<article>{STORY}<p>{link * n}</p></article>").article
        assert len(article.paragraphs) == 5  # running text is no share bar
        work.append(read.chars)
    assert linear(*work)


def test_share_bars_are_still_dropped() -> None:
    bar = (
        '<div class="tools">Share: <a href="https://twitter.com/intent/tweet?u=1">X</a> '
        '<a href="https://www.facebook.com/sharer/sharer.php?u=1">Facebook</a></div>'
    )
    extraction = run(f"<article>{bar}{STORY}{bar}</article>")
    assert "Share" not in extraction.article.text
    assert sum(s.reason == "share tools" for s in extraction.context.skipped) == 2


def test_a_long_href_reaches_no_share_pattern_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # An href repeating "pinterest." 10,000 times took 7.5 s in the share-endpoint pattern.
    probe = Probe(content._SHARE_LINK)
    monkeypatch.setattr(content, "_SHARE_LINK", probe)
    for repeats in (10_000, 20_000):
        run(f'<article>{STORY}<p><a href="https://x.example/{"pinterest." * repeats}">x</a></p></article>')
    assert probe.longest <= media.MAX_URL


def _unbounded_repeat_before_the_end(pattern: str) -> bool:
    """Does ``pattern`` hold an unbounded repeat (``.*?``, ``[a-z/]*``) with more pattern
    after it? Tried from every position of a long string, such a repeat is retried from
    each: quadratic."""
    parser = __import__("re._parser" if sys.version_info >= (3, 11) else "sre_parse", fromlist=["parse"])
    constants = __import__(
        "re._constants" if sys.version_info >= (3, 11) else "sre_constants", fromlist=["x"]
    )
    items = list(parser.parse(pattern))
    return any(
        op in (constants.MAX_REPEAT, constants.MIN_REPEAT) and value[1] == constants.MAXREPEAT
        for op, value in items[:-1]
    )


def test_the_player_patterns_are_anchored_where_they_could_backtrack() -> None:
    # A 2,000-character BBC-looking path took 15 ms per iframe (7 s per MB of iframes): the
    # unanchored "/ws/av-embeds/.*?/" and "/[a-z/]*av/embed/" were retried from every "/".
    for provider in media.PROVIDERS:
        pattern = provider.path.pattern
        assert pattern.startswith("^") or not _unbounded_repeat_before_the_end(pattern), pattern


def test_an_anchored_bbc_pattern_still_reads_a_player_deep_in_its_path() -> None:
    for url in (
        "https://www.bbc.com/ws/av-embeds/" + "a/" * 400 + "p0abc123",
        "https://www.bbc.co.uk/news/av/embed/p0xyz789/123",
        "https://www.bbc.com/ws/av-embeds/articles/c3xd4x9prgyo/p0b4g7w8/zh-hans",
    ):
        found = media.recognise_url(url)
        assert found is not None and found.media_id in url


def test_nested_wrappers_do_not_read_their_content_once_per_level(monkeypatch: pytest.MonkeyPatch) -> None:
    # 200 bare <div> wrappers around 0.7 MB of paragraphs and link boxes took 5.5 s: each
    # level was judged as a cluster of links (all the links' text read again per level).
    read = Counter(lxml.html.HtmlMixin.text_content)
    monkeypatch.setattr(lxml.html.HtmlMixin, "text_content", lambda self: _counted(read, self))
    box = '<div><a href="/a">A teaser title</a> <a href="/b">Another teaser title</a></div>'
    work, bodies = [], []
    for depth in (50, 100):
        read.chars = 0
        body = "<div>" * depth + (STORY + box) * 20 + "</div>" * depth
        article = run(f"<article>{body}</article>").article
        assert len(article.paragraphs) >= 80
        bodies.append(article.body)
        work.append(read.chars)
    assert bodies[0] == bodies[1]  # wrappers change nothing
    assert work[1] <= work[0] * 1.1 + 1000


def test_a_teaser_card_wrapped_in_its_link_is_still_a_cluster_of_links() -> None:
    card = (
        '<div class="teaser"><div class="teaser-wrapper"><a href="/next-story"><div class="teaser-text">'
        "<h3>Another story of the day</h3><p>A teaser paragraph long enough to be a paragraph.</p>"
        "<div>19.10.2019</div></div></a></div></div>"
    )
    article = run(f"<article>{STORY}{card}{STORY}</article>").article
    assert "Another story" not in article.text
    assert [link.url for block in article.related_links for link in block.links] == [
        "https://news.example.org/next-story"
    ]


def test_many_same_class_blocks_cost_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # 8,000 same-class blocks far apart took 2.8 s: joining the parts of a story looked each
    # block's ancestors up in the list of all blocks. Counted: element comparisons (what a
    # membership test in a list costs; a set hashes instead).
    compared = [0]

    def equal(self: Any, other: object) -> bool:
        compared[0] += 1
        return self is other

    monkeypatch.setattr(lxml.html.HtmlElement, "__eq__", equal)
    work = []
    for n in (1000, 2000):
        compared[0] = 0
        run(('<section><div class="part">' + STORY + "</div></section>") * n)
        work.append(compared[0])
    assert linear(*work)
    # (That parts of one story are still joined: test_generic.py's split-article tests.)
