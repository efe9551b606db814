"""Drift diagnostics: how an Article was made, and how much of the page it kept.

A site redesign rarely breaks an extractor loudly; it empties it. :func:`explain` tells,
for one extraction, which extractor and layout were chosen and why, every decision the
extractor recorded, the elements it skipped on purpose, and the **coverage**: the share
of the visible text under the extractor's content root that ended up in the Article. A
healthy extraction is near 1.0; a layout that no longer fits shows text falling through.
:func:`check_page` turns that into a verdict against thresholds, which is what
``newsparse check DIR`` prints for a folder of fresh pages.

Coverage is measured on the content root *after* extraction (elements removed with
:func:`newsparse.toolkit.drop` are gone, as intended) and counts characters other than
whitespace. A text node counts as kept when its text occurs in one of the Article's
strings (title, body blocks with captions, credits and link texts, authors, summary …) or
in an element recorded with ``Context.skip``; the text of ``<time>`` elements counts as
kept when the Article has a date. Text of ``script``/``style``/``noscript``/``template``
and of ``hidden`` elements is not visible and not counted. Labels left out on purpose
inside read elements (``Context.skip_text``) are cut out of a text node and the pieces
judged alone.

An extractor that reads the body from data rather than from an element (a JSON state
object) records the data's text pieces with ``Context.source_text``; without a content
root, coverage is measured over those pieces by the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from newsparse.model import Article, Embed, Figure, Heading, ListBlock, Media, Paragraph, Quote, RelatedLinks
from newsparse.toolkit.text import normalize

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from newsparse.api import Extraction
    from newsparse.extractor import Context, Extractor, SourceText

__all__ = [
    "ARTICLE_FIELDS",
    "Coverage",
    "Verdict",
    "article_strings",
    "check_page",
    "context_coverage",
    "explain",
    "format_share",
    "measure_coverage",
    "measure_source_coverage",
    "missing_fields",
]

#: Fields ``--require`` may name (every Article field but the bookkeeping ones).
ARTICLE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in attrs.fields(Article) if f.name not in ("extractor", "layout", "warnings")
)

_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_MAX_SAMPLES = 10


def article_strings(article: Article) -> Iterator[str]:
    """Every piece of text the Article carries, in no particular order."""
    yield from (s for s in (article.title, article.summary, article.section) if s)
    yield from article.authors
    yield from article.topics
    if article.lead_image is not None and article.lead_image.alt:
        yield article.lead_image.alt
    for block in article.body:
        if isinstance(block, (Paragraph, Heading)):
            yield block.text
        elif isinstance(block, Quote):
            yield block.text
            yield block.cite or ""
        elif isinstance(block, Figure):
            yield from (s for s in (block.caption, block.credit, block.image.alt) if s)
        elif isinstance(block, Media):
            yield from (s for s in (block.caption, block.title) if s)
            if block.poster is not None and block.poster.alt:
                yield block.poster.alt
        elif isinstance(block, RelatedLinks):
            yield block.title or ""
            yield from (link.text for link in block.links)
        elif isinstance(block, ListBlock):
            yield from block.items
        elif isinstance(block, Embed):
            yield from (s for s in (block.title, block.caption, block.text) if s)
    yield from (link.text for link in article.related)


@attrs.frozen
class Coverage:
    """How much of the content root's visible text ended up in the Article.

    ``visible`` and ``kept`` count non-whitespace characters; ``lost`` lists the largest
    runs of text that ended in no block, with the element holding each.
    """

    visible: int
    kept: int
    lost: tuple[tuple[str, str], ...] = ()

    @property
    def share(self) -> float:
        """``kept / visible`` (1.0 for a root without visible text)."""
        return self.kept / self.visible if self.visible else 1.0

    @property
    def lost_share(self) -> float:
        """The share of visible text that ended in no block."""
        return 1.0 - self.share

    def to_dict(self) -> dict[str, Any]:
        return {
            "visible_chars": self.visible,
            "kept_chars": self.kept,
            "coverage": round(self.share, 4),
            "lost_share": round(self.lost_share, 4),
            "lost": [{"element": where, "text": text} for where, text in self.lost],
        }


def _visible_text(root: HtmlElement) -> Iterator[tuple[HtmlElement, str, bool]]:
    """(element holding the text, the text, whether it is inside ``<time>``) in order."""

    def hidden(el: HtmlElement) -> bool:
        return (
            not isinstance(el.tag, str)
            or el.tag in _INVISIBLE_TAGS
            or el.get("hidden") is not None
            or bool(_HIDDEN_STYLE.search(el.get("style") or ""))
        )

    def walk(el: HtmlElement, in_time: bool) -> Iterator[tuple[HtmlElement, str, bool]]:
        in_time = in_time or el.tag == "time"
        if el.text:
            yield el, el.text, in_time
        for child in el:
            if not hidden(child):
                yield from walk(child, in_time)
            if child.tail:
                yield el, child.tail, in_time

    if not hidden(root):
        yield from walk(root, False)


def _count(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


_HOOKS = ("data-e2e", "data-component", "role", "itemprop")


def _step(element: HtmlElement) -> str:
    """One element as a CSS selector step: ``div.factbox``, ``section[data-e2e="x"]``."""
    step = str(element.tag)
    if element.get("id"):
        step += "#" + element.get("id", "")
    step += "".join("." + name for name in (element.get("class") or "").split()[:2])
    for hook in _HOOKS:
        if element.get(hook):
            step += f'[{hook}="{element.get(hook)}"]'
            break
    return step


def _describe(element: HtmlElement, root: HtmlElement | None = None, depth: int = 3) -> str:
    """Where ``element`` is, as a short CSS path below ``root`` (``div.factbox > p``)."""
    steps = [_step(element)]
    parent = element.getparent()
    while parent is not None and parent is not root and len(steps) < depth:
        steps.append(_step(parent))
        parent = parent.getparent()
    return " > ".join(reversed(steps))


def _kept_part(text: str, wholes: Sequence[str]) -> str:
    """The longest Article string that ``text`` starts or ends with (a label or a hidden
    prefix was stripped from the rest: "图像来源，EPA" kept as the credit "EPA"), or ""."""
    best = ""
    for whole in wholes:
        if len(whole) > len(best) and len(whole) >= 2 and (text.startswith(whole) or text.endswith(whole)):
            best = whole
    return best


def _pieces(text: str, labels: Sequence[str]) -> list[str]:
    """``text`` cut around every occurrence of the labels left out on purpose."""
    pieces = [text]
    for label in labels:
        pieces = [piece.strip() for whole in pieces for piece in whole.split(label)]
    return [piece for piece in pieces if piece]


class _Ledger:
    """Counts visible and kept characters, and gathers the lost runs by where they are."""

    def __init__(self, article: Article, skipped: Iterable[str], labels: Iterable[str]) -> None:
        self.wholes = sorted({normalize(s) for s in article_strings(article)} - {""}, key=len, reverse=True)
        self.kept_text = "\n".join(self.wholes)
        self.skipped_text = "\n".join(normalize(s) for s in skipped)
        self.labels = sorted({normalize(s) for s in labels} - {""}, key=len, reverse=True)
        self.dated = article.published is not None or article.modified is not None
        self.visible = self.kept = 0
        self.lost: dict[object, tuple[Any, list[str]]] = {}

    def add(self, key: object, where: Any, raw: str, in_time: bool = False) -> None:
        text = normalize(raw)
        size = _count(text)
        if not size:
            return
        self.visible += size
        if self.accounted(text) or (in_time and self.dated):
            self.kept += size
            return
        pieces = _pieces(text, self.labels) if self.labels else [text]
        lost = [rest for rest in (self.rest(piece) for piece in pieces) if rest]
        self.kept += size - sum(_count(rest) for rest in lost)
        if lost:
            self.lost.setdefault(key, (where, []))[1].extend(lost)

    def accounted(self, text: str) -> bool:
        return text in self.kept_text or text in self.skipped_text

    def rest(self, text: str) -> str:
        """What of ``text`` no Article string and no skipped text accounts for."""
        if self.accounted(text):
            return ""
        part = _kept_part(text, self.wholes)
        rest = (text[len(part) :] if text.startswith(part) else text[: -len(part)]).strip() if part else text
        return "" if rest and rest in self.skipped_text else rest

    def coverage(self, describe: Callable[[Any], str]) -> Coverage:
        runs = sorted(
            ((describe(where), " ".join(texts)) for where, texts in self.lost.values()),
            key=lambda item: -_count(item[1]),
        )
        shown = tuple((where, _shorten(text)) for where, text in runs)
        return Coverage(visible=self.visible, kept=self.kept, lost=shown[:_MAX_SAMPLES])


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def measure_coverage(
    root: HtmlElement,
    article: Article,
    skipped_texts: Iterable[str] = (),
    *,
    labels: Iterable[str] = (),
) -> Coverage:
    """The :class:`Coverage` of ``article`` over the visible text under ``root``.

    A text node is kept when it occurs in one of the Article's strings, or in the text of
    a skipped element, or sits in a ``<time>`` of a dated Article. A node that starts or
    ends with a whole Article string is kept for that part; the rest is lost unless it
    was skipped. ``labels`` are texts left out on purpose inside read elements
    (:meth:`~newsparse.extractor.Context.skip_text`): a node is cut around them and each
    piece is judged alone.
    """
    ledger = _Ledger(article, skipped_texts, labels)
    for element, raw, in_time in _visible_text(root):
        ledger.add(id(element), element, raw, in_time)
    return ledger.coverage(lambda element: _describe(element, root))


def measure_source_coverage(
    sources: Iterable[SourceText],
    article: Article,
    skipped_texts: Iterable[str] = (),
    *,
    labels: Iterable[str] = (),
) -> Coverage:
    """The :class:`Coverage` of ``article`` over the texts of the data it was read from
    (recorded with :meth:`~newsparse.extractor.Context.source_text`), judged as text
    nodes are by :func:`measure_coverage`; a lost piece is named by its ``where``."""
    ledger = _Ledger(article, skipped_texts, labels)
    for index, source in enumerate(sources):
        ledger.add(index, source.where or f"source text {index + 1}", source.text)
    return ledger.coverage(str)


def context_coverage(context: Context, article: Article) -> dict[str, Any] | None:
    """The coverage of an extraction as :func:`explain` reports it: over the content root
    when the extractor set one, else over its recorded source texts; None without
    either. The dict is :meth:`Coverage.to_dict` plus ``root`` (the element, or
    ``"source texts"``)."""
    skipped = [s.text for s in context.skipped]
    labels = [s.text for s in context.skipped if s.part]
    if context.content_root is not None:
        report = measure_coverage(context.content_root, article, skipped, labels=labels).to_dict()
        report["root"] = _describe(context.content_root, depth=1)
        return report
    if context.source_texts:
        report = measure_source_coverage(context.source_texts, article, skipped, labels=labels).to_dict()
        report["root"] = f"source texts ({len(context.source_texts)})"
        return report
    return None


def missing_fields(article: Article, required: Sequence[str]) -> list[str]:
    """The fields of ``required`` that are None or empty in ``article``."""
    unknown = [name for name in required if name not in ARTICLE_FIELDS]
    if unknown:
        raise ValueError(f"unknown Article field(s) {unknown}; choose from {list(ARTICLE_FIELDS)}")
    return [name for name in required if getattr(article, name) in (None, "", ())]


def _layouts(extractor: Extractor, used: str) -> list[dict[str, Any]]:
    return [
        {
            "name": layout.name,
            "description": layout.description,
            "valid_from": layout.valid_from.isoformat() if layout.valid_from else None,
            "valid_until": layout.valid_until.isoformat() if layout.valid_until else None,
            "used": layout.name == used,
        }
        for layout in extractor.layouts
    ]


def explain(extraction: Extraction) -> dict[str, Any]:
    """How ``extraction`` came about, as a JSON-serialisable dict.

    Keys: ``source``, ``url``; ``extractor`` (name, why it was selected, the URL rule that
    matched); ``layout`` (the one used, every declared layout with its validity dates);
    ``decisions`` (what the extractor recorded, in order: each layout tried, the content
    root chosen …); ``coverage`` (see :class:`Coverage` and :func:`context_coverage`; None
    when the extractor set neither a content root nor source texts); ``skipped`` (elements,
    or with ``part`` pieces of an element's text, left out on purpose, and why; the text
    shortened to 200 characters for display); ``blocks``
    (count per block type); ``warnings``.
    """
    article = extraction.article
    context = extraction.context
    selection = extraction.selection
    rule = selection.rule
    coverage = context_coverage(context, article)
    blocks: dict[str, int] = {}
    for block in article.body:
        blocks[block.type] = blocks.get(block.type, 0) + 1
    return {
        "source": extraction.page.source,
        "url": article.url,
        "extractor": {
            "name": article.extractor,
            "selected_by": selection.reason,
            "rule": {"host": rule.host, "path": rule.path} if rule is not None else None,
        },
        "layout": {"used": article.layout, "declared": _layouts(selection.extractor, article.layout)},
        "decisions": [{"what": d.what, "detail": d.detail} for d in context.decisions],
        "coverage": coverage,
        "skipped": [
            {"element": s.element, "reason": s.reason, "text": _shorten(s.text), "part": s.part}
            for s in context.skipped
        ],
        "blocks": blocks,
        "warnings": list(article.warnings),
    }


def format_share(share: float) -> str:
    """A share as a percentage with one decimal, rounded down: 0.9996 is "99.9%", never a
    "100.0%" that is not full coverage."""
    return f"{int(share * 1000 + 1e-9) / 10:.1f}%"


@attrs.frozen
class Verdict:
    """The drift check of one page: its coverage, the required fields it lacks, the flags."""

    coverage: float | None
    missing: tuple[str, ...]
    flags: tuple[str, ...]
    #: The :func:`explain` report the verdict was drawn from.
    report: dict[str, Any] = attrs.field(eq=False, repr=False, factory=dict)

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


def check_page(extraction: Extraction, *, min_coverage: float = 0.9, required: Sequence[str] = ()) -> Verdict:
    """Judge one extraction: flag coverage below ``min_coverage`` and missing ``required``
    fields. An extractor that sets no content root and records no source texts cannot be
    measured and is flagged (unless ``min_coverage`` is 0)."""
    report = explain(extraction)
    coverage = report["coverage"]["coverage"] if report["coverage"] is not None else None
    missing = tuple(missing_fields(extraction.article, required))
    flags: list[str] = []
    if coverage is None:
        if min_coverage > 0:
            flags.append("coverage unknown (the extractor sets no content root and records no source texts)")
    elif coverage < min_coverage:
        flags.append(f"coverage {format_share(coverage)} < {format_share(min_coverage)}")
    if missing:
        flags.append("missing " + ",".join(missing))
    return Verdict(coverage, missing, tuple(flags), report)
