"""Finding the content root and clearing boilerplate out of it.

The root is the smallest element that holds the article's text. Every paragraph scores its
length minus its link text and gives that score to its parent and half of it to its
grandparent (one pass over the page's paragraphs); the element with most credit is the
densest block. Text under boilerplate-looking elements (chrome tags and roles, ``<form>``,
class words, hidden styles) does not count unless the element holds the text (one rule,
:func:`_spared`, for choosing and for cleaning).

Structural hints are tried first (``[itemprop=articleBody]``, ``<article>``, ``<main>``):
the one holding the headline, else the one holding the densest block, else the largest,
accepted when it holds the headline or half the densest block's text (a teaser
``<article>`` in a sidebar cannot win). Without one: the block under the headline, else
the densest block, widened to the story it is a part of. Then same-class parts are joined
and a lead written before the text block is taken along. Every step is recorded as a
``content_root`` decision with a short CSS path, so ``--explain`` and ``check`` show where
the body came from and why. ``docs/generic-extractor.md`` gives the thresholds.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

import attrs
from lxml.html import HtmlElement

from newsparse.extractor import Context
from newsparse.model import Link
from newsparse.toolkit import absolutize, drop, is_inside, normalize, select, text_of

from .media import MAX_URL, embed_holders
from .metadata import home_link
from .rules import (
    CHROME_ROLES,
    CHROME_TAGS,
    CONTENT_TAGS,
    DROP_PAIRS,
    DROP_SELECTORS,
    DROP_WORDS,
    PROTECTED_TAGS,
    signature_words,
)

__all__ = ["Cleaned", "Root", "boilerplate_reason", "choose_root", "clean"]

#: Structural hints for the content root, most specific first.
ROOT_HINTS: tuple[tuple[str, str], ...] = (
    ("article-body", "[itemprop=articleBody], [property=articleBody]"),
    ("article", "article"),
    ("main", "main, [role=main]"),
)
#: A hint must hold this share of the densest block's paragraph text to be believed.
HINT_SHARE = 0.5
#: Elements whose own text counts as a paragraph for scoring.
_TEXT_HOLDERS = ("p", "pre", "blockquote")
#: Text directly inside these counts too (old pages write text in <div> with <br>).
_LOOSE_TEXT_HOLDERS = ("div", "span", "td", "section", "article", "main")
_NOT_TEXT_OR_LINK = frozenset(
    {"a", "script", "style", "noscript", "template", "svg", "button", "select", "textarea"}
)
_MIN_LOOSE_TEXT = 40
#: List items: their own text (outside links) scores like a paragraph of their list.
_ITEMS = ("li", "dd")
# Neighbours that make an element stand alone (block-level elements).
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "figure", "ul", "ol", "table", "blockquote", "hr", "br"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "aside", "nav", "pre"}
)
# Children whose leading text is not the loose text of their parent.
_NOT_LOOSE = _BLOCKS | _NOT_TEXT_OR_LINK
# A signature-matched element holding this share of the root's text is the content
# itself, whatever its class says ("article-body social-enabled").
_MAX_DROP_SHARE = 0.4
# A parent holding this many times the densest block's text is the article it is part of.
_WIDEN = 1.5
_WIDEN_REACH = 3
_FRAGMENT = 0.25
# Where share buttons point: the share endpoints of social networks, and mail.
_SHARE_LINK = re.compile(
    r"facebook\.com/(?:sharer|share\.php|dialog/share)|(?:twitter|x)\.com/(?:intent|share)"
    r"|linkedin\.com/(?:shareArticle|sharing)|pinterest\.[a-z.]+/pin/create|whatsapp:|wa\.me/"
    r"|api\.whatsapp\.com/send|t\.me/share|reddit\.com/submit|xing\.com/(?:spi/shares|social)"
    r"|tumblr\.com/(?:share|widgets/share)|^mailto:\?",
    re.IGNORECASE,
)
_MAX_SHARE_LABEL = 60
# Boilerplate names removing this share of the root's text are not trusted.
_EMPTYING = 0.9
# Between a lead and the text block: headings, pictures, blocks without text (at most
# this many).
_LEAD_REACH = 4
_LEAD_LEVELS = 3
_SKIPPED_BEFORE_LEAD = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "figure", "img", "picture"})
# How far above the root the parts of one story may meet.
_PARTS_DEPTH = 3
# How far up from the headline its story's container is looked for.
_HEADLINE_DEPTH = 3
# A structural hint holding the page's headline and this much paragraph text is the story.
_TITLED_TEXT = 300


def holds_the_text(length: float, total: float) -> bool:
    """Does an element with ``length`` characters of text hold the text of a whole of
    ``total``? Then it is content whatever its name or tag says. One rule for choosing the
    root and for cleaning it; a few words (a footer line on an empty page) never qualify."""
    return length >= max(_MAX_DROP_SHARE * total, _MIN_LOOSE_TEXT)


@attrs.frozen
class Root:
    """The chosen content root and how it was found."""

    element: HtmlElement
    #: ``article-body``, ``article``, ``main``, ``headline``, ``density`` or ``body``.
    strategy: str
    detail: str


def boilerplate_reason(element: HtmlElement) -> str | None:
    """Why ``element`` looks like boilerplate (its tag, role or signature words), or None.

    Only a suspicion: callers spare an element that holds most of the text (see
    :data:`_MAX_DROP_SHARE`), so a misnamed or misnested wrapper never takes the article
    with it.
    """
    tag = element.tag
    # <html>/<body> classes are page state ("ads-enabled", "no-js"), not content signals.
    if not isinstance(tag, str) or tag in PROTECTED_TAGS or tag in ("html", "body"):
        return None
    if tag in CHROME_TAGS:
        if tag == "footer" and is_inside(element, ("blockquote",)):
            return None  # <footer> inside a quotation names the speaker
        if tag != "header" or not is_inside(element, ("article", "main")):
            return "page chrome"
        # A <header> inside an <article>/<main> is the story's own: headline, standfirst,
        # byline (the headline and the byline are taken out by the body walk).
    if tag == "form":
        # Search boxes and comment forms are boilerplate; a page-wide ASP.NET <form> is not.
        return "form"
    if not element.keys():
        return None  # no attribute, no signature (most elements)
    style = element.get("style")
    if style and _hidden_by_style(style):
        return "visually hidden"
    if element.get("role") in CHROME_ROLES:
        return "page chrome"
    if tag in CONTENT_TAGS:
        return None
    return _reason_of_signature(
        element.get("class"),
        element.get("id"),
        element.get("data-component"),
        element.get("data-testid"),
        element.get("data-e2e"),
        element.get("role"),
    )


#: How pages hide text from sight: not displayed, invisible, clipped to nothing (the
#: screen-reader-only pattern), or moved far off the screen. Matched with spaces removed.
_HIDING_STYLE = re.compile(
    r"display:none|visibility:hidden|clip:rect\((?:0|1px),?(?:0|1px)|clip-path:inset\(50%"
    r"|(?:left|top|text-indent):-\d{3,}(?:px|em)"
)


@lru_cache(maxsize=1024)
def _hidden_by_style(style: str) -> bool:
    return _HIDING_STYLE.search(style.replace(" ", "").lower()) is not None


@lru_cache(maxsize=4096)
def _reason_of_signature(*values: str | None) -> str | None:
    # Pages repeat the same few class names on many elements: each is read once.
    words = signature_words(*values)
    for word in words:
        reason = DROP_WORDS.get(word)
        if reason:
            return reason
    for pair in itertools.pairwise(words):
        reason = DROP_PAIRS.get(pair)
        if reason:
            return reason
    return None


def _text_len(element: HtmlElement) -> tuple[int, int]:
    """Length of the element's text and of the part of it inside links."""
    text = len(normalize(element.text_content()))
    links = sum(len(normalize(a.text_content())) for a in element.iter("a"))
    return text, min(links, text)


