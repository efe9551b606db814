"""Markdown and plain-text renderings: every block shows, in order, and text stays literal."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newsparse import (
    Article,
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
        "Source: <https://news.example/story-1>",
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
