"""The public entry points: parse a page (str or bytes) or a file into an Article."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from newsparse import registry
from newsparse.errors import ExtractionError, InputError, NewsparseError, NoContentError, UnknownLayoutError
from newsparse.extractor import Context, Extractor
from newsparse.input_types import read_limited
from newsparse.model import Article
from newsparse.page import DEFAULT_LIMITS, Limits, Page
from newsparse.sanitize import sanitize_article
from newsparse.toolkit.urls import absolutize

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["Extraction", "extract", "parse", "parse_file"]


@attrs.frozen
class Extraction:
    """An Article together with how it was made (for ``--explain`` and drift checks)."""

    article: Article
    page: Page
    context: Context
    selection: registry.Selection


def extract(
    html: str | bytes,
    *,
    url: str | None = None,
    retrieved_at: datetime | None = None,
    extractor: str | None = None,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    fallback: bool = False,
    source: str | None = None,
) -> Extraction:
    """Like :func:`parse`, but also return the page, the extractor's context and the selection.

    ``source`` names the input in error messages (a path, ``<stdin>``); it defaults to
    the URL.
    """
    return Extraction(
        *_extract(
            html,
            url=url,
            retrieved_at=retrieved_at,
            extractor=extractor,
            encoding=encoding,
            limits=limits,
            fallback=fallback,
            source=source,
        )
    )


def _extract(
    html: str | bytes,
    *,
    url: str | None,
    retrieved_at: datetime | None,
    extractor: str | None,
    encoding: str | None,
    limits: Limits,
    fallback: bool,
    source: str | None,
) -> tuple[Article, Page, Context, registry.Selection]:
    """:func:`extract`'s work, returning the parts of an :class:`Extraction` (parse keeps
    only the Article, so it builds no Extraction object)."""
    def read() -> Page:
        return Page.from_input(
            html, url=url, retrieved_at=retrieved_at, encoding=encoding, source=source, limits=limits
        )

    page = read()
    selection = registry.select(page, name=extractor)
    context = Context()
    context.decide("extractor", f"{selection.extractor.name}: {selection.reason}")
    try:
        article = _run(selection.extractor, page, context)
    except ExtractionError as error:
        # A page in no design the site's extractor knows (a redesign, a non-article page)
        # is still read, by the generic extractor, unless the caller insisted on this
        # extractor by name; a crashing plugin falls back only when asked to.
        unknown_layout = isinstance(error, UnknownLayoutError) and selection.reason != "explicit"
        if not (fallback or unknown_layout) or selection.extractor.name == registry.GENERIC:
            raise
        # Extractors may cut the page's tree (toolkit.drop): the generic extractor reads the
        # page as it came in, parsed afresh (a rare path), with a context of its own: what
        # the failed extractor noticed was about its own reading.
        page = read()
        context = Context()
        context.warn(f"{error.message}; fell back to the generic extractor")
        reason = "fallback-unknown-layout" if unknown_layout else "fallback-after-error"
        selection = registry.Selection(registry.get(registry.GENERIC), reason)
        context.decide("extractor", f"{registry.GENERIC}: {reason.replace('-', ' ')}")
        article = _run(selection.extractor, page, context)
    article = _finish(article, page, context, selection.extractor.name)
    return article, page, context, selection


def _run(extractor: Extractor, page: Page, context: Context) -> Article:
    """Call the extractor; any failure of plugin code becomes one ExtractionError."""
    try:
        article = extractor.extract_article(page, context)
    except NewsparseError:
        raise
    except Exception as exc:  # a plugin bug must fail one page, not the caller
        raise ExtractionError(
            f"{type(exc).__name__}: {exc}", extractor=extractor.name, source=page.source
        ) from exc
    if not isinstance(article, Article):
        raise ExtractionError(
            f"extract_article returned {type(article).__name__}, not an Article",
            extractor=extractor.name,
            source=page.source,
        )
    return article


def _finish(article: Article, page: Page, context: Context, name: str) -> Article:
    """Fill what the core knows better than any extractor, then enforce the output rules.

    The core records the extractor's name (and ``default`` as layout when the extractor
    names none), and supplies what the input told: the URL, the canonical link made
    absolute, the retrieval time and, when the extractor found no title, the title hint
    of a capture envelope. Warnings about the input (the page's), the context's and the
    article's are merged without duplicates.
    """
    warnings: list[str] = []
    for message in (*page.warnings, *context.warnings, *article.warnings):
        if message not in warnings:
            warnings.append(message)
    url = article.url or page.url
    canonical_url = article.canonical_url or absolutize(page.canonical_url, page.url)
    title = article.title or page.title_hint
    retrieved = article.retrieved or page.retrieved_at
    layout = article.layout or "default"
    article = attrs.evolve(
        article,
        url=url,
        canonical_url=canonical_url,
        title=title,
        retrieved=retrieved,
        extractor=name,
        layout=layout,
        warnings=tuple(warnings),
    )
    article = sanitize_article(article)
    if not article.title and not article.body:
        # The input's warnings (a parser stop, a broken envelope) usually say why.
        about_input = [m for m in warnings if m in page.warnings]
        why = f" ({'; '.join(about_input[:2])})" if about_input else ""
        raise NoContentError(f"no title and no body could be extracted{why}", source=page.source)
    return article


def parse(
    html: str | bytes,
    *,
    url: str | None = None,
    retrieved_at: datetime | None = None,
    extractor: str | None = None,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    fallback: bool = False,
) -> Article:
    """Parse one web page into an :class:`Article`. Never fetches anything.

    ``html`` is the page as text or as bytes (bytes are decoded once: BOM, then
    ``encoding``, then the declared charset, UTF-8, then a GB18030/Big5 guess; ``encoding``
    is ignored for text). A capture envelope at the start of the input (``<!--epoch ms-->``,
    ``[title](url)``, ``------``) is recognised and supplies the URL, the retrieval time and
    a title hint; the caller's ``url`` and ``retrieved_at`` win over it.

    ``url`` picks the extractor and resolves relative links. ``retrieved_at`` (timezone-aware)
    fills ``Article.retrieved`` and anchors relative dates such as "30 分钟前". ``extractor``
    forces an extractor by name. With ``fallback`` a failing extractor is replaced by the
    generic one (and the Article's warnings say so). ``limits`` bounds input size and depth.

    Raises (all :class:`~newsparse.errors.NewsparseError`): ``InputError`` for empty, binary,
    undecodable or non-HTML input and a naive ``retrieved_at``; ``LimitExceededError`` over a
    limit; ``ExtractorNotFoundError``/``ExtractorLoadError`` for a bad ``extractor`` name;
    ``ExtractionError`` when the extractor fails; ``NoContentError`` when neither a title nor
    a body could be found.
    """
    return _extract(
        html,
        url=url,
        retrieved_at=retrieved_at,
        extractor=extractor,
        encoding=encoding,
        limits=limits,
        fallback=fallback,
        source=None,
    )[0]


def parse_file(
    path: str | PathLike[str],
    *,
    url: str | None = None,
    retrieved_at: datetime | None = None,
    extractor: str | None = None,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    fallback: bool = False,
) -> Article:
    """Read ``path`` as bytes and :func:`parse` it; every error names the path.

    An unreadable path (missing, a directory, no permission) raises ``InputError``.
    """
    from pathlib import Path  # only here: pathlib is a tenth of `import newsparse`

    file = Path(path)
    try:
        with file.open("rb") as stream:
            data = read_limited(stream, limits.max_bytes, str(file))
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", source=str(file)) from exc
    try:
        return _extract(
            data,
            url=url,
            retrieved_at=retrieved_at,
            extractor=extractor,
            encoding=encoding,
            limits=limits,
            fallback=fallback,
            source=str(file),
        )[0]
    except NewsparseError as exc:
        if exc.source is None:
            exc.source = str(file)
        raise