def _loose_length(element: HtmlElement) -> int:
    """Length of the element's own text runs (between ``<br>``), with the leading text of
    its inline children (``<b>Name</b> said``); text inside block children is theirs."""
    parts = [element.text or ""]
    for child in element:
        # Link text is not paragraph text (a tag cloud is all links), as in _text_len.
        tag = child.tag
        if isinstance(tag, str) and tag not in _NOT_LOOSE and (text := child.text):
            parts.append(text)
        if tail := child.tail:
            parts.append(tail)
    raw = " ".join(parts)
    # Most elements hold only indentation: normalising costs more than this check (and a
    # text under _MIN_LOOSE_TEXT counts as none, so the short ones are 0 without it).
    if len(raw) < _MIN_LOOSE_TEXT or raw.isspace():
        return 0
    return len(normalize(raw))


class _Marks:
    """The boilerplate-looking elements an element sits in (see :func:`boilerplate_reason`),
    outermost first. Only a suspicion, judged once the page's text is counted (see
    :func:`_paragraph_scores`). Memoised along the ancestor chain, so scoring every
    paragraph reads each element once."""

    def __init__(self) -> None:
        self._known: dict[HtmlElement, tuple[HtmlElement, ...]] = {}

    def __call__(self, element: HtmlElement) -> tuple[HtmlElement, ...]:
        chain: list[HtmlElement] = []
        node: HtmlElement | None = element
        while node is not None and node not in self._known:
            chain.append(node)
            node = node.getparent()
        named = self._known[node] if node is not None else ()
        for link in reversed(chain):
            if boilerplate_reason(link) is not None:
                named = (*named, link)
            self._known[link] = named
        return named


