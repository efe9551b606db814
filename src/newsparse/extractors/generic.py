"""Generic metadata-first extractor (placeholder being replaced by the full version)."""

from __future__ import annotations

from typing import ClassVar

from newsparse.extractor import Context, Extractor
from newsparse.model import Article, Paragraph
from newsparse.page import Page
from newsparse.toolkit import normalize, text_of


class GenericExtractor(Extractor):
    name: ClassVar[str] = "generic"
    description: ClassVar[str] = "Metadata-first extractor for sites no plugin knows"

    def extract_article(self, page: Page, context: Context) -> Article:
        title = page.meta_first("og:title") or text_of(page.tree.find(".//h1")) or page.title_hint
        body = tuple(
            Paragraph(text=t) for t in (normalize(p.text_content()) for p in page.tree.iter("p")) if t
        )
        return Article(title=title or None, body=body, layout="default")
