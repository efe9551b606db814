"""BBC Chinese layout 'simorgh_dom' (being written)."""

from __future__ import annotations

from newsparse.extractor import Context
from newsparse.model import Article
from newsparse.page import Page


def detect(page: Page) -> bool:
    return False


def sniff(page: Page) -> bool:
    return False


def extract(page: Page, context: Context) -> Article:
    raise NotImplementedError