def _spared(element: HtmlElement, reason: str | None, text: float, total: float, title: str | None) -> bool:
    """Is a boilerplate-looking element the content after all?

    A boilerplate *name* (``tag-travel``, ``ad_body``) is spared when the element holds the
    text (:func:`holds_the_text`), or the headline ``<h1>`` and a story's worth of text.
    *Page chrome* (by tag, role or name: headers, sidebars, footers, comment threads,
    cookie notices) can outweigh a short story, so it is spared only when it holds both
    the text and the headline: a wrapper left open by broken markup.
    """
    if reason == "page chrome":
        return holds_the_text(text, total) and _holds_headline(element, title)
    return holds_the_text(text, total) or (text >= _TITLED_TEXT and _holds_headline(element, title))


def _chrome_by_markup(element: HtmlElement) -> bool:
    return element.tag in CHROME_TAGS or element.get("role") in CHROME_ROLES


def _holds_headline(element: HtmlElement, title: str | None) -> bool:
    """Does ``element`` hold the story's headline: an ``<h1>`` that is not the site's logo,
    or an ``<h2>`` reading the title (older blog themes head their posts with ``<h2>``)?"""
    return any(not home_link(h1) for h1 in element.iter("h1")) or _holds_title(element, title)


def _paragraph_scores(
    tree: HtmlElement, context: Context, title: str | None
) -> tuple[dict[HtmlElement, float], dict[HtmlElement, float]]:
    """Scores of text outside boilerplate: paragraphs (their text minus link text) and
    elements holding loose text directly (old pages write text in ``<div>`` with ``<br>``).

    Text under a boilerplate-named element counts only when that element holds at least
    :data:`_MAX_DROP_SHARE` of the page's text: then it is the content, whatever its name
    (the rule :func:`clean` applies inside the root).
    """
    marks = _Marks()
    found: list[tuple[HtmlElement, float, bool, tuple[HtmlElement, ...]]] = []
    for element in tree.iter(*_TEXT_HOLDERS):
        text, links = _text_len(element)
        if text:
            found.append((element, float(text - links), False, marks(element)))
    for element in tree.iter(*_LOOSE_TEXT_HOLDERS, *_ITEMS):
        length = _loose_length(element)
        if length >= _MIN_LOOSE_TEXT:
            # A list item's own text is a paragraph of its list; a <div>'s makes it a block.
            found.append((element, float(length), element.tag not in _ITEMS, marks(element)))
    total = sum(score for _, score, _, _ in found)
    held: dict[HtmlElement, float] = {}
    for _, score, _, named in found:
        for element in named:
            held[element] = held.get(element, 0.0) + score
    reasons = {element: boilerplate_reason(element) for element in held}
    # A dict, not a set: its decisions are recorded in document order (a set of elements
    # iterates in memory order, which differs from one run to the next).
    spared = {el: True for el, text in held.items() if _spared(el, reasons[el], text, total, title)}
    for element in spared:
        headline = ", and the headline" if _holds_headline(element, title) else ""
        context.decide(
            "kept",
            f"{_describe(element)} looks like {reasons[element]}"
            f" but holds {held[element] / total:.0%} of the page's text{headline}",
        )
    # When every text on the page sits in something named like boilerplate, the names lie:
    # first those not naming page chrome, then (a forum whose posts are all "comments") all
    # of them. Chrome by tag or role is still chrome.
    for stage in ("names", "chrome names"):
        if not held or any(all(n in spared for n in named) for _, _, _, named in found):
            break
        spared.update(
            (el, True)
            for el in held
            if not _chrome_by_markup(el) and (stage == "chrome names" or reasons[el] != "page chrome")
        )
        context.decide("kept", f"no text outside boilerplate-named elements: {stage} not trusted")
    paragraphs: dict[HtmlElement, float] = {}
    loose: dict[HtmlElement, float] = {}
    for element, score, is_loose, named in found:
        if all(n in spared for n in named):
            (loose if is_loose else paragraphs)[element] = score
    return paragraphs, loose


