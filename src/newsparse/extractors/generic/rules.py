"""What the generic extractor treats as boilerplate, as data.

Two kinds of rules, both applied only inside the chosen content root:

- :data:`DROP_SELECTORS`: CSS selectors for elements that are never article text
  (scripts, page chrome, forms, ad slots with well-known hooks). Removed with
  :func:`newsparse.toolkit.clean.drop`, each removal recorded with its reason.
- :data:`DROP_WORDS` / :data:`DROP_PAIRS`: words in an element's *signature* (its
  ``class``, ``id``, ``data-component``, ``data-testid``, ``data-e2e`` and ``role``,
  split at punctuation and camel-case humps, lower-cased). Sites name their share bars,
  ad slots, topic lists and screen-reader-only labels with words like these even when
  the rest of the class name is a build hash (``css-178wc68-VisuallyHidden``).

Two tags are judged by where they are: ``<footer>`` is page chrome except inside a
``<blockquote>`` (where it names the speaker), and ``<noscript>`` is dropped unless it
holds the only copy of an image (lazy-loading pages put the real ``<img>`` there).

Content elements themselves (paragraphs, headings, figures, quotes) are never dropped by
signature: a ``<p class="share-quote">`` is still text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# The JSON-LD @type values read as "the article" live with the metadata readers.
from newsparse.toolkit.metadata import ARTICLE_TYPES

__all__ = [
    "ARTICLE_TYPES",
    "CHROME_ROLES",
    "CHROME_TAGS",
    "CONTENT_TAGS",
    "DROP_PAIRS",
    "DROP_SELECTORS",
    "DROP_WORDS",
    "PROTECTED_TAGS",
    "signature_words",
]

#: CSS selectors for elements that never hold article text, with the reason recorded.
DROP_SELECTORS: Mapping[str, tuple[str, ...]] = {
    "not text": (
        "script",
        "style",
        "template",
        "svg",
        "canvas",
        "link",
        "meta",
        # Ruby annotations (the reading over Japanese/Chinese characters) are not the text.
        "rt",
        "rp",
    ),
    "form": ("button", "input", "select", "textarea", "label"),
    "hidden": ("[hidden]", "[aria-hidden=true]"),
    "advertisement": ("ins.adsbygoogle", "[data-ad-slot]", "[data-ad-unit]", "[id^=google_ads]"),
}

#: Signature words that mark an element as boilerplate, with the reason recorded.
DROP_WORDS: Mapping[str, str] = {
    **dict.fromkeys(
        ("ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adslot", "adunit"),
        "advertisement",
    ),
    **dict.fromkeys(("mpu", "dfp", "sponsor", "sponsored", "outbrain", "taboola", "bbccom"), "advertisement"),
    **dict.fromkeys(("share", "sharing", "social", "sharetools", "twite"), "share tools"),
    **dict.fromkeys(("newsletter", "subscribe", "subscription", "paywall", "signup"), "call to action"),
    **dict.fromkeys(("donate", "donation", "registration", "login", "rating", "ratings"), "call to action"),
    **dict.fromkeys(("comment", "comments", "breadcrumb", "breadcrumbs", "cookie", "consent"), "page chrome"),
    **dict.fromkeys(("navbar", "menu", "pagination", "pager", "footer"), "page chrome"),
    **dict.fromkeys(("popup", "privacy", "gdpr", "toolbar"), "page chrome"),
    **dict.fromkeys(("byline", "dateline", "timestamp", "author", "authors"), "byline (read from metadata)"),
    **dict.fromkeys(("tag", "tags", "topic", "topics", "keywords"), "topic list"),
    **dict.fromkeys(("related", "alsos", "recommended", "recommendations", "promo", "promos"), "related"),
    **dict.fromkeys(("offscreen", "sronly", "visuallyhidden"), "visually hidden"),
}

#: Two signature words in a row that mark boilerplate (``off-screen``, ``VisuallyHidden``).
DROP_PAIRS: Mapping[tuple[str, str], str] = {
    ("off", "screen"): "visually hidden",
    ("visually", "hidden"): "visually hidden",
    ("sr", "only"): "visually hidden",
    ("screen", "reader"): "visually hidden",
    ("most", "read"): "related",
    ("see", "also"): "related",
    ("more", "stories"): "related",
    ("top", "stories"): "related",
    ("news", "letter"): "call to action",
    ("ad", "slot"): "advertisement",
    ("ad", "unit"): "advertisement",
}

#: Tags of page chrome, and the ``role`` values that say the same. They are boilerplate
#: judged like a boilerplate name (:func:`.content.boilerplate_reason`): broken markup can
#: leave a whole article inside an unclosed ``<header>``.
CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu", "dialog"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog"})

#: Sectioning tags that say "this is the content": their class lists name the post's own
#: taxonomy (WordPress puts ``tag-<slug>``, ``category-<slug>`` on every post), so no
#: signature word makes them boilerplate.
CONTENT_TAGS = frozenset({"article", "main"})

#: Elements never dropped by signature: they are content whatever their class says.
PROTECTED_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "blockquote", "img", "picture", "li"}
    # Inline formatting is text: its id can be a slug of its own words ("…-the-author-of-…").
    | {"b", "strong", "i", "em", "u"}
)


_PIECES = re.compile(r"[^A-Za-z0-9]+")
# A readable camel-case name: humps of a capital and two or more lower-case letters.
_CAMEL = re.compile(r"^[A-Z]?[a-z]{2,}(?:[A-Z][a-z]{2,})*$")
_HUMPS = re.compile(r"[A-Z]?[a-z]+")


def signature_words(*values: str | None) -> list[str]:
    """Lower-cased words of attribute values, split at punctuation and camel-case humps.

    Build hashes carry no words and are skipped, so a random ``xAdQ`` or ``1ad3`` never
    reads as "ad": a piece counts only when it is all lower-case letters (taken whole) or a
    readable camel-case name. ``"css-178wc68-VisuallyHidden e1y6uwnp0"`` gives
    ``css visually hidden``; ``"sr-only"`` gives ``sr only``; ``"sc-43e6b7ba-0 dKljgB"``
    gives ``sc``.
    """
    words: list[str] = []
    for value in values:
        if not value:
            continue
        for piece in _PIECES.split(value):
            if piece.isalpha() and piece.islower():
                words.append(piece)
            elif _CAMEL.match(piece):
                words.extend(hump.lower() for hump in _HUMPS.findall(piece))
    return words
