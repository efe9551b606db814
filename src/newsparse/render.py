"""Human-readable renderings of an Article: Markdown and plain text.

Both are for reading, not for round trips (use :mod:`newsparse.serialize` for that).
Every block of the body appears, in reading order; nothing is dropped silently.
"""

from __future__ import annotations

import re
from itertools import groupby

from newsparse.model import (
    Article,
    Block,
    Embed,
    Figure,
    Heading,
    ListBlock,
    Media,
    Paragraph,
    Quote,
    RelatedLinks,
    Span,
)

__all__ = ["to_markdown", "to_text"]

# --- Markdown ------------------------------------------------------------------------------

# Characters that start inline Markdown constructs anywhere in a line.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>])")
# What would turn the start of a block into a heading, quote, list item or table row.
_MD_BLOCK_START = re.compile(r"^(\s*)([#>+|=-]|\d+(?=[.)]))")
# What may not stand as itself in a link destination: whitespace and control characters
# (a line break would end the link and could start a link reference definition), the
# characters that end a destination early or open an autolink, and the backslash, which
# CommonMark reads as an escape ("javascript\\:" would become "javascript:").
_MD_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\\()<>\u2028\u2029]")


def _md_escape(text: str) -> str:
    """Escape text so Markdown shows it literally (inline constructs only)."""
    return _MD_INLINE.sub(r"\\\1", text)


def _md_guard_start(text: str) -> str:
    """Escape a leading block marker: ``# x`` ``> x`` ``- x`` and ``1. x`` stay literal."""
    match = _MD_BLOCK_START.match(text)
    if match is None:
        return text
    end = match.end()
    if match.group(2).isdigit():  # escape the "." or ")" after the number
        return f"{text[:end]}\\{text[end:]}"
    return f"{match.group(1)}\\{text[match.start(2) :]}"


def _md_block(text: str) -> str:
    """Escape text that starts a block: inline constructs and a leading block marker."""
    return _md_guard_start(_md_escape(text))