def _totals(scores: dict[HtmlElement, float]) -> dict[HtmlElement, float]:
    """The scored text every element holds (its own and its descendants'), summed once for
    the page: one walk up from each scored element."""
    totals: dict[HtmlElement, float] = {}
    for element, score in scores.items():
        totals[element] = totals.get(element, 0.0) + score
        for ancestor in element.iterancestors():
            totals[ancestor] = totals.get(ancestor, 0.0) + score
    return totals


def _contained(element: HtmlElement, totals: dict[HtmlElement, float]) -> float:
    """The scored text ``element`` holds (``totals`` from :func:`_totals`)."""
    return totals.get(element, 0.0)


def _describe(element: HtmlElement) -> str:
    shown = ("id", "class", "itemprop", "property", "role")
    attrs_ = [f'{k}="{v[:40]}"' for k, v in element.attrib.items() if k in shown]
    return f"<{element.tag}{' ' if attrs_ else ''}{' '.join(attrs_)}>"


def _holds_title(element: HtmlElement, title: str | None) -> bool:
    return bool(title) and any(text_of(h) == title for h in element.iter("h1", "h2"))


def choose_root(tree: HtmlElement, context: Context, title: str | None = None) -> Root:
    """Pick the content root (see the module docstring); record the decision."""
    paragraphs, loose = _paragraph_scores(tree, context, title)
    blocks: dict[HtmlElement, float] = {}

    def credit(element: HtmlElement | None, score: float) -> None:
        if element is not None:
            blocks[element] = blocks.get(element, 0.0) + score
            parent = element.getparent()
            if parent is not None:
                blocks[parent] = blocks.get(parent, 0.0) + score / 2

    # A paragraph makes its parent a text block; loose text makes its own holder one.
    for element, score in paragraphs.items():
        credit(element.getparent(), score)
    for element, score in loose.items():
        credit(element, score)
    own = {**paragraphs}
    for element, score in loose.items():
        own[element] = own.get(element, 0.0) + score
    page_text = sum(own.values())
    scores = _totals(own)  # from here on: the text each element holds
    densest = max(blocks, key=lambda el: blocks[el]) if blocks else None
    densest_text = _contained(densest, scores) if densest is not None else 0.0
    if densest is not None:
        context.decide("content_root", f"densest text block: {_path(densest)} ({int(densest_text)} chars)")
    around_densest = {densest, *densest.iterancestors()} if densest is not None else set()
    for strategy, selector in ROOT_HINTS:
        found = [(el, _contained(el, scores)) for el in select(tree, selector)]
        if not found:
            continue
        # The hint holding the page's headline is the story (a longer related post or the next
        # story of an endless page is not); else the one holding the densest block (the
        # innermost: a page-wide wrapper loses to the story's own); else the one with most text.
        holding = [pair for pair in found if pair[0] in around_densest]
        titled = [pair for pair in found if pair[1] >= _TITLED_TEXT and _holds_title(pair[0], title)]
        element, text = (titled or holding or [max(found, key=lambda pair: pair[1])])[-1]
        why = (
            "holds the headline"
            if titled
            else "holds the densest block"
            if holding
            else f"the one of {len(found)} with most text"
        )
        if text > 0 and (text >= HINT_SHARE * densest_text or titled):
            root = Root(element, strategy, f"{_path(element)}: {int(text)} chars of paragraph text, {why}")
            break
        context.decide(
            "content_root",
            f"rejected {strategy} {_path(element)} ({why}): {int(text)} chars,"
            f" under half of the densest block's {int(densest_text)}",
        )
    else:
        headed = _headline_block(tree, title, scores, densest_text)
        if headed is not None and densest not in {headed[0], *headed[0].iterdescendants()}:
            # The story under the headline, not a denser block elsewhere (a sidebar widget,
            # a comment thread).
            root = Root(
                headed[0], "headline", f"{_path(headed[0])}: {int(headed[1])} chars under the headline"
            )
        elif densest is not None:
            block = densest
            densest, densest_text = _widen(densest, densest_text, scores)
            densest, densest_text = _whole_of(densest, densest_text, scores, page_text)
            grown = f", widened from {_path(block)}" if densest is not block else ""
            root = Root(
                densest, "density", f"{_path(densest)}: {int(densest_text)} chars of paragraph text{grown}"
            )
        else:
            body = tree.find("body")
            root = Root(body if body is not None else tree, "body", "no paragraph text anywhere: whole body")
    root = _join_parts(root, scores, context)
    root = _take_lead(root, scores, context)
    context.decide("content_root", f"chose {root.strategy}: {root.detail}")
    context.content_root = root.element
    return root


