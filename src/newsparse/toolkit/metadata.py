"""Page metadata readers: JSON-LD first, then OpenGraph and ``<meta>``, then markup.

One reader per Article field (``page_title``, ``page_dates``, ``page_authors``,
``page_section``, ``page_topics``, ``page_summary``, ``page_lead_image``,
``page_language``, ``page_canonical``) and :func:`read_metadata` for all of them, as the
generic extractor uses them; a plugin falls back to them per field without reading JSON-LD
itself. Each takes the page's JSON-LD article object (default: :func:`article_object`) and,
where it records decisions or warnings, the extraction's context.

Read the page as served, before the body is cleaned (cleaning may remove the ``<header>``
holding the ``<h1>`` and the scripts holding the JSON-LD). The order of sources for each
field is documented in ``docs/toolkit.md`` and ``docs/generic-extractor.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any

import attrs
from lxml.html import HtmlElement

from newsparse.extractor import Context
from newsparse.model import Image
from newsparse.toolkit.clean import is_inside
from newsparse.toolkit.dates import parse_date, parse_relative, resolve_date
from newsparse.toolkit.images import size_value
from newsparse.toolkit.select import select, text_of
from newsparse.toolkit.text import normalize
from newsparse.toolkit.urls import absolutize, unwrap_proxy

if TYPE_CHECKING:
    from newsparse.page import Page

__all__ = [
    "ARTICLE_TYPES",
    "AUTHOR_META",
    "LANGUAGE_META",
    "MODIFIED_META",
    "PUBLISHED_META",
    "TITLE_SEPARATORS",
    "Metadata",
    "article_object",
    "bcp47",
    "home_link",
    "ld_id",
    "ld_names",
    "ld_text",
    "ld_values",
    "page_authors",
    "page_canonical",
    "page_dates",
    "page_language",
    "page_lead_image",
    "page_section",
    "page_summary",
    "page_title",
    "page_topics",
    "read_metadata",
]

#: JSON-LD ``@type`` values read as "the article" (schema.org Article and its kin).
ARTICLE_TYPES: tuple[str, ...] = (
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "LiveBlogPosting",
    "BlogPosting",
    "Article",
    "Report",
    "TechArticle",
    "ScholarlyArticle",
    "SatiricalArticle",
    "AdvertiserContentArticle",
    "SocialMediaPosting",
)

#: Separators between a headline and the site name in ``<title>`` ("Headline - BBC News").
TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", " · ", " » ", "｜", " _ ")

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
)
MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
)
AUTHOR_META = (
    "author",
    "article:author",
    "og:article:author",
    "dc.creator",
    "sailthru.author",
    "parsely-author",
)
LANGUAGE_META = ("og:locale", "dc.language", "content-language", "language")
# Visible texts of a <time> that mean "last updated" rather than "published".
_UPDATED = re.compile(r"updated|更新|更新於|更新于|modified", re.IGNORECASE)
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$")


@attrs.frozen(kw_only=True)
class Metadata:
    """What the page says about its article, before the body is read."""

    title: str | None = None
    language: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    authors: tuple[str, ...] = ()
    section: str | None = None
    topics: tuple[str, ...] = ()
    summary: str | None = None
    lead_image: Image | None = None
    canonical_url: str | None = None


def read_metadata(page: Page, context: Context) -> Metadata:
    """Read title, language, dates, authors, section, topics, summary, lead image, canonical."""
    article = article_object(page)
    context.decide("json-ld", f"article object: {_ld_type(article)}" if article else "no article object")
    published, modified = page_dates(page, article, context)
    return Metadata(
        title=page_title(page, article, context),
        language=page_language(page, article),
        published=published,
        modified=modified,
        authors=page_authors(page, article),
        section=page_section(page, article),
        topics=page_topics(page, article),
        summary=page_summary(page, article),
        lead_image=page_lead_image(page, article),
        canonical_url=page_canonical(page, article),
    )


_Article = Mapping[str, Any] | None


def _or_found(page: Page, article: _Article) -> _Article:
    return article if article is not None else article_object(page)


def page_section(page: Page, article: _Article = None) -> str | None:
    """JSON-LD ``articleSection``; else ``article:section``."""
    article = _or_found(page, article)
    return ld_text(article.get("articleSection") if article else None) or page.meta_first(
        "article:section", "og:article:section"
    )


def page_summary(page: Page, article: _Article = None) -> str | None:
    """JSON-LD ``description``; else og:description, twitter:description, description."""
    article = _or_found(page, article)
    return ld_text(article.get("description") if article else None) or page.meta_first(
        "og:description", "twitter:description", "description"
    )


# --- JSON-LD helpers ---------------------------------------------------------------------


def _types_of(obj: Mapping[str, Any]) -> set[str]:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return {kind}
    return {k for k in kind if isinstance(k, str)} if isinstance(kind, list) else set()


def _ld_type(obj: Mapping[str, Any]) -> str:
    kind = obj.get("@type")
    return ",".join(kind) if isinstance(kind, list) else str(kind)


def article_object(page: Page, types: Iterable[str] = ARTICLE_TYPES) -> Mapping[str, Any] | None:
    """The JSON-LD object describing this article (``@type`` one of ``types``, by default
    schema.org's Article kinds): the one naming the page's URL if several, else the first
    with a headline, else the first."""
    found = list(page.jsonld_of_type(*types))
    if not found:
        return None
    urls = {u.rstrip("/") for u in (page.url, page.canonical_url) if u}
    for obj in found:
        own = [ld_text(obj.get(key)) or ld_id(obj.get(key)) for key in ("url", "mainEntityOfPage")]
        if any(u and u.rstrip("/") in urls for u in own):
            return obj
    with_headline = [obj for obj in found if ld_text(obj.get("headline"))]
    return with_headline[0] if with_headline else found[0]


def ld_id(value: Any) -> str | None:
    """The ``@id`` of a JSON-LD node reference (``{"@id": "https://…"}``), or None."""
    return value.get("@id") if isinstance(value, dict) and isinstance(value.get("@id"), str) else None


def ld_values(value: Any) -> Iterator[Any]:
    """Flatten a JSON-LD value: lists and ``{"@list": [...]}`` give their items."""
    if isinstance(value, list):
        for item in value:
            yield from ld_values(item)
    elif isinstance(value, dict) and isinstance(value.get("@list"), list):
        yield from ld_values(value["@list"])
    elif value is not None:
        yield value


def ld_text(value: Any) -> str | None:
    """The first non-empty string of a JSON-LD value (a string, a list, an ``@list``),
    normalised; None when there is none."""
    for item in ld_values(value):
        if isinstance(item, str) and normalize(item):
            return normalize(item)
    return None


def ld_names(value: Any, types: Iterable[str] = ()) -> Iterator[str]:
    """Names of people/organisations: strings, or objects with a ``name``. With ``types``,
    only objects whose ``@type`` is one of them (``("Person",)`` leaves out the
    publisher an ``author`` sometimes names)."""
    wanted = set(types)
    for item in ld_values(value):
        if wanted and not (isinstance(item, dict) and _types_of(item) & wanted):
            continue
        if isinstance(item, dict):
            item = item.get("name")
            if isinstance(item, list):
                item = item[0] if item else None
        if isinstance(item, str) and normalize(item):
            yield normalize(item)


# --- title ----------------------------------------------------------------------------


def _site_names(page: Page, article: Mapping[str, Any] | None) -> list[str]:
    names = [page.meta_first("og:site_name"), page.meta_first("application-name")]
    if article is not None:
        names.extend(ld_names(article.get("publisher")))
    return sorted({n for n in (normalize(x) for x in names) if n}, key=len, reverse=True)


def _strip_site(text: str, site_names: Iterable[str]) -> str:
    for name in site_names:
        for sep in TITLE_SEPARATORS:
            if text.endswith(sep + name) and len(text) > len(sep + name):
                return text[: -len(sep + name)].strip()
            if text.startswith(name + sep) and len(text) > len(name + sep):
                return text[len(name + sep) :].strip()
    return text


def _confirmed_by(document_title: str, candidate: str) -> bool:
    """True when ``<title>`` is the candidate, alone or with a site name before or after it."""
    if document_title == candidate:
        return True
    return any(
        document_title.startswith(candidate + sep) or document_title.endswith(sep + candidate)
        for sep in TITLE_SEPARATORS
    )


def page_title(page: Page, article: _Article = None, context: Context | None = None) -> str | None:
    """The headline. Sources confirmed by ``<title>`` (alone or with the site's name) win,
    the longest first; otherwise JSON-LD headline > og:title > twitter:title > <h1> >
    <title> > capture envelope. The site's name is stripped."""
    article = _or_found(page, article)
    context = context if context is not None else Context()
    sites = _site_names(page, article)
    site_names = {normalize(site).casefold() for site in sites}
    candidates: list[tuple[str, str]] = []

    def add(source: str, value: str | None) -> None:
        text = _strip_site(normalize(value), sites) if value else ""
        # The site's own name (a logo in an <h1>) is not a headline.
        if text and text.casefold() not in site_names and all(text != seen for _, seen in candidates):
            candidates.append((source, text))

    if article is not None:
        add("json-ld headline", ld_text(article.get("headline")) or ld_text(article.get("name")))
    add("og:title", page.meta_first("og:title"))
    add("twitter:title", page.meta_first("twitter:title"))
    for h1 in _visible_h1s(page.tree):
        add("h1", text_of(h1))
    # The document's <title>, not an SVG icon's.
    title_element = next((t for t in page.tree.iter("title") if not is_inside(t, ("svg",))), None)
    document_title = text_of(title_element)
    confirmed = [c for c in candidates if document_title and _confirmed_by(document_title, c[1])]
    if confirmed:
        source, text = max(confirmed, key=lambda c: len(c[1]))
        context.decide("title", f"{source}, confirmed by <title>")
        return text
    add("<title>", document_title)
    add("capture envelope", page.title_hint)
    if not candidates and document_title:
        candidates.append(("<title>", document_title))  # the site's name is better than none
    if candidates:
        source, text = candidates[0]
        context.decide("title", f"{source} (no source confirmed by <title>)")
        return text
    context.decide("title", "none found")
    return None


def _visible_h1s(tree: HtmlElement) -> list[HtmlElement]:
    """The page's first few ``<h1>`` with text, outside navigation and footers."""
    found: list[HtmlElement] = []
    for h1 in tree.iter("h1"):
        if text_of(h1) and not is_inside(h1, ("nav", "footer", "aside")) and not home_link(h1):
            found.append(h1)
            if len(found) == 3:
                break
    return found


def home_link(h1: HtmlElement) -> bool:
    """An ``<h1>`` that is only a link to the site's front page is the logo, not a headline."""
    links = list(h1.iter("a"))
    return (
        len(links) == 1
        and text_of(links[0]) == text_of(h1)
        and _FRONT_PAGE.fullmatch(links[0].get("href") or "") is not None
    )


#: The href of a link to a site's front page ("/", "https://example.com", "/index.html").
_FRONT_PAGE = re.compile(r"(?:https?://[^/]+)?/?(?:index\.\w+)?")


# --- dates ----------------------------------------------------------------------------


@attrs.frozen
class _Candidate:
    source: str
    value: str
    element: HtmlElement | None = None


def page_dates(
    page: Page, article: _Article = None, context: Context | None = None, *, visible: bool = True
) -> tuple[datetime | None, datetime | None]:
    """(published, modified): JSON-LD ``datePublished``/``dateCreated``/``dateModified``,
    then the ``<meta>`` names of :data:`PUBLISHED_META`/:data:`MODIFIED_META`, then (with
    ``visible``) the article's ``<time>`` elements. A date without an offset takes the
    zone of the page's other dates or is dropped, a day alone is midnight UTC, each with
    a warning through ``context``."""
    article = _or_found(page, article)
    context = context if context is not None else Context()
    published: list[_Candidate] = []
    modified: list[_Candidate] = []
    if article is not None:
        for key, into in (
            ("datePublished", published),
            ("dateCreated", published),
            ("dateModified", modified),
        ):
            value = ld_text(article.get(key))
            if value:
                into.append(_Candidate(f"json-ld {key}", value))
    for names, into in ((PUBLISHED_META, published), (MODIFIED_META, modified)):
        for name in names:
            value = page.meta_first(name)
            if value:
                into.append(_Candidate(f"meta {name}", value))
    for time in _time_elements(page.tree) if visible else ():
        text = text_of(time)
        prop = (time.get("itemprop") or "").lower()
        is_modified = prop == "datemodified" or (prop != "datepublished" and bool(_UPDATED.search(text)))
        (modified if is_modified else published).append(
            _Candidate("<time>", time.get("datetime") or "", element=time)
        )
    hint = _offset_hint([*published, *modified])
    return (
        _resolve("published", published, page, hint, context),
        _resolve("modified", modified, page, hint, context),
    )


def _time_elements(tree: HtmlElement) -> list[HtmlElement]:
    """``<time>`` elements that may date the article: marked ones first, then those in the
    first ``<article>``/``<main>``, else anywhere outside navigation, asides and footers."""
    marked = select(tree, "time[itemprop=datePublished], time[itemprop=dateModified], time[pubdate]")
    scope = next(iter(select(tree, "article, main, [role=main]")), None)
    pool = list(scope.iter("time")) if scope is not None else list(tree.iter("time"))
    marks = set(marked)  # a list here made many marked <time>s quadratic
    rest = [t for t in pool if t not in marks and not is_inside(t, ("nav", "aside", "footer"))]
    return [*marked, *rest[:3]]


def _offset_hint(candidates: list[_Candidate]) -> tzinfo | None:
    """The zone of the first date on the page that states one: sites write all their
    dates in one zone, so it is the best guess for a date that forgot its offset."""
    for candidate in candidates:
        if candidate.value and not _is_day(candidate.value):
            parsed = parse_date(candidate.value)
            if parsed is not None and parsed.tzinfo is not None:
                return parsed.tzinfo
    return None


def _is_day(value: str) -> bool:
    return re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value) is not None


def _resolve(
    what: str, candidates: list[_Candidate], page: Page, hint: tzinfo | None, context: Context
) -> datetime | None:
    for candidate in candidates:
        value = _resolve_one(what, candidate, page, hint, context)
        if value is not None:
            context.decide(what, f"{candidate.source}: {value.isoformat()}")
            return value
    return None


def _resolve_one(
    what: str, candidate: _Candidate, page: Page, hint: tzinfo | None, context: Context
) -> datetime | None:
    if candidate.element is not None:
        return _resolve_time(what, candidate, page, hint, context)
    if _is_day(candidate.value):
        return _day_only(what, candidate, context)
    parsed = parse_date(candidate.value)
    if parsed is not None:
        return parsed
    return _naive(what, candidate, hint, context)


def _naive(what: str, candidate: _Candidate, hint: tzinfo | None, context: Context) -> datetime | None:
    """A date without an offset takes the page's zone hint, or is dropped with a warning."""
    guess = parse_date(candidate.value, default_tz=timezone.utc)
    if guess is None:
        context.warn(f"{what} date from {candidate.source} is unreadable ({candidate.value[:40]!r}); ignored")
        return None
    if hint is None:
        context.warn(
            f"{what} date from {candidate.source} has no time zone ({candidate.value[:40]!r}) "
            "and the page gives none; ignored"
        )
        return None
    value = guess.replace(tzinfo=hint)
    context.warn(
        f"{what} date from {candidate.source} has no time zone;"
        f" assumed {_offset(value)} like the page's other dates"
    )
    return value


def _day_only(what: str, candidate: _Candidate, context: Context) -> datetime | None:
    try:
        day = datetime.fromisoformat(candidate.value.strip()).replace(tzinfo=timezone.utc)
    except ValueError:  # 2020-13-45
        context.warn(f"{what} date from {candidate.source} is unreadable ({candidate.value[:40]!r}); ignored")
        return None
    context.warn(
        f"{what} date from {candidate.source} gives only the day"
        f" ({candidate.value.strip()}); midnight UTC used"
    )
    return day


def _resolve_time(
    what: str, candidate: _Candidate, page: Page, hint: tzinfo | None, context: Context
) -> datetime | None:
    """A ``<time>``: a full ``datetime`` attribute as any other value; a day-only attribute
    with a relative visible text ("30 分钟前") resolved against the retrieval time (toolkit
    ``resolve_date``); no attribute: a relative or absolute visible text."""
    assert candidate.element is not None
    text = text_of(candidate.element)
    attribute = candidate.value.strip()
    if attribute and not _is_day(attribute):
        return parse_date(attribute) or _naive(what, candidate, hint, context)
    if attribute:
        try:
            resolved = resolve_date(attribute, text, page.retrieved_at)
        except ValueError:  # 2020-02-31
            context.warn(f"{what} date from {candidate.source} is unreadable ({attribute!r}); ignored")
            return None
        if resolved is not None and resolved.precision == "day":
            context.warn(
                f"{what} date from {candidate.source} gives only the day ({attribute}); midnight UTC used"
            )
        return resolved.value if resolved is not None else None
    if page.retrieved_at is not None:
        relative = parse_relative(text, page.retrieved_at)
        if relative is not None:
            return relative
    if not re.search(r"\d", text):
        return None
    return parse_date(text) or _naive(what, _Candidate("<time> text", text), hint, context)


def _offset(value: datetime) -> str:
    offset = value.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# --- people, topics, language, images, URLs -----------------------------------------------


def page_authors(page: Page, article: _Article = None) -> tuple[str, ...]:
    """JSON-LD author/creator names; else author ``<meta>`` values that are not URLs
    (``article:author`` is often a Facebook page)."""
    article = _or_found(page, article)
    names: list[str] = []
    if article is not None:
        names.extend(ld_names(article.get("author")))
        if not names:
            names.extend(ld_names(article.get("creator")))
    if not names:
        for key in AUTHOR_META:
            for value in page.meta.get(key, ()):
                if not re.match(r"^\w+://|^www\.", value):
                    names.append(normalize(value))
    return tuple(dict.fromkeys(n for n in names if n))


def _split_keywords(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        out.extend(normalize(part) for part in re.split(r"[,，、;]", value))
    return [t for t in out if t]


def page_topics(page: Page, article: _Article = None) -> tuple[str, ...]:
    """JSON-LD keywords; else ``article:tag``; else ``news_keywords``/``keywords``."""
    article = _or_found(page, article)
    topics: list[str] = []
    if article is not None:
        topics = _split_keywords(v for v in ld_values(article.get("keywords")) if isinstance(v, str))
    if not topics:
        topics = [normalize(v) for v in page.meta.get("article:tag", ())]
    if not topics:
        topics = _split_keywords(page.meta.get("news_keywords", ()) or page.meta.get("keywords", ()))
    return tuple(dict.fromkeys(t for t in topics if t))


def bcp47(tag: str | None) -> str | None:
    """A language tag in BCP 47 shape: ``en_GB`` gives ``en-GB``, ``zh-hans`` ``zh-Hans``.

    Returns None for values that are not language tags at all.
    """
    if not tag or not _LANGUAGE_TAG.match(tag.strip()):
        return None
    parts = re.split(r"[-_]", tag.strip())
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())  # script: Hans, Hant, Latn
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())  # region: GB, CN, 419
        else:
            out.append(part.lower())
    return "-".join(out)


