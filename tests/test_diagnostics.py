"""Drift diagnostics: explain() (layouts tried, coverage, skipped elements) and
`newsparse check DIR`, on an invented site with two layouts (a redesign)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest
from lxml.html import HtmlElement

import newsparse
from newsparse import Article, Context, Extractor, Figure, Image, Layout, Page, Paragraph, UrlRule
from newsparse.cli import main
from newsparse.diagnostics import check_page, explain, format_share, measure_coverage, missing_fields
from newsparse.toolkit import drop, first, parse_date, select, strip_prefixes, text_of

URL = "https://news.twolayout.test/story/1"
RETRIEVED = "2024-05-02T08:30:00+00:00"


def _article_from(root: HtmlElement | None, context: Context, paragraph_selector: str) -> Article:
    assert root is not None
    context.content_root = root
    drop(root, ["aside.ad"], context=context, reason="advertisement")
    for prefix in select(root, ".sr-only"):
        context.skip(prefix, "visually hidden prefix")
    body: list[Paragraph | Figure] = []
    for element in select(root, f"{paragraph_selector}, figure"):
        if element.tag == "figure":
            caption = strip_prefixes(text_of(first(element, "figcaption")), ["Caption:"])
            body.append(Figure(image=Image(url="https://img.twolayout.test/1.jpg"), caption=caption))
        elif text_of(element):
            body.append(Paragraph(text=text_of(element)))
    time = first(root, "time")
    published = parse_date(time.get("datetime")) if time is not None else None
    return Article(title=text_of(first(root, "h1")) or None, published=published, body=body)


def extract_redesign(page: Page, context: Context) -> Article:
    context.decide("content_root", "main > article")
    return _article_from(first(page.tree, "main > article"), context, "p.text")


def extract_classic(page: Page, context: Context) -> Article:
    context.decide("content_root", "div.story")
    return _article_from(first(page.tree, "div.story"), context, "p:not([hidden])")


class TwoLayouts(Extractor):
    """A site that was redesigned on 2024-03-01; both designs stay supported."""

    name: ClassVar[str] = "two-layouts"
    url_rules: ClassVar[tuple[UrlRule, ...]] = (UrlRule("*.twolayout.test", "/story/"),)
    layouts: ClassVar[tuple[Layout, ...]] = (
        Layout(
            name="redesign-2024",
            detect=lambda page: first(page.tree, "main > article") is not None,
            extract=extract_redesign,
            description="the 2024 redesign",
            valid_from=date(2024, 3, 1),
        ),
        Layout(
            name="classic",
            detect=lambda page: first(page.tree, "div.story") is not None,
            extract=extract_classic,
            description="the design before",
            valid_until=date(2024, 3, 1),
        ),
    )


CLASSIC = """<html><body><div class="story"><h1>Old design</h1>
<time datetime="2024-01-05T10:00:00+00:00">5 January</time>
<p>First paragraph of the story.</p><aside class="ad">Buy things now</aside>
<figure><img src="/1.jpg">
<figcaption><span class="sr-only">Caption:</span>A harbour at dawn</figcaption></figure>
<p>Second paragraph.</p><script>var tracking = "not text";</script><p hidden>invisible</p>
</div></body></html>"""

REDESIGN = """<html><body><nav>Home | World</nav><main><article><h1>New design</h1>
<p class="text">Only the text paragraphs count.</p><p class="text">A second one.</p>
<div class="pullquote">A quote the extractor forgot</div></article></main></body></html>"""


@pytest.fixture
def two_layouts() -> Iterator[type[TwoLayouts]]:
    newsparse.register(TwoLayouts)
    yield TwoLayouts
    newsparse.unregister(TwoLayouts.name)


# --- layouts -------------------------------------------------------------------------------


def test_layouts_are_tried_in_order_and_reported(two_layouts: type[Extractor]) -> None:
    extraction = newsparse.extract(CLASSIC, url=URL)
    assert extraction.article.layout == "classic"
    report = explain(extraction)
    assert report["layout"]["used"] == "classic"
    assert report["layout"]["declared"] == [
        {
            "name": "redesign-2024",
            "description": "the 2024 redesign",
            "valid_from": "2024-03-01",
            "valid_until": None,
            "used": False,
        },
        {
            "name": "classic",
            "description": "the design before",
            "valid_from": None,
            "valid_until": "2024-03-01",
            "used": True,
        },
    ]
    decisions = [(d["what"], d["detail"]) for d in report["decisions"]]
    assert ("layout", "redesign-2024: not detected") in decisions
    assert ("layout", "classic: detected") in decisions
    assert decisions.index(("layout", "redesign-2024: not detected")) < decisions.index(
        ("layout", "classic: detected")
    )
    assert report["extractor"] == {
        "name": "two-layouts",
        "selected_by": "url",
        "rule": {"host": "*.twolayout.test", "path": "/story/"},
    }


def test_first_declared_layout_wins_when_several_match(two_layouts: type[Extractor]) -> None:
    both = REDESIGN.replace("</main>", '</main><div class="story"><p>old</p></div>')
    assert newsparse.parse(both, url=URL).layout == "redesign-2024"


def test_no_matching_layout_by_name_is_an_error_and_by_url_a_generic_read(
    two_layouts: type[Extractor],
) -> None:
    page = "<html><body><p>neither design</p></body></html>"
    with pytest.raises(newsparse.UnknownLayoutError, match="two-layouts"):
        newsparse.parse(page, url=URL, extractor="two-layouts")
    article = newsparse.parse(page, url=URL)
    assert article.extractor == "generic"
    assert any("two-layouts" in w and "redesign-2024, classic" in w for w in article.warnings)


# --- explain and coverage ------------------------------------------------------------------


def test_explain_is_json_and_accounts_for_every_visible_character(two_layouts: type[Extractor]) -> None:
    report = explain(newsparse.extract(CLASSIC, url=URL))
    assert json.loads(json.dumps(report)) == report
    coverage = report["coverage"]
    # The ad was dropped (gone from the root, listed as skipped); the hidden "Caption:"
    # prefix was recorded with context.skip; <time> text became `published`; script and
    # [hidden] text is not visible. Everything else is in the article.
    assert coverage["coverage"] == 1.0, coverage["lost"]
    assert coverage["root"] == "div.story"
    assert coverage["visible_chars"] == len(
        "OlddesignJanuaryFirstparagraphofthestory.Caption:AharbouratdawnSecondparagraph.".replace(" ", "")
    ) + len("5")
    assert {(s["reason"], s["text"]) for s in report["skipped"]} == {
        ("advertisement", "Buy things now"),
        ("visually hidden prefix", "Caption:"),
    }
    assert report["blocks"] == {"paragraph": 2, "figure": 1}


def test_coverage_shows_the_text_that_fell_through(two_layouts: type[Extractor]) -> None:
    report = explain(newsparse.extract(REDESIGN, url=URL))
    coverage = report["coverage"]
    lost_text = "Aquotetheextractorforgot"
    kept_text = "NewdesignOnlythetextparagraphscount.Asecondone."
    assert coverage["visible_chars"] == len(lost_text) + len(kept_text)  # <nav> is outside the root
    assert coverage["kept_chars"] == len(kept_text)
    assert coverage["lost"] == [{"element": "div.pullquote", "text": "A quote the extractor forgot"}]
    assert coverage["lost_share"] == pytest.approx(
        len(lost_text) / (len(lost_text) + len(kept_text)), abs=1e-4
    )


def test_stripped_prefix_not_recorded_counts_as_lost() -> None:
    page = Page.from_input("<div><p>图像来源，EPA</p><p>正文</p></div>")
    root = page.tree.find(".//div")
    assert root is not None
    article = Article(
        body=[Figure(image=Image(url="https://x.test/1.jpg"), credit="EPA"), Paragraph(text="正文")]
    )
    coverage = measure_coverage(root, article)
    assert (coverage.visible, coverage.kept) == (len("图像来源，EPA正文"), len("EPA正文"))
    assert coverage.lost == (("p", "图像来源，"),)
    assert measure_coverage(root, article, ["图像来源，"]).share == 1.0


def test_explain_without_content_root_has_no_coverage() -> None:
    class NoRoot(Extractor):
        name: ClassVar[str] = "no-root"

        def extract_article(self, page: Page, context: Context) -> Article:
            return Article(title="t", body=[Paragraph(text="p")], layout="x")

    newsparse.register(NoRoot)
    try:
        extraction = newsparse.extract("<p>p</p>", extractor="no-root")
    finally:
        newsparse.unregister("no-root")
    report = explain(extraction)
    assert report["coverage"] is None
    assert report["extractor"]["selected_by"] == "explicit"
    verdict = check_page(extraction)
    assert verdict.flags == (
        "coverage unknown (the extractor sets no content root and records no source texts)",
    )
    assert not check_page(extraction, min_coverage=0).flagged


def test_format_share_never_rounds_up_to_full() -> None:
    assert [format_share(x) for x in (1.0, 0.9996, 0.9, 0.12345, 0.0)] == [
        "100.0%",
        "99.9%",
        "90.0%",
        "12.3%",
        "0.0%",
    ]


def test_check_page_flags_low_coverage_and_missing_fields(two_layouts: type[Extractor]) -> None:
    extraction = newsparse.extract(REDESIGN, url=URL)
    verdict = check_page(extraction, min_coverage=0.9, required=["title", "published", "body"])
    assert verdict.missing == ("published",)
    assert verdict.coverage is not None and verdict.coverage < 0.9
    assert verdict.flags == (f"coverage {format_share(verdict.coverage)} < 90.0%", "missing published")
    assert not check_page(extraction, min_coverage=0.5, required=["title"]).flagged
    with pytest.raises(ValueError, match="unknown Article field"):
        missing_fields(extraction.article, ["headline"])


# --- newsparse check DIR -------------------------------------------------------------------


def _write(folder: Path, name: str, html: str, url: str = URL) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.html").write_text(html, encoding="utf-8")
    sidecar = {"url": url, "retrieved_at": RETRIEVED}
    (folder / f"{name}.input.json").write_text(json.dumps(sidecar), encoding="utf-8")


def test_check_passes_healthy_pages(
    tmp_path: Path, two_layouts: type[Extractor], capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "old-1", CLASSIC)
    _write(tmp_path / "sub", "old-2", CLASSIC.replace("Second paragraph.", "Another second paragraph."))
    assert main(["check", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["OK", "100.0%", "two-layouts/classic", "old-1.html"]
    assert lines[1].split() == ["OK", "100.0%", "two-layouts/classic", "sub/old-2.html"]
    assert lines[2] == "2 pages: 2 ok, 0 flagged"


def test_check_flags_a_drifted_page(
    tmp_path: Path, two_layouts: type[Extractor], capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "new", REDESIGN)
    _write(tmp_path, "old", CLASSIC)
    assert main(["check", str(tmp_path), "--require", "title,body"]) == 1
    out = capsys.readouterr().out
    flagged = next(line for line in out.splitlines() if line.startswith("FLAG"))
    assert "two-layouts/redesign-2024" in flagged and "new.html" in flagged
    assert "< 90.0%" in flagged and 'div.pullquote "A quote' in flagged
    assert "2 pages: 1 ok, 1 flagged" in out
    # The same page passes a looser threshold, and fails when a field is required.
    assert main(["check", str(tmp_path), "--min-coverage", "0.5", "--require", "title"]) == 0
    assert main(["check", str(tmp_path), "--min-coverage", "0.5", "--require", "title,published"]) == 1


def test_check_jsonl_and_failures(
    tmp_path: Path, two_layouts: type[Extractor], capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "new", REDESIGN)
    (tmp_path / "empty.html").write_bytes(b"")
    assert main(["check", str(tmp_path), "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["status"] for r in records] == ["error", "flag"]
    assert "input is empty" in records[0]["error"]
    assert records[1]["missing"] == ["published"] and records[1]["lost"][0]["text"].startswith("A quote")
    assert "2 pages: 0 ok, 1 flagged, 1 failed" in captured.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--min-coverage", "1.5"], "--min-coverage must be between 0 and 1"),
        (["--require", "title,headline"], "unknown field(s) in --require: headline"),
        (["--extractor", "no-such"], "no extractor named 'no-such'"),
    ],
)
def test_check_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    _write(tmp_path, "page", CLASSIC)
    assert main(["check", str(tmp_path), *argv]) == 2
    assert message in capsys.readouterr().err


def test_check_needs_a_folder_with_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing")]) == 2
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "is not a directory" in err and "no pages" in err


@pytest.mark.corpus
def test_check_reports_full_coverage_on_bbc_chinese_corpus_pages(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The corpus's BBC Chinese pages: the user's capture and the 2012 legacy page (which
    # has no envelope, so its URL goes in a sidecar as a crawler would record it).
    shutil.copy(corpus / "seed" / "000_432d27decd9e6001.txt", tmp_path / "seed.txt")
    legacy = "zh_legacy_2012_121210_hongkong_politics.goose3.html"
    shutil.copy(corpus / "pages" / legacy, tmp_path / legacy)
    sidecar = {
        "url": "http://www.bbc.co.uk/zhongwen/simp/chinese_news/2012/12/121210_hongkong_politics.shtml",
        "retrieved_at": "2012-12-10T12:00:00+00:00",
    }
    (tmp_path / legacy.replace(".html", ".input.json")).write_text(json.dumps(sidecar), encoding="utf-8")

    code = main(["check", str(tmp_path), "--min-coverage", "1.0"])

    out = capsys.readouterr().out
    assert code == 0, out
    lines = out.splitlines()
    assert len(lines) == 3
    for line in lines[:2]:
        assert line.split()[:3] in (
            ["OK", "100.0%", "bbc-zhongwen/legacy"],
            ["OK", "100.0%", "bbc-zhongwen/simorgh-dom"],
        )


def _skipping_aside(size: int) -> newsparse.api.Extraction:
    """An extraction of a page whose aside of ``size`` characters is skipped whole."""
    aside = ("word " * size)[:size]

    class SkipsAside(Extractor):
        name: ClassVar[str] = "skips-aside"

        def extract_article(self, page: Page, context: Context) -> Article:
            root = first(page.tree, "article")
            assert root is not None
            context.content_root = root
            context.skip(first(root, "aside"), "factbox (not part of the story)")
            return Article(title="t", body=[Paragraph(text=text_of(first(root, "p")))], layout="x")

    newsparse.register(SkipsAside)
    try:
        return newsparse.extract(
            f"<article><p>The story.</p><aside>{aside}</aside></article>", extractor="skips-aside"
        )
    finally:
        newsparse.unregister("skips-aside")


@pytest.mark.parametrize("size", [201, 50_000])
def test_skip_accounts_for_the_whole_text_at_any_length(size: int) -> None:
    extraction = _skipping_aside(size)
    report = explain(extraction)
    assert report["coverage"]["coverage"] == 1.0
    assert report["coverage"]["lost"] == []
    assert len(extraction.context.skipped[0].text) == len(("word " * size)[:size].strip())
    # The report shows a shortened text; the record keeps it whole.
    assert len(report["skipped"][0]["text"]) <= 200
    assert not check_page(extraction).flagged


_CREDITED = (
    "<article><p>Harbour lights.</p>"
    "<figure><img src='https://img.test/1.jpg'>"
    "<figcaption>The night market opens. <span>Photograph: Jane Doe</span></figcaption></figure>"
    "<blockquote>We stay open late. <cite>— Ann Lee</cite></blockquote></article>"
)


def _credited(label_parts: bool) -> newsparse.api.Extraction:
    class Credits(Extractor):
        name: ClassVar[str] = "credits"

        def extract_article(self, page: Page, context: Context) -> Article:
            root = first(page.tree, "article")
            assert root is not None
            context.content_root = root
            credit_el = first(root, "figcaption span")
            cite_el = first(root, "cite")
            assert credit_el is not None and cite_el is not None
            if label_parts:
                context.skip_text(credit_el, "Photograph:", "credit label")
                context.skip_text(cite_el, "— ", "quote source dash")
            return Article(
                title="t",
                body=[
                    Paragraph(text="Harbour lights."),
                    Figure(
                        image=Image(url="https://img.test/1.jpg"),
                        caption="The night market opens.",
                        credit=strip_prefixes(text_of(credit_el), ["Photograph:"]),
                    ),
                    Paragraph(text="We stay open late."),
                    Paragraph(text="Ann Lee"),
                ],
                layout="x",
            )

    newsparse.register(Credits)
    try:
        return newsparse.extract(_CREDITED, extractor="credits")
    finally:
        newsparse.unregister("credits")


def test_skip_text_keeps_coverage_exact_for_labels_inside_read_elements() -> None:
    with_labels = explain(_credited(label_parts=True))
    assert with_labels["coverage"]["coverage"] == 1.0
    assert [(s["text"], s["part"]) for s in with_labels["skipped"]] == [("Photograph:", True), ("—", True)]
    without = explain(_credited(label_parts=False))["coverage"]
    assert without["kept_chars"] == without["visible_chars"] - len("Photograph:—")
    assert sorted(text for _, text in (tuple(x.values()) for x in without["lost"])) == ["Photograph:", "—"]


def test_skip_text_does_not_account_for_the_rest_of_the_element() -> None:
    page = Page.from_input("<div><p>Photograph: Jane Doe, on the pier</p></div>")
    root = page.tree.find(".//div")
    assert root is not None
    article = Article(body=[Figure(image=Image(url="https://x.test/1.jpg"), credit="Jane Doe")])
    coverage = measure_coverage(root, article, ["Photograph:"], labels=["Photograph:"])
    assert coverage.lost == (("p", ", on the pier"),)


def test_source_texts_give_coverage_without_a_content_root() -> None:
    class FromJson(Extractor):
        name: ClassVar[str] = "from-json"

        def extract_article(self, page: Page, context: Context) -> Article:
            context.source_text("First paragraph.", "blocks[0] (paragraph)")
            context.source_text("A block type the extractor cannot read.", "blocks[1] (poll)")
            return Article(title="t", body=[Paragraph(text="First paragraph.")], layout="x")

    newsparse.register(FromJson)
    try:
        extraction = newsparse.extract("<p>x</p>", extractor="from-json")
    finally:
        newsparse.unregister("from-json")
    coverage = explain(extraction)["coverage"]
    assert coverage["root"] == "source texts (2)"
    assert coverage["visible_chars"] == len("Firstparagraph.Ablocktypetheextractorcannotread.")
    assert coverage["lost"] == [
        {"element": "blocks[1] (poll)", "text": "A block type the extractor cannot read."}
    ]
    assert check_page(extraction).flags[0] == "coverage 31.2% < 90.0%"