def _path(element: HtmlElement, depth: int = 4) -> str:
    """Where ``element`` is, for the decisions: ``div#page > main > article.post``."""
    steps: list[str] = []
    node: HtmlElement | None = element
    while node is not None and len(steps) < depth and node.tag not in ("html",):
        name = str(node.tag)
        if node.get("id"):
            name += "#" + node.get("id", "")[:30]
        classes = (node.get("class") or "").split()[:2]
        name += "".join("." + c[:30] for c in classes)
        steps.append(name)
        node = node.getparent()
    return " > ".join(reversed(steps))


def _headline_block(
    tree: HtmlElement, title: str | None, scores: dict[HtmlElement, float], densest_text: float
) -> tuple[HtmlElement, float] | None:
    """The smallest element (up to three levels) around the page's headline (an ``<h1>`` or
    ``<h2>`` reading the title) holding a story's worth of text and at least half of the
    densest block's, or None."""
    headline = next((h for h in tree.iter("h1", "h2") if title and text_of(h) == title), None)
    if headline is None:
        return None
    for depth, ancestor in enumerate(headline.iterancestors()):
        if ancestor.tag in ("body", "html") or depth >= _HEADLINE_DEPTH:
            return None
        text = _contained(ancestor, scores)
        if text >= max(_TITLED_TEXT, HINT_SHARE * densest_text):
            return ancestor, text
    return None