def page_language(page: Page, article: _Article = None) -> str | None:
    """``<html lang>``; else JSON-LD inLanguage; else og:locale / Dublin Core / content-language,
    in BCP 47 shape (:func:`bcp47`)."""
    article = _or_found(page, article)
    candidates = [page.lang]
    if article is not None:
        candidates.append(ld_text(article.get("inLanguage")))
    candidates.extend(page.meta_first(name) for name in LANGUAGE_META)
    for candidate in candidates:
        tag = bcp47(candidate)
        if tag:
            return tag
    return None


def _int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value < 10**9 else None
    return size_value(value) if isinstance(value, str) else None


def _image(url: str | None, base_url: str | None, **fields: Any) -> Image | None:
    absolute = absolutize(url, base_url) if url else None
    return Image(url=unwrap_proxy(absolute), **fields) if absolute else None


def page_lead_image(page: Page, article: _Article = None) -> Image | None:
    """og:image (with its width, height and alt); else the JSON-LD image; else twitter:image."""
    article = _or_found(page, article)
    base = page.base_url
    og = page.meta_first("og:image", "og:image:url", "og:image:secure_url")
    if og:
        return _image(
            og,
            base,
            width=_int(page.meta_first("og:image:width")),
            height=_int(page.meta_first("og:image:height")),
            alt=normalize(page.meta_first("og:image:alt")) or None,
        )
    if article is not None:
        for item in ld_values(article.get("image")):
            if isinstance(item, str):
                return _image(item, base)
            if isinstance(item, dict) and isinstance(item.get("url"), str):
                return _image(
                    item["url"], base, width=_int(item.get("width")), height=_int(item.get("height"))
                )
    return _image(page.meta_first("twitter:image", "twitter:image:src"), base)


def page_canonical(page: Page, article: _Article = None) -> str | None:
    """``<link rel=canonical>``; else og:url; else the JSON-LD url / mainEntityOfPage."""
    article = _or_found(page, article)
    value = page.canonical_url or page.meta_first("og:url")
    if not value and article is not None:
        value = ld_text(article.get("url")) or ld_text(article.get("mainEntityOfPage"))
        value = value or ld_id(article.get("mainEntityOfPage"))
    return absolutize(value, page.url) if value else None
