"""toolkit.paragraph_from_spans: the one rule every built-in extractor builds paragraphs by."""

from __future__ import annotations

from newsparse.model import Paragraph, Span
from newsparse.toolkit import paragraph_from_spans


def test_plain_text_keeps_no_spans_and_is_normalised() -> None:
    paragraph = paragraph_from_spans([Span(text="  一段\u200b "), Span(text="\u3000纯文本  ")])
    assert paragraph == Paragraph(text="一段 纯文本")


def test_formatted_text_keeps_its_spans_joined_to_the_text() -> None:
    paragraph = paragraph_from_spans(
        [
            Span(text="Read "),
            Span(text="this", bold=True),
            Span(text=" "),
            Span(text="link", href="https://x.test/"),
        ]
    )
    assert paragraph is not None
    assert paragraph.text == "Read this link"
    assert [(s.text, s.bold, s.href) for s in paragraph.spans] == [
        ("Read ", False, None),
        ("this", True, None),
        (" ", False, None),
        ("link", False, "https://x.test/"),
    ]


def test_no_text_gives_none() -> None:
    assert paragraph_from_spans([Span(text=" \u200b "), Span(text="", bold=True)]) is None
    assert paragraph_from_spans([]) is None
