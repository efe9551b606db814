"""The document model: construction rules, immutability, tuples, validators and views."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import attrs
import lxml.html
import pytest

from newsparse import (
    Article,
    Embed,
    Figure,
    Heading,
    Image,
    ImageSource,
    Link,
    ListBlock,
    Media,
    Paragraph,
    Quote,
    RelatedLinks,
    Span,
)
from newsparse.model import BLOCK_TYPES

UTC8 = timezone(timedelta(hours=8))


def sample_article() -> Article:
    """One article with every block type, in a known order."""
    lead = Image(url="https://img.example/lead.jpg", width=1024)
    figure_image = Image(url="https://img.example/fig.jpg", alt="a river")
    poster = Image(url="https://img.example/poster.jpg")
    return Article(
        title="标题",
        published=datetime(2021, 12, 15, 9, 30, tzinfo=UTC8),
        lead_image=lead,
        body=[
            Paragraph(text="第一段。", spans=[Span(text="第一"), Span(text="段。", bold=True)]),
            Heading(level=2, text="小标题"),
            Figure(image=figure_image, caption="河流", credit="Getty"),
            Figure(image=lead, caption="the lead again"),
            Media(kind="video", provider="bbc", media_id="p0b1", poster=poster, caption="视频"),
            RelatedLinks(title="相关", links=[Link(url="https://a.example/1", text="one")]),
            ListBlock(ordered=True, items=["甲", "乙"]),
            Quote(text="a quotation", cite="someone"),
            Paragraph(text="last"),
        ],
    )


# --- construction --------------------------------------------------------------------------


def test_empty_article_has_every_field_empty() -> None:
    article = Article()
    assert article.title is None and article.published is None and article.lead_image is None
    assert article.body == () and article.authors == () and article.related == () and article.warnings == ()
    assert article.extractor == "" and article.layout == ""


def test_sequences_become_tuples() -> None:
    article = Article(
        authors=["a", "b"],
        topics=iter(["t"]),
        body=[Paragraph(text="x", spans=[Span(text="x")])],
        related=[Link(url="https://x.example/", text="x")],
        warnings=["w"],
    )
    assert isinstance(article.authors, tuple) and article.authors == ("a", "b")
    assert article.topics == ("t",)
    assert isinstance(article.body, tuple) and isinstance(article.related, tuple)
    assert isinstance(article.warnings, tuple)
    paragraph = article.body[0]
    assert isinstance(paragraph, Paragraph) and isinstance(paragraph.spans, tuple)
    image = Image(
        url="https://i.example/a.jpg", sources=[ImageSource(url="https://i.example/a.jpg", width=10)]
    )
    assert isinstance(image.sources, tuple)
    assert isinstance(RelatedLinks(links=[]).links, tuple)
    assert ListBlock(items=["a"]).items == ("a",)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Article(authors="Ann Author"),
        lambda: Article(topics="politics"),
        lambda: ListBlock(items="abc"),
        lambda: Article(body=["just a string"]),
        lambda: Article(body=[Link(url="https://x.example/", text="not a block")]),
        lambda: Article(related=[("https://x.example/", "tuple, not Link")]),
        lambda: Paragraph(text="x", spans=["x"]),
        lambda: Article(title=42),
        lambda: Article(lead_image="https://x.example/i.jpg"),
        lambda: Figure(image=None),
    ],
)
def test_wrong_types_are_refused(make: object) -> None:
    with pytest.raises(TypeError):
        make()  # type: ignore[operator]


def test_keyword_only() -> None:
    with pytest.raises(TypeError):
        Article("a title")  # type: ignore[misc]
    with pytest.raises(TypeError):
        Span("text")  # type: ignore[misc]


def test_frozen_and_slotted() -> None:
    article = sample_article()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        article.title = "changed"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        article.body[0].text = "changed"  # type: ignore[misc]
    assert not hasattr(article, "__dict__")  # slotted: no stray attributes can be added
    changed = attrs.evolve(article, title="new")
    assert changed.title == "new" and article.title == "标题"


def test_equal_by_value_and_hashable() -> None:
    assert sample_article() == sample_article()
    assert hash(sample_article()) == hash(sample_article())
    assert sample_article() != attrs.evolve(sample_article(), title="other")
    assert len({sample_article(), sample_article()}) == 1


def test_lxml_smart_strings_are_copied_to_plain_str() -> None:
    tree = lxml.html.fromstring("<div><p>hello <b>world</b></p></div>")
    smart = tree.xpath("string(//p)")
    assert type(smart) is not str  # lxml's str subclass, which references the tree
    paragraph = Paragraph(text=smart, spans=[Span(text=smart)])
    assert type(paragraph.text) is str and type(paragraph.spans[0].text) is str
    assert paragraph.text == "hello world"
    assert type(Article(authors=[smart]).authors[0]) is str


# --- validators ----------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["published", "modified", "retrieved"])
def test_naive_datetimes_are_refused(field: str) -> None:
    with pytest.raises(ValueError, match=f"{field} must be timezone-aware"):
        Article(**{field: datetime(2021, 12, 15, 9, 30)})


@pytest.mark.parametrize("field", ["published", "modified", "retrieved"])
def test_datetime_fields_refuse_strings(field: str) -> None:
    with pytest.raises(TypeError, match=f"{field} must be a datetime"):
        Article(**{field: "2021-12-15T09:30:00+08:00"})


@pytest.mark.parametrize("minutes", [0, 480, -210, 345, 14 * 60, -12 * 60])
def test_aware_datetimes_with_any_offset_are_kept(minutes: int) -> None:
    when = datetime(2021, 12, 15, 9, 30, tzinfo=timezone(timedelta(minutes=minutes)))
    article = Article(published=when, modified=when, retrieved=when)
    assert article.published == when
    assert article.published is not None and article.published.utcoffset() == timedelta(minutes=minutes)


def test_paragraph_spans_must_join_to_text() -> None:
    ok = Paragraph(
        text="ab c", spans=[Span(text="ab", italic=True), Span(text=" c", href="https://x.example/")]
    )
    assert "".join(s.text for s in ok.spans) == ok.text
    assert Paragraph(text="no spans").spans == ()
    with pytest.raises(ValueError, match="spans must join"):
        Paragraph(text="ab c", spans=[Span(text="ab"), Span(text="c")])
    with pytest.raises(ValueError, match="spans must join"):
        Paragraph(text="abc", spans=[Span(text="abcd")])


@pytest.mark.parametrize("level", [0, 7, -1, True])
def test_heading_level_must_be_1_to_6(level: int) -> None:
    with pytest.raises(ValueError, match="level"):
        Heading(level=level, text="x")


def test_heading_levels_1_to_6_are_fine() -> None:
    assert [Heading(level=n, text="x").level for n in range(1, 7)] == [1, 2, 3, 4, 5, 6]


def test_media_kind_is_video_or_audio() -> None:
    assert Media(kind="audio").kind == "audio"
    with pytest.raises(ValueError):
        Media(kind="podcast")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: Image(url=""), ValueError),
        (lambda: ImageSource(url=""), ValueError),
        (lambda: Link(url="", text="x"), ValueError),
        (lambda: Image(url="https://i.example/", width=-1), ValueError),
        (lambda: Image(url="https://i.example/", height=True), TypeError),
        (lambda: Image(url="https://i.example/", width=1.5), TypeError),
        (lambda: ImageSource(url="https://i.example/", width=-5), ValueError),
        (lambda: Span(text="x", bold=1), TypeError),
        (lambda: ListBlock(ordered="yes"), TypeError),
    ],
)
def test_leaf_values_are_checked(make: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        make()  # type: ignore[operator]


# --- block types ---------------------------------------------------------------------------


def test_block_type_names_match_the_contract() -> None:
    names = [cls.type for cls in BLOCK_TYPES]
    assert names == ["paragraph", "heading", "figure", "media", "related_links", "list", "quote", "embed"]
    for cls in BLOCK_TYPES:
        # ``type`` is a class constant, not a constructor argument or a stored field.
        assert "type" not in attrs.fields_dict(cls)


# --- views ---------------------------------------------------------------------------------


def test_text_is_the_running_text_in_reading_order() -> None:
    assert sample_article().text.split("\n") == ["第一段。", "小标题", "甲", "乙", "a quotation", "last"]


def test_text_leaves_out_captions_and_links() -> None:
    text = sample_article().text
    for absent in ("河流", "Getty", "视频", "相关", "one"):
        assert absent not in text


def test_block_views_keep_order_and_type() -> None:
    article = sample_article()
    assert [p.text for p in article.paragraphs] == ["第一段。", "last"]
    assert [h.text for h in article.headings] == ["小标题"]
    assert [f.caption for f in article.figures] == ["河流", "the lead again"]
    assert [m.media_id for m in article.media] == ["p0b1"]
    assert [r.title for r in article.related_links] == ["相关"]
    assert all(isinstance(view, tuple) for view in (article.figures, article.media, article.related_links))


def test_images_lists_each_image_once_lead_first() -> None:
    urls = [image.url for image in sample_article().images]
    assert urls == [
        "https://img.example/lead.jpg",
        "https://img.example/fig.jpg",
        "https://img.example/poster.jpg",
    ]


def test_views_of_an_empty_article_are_empty() -> None:
    article = Article()
    assert article.text == ""
    assert (
        article.figures == () and article.media == () and article.related_links == () and article.images == ()
    )


def test_embeds_view_and_running_text() -> None:
    post = Embed(provider="tiktok", url="https://www.tiktok.com/@a/video/1", text="the post")
    article = Article(body=[Paragraph(text="p"), post, Embed(provider="google-maps")])
    assert article.embeds == (post, Embed(provider="google-maps"))
    # A third party's post is not the article's running text (like a figure's caption).
    assert article.text == "p"
    with pytest.raises(TypeError):
        Embed(text=["not", "a", "str"])  # type: ignore[arg-type]
