"""Human-readable renderings of an Article: Markdown and plain text."""

from __future__ import annotations

from newsparse.model import Article, Figure, Heading, ListBlock, Media, Paragraph, Quote, RelatedLinks, Span

__all__ = ["to_markdown", "to_text"]


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("*", "\\*")


def _md_span(span: Span) -> str:
    text = _md_escape(span.text)
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    if span.italic:
        core = f"*{core}*"
    if span.bold:
        core = f"**{core}**"
    if span.href:
        core = f"[{core}]({span.href})"
    return f"{lead}{core}{trail}"


def _dates(article: Article) -> list[str]:
    lines = []
    if article.published:
        lines.append(f"Published: {article.published.isoformat()}")
    if article.modified:
        lines.append(f"Modified: {article.modified.isoformat()}")
    return lines


def to_markdown(article: Article) -> str:
    """Markdown: title as H1, metadata lines, then every block in reading order."""
    out: list[str] = []
    if article.title:
        out.append(f"# {_md_escape(article.title)}")
    meta = _dates(article)
    if article.authors:
        meta.append("By " + ", ".join(article.authors))
    if article.url:
        meta.append(f"Source: <{article.url}>")
    if meta:
        out.append("  \n".join(meta))
    for block in article.body:
        if isinstance(block, Paragraph):
            out.append("".join(_md_span(s) for s in block.spans) if block.spans else _md_escape(block.text))
        elif isinstance(block, Heading):
            out.append("#" * min(block.level + 1, 6) + " " + _md_escape(block.text))
        elif isinstance(block, Figure):
            alt = _md_escape(block.image.alt or block.caption or "")
            figure = [f"![{alt}]({block.image.url})"]
            note = " — ".join(x for x in (block.caption, block.credit and f"© {block.credit}") if x)
            if note:
                figure.append(f"*{_md_escape(note)}*")
            out.append("  \n".join(figure))
        elif isinstance(block, Media):
            label = block.caption or block.title or f"{block.kind} {block.media_id or ''}".strip()
            target = block.embed_url or block.media_id or ""
            out.append(f"[▶ {_md_escape(label)}]({target})" if target else f"▶ {_md_escape(label)}")
        elif isinstance(block, RelatedLinks):
            items = [f"- [{_md_escape(link.text)}]({link.url})" for link in block.links]
            out.append("\n".join(([f"**{_md_escape(block.title)}**"] if block.title else []) + items))
        elif isinstance(block, ListBlock):
            marks = (f"{i}." if block.ordered else "-" for i in range(1, len(block.items) + 1))
            out.append(
                "\n".join(f"{m} {_md_escape(item)}" for m, item in zip(marks, block.items, strict=True))
            )
        elif isinstance(block, Quote):
            quote = "> " + _md_escape(block.text)
            out.append(quote + (f"\n>\n> — {_md_escape(block.cite)}" if block.cite else ""))
    if article.related:
        out.append(
            "## Related\n\n" + "\n".join(f"- [{_md_escape(x.text)}]({x.url})" for x in article.related)
        )
    return "\n\n".join(out) + "\n"


def to_text(article: Article) -> str:
    """Plain text: title, dates, then the body's text blocks, captions in brackets."""
    out: list[str] = []
    if article.title:
        out.append(article.title)
    out.extend(_dates(article))
    if out:
        out.append("")
    for block in article.body:
        if isinstance(block, (Paragraph, Heading)):
            out.append(block.text)
        elif isinstance(block, Quote):
            out.append(f"“{block.text}”" + (f" — {block.cite}" if block.cite else ""))
        elif isinstance(block, Figure):
            note = " / ".join(x for x in (block.caption, block.credit) if x)
            if note:
                out.append(f"[{note}]")
        elif isinstance(block, Media):
            out.append(f"[{block.kind}: {block.caption or block.title or block.media_id or ''}]")
        elif isinstance(block, RelatedLinks):
            out.extend(f"- {link.text}" for link in block.links)
        elif isinstance(block, ListBlock):
            out.extend(f"- {item}" for item in block.items)
    return "\n".join(out).rstrip() + "\n"