def _widen(block: HtmlElement, text: float, scores: dict[HtmlElement, float]) -> tuple[HtmlElement, float]:
    """The densest block may be one part of an article written as several text blocks
    (a text/image/text layout): go up while an ancestor within :data:`_WIDEN_REACH` levels
    (wrappers add levels, not text) holds :data:`_WIDEN` times the block's text."""
    while True:
        for depth, ancestor in enumerate(block.iterancestors()):
            if depth >= _WIDEN_REACH or ancestor.tag in ("body", "html"):
                return block, text
            wider = _contained(ancestor, scores)
            if wider >= _WIDEN * text:
                block, text = ancestor, wider
                break
        else:
            return block, text


def _whole_of(
    block: HtmlElement, text: float, scores: dict[HtmlElement, float], page_text: float
) -> tuple[HtmlElement, float]:
    """A densest block holding under :data:`_FRAGMENT` of the page's text is a fragment of a
    page whose text is spread over many blocks (a guide, a product or landing page): read
    from the smallest ancestor below ``<body>`` holding half of it."""
    if text >= _FRAGMENT * page_text:
        return block, text
    for ancestor in block.iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        wider = _contained(ancestor, scores)
        if wider >= 0.5 * page_text:
            return ancestor, wider
    return block, text


def _join_parts(root: Root, scores: dict[HtmlElement, float], context: Context) -> Root:
    """An article written as several containers of the same tag and class (text block,
    image block, text block; each maybe in a wrapper of its own) is read whole: the root
    becomes the parts' common ancestor, when the parts hold most of its text, with the
    ancestor's children before the first part and after the last one dropped."""
    element = root.element
    name = element.get("class")
    if not name:
        return root
    # An <article> is a whole story: others of its class elsewhere on the page are other
    # stories; only its siblings can be parts of it (a story written as several sections).
    parent = element.getparent()
    if parent is None:
        return root
    pool = list(parent) if element.tag in CONTENT_TAGS else element.getroottree().getroot().iter(element.tag)
    parts = [
        el for el in pool if el.tag == element.tag and el.get("class") == name and _contained(el, scores) > 0
    ]
    # Sets, not lists: thousands of same-class blocks made these membership tests quadratic.
    found = set(parts)
    parts = [el for el in parts if not any(a in found for a in el.iterancestors())]
    if len(parts) < 2:
        return root
    chain = [element, *element.iterancestors()]
    common = max((chain.index(_meeting(part, chain)) for part in parts), default=0)
    ancestor = chain[common]
    # Parts of one story sit close together; same-class blocks far apart are page furniture.
    if ancestor.tag in ("html", "body") or ancestor is element or common > _PARTS_DEPTH:
        return root
    parts_text = sum(_contained(part, scores) for part in parts)
    if parts_text < HINT_SHARE * _contained(ancestor, scores):
        return root
    children = list(ancestor)
    holding = {node for part in parts for node in (part, *part.iterancestors())}
    holders = [i for i, child in enumerate(children) if child in holding]
    for child in children[: holders[0]] + children[holders[-1] + 1 :]:
        context.skip(child, "outside the article's parts")
        ancestor.remove(child)
    joined = f"{_path(ancestor)}, joining {len(parts)} parts of class {name!r}; {root.detail}"
    return Root(ancestor, root.strategy, joined)


def _take_lead(root: Root, scores: dict[HtmlElement, float], context: Context) -> Root:
    """A lead written just before the text block (the standfirst in a container of its own,
    after the headline) belongs to the story: the root becomes the parent, from the lead to
    the block (the parent's other children are left out). The block's wrappers holding no
    other text are looked past (the lead is often a sibling of the block's wrapper)."""
    if root.strategy not in ("density", "headline", "article-body"):
        return root  # an <article> or <main> holds its own lead
    element = root.element
    for _ in range(_LEAD_LEVELS):
        parent = element.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return root
        lead = _lead_before(element, scores)
        if lead is not None:
            break
        if _contained(parent, scores) > _contained(element, scores):
            return root  # the parent holds other text: not a mere wrapper
        element = parent
    else:
        return root
    children = list(parent)
    for child in children[: children.index(lead)] + children[children.index(element) + 1 :]:
        context.skip(child, "outside the article's parts")
        parent.remove(child)
    return Root(parent, root.strategy, f"{_path(parent)}, with the lead {_path(lead, 1)}; {root.detail}")


