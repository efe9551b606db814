"""Markdown and plain-text renderings: every block shows, in order, and text stays literal."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsparse import (
    Article,
    Embed,
    Figure,
    Heading,
    Image,
    Link,
    ListBlock,
    Media,
    Paragraph,
    Quote,
    RelatedLinks,
    Span,
)

WHEN = datetime(2021, 12, 15, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def article() -> Article:
    return Article(
        url="https://news.example/story-1",
        title="A [test] title",
        published=WHEN,
        authors=["Ann", "Bo"],
        body=[
            Paragraph(
                text="Plain bold italic link more.",
                spans=[
                    Span(text="Plain "),
                    Span(text="bold", bold=True),
                    Span(text=" "),
                    Span(text="italic", italic=True),
                    Span(text=" link", href="https://l.example/a (1)"),
                    Span(text=" more", bold=True, href="https://l.example/a (1)"),
                    Span(text="."),
                ],
            ),
            Heading(level=2, text="Crosshead"),
            Figure(
                image=Image(url="https://i.example/f.jpg", alt="alt text"), caption="Caption", credit="Getty"
            ),
            Media(kind="video", media_id="p0b", embed_url="https://player.example/p0b", caption="Watch this"),
            Media(kind="audio", media_id="p0c"),
            RelatedLinks(title="Read more", links=[Link(url="https://r.example/1", text="First")]),
            ListBlock(ordered=True, items=["one", "two"]),
            ListBlock(items=["dot"]),
            Quote(text="To be or not", cite="Hamlet"),
            Paragraph(text="*not emphasis* and_under_scores"),
            Paragraph(text="1. not a list item"),
            Paragraph(text="# not a heading"),
        ],
        related=[Link(url="https://r.example/2", text="Second")],
    )


def test_markdown_blocks_in_order() -> None:
    md = article().to_markdown()
    blocks = md.rstrip("\n").split("\n\n")
    assert blocks[0] == "# A \\[test\\] title"
    assert blocks[1].split("  \n") == [
        "Published: 2021-12-15T09:30:00+08:00",
        "By Ann, Bo",
        "Source: [https://news.example/story-1](https://news.example/story-1)",
    ]
    assert blocks[2] == "Plain **bold** *italic* [link **more**](https://l.example/a%20%281%29)."
    assert blocks[3] == "### Crosshead"  # the title is the only H1: body levels move down one
    assert blocks[4] == "![alt text](https://i.example/f.jpg)  \n*Caption — © Getty*"
    assert blocks[5] == "▶ [Watch this](https://player.example/p0b)"
    assert blocks[6] == "▶ audio p0c"  # no embed URL: no link to a non-URL
    assert blocks[7] == "**Read more**\n- [First](https://r.example/1)"
    assert blocks[8] == "1. one\n2. two"
    assert blocks[9] == "- dot"
    assert blocks[10] == "> To be or not\n>\n> — Hamlet"
    assert blocks[11] == "\\*not emphasis\\* and\\_under\\_scores"
    assert blocks[12] == "1\\. not a list item"
    assert blocks[13] == "\\# not a heading"
    assert blocks[14:] == ["## Related", "- [Second](https://r.example/2)"]
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_markdown_of_plain_paragraph_without_spans() -> None:
    md = Article(body=[Paragraph(text="纯文本段落。")]).to_markdown()
    assert md == "纯文本段落。\n"


def test_markdown_keeps_spaces_outside_emphasis() -> None:
    md = Article(
        body=[Paragraph(text="a b c", spans=[Span(text="a"), Span(text=" b ", bold=True), Span(text="c")])]
    ).to_markdown()
    assert md == "a **b** c\n"


def test_plain_text_shows_every_block() -> None:
    text = article().to_text()
    lines = text.rstrip("\n").split("\n")
    assert lines[:4] == ["A [test] title", "Published: 2021-12-15T09:30:00+08:00", "By Ann, Bo", ""]
    assert lines[4:] == [
        "Plain bold italic link more.",
        "Crosshead",
        "[image: Caption / Getty]",
        "[video: Watch this]",
        "[audio: audio p0c]",
        "Read more",
        "- First",
        "1. one",
        "2. two",
        "- dot",
        "“To be or not” — Hamlet",
        "*not emphasis* and_under_scores",
        "1. not a list item",
        "# not a heading",
    ]
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_plain_text_of_untitled_article_starts_with_the_body() -> None:
    assert Article(body=[Paragraph(text="only")]).to_text() == "only\n"


def test_figure_without_caption_is_still_marked() -> None:
    text = Article(body=[Figure(image=Image(url="https://i.example/x.jpg"))]).to_text()
    assert text == "[image]\n"


# --- links stay links to what the model holds --------------------------------------------

# Hrefs a page can carry that have tricked Markdown renderers into javascript: anchors.
HOSTILE_HREFS = [
    "javascript\\:alert(1)",  # a backslash escape that CommonMark would remove
    "http://x/\n\n[there]:\njavascript:alert%282%29",  # a line break ends the link early
    "http://x/\r[a]: javascript:alert(3)",
    "javascript&#58;alert(4)",  # a character reference CommonMark would decode
    "javascript&colon;alert(5)",
    "java&#x09;script:alert(6)",
    "x)](javascript:alert(7)",  # a parenthesis that would end the destination
    "x> [y](javascript:alert(8)",
    "http://x/ \"title\") [z](javascript:alert(9)",
    "\u2028javascript:alert(10)",
]


def _browser_scheme(url: str) -> str:
    """The scheme a browser reads from an href (WHATWG URL: trim C0 controls and spaces,
    drop tabs and line breaks, then letters, digits, + - . up to the first colon)."""
    url = url.strip("".join(map(chr, range(0x21)))).translate({9: None, 10: None, 13: None})
    scheme = ""
    for ch in url:
        if ch == ":":
            return scheme.lower()
        if not (ch.isascii() and (ch.isalnum() or ch in "+-.")) or (not scheme and not ch.isalpha()):
            return ""
        scheme += ch
    return ""


def _rendered_hrefs(markdown: str) -> list[str]:
    commonmark = pytest.importorskip("commonmark", reason="the commonmark reference renderer is a test extra")
    html = commonmark.commonmark(markdown)
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    return [el.get("href") or el.get("src") or "" for el in tree.iter("a", "img")]


@pytest.mark.parametrize("href", HOSTILE_HREFS)
def test_markdown_links_keep_their_scheme_and_one_line(href: str) -> None:
    art = Article(
        url=href,
        title="t",
        body=[
            Paragraph(text="see here", spans=[Span(text="see "), Span(text="here", href=href)]),
            Figure(image=Image(url=href)),
            Media(kind="video", embed_url=href, caption="c"),
            RelatedLinks(links=[Link(url=href, text="r")]),
        ],
        related=[Link(url=href, text="s")],
    )
    markdown = art.to_markdown()
    hrefs = _rendered_hrefs(markdown)
    assert len(hrefs) == 6  # every link and image survives as one, none split or injected
    for rendered in hrefs:
        assert _browser_scheme(rendered) == _browser_scheme(href.replace("\\", "%5C"))
        assert _browser_scheme(rendered) != "javascript"


@given(st.text(alphabet=st.sampled_from("javscript:&#;\\()<>[] \n\r\t\x00\"'x01"), max_size=40))
@settings(max_examples=300, deadline=None)
def test_markdown_destination_never_yields_javascript(href: str) -> None:
    if not href.strip():
        return
    art = Article(title="t", body=[Paragraph(text="a", spans=[Span(text="a", href=href)])])
    for rendered in _rendered_hrefs(art.to_markdown()):
        assert _browser_scheme(rendered) != "javascript"


_POST = Embed(
    provider="twitter",
    url="https://twitter.com/harbour/status/1 (x)",
    title="Post by @harbour",
    caption="The harbour master's post",
    text="Ferries run *late* tonight",
)


def test_embed_markdown_links_the_post_and_quotes_its_words() -> None:
    md = Article(body=[_POST]).to_markdown()
    assert md == (
        "↗ [Post by @harbour](https://twitter.com/harbour/status/1%20%28x%29)  \n"
        "*The harbour master's post*\n"
        "> Ferries run \\*late\\* tonight\n"
    )


def test_embed_markdown_without_url_or_text() -> None:
    md = Article(body=[Embed(provider="datawrapper")]).to_markdown()
    assert md == "↗ datawrapper embed\n"


def test_embed_markdown_destination_cannot_break_out_of_the_link() -> None:
    md = Article(body=[Embed(url="https://x.example/a)](javascript:alert(1)", title="t")]).to_markdown()
    assert "](javascript:" not in md
    assert md == "↗ [t](https://x.example/a%29]%28javascript:alert%281%29)\n"


def test_embed_plain_text() -> None:
    text = Article(body=[_POST, Embed(provider="google-maps")]).to_text()
    assert text.split("\n") == [
        "[embed: Post by @harbour] https://twitter.com/harbour/status/1 (x)",
        "“Ferries run *late* tonight”",
        "The harbour master's post",
        "[embed: google-maps embed]",
        "",
    ]