def _percent_encode(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def _md_url(url: str) -> str:
    """``url`` as a link destination that a Markdown renderer reads back unchanged.

    Unsafe characters are percent-encoded, and ``&`` is backslash-escaped so that no
    character reference (``&#58;``, ``&colon;``) can be decoded into the URL: the renderer
    sees the scheme that the model holds, and nothing can end the destination early.
    """
    return _MD_URL_UNSAFE.sub(_percent_encode, url).replace("&", "\\&")


def _md_link(text: str, url: str) -> str:
    """A link whose text is ``text`` (or the URL when empty), on one line."""
    label = _md_escape(" ".join((text or url).split()))
    return f"[{label}]({_md_url(url)})"


def _md_emphasis(span: Span) -> str:
    """One span's text with bold/italic markers, kept off its leading and trailing spaces
    (``** bold**`` is not emphasis in Markdown)."""
    text = _md_escape(span.text)
    core = text.strip()
    if not core or not (span.bold or span.italic):
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    if span.italic:
        core = f"*{core}*"
    if span.bold:
        core = f"**{core}**"
    return f"{lead}{core}{trail}"


def _md_spans(spans: tuple[Span, ...]) -> str:
    """Inline Markdown for a paragraph; neighbouring spans of one link become one link."""
    out: list[str] = []
    for href, run in groupby(spans, key=lambda s: s.href):
        inner = "".join(_md_emphasis(s) for s in run)
        if href is None or not inner.strip():
            out.append(inner)
        else:
            lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
            out.append(f"{lead}[{inner.strip()}]({_md_url(href)}){trail}")
    return _md_guard_start("".join(out))


def _md_byline(article: Article) -> list[str]:
    lines = _dates(article)
    if article.authors:
        lines.append("By " + _md_escape(", ".join(article.authors)))
    if article.url:
        lines.append(f"Source: {_md_link(article.url, article.url)}")
    return lines


def _md_block_of(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _md_spans(block.spans) if block.spans else _md_block(block.text)
    if isinstance(block, Heading):
        # The article title is the only H1, so body headings move one level down.
        return "#" * min(block.level + 1, 6) + " " + _md_escape(block.text)
    if isinstance(block, Figure):
        alt = _md_escape(block.image.alt or block.caption or "")
        lines = [f"![{alt}]({_md_url(block.image.url)})"]
        note = " — ".join(x for x in (block.caption, block.credit and f"© {block.credit}") if x)
        if note:
            lines.append(f"*{_md_escape(note)}*")
        return "  \n".join(lines)
    if isinstance(block, Media):
        label = _media_label(block)
        if block.embed_url:
            return f"▶ {_md_link(label, block.embed_url)}"
        return f"▶ {_md_escape(label)}"
    if isinstance(block, RelatedLinks):
        lines = [f"**{_md_escape(block.title)}**"] if block.title else []
        lines.extend(f"- {_md_link(link.text, link.url)}" for link in block.links)
        return "\n".join(lines)
    if isinstance(block, ListBlock):
        marks = [f"{i}." if block.ordered else "-" for i in range(1, len(block.items) + 1)]
        return "\n".join(f"{m} {_md_block(item)}" for m, item in zip(marks, block.items, strict=True))
    if isinstance(block, Embed):
        return _md_embed(block)
    # Quote
    quote = "> " + _md_block(block.text)
    return quote + (f"\n>\n> — {_md_escape(block.cite)}" if block.cite else "")


def _md_embed(block: Embed) -> str:
    """A "↗" line naming the embed (a link to the post or graphic when it has a URL), the
    caption in italics under it, then the post's words as a block quote."""
    label = _embed_label(block)
    head = f"↗ {_md_link(label, block.url)}" if block.url else f"↗ {_md_escape(label)}"
    if block.caption and block.caption != label:
        head += f"  \n*{_md_escape(block.caption)}*"
    # A block quote may start right under a paragraph line; nothing follows it in the block.
    return head + ("\n> " + _md_block(block.text) if block.text else "")


def to_markdown(article: Article) -> str:
    """Markdown: the title as H1, dates/authors/source lines, then every block in order.

    Body headings are shifted one level down (the title is the only H1); figures become
    images with the caption and credit in italics under them; a media block becomes a
    "▶" line linking its player; an embed (social post, interactive, map) a "↗" line
    linking it, with the post's words quoted under it; in-body link lists and the onward ``related`` links
    become bullet lists. All text is escaped so it shows literally.
    """
    out: list[str] = []
    if article.title:
        out.append(f"# {_md_escape(article.title)}")
    byline = _md_byline(article)
    if byline:
        out.append("  \n".join(byline))
    out.extend(_md_block_of(block) for block in article.body)
    if article.related:
        links = "\n".join(f"- {_md_link(x.text, x.url)}" for x in article.related)
        out.append("## Related\n\n" + links)
    return "\n\n".join(out) + "\n"


# --- plain text ----------------------------------------------------------------------------


def _dates(article: Article) -> list[str]:
    lines = []
    if article.published:
        lines.append(f"Published: {article.published.isoformat()}")
    if article.modified:
        lines.append(f"Modified: {article.modified.isoformat()}")
    return lines


def _media_label(block: Media) -> str:
    return block.caption or block.title or " ".join(x for x in (block.kind, block.media_id) if x)


def _embed_label(block: Embed) -> str:
    """What names an embed: its title, else its caption, else "<provider> embed"."""
    return block.title or block.caption or f"{block.provider or 'external'} embed"


def _text_block(block: Block) -> list[str]:
    if isinstance(block, (Paragraph, Heading)):
        return [block.text]
    if isinstance(block, Quote):
        return [f"“{block.text}”" + (f" — {block.cite}" if block.cite else "")]
    if isinstance(block, Figure):
        note = " / ".join(x for x in (block.caption, block.credit) if x)
        return [f"[image: {note}]" if note else "[image]"]
    if isinstance(block, Media):
        return [f"[{block.kind}: {_media_label(block)}]"]
    if isinstance(block, Embed):
        head = f"[embed: {_embed_label(block)}]" + (f" {block.url}" if block.url else "")
        text = [f"“{block.text}”"] if block.text else []
        caption = [block.caption] if block.caption and block.caption != _embed_label(block) else []
        return [head, *text, *caption]
    if isinstance(block, RelatedLinks):
        title = [block.title] if block.title else []
        return title + [f"- {link.text or link.url}" for link in block.links]
    # ListBlock
    return [f"{i}. {item}" if block.ordered else f"- {item}" for i, item in enumerate(block.items, 1)]


def to_text(article: Article) -> str:
    """Plain text: title, dates and authors, a blank line, then the body, one block per line.

    Unlike :attr:`Article.text` (running text only), figures and media appear as
    ``[image: caption / credit]`` and ``[video: caption]`` lines, embeds as
    ``[embed: title] URL`` with the post's words in “ ” on the next line, and link lists as
    ``- text`` lines, so a reader sees where they stood.
    """
    head: list[str] = []
    if article.title:
        head.append(article.title)
    head.extend(_dates(article))
    if article.authors:
        head.append("By " + ", ".join(article.authors))
    lines = [*head, ""] if head else []
    for block in article.body:
        lines.extend(_text_block(block))
    return "\n".join(lines).rstrip() + "\n"