def _lead_before(element: HtmlElement, scores: dict[HtmlElement, float]) -> HtmlElement | None:
    """The first earlier sibling with less text than ``element`` and no boilerplate name,
    past headings, pictures and blocks without text (an image box, a share bar), a few
    steps back at most; or None."""
    lead = element.getprevious()
    steps = 0
    while (
        lead is not None
        and steps < _LEAD_REACH
        and (
            not isinstance(lead.tag, str) or lead.tag in _SKIPPED_BEFORE_LEAD or not _contained(lead, scores)
        )
    ):
        lead, steps = lead.getprevious(), steps + 1
    if lead is None or not 0 < _contained(lead, scores) < _contained(element, scores):
        return None
    return None if boilerplate_reason(lead) is not None else lead


def _meeting(element: HtmlElement, chain: list[HtmlElement]) -> HtmlElement:
    """The first of ``element`` and its ancestors that is in ``chain``."""
    for node in (element, *element.iterancestors()):
        if node in chain:
            return node
    return chain[-1]


def _drop_share_bars(root: HtmlElement, context: Context) -> None:
    """A share bar is recognised by where its links go (the share endpoints of social
    networks and mail), whatever its class says or its label's language: the smallest
    element holding two such links and little text besides ("Share this article:") goes.

    Each element's share links are counted in one walk up from each link, and each
    candidate bar is judged once (asking per link made thousands of share links in one
    paragraph quadratic); an ``href`` longer than :data:`MAX_URL` is no share link (the
    pattern's work stays bounded)."""
    shares = [a for a in root.iter("a") if _is_share_link(a.get("href"))]
    counts: dict[HtmlElement, int] = {}
    for link in shares:
        for ancestor in link.iterancestors():
            if ancestor is root:
                break
            counts[ancestor] = counts.get(ancestor, 0) + 1
    judged: dict[HtmlElement, bool] = {}
    for link in shares:
        bar = next((a for a in link.iterancestors() if a is root or counts.get(a, 0) >= 2), root)
        if bar is not root and bar not in judged:
            links = sum(len(a.text_content()) for a in bar.iter("a"))
            judged[bar] = len(normalize(bar.text_content())) - links <= _MAX_SHARE_LABEL
    done = {bar: True for bar, is_bar in judged.items() if is_bar}  # (in document order)
    for bar in done:
        if bar.getparent() is not None and not any(a in done for a in bar.iterancestors()):
            context.skip(bar, "share tools")
            bar.drop_tree()


def _is_share_link(href: str | None) -> bool:
    return bool(href) and len(href or "") <= MAX_URL and _SHARE_LINK.search(href or "") is not None


@attrs.frozen
class Cleaned:
    """What cleaning took out of the root that is still worth keeping as data."""

    #: Link texts of topic/tag lists (used when the metadata names no topics).
    topics: tuple[str, ...] = ()
    #: Links of related-content sections inside the root (``Article.related``).
    related: tuple[Link, ...] = ()


def _links(element: HtmlElement, base_url: str | None) -> Iterator[Link]:
    for a in element.iter("a"):
        url = absolutize(a.get("href"), base_url)
        text = text_of(a)
        if url and text:
            yield Link(url=url, text=text)


class _TextSizes:
    """Characters (spaces aside) of the text each element holds, read once per element and
    kept true as elements are dropped: many siblings asking "am I all of my parent's
    text?" share one reading of the parent (re-reading it per sibling made 16,000 sibling
    ``<time>``s quadratic)."""

    def __init__(self) -> None:
        self._known: dict[HtmlElement, int] = {}

    def __call__(self, element: HtmlElement) -> int:
        size = self._known.get(element)
        if size is None:
            size = self._known[element] = _size(element.text_content())
        return size

    def drop(self, element: HtmlElement) -> None:
        """Remove ``element`` (keeping its tail) and its text from its ancestors' sizes."""
        size = self(element)
        for ancestor in element.iterancestors():
            if ancestor in self._known:
                self._known[ancestor] -= size
        element.drop_tree()


