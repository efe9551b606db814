"""The generic extractor: metadata first, then the body from the best content root.

Used for every page no site plugin claims. It reads, in this order:

1. metadata (:mod:`.metadata`): JSON-LD article objects, OpenGraph and ``<meta>``,
   ``<time>``, ``<h1>``, ``<title>``, the capture envelope, ``<html lang>``, canonical link;
2. the content root (:mod:`.content`): ``[itemprop=articleBody]``, ``<article>``,
   ``<main>``, else the densest text block;
3. the body (:mod:`.blocks`): the root cleared of boilerplate (:mod:`.rules`), walked once.

``docs/generic-extractor.md`` documents each rule and its limits.
"""

from __future__ import annotations

from typing import ClassVar

from newsparse.extractor import Context, Extractor
from newsparse.model import Article, Paragraph
from newsparse.page import Page

from .blocks import SHORT_BODY, read_blocks
from .content import choose_root, clean
from .metadata import read_metadata

__all__ = ["GenericExtractor"]


class GenericExtractor(Extractor):
    """Metadata-first extractor for sites no plugin knows (and the fallback for all)."""

    name: ClassVar[str] = "generic"
    description: ClassVar[str] = "Metadata-first extractor for sites no plugin knows"

    def extract_article(self, page: Page, context: Context) -> Article:
        """Read metadata, pick the content root, clean it and walk it into blocks.

        The page's tree is changed (boilerplate removed from the content root): an
        extractor owns its page for the duration of one extraction.
        """
        meta = read_metadata(page, context)
        root = choose_root(page.tree, context, meta.title)
        cleaned = clean(root.element, page.base_url, context, meta.title)
        body = read_blocks(
            root.element, base_url=page.base_url, title=meta.title, context=context, authors=meta.authors
        )
        text_length = sum(len(block.text) for block in body if isinstance(block, Paragraph))
        if text_length < SHORT_BODY:
            context.warn(
                f"body holds only {text_length} characters of paragraph text: the page may not be an article"
            )
        return Article(
            url=page.url,
            canonical_url=meta.canonical_url,
            title=meta.title,
            language=meta.language,
            published=meta.published,
            modified=meta.modified,
            authors=meta.authors,
            section=meta.section,
            topics=meta.topics or cleaned.topics,
            summary=meta.summary,
            lead_image=meta.lead_image,
            body=body,
            related=cleaned.related,
            layout=root.strategy,
        )
