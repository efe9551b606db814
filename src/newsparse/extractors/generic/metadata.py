"""Reading an article's metadata: JSON-LD first, then OpenGraph and ``<meta>``, then markup.

The readers live in :mod:`newsparse.toolkit.metadata`, where plugins use them too; the
generic extractor reads every field through :func:`read_metadata`. The order of sources
for each field is documented in ``docs/generic-extractor.md``.
"""

from __future__ import annotations

from newsparse.toolkit.metadata import (
    AUTHOR_META,
    LANGUAGE_META,
    MODIFIED_META,
    PUBLISHED_META,
    TITLE_SEPARATORS,
    Metadata,
    bcp47,
    home_link,
    read_metadata,
)

__all__ = [
    "AUTHOR_META",
    "LANGUAGE_META",
    "MODIFIED_META",
    "PUBLISHED_META",
    "TITLE_SEPARATORS",
    "Metadata",
    "bcp47",
    "home_link",
    "read_metadata",
]