def _size(text: str) -> int:
    return sum(len(word) for word in text.split())


def _standalone(element: HtmlElement, root: HtmlElement, sizes: _TextSizes) -> bool:
    """True when ``element`` is all the text of its parent, or sits between blocks with no
    text of its own around it (not inside a sentence)."""
    parent = element.getparent()
    if parent is None:
        return False
    if parent is not root and sizes(parent) == sizes(element):
        return True
    previous = element.getprevious()
    before = previous.tail if previous is not None else parent.text
    following = element.getnext()
    inline_neighbour = any(
        n is not None and isinstance(n.tag, str) and n.tag not in _BLOCKS for n in (previous, following)
    )
    return not normalize(before) and not normalize(element.tail) and not inline_neighbour


def clean(root: HtmlElement, base_url: str | None, context: Context, title: str | None = None) -> Cleaned:
    """Remove boilerplate inside ``root`` (never ``root`` itself), recording each removal.

    Selector rules go first (toolkit ``drop``), then signature words. Topic lists give
    their link texts and related sections their links before they go.
    """
    for why, selectors in DROP_SELECTORS.items():
        drop(root, selectors, context=context, reason=why)
    # <noscript> is dropped unless it holds the only copy of an image (lazy-loading pages)
    # or of the text (pages that write the story with a script, and keep a copy for readers
    # without one).
    for noscript in list(root.iter("noscript")):
        if noscript.find(".//img") is None and noscript.find(".//p") is None:
            context.skip(noscript, "not text")
            noscript.drop_tree()
    # A <time> standing alone ("30 分钟前", "12 May 2024") is a dateline, read as metadata.
    sizes = _TextSizes()
    for time in list(root.iter("time")):
        if _standalone(time, root, sizes):
            context.skip(time, "dateline (read as metadata)")
            sizes.drop(time)
    _drop_share_bars(root, context)
    sizes = _TextSizes()  # share bars are gone: sizes read afresh
    # A wrapper named "social-embed" holds a post, not share buttons (read as an embed block).
    posts = embed_holders(root)
    total = max(len(normalize(root.text_content())), 1)
    topics: list[str] = []
    related: list[Link] = []
    targets: list[tuple[HtmlElement, str]] = []
    chosen: set[HtmlElement] = set()
    for element in root.iter():
        if element is root or not isinstance(element.tag, str):
            continue
        reason = boilerplate_reason(element)
        if reason is None or any(a in chosen for a in element.iterancestors()):
            continue
        if reason == "share tools" and element in posts:
            context.decide("kept", f"{_describe(element)} looks like share tools but holds a social post")
            continue
        if element.tag == "a" and reason != "visually hidden" and not _standalone(element, root, sizes):
            continue  # a link inside a sentence is part of it ("auto-linked" tags, topic links)
        if _spared(element, reason, len(normalize(element.text_content())), total, title):
            context.decide("kept", f"{_describe(element)} looks like {reason} but holds the text")
            continue
        chosen.add(element)
        targets.append((element, reason))
    dropped = sum(len(normalize(element.text_content())) for element, _ in targets)
    if total - dropped < max(_MIN_LOOSE_TEXT, (1 - _EMPTYING) * total):
        # Names would leave (almost) nothing: they lie (a forum whose posts are all "comments").
        context.decide("kept", "boilerplate names would empty the root: only chrome by tag or role goes")
        targets = [(element, reason) for element, reason in targets if _chrome_by_markup(element)]
    for element, reason in targets:
        if reason == "topic list":
            topics.extend(link.text for link in _links(element, base_url))
        elif reason == "related":
            related.extend(_links(element, base_url))
        context.skip(element, reason)
        element.drop_tree()
    return Cleaned(topics=tuple(dict.fromkeys(topics)), related=tuple(dict.fromkeys(related)))
