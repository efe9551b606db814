"""Turning a cleaned content root into body blocks, in one walk in reading order.

Each element is read by what it is: ``<p>`` a paragraph (with inline spans), ``<h2>``–``<h6>``
a heading, ``<figure>``/``<img>`` a figure, players a media block, ``<ul>``/``<ol>`` a list
or (when every item is a link) a related-links block, ``<blockquote>`` a quote, a data
table a list of rows. Any other element is a container when it holds block content and a
paragraph when it holds only text; loose text between blocks becomes paragraphs too, so
no text is lost to an unexpected wrapper.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable

import attrs
import lxml.html
from lxml.html import HtmlElement

from newsparse.extractor import Context
from newsparse.model import (
    Block,
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
)
from newsparse.toolkit import (
    absolutize,
    best_candidate,
    build_image,
    holders,
    normalize,
    paragraph_from_spans,
    parse_srcset,
    select,
    spans_of,
    text_of,
    unwrap_proxy,
)
from newsparse.toolkit.embeds import embed_from_blockquote

from .media import PLAYER_SELECTOR, embed_from_frame, embed_holders, is_embed_code, media_from_element
from .rules import signature_words

__all__ = ["SHORT_BODY", "read_blocks"]

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Elements that start a new block: a container holding any of them is walked, not flattened.
BLOCK_TAGS = frozenset(
    {
        *_HEADINGS,
        "p", "ul", "ol", "dl", "dt", "dd", "li", "figure", "blockquote", "table", "tr", "td", "th",
        "pre", "iframe", "embed", "video", "audio", "object", "img", "picture", "noscript", "hr",
        "div", "section", "article", "main", "address", "details", "fieldset", "center",
    }
)  # fmt: skip
#: A link-dominated container (teaser cards, "more on this story") holds at most this much
#: text outside its links and headings.
_CLUSTER_OTHER_TEXT = 0.1
#: Signature words of a figure's credit (copyright holder) element.
_CREDIT_WORDS = frozenset({"credit", "credits", "copyright", "attribution"})
_CREDIT_ITEMPROPS = frozenset({"copyrightholder", "credittext", "creator", "author"})
#: Loose text in a figure, outside its caption, up to this length is the credit ("Getty Images").
_MAX_LOOSE_CREDIT = 80
#: A container with one image and at most this much text is a figure with its caption.
_MAX_BARE_CAPTION = 200
_LAZY_SRC = ("data-src", "datasrc", "data-original", "data-lazy-src", "data-url")
_PLACEHOLDER = re.compile(r"placeholder|spacer|blank\.gif|transparent\.gif|grey-line", re.IGNORECASE)
_DECORATIVE_ALT = re.compile(r"\bpresentational\b", re.IGNORECASE)
#: Less paragraph text than this and the page is probably not an article (an index, a
#: fixtures table, a video page).
SHORT_BODY = 300
#: How many blocks at each end of the body are checked for byline, date and link lines.
_EDGE = 3
_MAX_BYLINE = 120
_MAX_DATELINE = 60
_MAX_POINTER = 200
_MAX_POINTER_LABEL = 30
#: A numeric date (12.05.2024, 2024-05-12, 5/12/24); or a year among other numbers
#: ("Dienstag, 4. Juni 2019, 15:54") in a short line.
_DATELINE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMBERS = re.compile(r"\d+")
#: A short line at the story's edges that ends in no sentence mark is a label ("Share",
#: "More on this topic", "Photo: Tom Reed"), not story text.
_MAX_LABEL = 30
_SENTENCE_END = re.compile(r"[.!?…。！？」\"”“»«)]\s*$")


def read_blocks(
    root: HtmlElement,
    *,
    base_url: str | None,
    title: str | None,
    context: Context,
    authors: tuple[str, ...] = (),
) -> tuple[Block, ...]:
    """The body blocks of a cleaned content root, in reading order."""
    walker = _Walker(root, base_url=base_url, title=title, context=context)
    walker.walk(root)
    blocks = _trim_edges(walker.blocks, authors, context)
    # A visual headline (bold text, a styled <div>) opening the body repeats the title.
    if blocks and isinstance(blocks[0], Paragraph) and title and blocks[0].text == title:
        context.decide("heading", "the first paragraph repeats the title; not a body block")
        blocks.pop(0)
    # An <h1> opening the body is the page's headline, even when the title reads longer.
    if blocks and isinstance(blocks[0], Heading) and blocks[0].level == 1:
        context.decide("heading", f"<h1> {blocks[0].text!r} opens the body: the headline, not a body block")
        blocks.pop(0)
    blocks = _title_link_lists(blocks, context)
    blocks = _captions_after_images(blocks, context)
    # A heading that ends the body heads nothing: its section was boilerplate ("More on this story").
    while blocks and isinstance(blocks[-1], Heading):
        context.decide("heading", f"{blocks[-1].text!r} ends the body with nothing under it; dropped")
        blocks.pop()
    return tuple(blocks)


def _title_link_lists(blocks: list[Block], context: Context) -> list[Block]:
    """A heading, or a label line (short, no sentence mark: "Mehr zum Thema:"), right above
    a list of links ("More on this topic", "Read next") is that list's title, not a part of
    the story."""
    merged: list[Block] = []
    for block in blocks:
        last = merged[-1] if merged else None
        label = last.text if isinstance(last, (Heading, Paragraph)) else ""
        if isinstance(last, Paragraph) and (len(label) > _MAX_LABEL or _SENTENCE_END.search(label)):
            label = ""
        if isinstance(block, RelatedLinks) and block.title is None and label:
            merged.pop()
            context.decide("heading", f"{label!r} titles the link list under it")
            block = attrs.evolve(block, title=label.rstrip(": "))
        merged.append(block)
    return merged


def _captions_after_images(blocks: list[Block], context: Context) -> list[Block]:
    """A short line right after a figure without a caption, ending in no sentence mark
    ("Puerto de Montevideo. Foto: Archivo"), is that figure's caption written as a
    paragraph, not story text — in a story (on a page of a few lines every line counts),
    and not a line introducing what follows ("The answers, in order:")."""
    if sum(len(block.text) for block in blocks if isinstance(block, Paragraph)) < SHORT_BODY:
        return blocks
    merged: list[Block] = []
    for block in blocks:
        last = merged[-1] if merged else None
        if (
            isinstance(block, Paragraph)
            and isinstance(last, Figure)
            and last.caption is None
            and len(block.text) <= _MAX_LOOSE_CREDIT
            and not _SENTENCE_END.search(block.text)
            and not block.text.endswith(":")
        ):
            context.decide("caption", f"{block.text!r} right after a figure is its caption")
            merged[-1] = attrs.evolve(last, caption=block.text)
            continue
        merged.append(block)
    return merged


def _link_line(block: Block) -> bool:
    """A paragraph that is mostly link text ("Back to overview", "Home > News")."""
    return isinstance(block, Paragraph) and sum(len(s.text) for s in block.spans if s.href) * 2 >= len(
        block.text
    )


def _meta_line(block: Block, authors: tuple[str, ...], story: bool) -> str | None:
    """Why a paragraph is a byline naming the metadata's author, a line that is only a
    date, or (in a ``story``: on a page of a few lines, such as a fixtures list, every
    line counts) a label, or None."""
    if not isinstance(block, Paragraph):
        return None
    text = block.text
    if len(text) <= _MAX_BYLINE and any(author and author in text for author in authors):
        return "byline (read from metadata)"
    if len(text) <= _MAX_DATELINE and (
        _DATELINE.search(text) or (len(_NUMBERS.findall(text)) >= 2 and _YEAR.search(text))
    ):
        return "dateline (read from metadata)"
    if story and len(text) <= _MAX_LABEL and not _SENTENCE_END.search(text):
        return "label, not a sentence"
    return None


def _trim_edges(blocks: list[Block], authors: tuple[str, ...], context: Context) -> list[Block]:
    """Take what sites put at the edges of the article's own container out of the story:
    link lines at either end of the body become a links block (onward links stay data),
    bylines and date lines among its first and last few blocks go (read as metadata)."""
    start, end = 0, len(blocks)
    while start < end and _link_line(blocks[start]):
        start += 1
    while end > start and _link_line(blocks[end - 1]):
        end -= 1
    head, tail = (
        [_as_links(b, context) for b in blocks[:start]],
        [_as_links(b, context) for b in blocks[end:]],
    )
    blocks = blocks[start:end]
    edge = set(range(min(_EDGE, len(blocks)))) | set(range(max(len(blocks) - _EDGE, 0), len(blocks)))
    story = sum(len(block.text) for block in blocks if isinstance(block, Paragraph)) >= SHORT_BODY
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        why = _meta_line(block, authors, story) if index in edge else None
        if why is None:
            kept.append(block)
        else:
            context.decide("edge", f"{why}: {_text(block)[:60]!r}")
    return head + [_pointer(block, context) for block in kept] + tail


def _as_links(block: Block, context: Context) -> Block:
    """A link line at an edge of the body as a :class:`RelatedLinks` block of its links."""
    if not isinstance(block, Paragraph):
        return block
    context.decide("edge", f"link line at an end of the body, kept as links: {block.text[:60]!r}")
    links = [Link(url=span.href, text=normalize(span.text)) for span in block.spans if span.href]
    return RelatedLinks(links=[link for link in links if link.text])


def _pointer(block: Block, context: Context) -> Block:
    """A "Read more: <link>" line inside the story (a short label ending in a colon or an
    arrow, then one link making up the rest of the paragraph) points elsewhere: it is a
    :class:`RelatedLinks` block titled by its label, not story text."""
    if not isinstance(block, Paragraph) or len(block.text) > _MAX_POINTER:
        return block
    links = [span for span in block.spans if span.href]
    if not links or block.spans[-1].href is None or len({span.href for span in links}) != 1:
        return block
    label = "".join(span.text for span in block.spans if not span.href).strip()
    if not label or len(label) > _MAX_POINTER_LABEL or label[-1] not in ":»>→":
        return block
    context.decide("edge", f"pointer line inside the body, kept as a link: {block.text[:60]!r}")
    text = normalize("".join(span.text for span in links))
    return RelatedLinks(title=label.rstrip(":»>→ ") or None, links=[Link(url=links[0].href or "", text=text)])


def _text(block: Block) -> str:
    return block.text if isinstance(block, Paragraph) else ""


def _double_break(element: HtmlElement) -> bool:
    """Does ``element`` hold two ``<br>`` in a row (a blank line between text runs)?"""
    children = list(element)
    return any(a.tag == "br" and b.tag == "br" for a, b in itertools.pairwise(children))


def block_text(element: HtmlElement) -> str:
    """Normalised text with a space at every block boundary and ``<br>`` (so
    ``<li><p>a</p><p>b</p></li>`` reads "a b", not "ab")."""
    parts: list[str] = []

    def visit(node: HtmlElement) -> None:
        boundary = node.tag in BLOCK_TAGS or node.tag == "br"
        if boundary:
            parts.append(" ")
        if node.text and node.tag not in ("script", "style", "noscript", "template"):
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                visit(child)
            if child.tail:
                parts.append(child.tail)
        if boundary:
            parts.append(" ")

    visit(element)
    return normalize("".join(parts))


def _link_share(element: HtmlElement) -> tuple[int, int, int]:
    """Text length of ``element``, of its links, and of its headings outside links (shares
    only: ``text_of`` lengths, without the block-boundary spaces of :func:`block_text`)."""
    total = len(text_of(element))
    links = sum(len(text_of(a)) for a in element.iter("a") if a.get("href"))
    # Link text inside a heading is counted once, as link text (a teaser title is a link).
    headings = sum(
        max(len(text_of(h)) - sum(len(text_of(a)) for a in h.iter("a") if a.get("href")), 0)
        for h in element.iter(*_HEADINGS)
        if not any(a.tag == "a" for a in h.iterancestors())
    )
    return total, links, headings


@attrs.define
class _Walker:
    root: HtmlElement
    base_url: str | None
    title: str | None
    context: Context
    blocks: list[Block] = attrs.field(factory=list)
    containers: set[HtmlElement] = attrs.field(init=False)
    #: Elements holding a social post's embed code: never a cluster of links.
    posts: set[HtmlElement] = attrs.field(init=False)
    handlers: dict[str, Callable[[HtmlElement], None]] = attrs.field(init=False)
    image_counts: dict[HtmlElement, int] = attrs.field(init=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        self.containers = holders(self.root, self.root.iter(*BLOCK_TAGS))  # (hold a block element)
        self.posts = embed_holders(self.root)
        self.handlers = {
            "p": self.paragraph_or_container,
            **dict.fromkeys(_HEADINGS, self.heading),
            "ul": self.list_,
            "ol": self.list_,
            "figure": self.figure,
            "blockquote": self.quote,
            "table": self.table,
            "pre": self.pre,
            "iframe": self.player,
            "embed": self.player,
            "object": self.player,
            "video": self.player,
            "audio": self.player,
            "img": self.image,
            "picture": self.image,
            "noscript": self.noscript,
            "hr": self.nothing,
            "br": self.nothing,
        }

    # --- dispatch ------------------------------------------------------------------------

    def walk(self, element: HtmlElement) -> None:
        if not isinstance(element.tag, str):
            return
        if element.get("data-playable") is not None or element.get("data-media-meta") is not None:
            self.figure(element)
            return
        handler = self.handlers.get(element.tag)
        if handler is not None:
            handler(element)
        elif element in self.containers:
            if element is self.root or self.wrapper_of_one(element):
                self.container(element)
            elif self.figure_like(element):
                self.figure(element, bare_caption=True)
            elif element in self.posts or not self.link_cluster(element):
                self.container(element)
        elif _double_break(element):
            self.container(element)  # text runs split by blank lines (<br><br>) are paragraphs
        else:
            self.add(paragraph_from_spans(spans_of(element, base_url=self.base_url)))

    def wrapper_of_one(self, element: HtmlElement) -> bool:
        """Is ``element`` a bare wrapper — no text of its own, one child that is judged as
        a container the same way? Then the child gets the same answers (same text, links,
        images), so the wrapper is not judged: 200 nested wrappers would read everything
        inside them 200 times. A link is no bare wrapper: it is one of its own links (a
        teaser card's ``<a>`` wrapping the card makes it a cluster of links)."""
        if element.tag == "a":
            return False
        children = [child for child in element if isinstance(child.tag, str)]
        if len(children) != 1 or len(children) != len(element):
            return False
        child = children[0]
        return (
            not (element.text or "").strip()
            and not (child.tail or "").strip()
            and child in self.containers
            and child.tag not in self.handlers
            and child.get("data-playable") is None
            and child.get("data-media-meta") is None
            and (child in self.posts) == (element in self.posts)
        )

    def add(self, block: Block | None) -> None:
        if block is not None:
            self.blocks.append(block)

    def nothing(self, element: HtmlElement) -> None:
        """Rules and line breaks between blocks carry no content."""

    def is_block(self, element: HtmlElement) -> bool:
        # A <span> of text runs split by blank lines is paragraphs, not an inline run.
        return element.tag in BLOCK_TAGS or element in self.containers or _double_break(element)

    # --- text ----------------------------------------------------------------------------

    def container(self, element: HtmlElement) -> None:
        """Walk block children in order; text and inline elements between them become
        paragraphs (two ``<br>`` in a row also end a paragraph)."""
        run_text = element.text or ""
        run: list[HtmlElement] = []
        children = list(element)
        for index, child in enumerate(children):
            if not isinstance(child.tag, str):
                if run:
                    run[-1].tail = (run[-1].tail or "") + (child.tail or "")
                else:
                    run_text += child.tail or ""
                continue
            double_break = child.tag == "br" and index + 1 < len(children) and children[index + 1].tag == "br"
            if self.is_block(child) or double_break:
                self.flush(run_text, run)
                if not double_break:
                    self.walk(child)
                run_text, run = child.tail or "", []
            else:
                run.append(child)
        self.flush(run_text, run)

    def flush(self, text: str, elements: list[HtmlElement]) -> None:
        if not elements:
            if normalize(text):
                self.add(Paragraph(text=normalize(text)))
            return
        wrapper = lxml.html.Element("span")
        wrapper.text = text
        for element in elements:
            wrapper.append(copy.deepcopy(element))  # the copy carries the element's tail
        self.add(paragraph_from_spans(spans_of(wrapper, base_url=self.base_url)))

    def paragraph_or_container(self, element: HtmlElement) -> None:
        if element in self.containers:  # a <p> holding an image or a player
            self.container(element)
        else:
            self.add(paragraph_from_spans(spans_of(element, base_url=self.base_url)))

    def heading(self, element: HtmlElement) -> None:
        if element.find(".//p") is not None:
            # A heading holding paragraphs is a wrapper left open by broken markup.
            self.container(element)
            return
        text = block_text(element)
        if not text:
            return
        if self.title and text == self.title:
            self.context.decide("heading", f"<{element.tag}> repeats the title; not a body block")
            return
        self.add(Heading(level=int(element.tag[1]), text=text))

    def pre(self, element: HtmlElement) -> None:
        text = normalize(element.text_content())
        if text:
            self.add(Paragraph(text=text))

    def quote(self, element: HtmlElement) -> None:
        if is_embed_code(element):
            self.add(self.social_embed(element))
            return
        cite_element = element.find(".//cite")
        if cite_element is None:
            cite_element = element.find(".//footer")
        cite = block_text(cite_element) if cite_element is not None else ""
        if cite_element is not None:
            cite_element.drop_tree()
        text = block_text(element)
        if text:
            self.add(Quote(text=text, cite=cite or absolutize(element.get("cite"), self.base_url)))

    # --- lists and link clusters -----------------------------------------------------------

    def list_(self, element: HtmlElement) -> None:
        """A list is :class:`RelatedLinks` when every item is mostly a link (each has a link
        and link text is at least half the item's text), else a :class:`ListBlock`."""
        items = [li for li in element if li.tag == "li"]
        if not items:
            self.container(element)
            return
        texts = [block_text(li) for li in items]
        pairs = [(li, text) for li, text in zip(items, texts, strict=True) if text]
        if not pairs:
            return
        anchors = [[a for a in li.iter("a") if a.get("href") and text_of(a)] for li, _ in pairs]
        if all(
            found and sum(len(text_of(a)) for a in found) * 2 >= len(text)
            for found, (_, text) in zip(anchors, pairs, strict=True)
        ):
            links: list[Link] = []
            for found, (_, text) in zip(anchors, pairs, strict=True):
                # One link per item: the whole item text names it ("VIDEO: The 20-second hand wash").
                for a in found:
                    url = absolutize(a.get("href"), self.base_url)
                    if url:
                        links.append(Link(url=url, text=text if len(found) == 1 else text_of(a)))
            self.add(RelatedLinks(title=normalize(element.get("aria-label")) or None, links=links))
            return
        self.add(ListBlock(ordered=element.tag == "ol", items=[text for _, text in pairs]))

    def link_cluster(self, element: HtmlElement) -> bool:
        """A container of teaser cards or onward links becomes one :class:`RelatedLinks`.

        It qualifies when nearly all its text is link or heading text, and it has two or more
        links or a link wrapping block content (a card). Its first heading outside the
        links is the block's title.
        """
        anchors = [a for a in element.iter("a") if a.get("href")]
        if not anchors:
            return False
        if len(anchors) < 2 and not any(a in self.containers for a in anchors):
            return False
        total, links, headings = _link_share(element)
        if total == 0 or total - links - headings > _CLUSTER_OTHER_TEXT * total or links < headings:
            return False
        found: list[Link] = []
        for a in anchors:
            url = absolutize(a.get("href"), self.base_url)
            text = block_text(a)
            if url and text and all(link.url != url for link in found):
                found.append(Link(url=url, text=text))
        if not found:
            return False
        # The block's title is a heading that is not a link itself (those are card titles).
        title = next(
            (
                block_text(h)
                for h in element.iter(*_HEADINGS)
                if not any(a.tag == "a" for a in h.iterancestors())
                and h.find(".//a") is None
                and block_text(h)
            ),
            None,
        )
        self.add(RelatedLinks(title=title, links=found))
        return True

    def table(self, element: HtmlElement) -> None:
        """A data table (cells of text) becomes a list of rows, cells joined by " | ";
        a layout table (cells holding paragraphs or other blocks) is walked as a container."""
        cells = list(element.iter("td", "th"))
        if any(
            child.tag not in ("br", "a", "b", "strong", "i", "em", "span") and self.is_block(child)
            for cell in cells
            for child in cell.iter()
            if child is not cell
        ):
            self.container(element)
            return
        rows: list[str] = []
        for row in element.iter("tr"):
            texts = [block_text(cell) for cell in row if cell.tag in ("td", "th")]
            line = " | ".join(t for t in texts if t)
            if line:
                rows.append(line)
        if rows:
            self.add(ListBlock(ordered=False, items=rows))

    # --- figures, images and players ---------------------------------------------------------

    def player(self, element: HtmlElement) -> None:
        media = media_from_element(element, self.base_url)
        if media is None:
            embed = embed_from_frame(element, self.base_url) if element.tag in _FRAMES else None
            if embed is None:
                self.context.skip(element, "embed that is not a known video/audio player")
            else:
                self.skip_placeholder(element)
                self.add(embed)
            return
        self.skip_placeholder(element)  # a <video>'s fallback content
        self.add(media)

    def figure(self, element: HtmlElement, *, bare_caption: bool = False) -> None:
        """A figure is a media block when it holds a player, else an image with its caption
        and credit; a figure with neither is walked for its text. ``bare_caption``: the
        element is a figure not marked up as one, so its text is the caption."""
        media, player = self.find_media(element)
        embed = self.find_embed(element) if media is None else None
        caption, credit = self.caption_and_credit(element, bare_caption=bare_caption)
        if media is not None and player is not None:
            poster = media.poster or self.find_image(element)
            self.skip_placeholder(_player_box(player, element))
            self.add(attrs.evolve(media, caption=media.caption or caption or None, poster=poster))
            return
        if embed is not None:
            self.add(attrs.evolve(embed, caption=embed.caption or caption or None))
            return
        image = self.find_image(element)
        if image is not None:
            self.add(Figure(image=image, caption=caption or None, credit=credit or None))
        elif caption or block_text(element):
            self.container(element)

    def find_media(self, element: HtmlElement) -> tuple[Media | None, HtmlElement | None]:
        """The first known player in ``element`` (or ``element`` itself): its media block
        and the player element."""
        candidates = [element, *select(element, PLAYER_SELECTOR)]
        for candidate in candidates:
            if candidate is element and element.tag == "figure":
                continue
            media = media_from_element(candidate, self.base_url)
            if media is not None:
                return media, candidate
            if candidate.tag in _FRAMES and embed_from_frame(candidate, self.base_url) is None:
                self.context.skip(candidate, "embed that is not a known video/audio player")
        return None, None

    def find_embed(self, element: HtmlElement) -> Embed | None:
        """The first social post (an embed-code blockquote) or embedded graphic or map (a
        frame of a known provider) in a figure, as an :class:`Embed`."""
        for candidate in element.iter("blockquote", *_FRAMES):
            if candidate.tag == "blockquote":
                if is_embed_code(candidate):
                    return self.social_embed(candidate)
                continue
            embed = embed_from_frame(candidate, self.base_url)
            if embed is not None:
                self.skip_placeholder(candidate)
                return embed
        return None

    def social_embed(self, blockquote: HtmlElement) -> Embed:
        """A provider's embed-code blockquote (a tweet, an Instagram or Facebook post …) as
        an :class:`Embed` with the post's words. The rest of its text (the attribution
        "— Name (@handle) date", "View this post on Instagram") is the provider's frame
        around the post: skipped, so it is accounted for. Facebook's embed code names the
        post on its wrapper (``div.fb-post[data-href]``, ``div.fb-video``)."""
        wrapper = blockquote.getparent()
        url = None
        if wrapper is not None and {"fb-post", "fb-video"} & set((wrapper.get("class") or "").split()):
            url = wrapper.get("data-href") or None
        embed = embed_from_blockquote(blockquote, base_url=self.base_url, url=url)
        self.context.skip(blockquote, "social embed (read as an embed block)")
        return embed

    def skip_placeholder(self, box: HtmlElement) -> None:
        """The text a player shows where it cannot play ("Media playback is unsupported on
        your device", "Your browser does not support the video tag") sits inside the player
        or its own wrapper: it is the player's, not the story's, so it is skipped (and
        accounted for) rather than read as a paragraph or caption."""
        if normalize(box.text_content()):
            self.context.skip(box, "player placeholder (text shown where the player cannot play)")

    def caption_and_credit(self, element: HtmlElement, *, bare_caption: bool = False) -> tuple[str, str]:
        """The caption (``<figcaption>`` text) and credit of a figure.

        The credit is an element named for it (``class`` words credit/copyright, or
        ``itemprop`` copyrightHolder/creditText), inside or outside the caption; else short
        loose text in the figure outside the caption ("Getty Images" over the picture).
        Reading consumes the figure: the caption and credit elements are removed.
        """
        credit = ""
        for node in list(element.iter()):
            if node is element or not isinstance(node.tag, str) or node.tag in ("img", "figcaption"):
                continue
            words = set(signature_words(node.get("class"), node.get("data-component")))
            named = words & _CREDIT_WORDS or (node.get("itemprop") or "").lower() in _CREDIT_ITEMPROPS
            # "image-and-copyright-container" wraps the picture too: only a text element is the credit.
            if named and not self.holds_image(node):
                credit = block_text(node)
                node.drop_tree()
                break
        figcaption = element.find(".//figcaption")
        caption = ""
        if figcaption is not None:
            caption = block_text(figcaption)
            figcaption.drop_tree()
        if not credit or not caption:
            loose = block_text(element)
            if bare_caption and figcaption is None:
                caption = loose  # a caption written beside the image, not marked up as one
            elif not credit and 0 < len(loose) <= _MAX_LOOSE_CREDIT:
                credit = loose
        return caption, credit

    def figure_like(self, element: HtmlElement) -> bool:
        """A container that is a figure not marked up as one: a single image with a short
        text beside it (its caption or credit) and no heading, list or second image."""
        if element.find(".//img") is None or len(text_of(element)) > _MAX_BARE_CAPTION:
            return False
        images = [img for img in element.iter("img") if self.image_rank(img)]
        return (
            len(images) == 1 and next(element.iter(*_HEADINGS, "ul", "ol", "table", "figure"), None) is None
        )

    @staticmethod
    def holds_image(element: HtmlElement) -> bool:
        return any(
            node.tag in ("img", "picture") or any(node.get(a) for a in _LAZY_SRC)
            for node in element.iter()
            if isinstance(node.tag, str)
        )

    def find_image(self, element: HtmlElement) -> Image | None:
        """The best image in ``element``: one with a srcset over one with a real ``src`` over
        a lazy-loading ``data-src`` holder; placeholders and decorative images never."""
        best: tuple[int, HtmlElement] | None = None
        for img in element.iter("img"):
            rank = self.image_rank(img)
            if rank and (best is None or rank > best[0]):
                best = (rank, img)
        if best is not None:
            return self.build(best[1])
        for holder in element.iter():
            if isinstance(holder.tag, str) and holder.tag != "img" and any(holder.get(a) for a in _LAZY_SRC):
                image = build_image(holder, base_url=self.base_url)
                if image is not None:
                    alt = normalize(holder.get("data-alt")) or image.alt
                    width = _int(holder.get("data-width")) or image.width
                    height = _int(holder.get("data-height")) or image.height
                    return attrs.evolve(image, alt=alt, width=width, height=height)
        return None

    def image_rank(self, img: HtmlElement) -> int:
        src = " ".join(img.get(a) or "" for a in ("src", "class", "aria-label"))
        if (img.get("role") or "") in ("presentation", "none") or _DECORATIVE_ALT.search(
            img.get("alt") or ""
        ):
            return 0
        if img.get("srcset") or img.get("data-srcset"):
            return 3
        if any(img.get(a) for a in _LAZY_SRC):
            return 2
        if img.get("src") and not _PLACEHOLDER.search(src) and not (img.get("src") or "").startswith("data:"):
            return 1
        return 0

    def build(self, img: HtmlElement) -> Image | None:
        image = build_image(img, base_url=self.base_url)
        if image is None:
            return None
        if not image.sources:
            # A browser-saved page points src at a local copy; the lazy attribute keeps the real URL.
            lazy = next((img.get(a) for a in _LAZY_SRC if img.get(a)), None)
            # lxml does not know <source> is empty, so the <img> may sit inside one.
            picture = next((a for a in img.iterancestors("picture")), None)
            if lazy:
                url = absolutize(lazy, self.base_url)
                if url:
                    image = attrs.evolve(image, url=unwrap_proxy(url))
            elif picture is not None:
                for source in picture.iter("source"):
                    sources = parse_srcset(source.get("srcset"), base_url=self.base_url)
                    best = best_candidate(sources)
                    if best is not None:
                        image = attrs.evolve(
                            image, url=best.url if best.width else image.url, sources=sources
                        )
                        break
        return image

    def real_images(self, element: HtmlElement) -> int:
        """How many real images (:meth:`image_rank` above 0) ``element`` holds. Counted once
        per element: siblings asking about their parent (2,000 ``<noscript><img>`` in a
        row) share one count, so the question costs the parent's size once, not per
        sibling."""
        count = self.image_counts.get(element)
        if count is None:
            count = sum(1 for img in element.iter("img") if self.image_rank(img))
            self.image_counts[element] = count
        return count

    def image(self, element: HtmlElement) -> None:
        """An image outside any figure: a figure without caption."""
        image = self.find_image(element) if element.tag == "picture" else None
        if element.tag == "img":
            image = self.build(element) if self.image_rank(element) else None
        if image is None:
            self.context.skip(element, "placeholder or decorative image")
            return
        self.add(Figure(image=image))

    def noscript(self, element: HtmlElement) -> None:
        """A ``<noscript>`` left by cleaning holds an image for script-less readers: use it
        unless the same spot already has a real image outside it."""
        parent = element.getparent()
        outside = self.real_images(parent) - self.real_images(element) if parent is not None else 0
        if outside > 0:
            self.context.skip(element, "duplicate of a lazy-loaded image")
            return
        if element.find(".//p") is not None:
            self.container(element)  # the script-less copy of the text
            return
        image = self.find_image(element)
        if image is not None:
            self.add(Figure(image=image))


def _player_box(player: HtmlElement, figure: HtmlElement) -> HtmlElement:
    """The player's own box inside ``figure``: the player, or its outermost wrapper below
    the figure that holds no other player part (no caption, image or second player) —
    where a player's placeholder message sits."""
    box = player
    if player is figure:
        return box
    for ancestor in player.iterancestors():
        if ancestor is figure:
            break
        others = (
            node
            for node in ancestor.iter("figcaption", "img", "picture", *_PLAYER_TAGS)
            if node is not player
        )
        if next(others, None) is not None:
            break
        box = ancestor
    return box


_PLAYER_TAGS = ("iframe", "embed", "object", "video", "audio")
_FRAMES = ("iframe", "embed")


def _int(value: str | None) -> int | None:
    """A size attribute's leading number; None past 9 digits (no real size is that large,
    and Python refuses to convert over 4,300 digits)."""
    match = _SIZE.match(value or "")
    return int(match.group(1)) if match else None


_SIZE = re.compile(r"\s*(\d{1,9})(?!\d)")
