"""newsparse: news web pages to a clean, typed document model.

>>> import newsparse
>>> article = newsparse.parse(html, url="https://www.bbc.com/zhongwen/simp/world-59666831")
>>> article.title, article.published, len(article.figures)

The caller brings the HTML (str or bytes); newsparse never fetches anything.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from newsparse._version import __version__
from newsparse.errors import (
    ExtractionError,
    ExtractorLoadError,
    ExtractorNotFoundError,
    InputError,
    LimitExceededError,
    NewsparseError,
    NoContentError,
    TimeLimitError,
    UnknownLayoutError,
)

if TYPE_CHECKING:
    from newsparse.api import Extraction, extract, parse, parse_file
    from newsparse.batch import parse_many
    from newsparse.extractor import Context, Extractor, Layout, UrlRule
    from newsparse.model import (
        Article,
        Block,
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
    from newsparse.page import Limits, Page
    from newsparse.registry import PluginWarning, register, unregister
    from newsparse.serialize import ContractError

__all__ = [
    "Article",
    "Block",
    "Context",
    "ContractError",
    "Embed",
    "Extraction",
    "ExtractionError",
    "Extractor",
    "ExtractorLoadError",
    "ExtractorNotFoundError",
    "Figure",
    "Heading",
    "Image",
    "ImageSource",
    "InputError",
    "Layout",
    "LimitExceededError",
    "Limits",
    "Link",
    "ListBlock",
    "Media",
    "NewsparseError",
    "NoContentError",
    "Page",
    "Paragraph",
    "PluginWarning",
    "Quote",
    "RelatedLinks",
    "Span",
    "TimeLimitError",
    "UnknownLayoutError",
    "UrlRule",
    "__version__",
    "extract",
    "parse",
    "parse_file",
    "parse_many",
    "register",
    "unregister",
]

# Where each public name lives. They are imported on first use (PEP 562), so that
# `import newsparse` costs little more than lxml itself: a program that only names a type,
# or a plugin that only subclasses Extractor, does not pay for the whole parsing stack
# (page, registry, sanitising, serialising) until it first parses.
_HOMES = {
    **dict.fromkeys(("Extraction", "extract", "parse", "parse_file"), "newsparse.api"),
    **dict.fromkeys(("Context", "Extractor", "Layout", "UrlRule"), "newsparse.extractor"),
    **dict.fromkeys(
        (
            "Article",
            "Block",
            "Embed",
            "Figure",
            "Heading",
            "Image",
            "ImageSource",
            "Link",
            "ListBlock",
            "Media",
            "Paragraph",
            "Quote",
            "RelatedLinks",
            "Span",
        ),
        "newsparse.model",
    ),
    **dict.fromkeys(("Limits", "Page"), "newsparse.page"),
    **dict.fromkeys(("PluginWarning", "register", "unregister"), "newsparse.registry"),
    "ContractError": "newsparse.serialize",
    "parse_many": "newsparse.batch",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is not None:
        value = getattr(importlib.import_module(home), name)
        globals()[name] = value  # later lookups are plain attribute reads
        return value
    if not name.startswith("_"):
        # Submodules (newsparse.registry, newsparse.toolkit …) stay reachable as attributes.
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
