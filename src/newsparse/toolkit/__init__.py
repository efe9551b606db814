"""The extractor toolkit: helpers every extractor shares, public and stable.

Import from the submodules or from here:

- :mod:`~newsparse.toolkit.select` — CSS/XPath selection with compiled, cached selectors
- :mod:`~newsparse.toolkit.text` — whitespace/zero-width normalisation, hidden-prefix stripping, inline spans
- :mod:`~newsparse.toolkit.urls` — absolute URLs and image-proxy unwrapping
- :mod:`~newsparse.toolkit.images` — srcset parsing and best-candidate choice
- :mod:`~newsparse.toolkit.picture` — an Image from ``<picture>`` sources, largest candidate
- :mod:`~newsparse.toolkit.dates` — date parsing and relative times ("30 分钟前", "2 hours ago")
- :mod:`~newsparse.toolkit.clean` — boilerplate removal by selector
- :mod:`~newsparse.toolkit.embeds` — social posts, interactives and maps as Embed blocks
- :mod:`~newsparse.toolkit.metadata` — page metadata per field (JSON-LD, OpenGraph, ``<meta>``);
  import it from the submodule
"""

from newsparse.toolkit.clean import drop, is_inside
from newsparse.toolkit.dates import NEWS_ZONES, parse_date, parse_relative, resolve_date
from newsparse.toolkit.embeds import embed_from_blockquote, post_text, provider_of
from newsparse.toolkit.images import best_candidate, build_image, image_src, parse_srcset, size_value
from newsparse.toolkit.picture import image_from_picture, url_width_hint
from newsparse.toolkit.select import css, first, holders, select, text_of, xpath
from newsparse.toolkit.text import normalize, normalize_spans, paragraph_from_spans, spans_of, strip_prefixes
from newsparse.toolkit.urls import absolutize, unwrap_proxy

__all__ = [
    "NEWS_ZONES",
    "absolutize",
    "best_candidate",
    "build_image",
    "css",
    "drop",
    "embed_from_blockquote",
    "first",
    "holders",
    "image_from_picture",
    "image_src",
    "is_inside",
    "normalize",
    "normalize_spans",
    "paragraph_from_spans",
    "parse_date",
    "parse_relative",
    "parse_srcset",
    "post_text",
    "provider_of",
    "resolve_date",
    "select",
    "size_value",
    "spans_of",
    "strip_prefixes",
    "text_of",
    "unwrap_proxy",
    "url_width_hint",
    "xpath",
]
