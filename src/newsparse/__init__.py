"""newsparse: news web pages to a clean, typed document model.

>>> import newsparse
>>> article = newsparse.parse(html, url="https://www.bbc.com/zhongwen/simp/world-59666831")
>>> article.title, article.published, len(article.figures)

The caller brings the HTML (str or bytes); newsparse never fetches anything.
"""

from newsparse._version import __version__
from newsparse.api import Extraction, extract, parse, parse_file
from newsparse.errors import (
    ExtractionError,
    ExtractorLoadError,
    ExtractorNotFoundError,
    InputError,
    LimitExceededError,
    NewsparseError,
    NoContentError,
)
from newsparse.extractor import Context, Extractor, Layout, UrlRule
from newsparse.model import (
    Article,
    Block,
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
    "UrlRule",
    "__version__",
    "extract",
    "parse",
    "parse_file",
    "register",
    "unregister",
]
