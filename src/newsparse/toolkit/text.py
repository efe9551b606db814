"""Text normalisation, hidden-prefix stripping and inline spans.

``normalize`` is the one definition of "clean text" in newsparse: NFC, invisible and
control characters removed, every run of whitespace (full-width spaces and NBSP included)
collapsed to one space, ends trimmed.

Zero-width non-joiner and joiner (U+200C, U+200D) are kept: they are spelling, not junk.
Persian, Urdu and Kurdish write ZWNJ inside words (میکنم and می‌کنم are different
spellings), Indic scripts use both to choose conjunct forms, and ZWJ builds emoji sequences.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from lxml.html import HtmlElement

from newsparse.model import Paragraph, Span
from newsparse.surrogates import SURROGATES, replace_surrogates
from newsparse.toolkit.urls import absolutize

__all__ = ["normalize", "normalize_spans", "paragraph_from_spans", "spans_of", "strip_prefixes"]

# Zero-width space, word joiner, BOM, soft hyphen: invisible layout hints, never content
# (a soft hyphen only marks where a line may break). ZWNJ/ZWJ are kept (see above).
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Any character one of the three replacements in _visible acts on (one character class):
# one scan tells whether any is needed. Most texts fail isprintable() only for their line
# breaks, tabs or no-break spaces, which none of the three touches.
_ODD = re.compile("[" + "".join(p.pattern.strip("[]") for p in (_INVISIBLE, _CONTROL, SURROGATES)) + "]")


def _visible(text: str) -> str:
    """``text`` in NFC with invisible characters removed, control characters as spaces and
    each lone surrogate (which no encoding can write) as U+FFFD."""
    # Invisible, control and surrogate characters are not printable.
    if not text.isprintable() and _ODD.search(text):
        text = replace_surrogates(_CONTROL.sub(" ", _INVISIBLE.sub("", text)))[0]
    return unicodedata.normalize("NFC", text)


def _collapse(text: str, *, trim: bool) -> str:
    """Every run of whitespace in ``text`` as one space (what ``re.sub(r"\\s+", " ", text)``
    gives), the ends trimmed or not: the one whitespace rule of this module.

    str.split() splits on exactly the characters ``\\s`` matches (str.isspace: NBSP, the
    ideographic space and the other Unicode spaces included); splitting and joining costs a
    third of the substitution.
    """
    collapsed = " ".join(text.split())
    if trim or len(collapsed) == len(text):
        return collapsed  # equal lengths: no run shortened, so no whitespace at the ends
    if text[0].isspace():
        collapsed = " " + collapsed if collapsed else " "
    if text[-1].isspace() and collapsed != " ":
        collapsed += " "
    return collapsed


def normalize(text: str | None) -> str:
    """Clean ``text``: NFC, invisible characters removed, whitespace collapsed and trimmed."""
    if not text:
        return ""
    return _collapse(_visible(text), trim=True)


def strip_prefixes(text: str, prefixes: Iterable[str]) -> str:
    """Remove one leading visually hidden prefix (e.g. "图像来源，") from normalised ``text``.

    Prefixes are compared after normalisation, and a trailing ASCII or full-width comma or
    colon on the prefix is optional in the text.
    """
    text = normalize(text)
    for bare in _bare_prefixes(tuple(prefixes)):
        if text.startswith(bare):
            return text[len(bare) :].lstrip("，,：: ")
    return text


@lru_cache(maxsize=256)
def _bare_prefixes(prefixes: tuple[str, ...]) -> tuple[str, ...]:
    # Extractors pass the same few prefix tuples for every caption of every page: prepare
    # each tuple once (normalised, trailing punctuation off, longest first, empties out).
    bares = (normalize(prefix).rstrip("，,：: ") for prefix in sorted(prefixes, key=len, reverse=True))
    return tuple(bare for bare in bares if bare)


def normalize_spans(spans: Sequence[Span]) -> tuple[Span, ...]:
    """Clean a run of spans as one text: collapse whitespace across span edges, trim the
    ends, drop empty spans and merge neighbours with the same formatting.

    The texts of the result join to ``normalize("".join(texts))``.
    """
    # Runs of equal formatting collect their pieces first and become Spans once at the end.
    # Each run remembers the span it started with: when the run's clean text is that span's
    # own text, the span is the result (an equal value, built once; spans_of's output passed
    # to paragraph_from_spans is clean already).
    runs: list[tuple[tuple[bool, bool, str | None], list[str], Span]] = []
    previous_space = True  # a leading space is trimmed
    for span in spans:
        text = _collapse(_visible(span.text), trim=False)
        if previous_space:
            text = text.lstrip(" ")
        if not text:
            continue
        previous_space = text.endswith(" ")
        form = (span.bold, span.italic, span.href)
        if runs and runs[-1][0] == form:
            runs[-1][1].append(text)
        else:
            runs.append((form, [text], span))
    joined = [(form, "".join(pieces), first) for form, pieces, first in runs]
    while joined and joined[-1][1].endswith(" "):
        form, text, first = joined.pop()
        if text.rstrip(" "):
            joined.append((form, text.rstrip(" "), first))
            break
    return tuple(
        first if first.text == text else Span(text=text, bold=bold, italic=italic, href=href)
        for (bold, italic, href), text, first in joined
    )


_BOLD = frozenset({"b", "strong"})
_ITALIC = frozenset({"i", "em", "cite"})
_BREAK = frozenset({"br"})
_SKIP = frozenset({"script", "style", "noscript", "template"})


def spans_of(element: HtmlElement, *, base_url: str | None = None) -> tuple[Span, ...]:
    """The inline spans of ``element``: bold/italic/link formatting, normalised.

    ``<b>``/``<strong>`` are bold, ``<i>``/``<em>``/``<cite>`` italic, ``<a href>`` sets
    ``href`` (made absolute against ``base_url``); ``<br>`` becomes a space.
    """
    out: list[Span] = []

    def walk(el: HtmlElement, bold: bool, italic: bool, href: str | None) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            return
        bold = bold or tag in _BOLD
        italic = italic or tag in _ITALIC
        if tag == "a" and el.get("href"):
            href = absolutize(el.get("href"), base_url) or href
        if tag in _BREAK:
            out.append(Span(text=" ", bold=bold, italic=italic, href=href))
        if el.text:
            out.append(Span(text=el.text, bold=bold, italic=italic, href=href))
        for child in el:
            walk(child, bold, italic, href)
            if child.tail:
                out.append(Span(text=child.tail, bold=bold, italic=italic, href=href))

    walk(element, False, False, None)
    return normalize_spans(out)


def paragraph_from_spans(spans: Sequence[Span]) -> Paragraph | None:
    """A :class:`Paragraph` from inline spans (normalised here), or None when it holds no text.

    Spans are kept only when one of them carries formatting (bold, italic or a link); a
    paragraph of plain text has ``spans == ()``, since plain spans would add nothing.
    """
    cleaned = normalize_spans(spans)
    text = "".join(span.text for span in cleaned)
    if not text:
        return None
    if any(span.bold or span.italic or span.href for span in cleaned):
        return Paragraph(text=text, spans=cleaned)
    return Paragraph(text=text)
