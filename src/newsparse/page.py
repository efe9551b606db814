"""Input to Page: decode once, read the capture envelope, parse once, expose metadata lazily.

Extractors receive a :class:`Page`; they never decode bytes or parse HTML themselves. What
hostile input can and cannot do here is described in docs/robustness.md.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from functools import cached_property, lru_cache
from typing import Any, Protocol
from urllib.parse import urlsplit

import attrs
import lxml.etree
import lxml.html

from newsparse.decoding import Decoded, decode
from newsparse.errors import InputError, LimitExceededError
from newsparse.surrogates import replace_surrogates

__all__ = [
    "DEFAULT_LIMITS",
    "PARSER_DEPTH",
    "PARSER_MAX_DEPTH",
    "Decoded",
    "Envelope",
    "Limits",
    "Page",
    "clean",
    "decode",
    "parse_html",
    "read_envelope",
    "to_text",
]

#: Where libxml2's HTML parser stops reading a page in its normal (safe) mode.
PARSER_DEPTH = 256
#: Where it stops in its ``huge_tree`` mode, used only when ``Limits.max_depth`` asks for more
#: than :data:`PARSER_DEPTH`; no page can be deeper.
PARSER_MAX_DEPTH = 2048


def _positive(_instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"Limits.{attribute.name} must be a positive int or None, got {value!r}")


def _depth(instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    _positive(instance, attribute, value)
    if value is not None and value > PARSER_MAX_DEPTH:
        raise ValueError(
            f"Limits.max_depth can be at most {PARSER_MAX_DEPTH} (the HTML parser cannot go deeper), "
            f"got {value}"
        )


@attrs.frozen(kw_only=True)
class Limits:
    """Safety limits on one input. ``None`` switches a limit off.

    The defaults keep a hostile page from exhausting memory or time while leaving real
    news pages (well under 5 MB, 30 000 elements and 60 levels deep) untouched.
    """

    #: Largest input accepted, in bytes (text input is measured in UTF-8 bytes). Over it:
    #: :class:`LimitExceededError` with ``limit="max_bytes"``, before anything is decoded.
    max_bytes: int | None = attrs.field(default=20 * 1024 * 1024, validator=_positive)
    #: Deepest element nesting kept (the root ``<html>`` is level 1); the Article warns when
    #: a page goes deeper. Below 256 deeper content is cut off and the rest of the page kept.
    #: At 256 (the default) libxml2 itself stops reading at that depth: the rest of the page is
    #: lost. Above 256 (at most 2048; ``None`` means 2048) libxml2's ``huge_tree`` mode is used:
    #: content deeper than the limit is cut and the rest kept, but deep hostile pages may
    #: take ~8 times longer to parse (see docs/robustness.md).
    max_depth: int | None = attrs.field(default=256, validator=_depth)
    #: Most elements (start tags in the source) a page may have. Over it:
    #: :class:`LimitExceededError` with ``limit="max_nodes"``, before the tree is built (a page
    #: of millions of tiny tags would take a gigabyte and seconds to build).
    max_nodes: int | None = attrs.field(default=1_000_000, validator=_positive)
    #: Most distinct attributes one element may have. Over it: :class:`LimitExceededError`
    #: with ``limit="max_attributes"``, before parsing: libxml2 builds an element's
    #: attributes in time quadratic in their number (40 000 take 3 s, a 15 MB tag hours).
    max_attributes: int | None = attrs.field(default=1000, validator=_positive)


DEFAULT_LIMITS = Limits()


# --- the capture envelope -----------------------------------------------------------------------

_STAMP = re.compile(r"[ \t\r\n]*<!--[ \t]*(?P<stamp>\d{10,14})[ \t]*-->[ \t]*(?:\r?\n|$)")
_TITLE_LINK = re.compile(r"\[(?P<title>.*)\]\((?P<url>\S*)\)[ \t]*")
_BROKEN_TITLE_LINK = re.compile(r"\[(?P<title>.*?)\]?\(?(?P<url>https?://\S*?)\)?[ \t]*")
_RULE = re.compile(r"-{3,}[ \t]*")
_LINK_START = re.compile(r"[ \t\r\n]*\[")
# The envelope is three lines; a few blank or stray lines around them are tolerated.
_ENVELOPE_MAX_LINES = 8
# Longer lines are not envelope lines (and are never handed to the line regexes).
_ENVELOPE_MAX_LINE = 4096
_PLAUSIBLE_YEARS = range(1990, 2101)


@attrs.frozen
class Envelope:
    """What a capture envelope said, and where the HTML after it starts."""

    url: str | None
    title: str | None
    retrieved_at: datetime | None
    end: int
    warnings: tuple[str, ...] = ()


def _stamp_time(digits: str) -> datetime | None:
    # 13 digits are epoch milliseconds (the capture format); 10-11 digits read as seconds.
    seconds = int(digits) / 1000 if len(digits) >= 12 else int(digits)
    try:
        when = datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return when if when.year in _PLAUSIBLE_YEARS else None


def _http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _html_begins(text: str, pos: int) -> bool:
    """True when the line at ``pos`` starts, after whitespace, with "<" (False: look closer)."""
    first = text[pos : pos + 1]
    if not first.isspace():
        return first == "<"  # no whitespace to skip (the usual case): the first character tells
    lead = text[pos : pos + 256]
    rest = lead.lstrip()
    return rest.startswith("<") and "\n" not in lead[: len(lead) - len(rest)]


def read_envelope(text: str) -> Envelope | None:
    """Read a capture envelope (``<!--ms-->``, ``[title](url)``, ``------``) at the start of ``text``.

    Returns None when ``text`` does not start with one. A damaged envelope (a missing or
    malformed line, an impossible time stamp, a URL that is not http(s)) still gives what
    could be read, with a warning for each part dropped.
    """
    warnings: list[str] = []
    retrieved_at = None
    stamp = _STAMP.match(text)
    pos = 0
    if stamp:
        pos = stamp.end()
        retrieved_at = _stamp_time(stamp.group("stamp"))
        if retrieved_at is None:
            warnings.append(
                f"capture envelope time stamp {stamp.group('stamp')} is not a plausible date; ignored"
            )
    elif not _LINK_START.match(text):
        return None
    title = url = None
    seen_link = seen_rule = False
    stray: list[str] = []
    for _ in range(_ENVELOPE_MAX_LINES):
        if _html_begins(text, pos):
            break  # the HTML begins (a page's first line is often the whole page: not copied)
        newline = text.find("\n", pos)
        line_end = len(text) if newline < 0 else newline
        stripped = text[pos:line_end].strip()  # "\r" of a CRLF line end included
        if stripped.startswith("<"):
            break  # the HTML begins
        if len(stripped) > _ENVELOPE_MAX_LINE:
            if stamp is None and not seen_link:
                return None
            break  # not an envelope line: leave it to the HTML parser
        if not stripped:
            pass
        elif not seen_link and not seen_rule and (link := _TITLE_LINK.fullmatch(stripped)):
            seen_link = True
            title, url = link.group("title").strip() or None, link.group("url")
        elif not seen_link and not seen_rule and (broken := _BROKEN_TITLE_LINK.fullmatch(stripped)):
            seen_link = True
            title, url = broken.group("title").strip(" []") or None, broken.group("url")
            warnings.append(f"capture envelope title line is malformed: {stripped[:80]!r}")
        elif _RULE.fullmatch(stripped) and not seen_rule:
            seen_rule = True
        else:
            if stamp is None and not seen_link:
                return None  # text that merely starts with "[" is not an envelope
            stray.append(stripped)
        if newline < 0:
            pos = len(text)
            break
        pos = newline + 1
    if stamp is None and not seen_link:
        return None
    if not seen_link:
        warnings.append("capture envelope has no [title](url) line")
    if url is not None and not _http_url(url):
        warnings.append(f"capture envelope URL {url[:80]!r} is not an absolute http(s) URL; ignored")
        url = None
    if stray:
        warnings.append(
            f"dropped {len(stray)} unrecognised line(s) of the capture envelope: {stray[0][:60]!r}"
        )
    return Envelope(url, title, retrieved_at, pos, tuple(warnings))


# --- text clean-up before parsing ---------------------------------------------------------------

# Control characters are not text; NUL in particular makes libxml2 stop or mangle a page.
# Tab, line feed, form feed and carriage return are HTML whitespace and stay.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NONCHARACTERS = re.compile("[\ufffe\uffff]")
# lxml refuses text that starts with an XML declaration naming an encoding; the text is
# already decoded, so the declaration has nothing left to say.
_XML_DECLARATION = re.compile(r"[ \t\r\n]*<\?xml[^>]*>")
# A DOCTYPE internal subset ([<!ENTITY …>]) is never used (entities are not expanded), but
# the HTML parser would show its closing "]>" as text.
_DOCTYPE_SUBSET = re.compile(r"<!doctype[^>\[]*\[", re.IGNORECASE)
_SUBSET_END = re.compile(r"\][ \t\r\n]*>")


def to_text(
    data: str | bytes,
    *,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    source: str | None = None,
) -> Decoded:
    """The input as text: bytes decoded (see :mod:`newsparse.decoding`), text made valid.

    Refuses input over ``limits.max_bytes`` (text is measured in UTF-8 bytes) before any
    work is done on it. Text holding lone surrogates (which no encoding can write) has them
    replaced by U+FFFD, with a warning.
    """
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if isinstance(data, bytes):
        _check_size(len(data), limits, source)
        return decode(data, encoding=encoding, source=source)
    if not isinstance(data, str):
        raise InputError(f"expected str or bytes, got {type(data).__name__}", source=source)
    _check_size(len(data), limits, source)  # every character is at least one byte
    warnings: tuple[str, ...] = ()
    try:
        size = len(data.encode("utf-8"))
    except UnicodeEncodeError:
        data, count = replace_surrogates(data)
        size = len(data.encode("utf-8"))
        warnings = (f"replaced {count} lone surrogate code point(s) by U+FFFD",)
    _check_size(size, limits, source)
    return Decoded(data, "str", "str", warnings)


def clean(text: str) -> tuple[str, list[str]]:
    """``text`` without a leading byte-order mark and control characters, and what was removed."""
    if text.startswith("\ufeff"):
        text = text[1:]  # a BOM left in text read without "utf-8-sig"
    if "\x0c" in text:
        # Form feed is whitespace to HTML, but lxml refuses it in any text an extractor sets
        # ("All strings must be XML compatible"): the same whitespace, as a space.
        text = text.replace("\x0c", " ")
    removed: list[str] = []
    if "\ufffe" in text or "\uffff" in text:  # noncharacters lxml refuses too
        text, count = _NONCHARACTERS.subn("\ufffd", text)
        removed.append(f"replaced {count} noncharacter(s) U+FFFE/U+FFFF by U+FFFD")
    if not any(char in text for char in _CONTROLS):
        return text, removed
    nul = text.count("\x00")
    cleaned, count = _CONTROL_CHARS.subn("", text)
    what = f"{nul} NUL and {count - nul} other" if nul else f"{count}"
    return cleaned, [*removed, f"removed {what} control character(s) from the input"]


_CONTROLS = tuple(chr(code) for code in (*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F))


def _strip_doctype_subset(html: str) -> tuple[str, list[str]]:
    start = _DOCTYPE_SUBSET.search(html, 0, 4096)
    if start is None:
        return html, []
    end = _SUBSET_END.search(html, start.end())
    if end is None:
        return html, []
    return html[: start.end() - 1] + ">" + html[end.end() :], [
        "dropped the DOCTYPE internal subset (entity declarations are never expanded)"
    ]


# --- parsing ------------------------------------------------------------------------------------


def _parser(huge: bool) -> lxml.html.HTMLParser:
    """This thread's parser (one per ``huge`` setting), built on first use.

    lxml parsers must not be shared between threads, and each keeps the error log of its
    last document (libxml2 clears it when a parse starts), so one parser per thread keeps
    the log ours alone while saving the cost of building a parser for every page.
    """
    kind = "huge" if huge else "default"
    parser: lxml.html.HTMLParser | None = getattr(_THREAD_PARSERS, kind, None)
    if parser is None:
        parser = _new_parser(huge)
        setattr(_THREAD_PARSERS, kind, parser)
    return parser


_THREAD_PARSERS = threading.local()


def _new_parser(huge: bool) -> lxml.html.HTMLParser:
    # No network, no comments or processing instructions in the tree. The HTML parser has no
    # DTD processing at all, so no entity is ever expanded and no file or URL named in a
    # DOCTYPE is ever read (tests/test_hostile.py proves both). huge_tree stays off unless the
    # caller asks for pages deeper than 256 levels: it lifts the depth cap to 2048 and a 10 MB
    # cap on single tokens, but libxml2 searches the stack of open elements on every
    # unmatched end tag, so a deep hostile page costs up to 8 times more to parse. The page
    # is handed over as UTF-8 (libxml2's own encoding, read as it is; a str would be
    # converted first), and a parser told its encoding ignores any <meta charset>: the text
    # was decoded once already.
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=huge, encoding="utf-8"
    )
    # Every element is a plain HtmlElement, chosen in C. lxml.html's default lookup is a
    # Python function called each time Python touches an element (to give <form>, <input>
    # and friends their form helpers, which newsparse does not use); walking a tree of 3,000
    # elements with it costs several times what the walk itself does.
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    return parser


_ELEMENT_CLASSES = lxml.etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


@lru_cache(maxsize=8)
def _at_depth(depth: int) -> lxml.etree.XPath:
    """XPath selecting the elements exactly ``depth`` levels down (the root is level 1)."""
    return lxml.etree.XPath("/*" * depth)


_START_TAG = re.compile("<[A-Za-z]")

# One attribute as the HTML tokenizer reads it: separators (optional after a quoted value),
# a name (anything but whitespace, "/", ">"; "=" only as its first character), and an
# optional value, quoted (may hold ">") or bare. Atomic groups and possessive quantifiers
# keep every scan linear, whatever the input.
_WS = "\t\n\f\r "
_ATTRIBUTE = (
    f"[{_WS}/]*+([^{_WS}/>][^{_WS}/>=]*+)(?>[{_WS}]*+=[{_WS}]*+(?>\"[^\"]*+\"|'[^']*+'|[^{_WS}>]*+))?"
)
_TAG_NAME = f"<[A-Za-z][^{_WS}/>]*+"
_WHOLE_TAG = re.compile(f"({_TAG_NAME})((?>{_ATTRIBUTE})*+)")
_ATTRIBUTE_NAME = re.compile(_ATTRIBUTE)


@lru_cache(maxsize=8)
def _uncrowded_run(count: int) -> re.Pattern[str]:
    """Text and start tags with at most ``count`` attributes, as far as they go."""
    return re.compile(f"(?>[^<]++|<(?![A-Za-z])|{_TAG_NAME}(?>{_ATTRIBUTE}){{0,{count}}}+(?!{_ATTRIBUTE}))*+")


# Between two attributes of one tag the tokenizer always meets one of these: whitespace or
# "/" before the next name, or the quote closing the previous value (a name followed by "="
# has a value; an unquoted value ends only at whitespace or ">"). A tag with more than N
# attributes therefore holds N of them, and a page with fewer holds no such tag.
_SEPARATORS = (" ", '"', "/", "\n", "'", "\t", "\r", "\f")



_NOT_SEPARATOR_BYTES = bytes(byte for byte in range(256) if chr(byte) not in _SEPARATORS)


def _few_separators(data: bytes, limit: int) -> bool:
    """True when the page ``data`` (its UTF-8 bytes) has fewer than ``limit`` attribute
    separators: no tag of it can have more than ``limit`` attributes. Pages in Chinese often
    do, and skip the tag-by-tag scan."""
    return len(data.translate(None, _NOT_SEPARATOR_BYTES)) < limit


def _fatal_error(parser: lxml.html.HTMLParser) -> Any:
    """The error that made libxml2 stop reading, if it stopped early (lxml does not raise it).

    A fatal error ends parsing, so it is always the last one logged; lxml keeps the last
    error even when its log of the others is full.
    """
    last = parser.error_log.last_error
    return last if last is not None and last.level == lxml.etree.ErrorLevels.FATAL else None


def parse_html(
    html: str, limits: Limits = DEFAULT_LIMITS, source: str | None = None
) -> tuple[lxml.html.HtmlElement, list[str]]:
    """Parse ``html`` (the page after its envelope) into a tree, and what was noticed doing it.

    Refuses, before building the tree, text that is not HTML (no markup, a JSON document)
    and pages over ``limits.max_nodes`` or ``limits.max_attributes``; cuts content deeper
    than ``limits.max_depth``.
    """
    if "<" not in html:
        raise InputError("input holds no HTML markup", source=source)
    _refuse_json(html, source)
    declaration = _XML_DECLARATION.match(html)
    if declaration:
        html = html[declaration.end() :]
    html, warnings = _strip_doctype_subset(html)
    _check_nodes(html, limits, source)
    depth = limits.max_depth
    huge = depth is None or depth > PARSER_DEPTH
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates, in text given to Page(html=...)
        raise InputError(f"cannot parse HTML: {exc}", source=source) from exc
    _check_attributes(html, data, limits, source)
    parser = _parser(huge)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        if "empty" in str(exc).lower():
            raise InputError("input holds no HTML elements", source=source) from exc
        raise InputError(f"cannot parse HTML: {exc}", source=source) from exc
    if root is None:
        raise InputError("input holds no HTML elements", source=source)
    warnings += _after_stop(root, _fatal_error(parser), PARSER_MAX_DEPTH if huge else PARSER_DEPTH, source)
    warnings += _cut_deep(root, html, limits)
    return root, warnings


def _after_stop(root: lxml.html.HtmlElement, error: Any, parser_depth: int, source: str | None) -> list[str]:
    """libxml2 stopped early: keep what it read, say so, refuse if nothing was read."""
    if error is None:
        return []
    too_deep = "depth" in error.message.lower()
    where = f"line {error.line}, column {error.column}"
    if too_deep:
        message = (
            f"the page nests deeper than {parser_depth} levels at {where}, where the HTML parser "
            "stops; the rest of the page was not read"
        )
    else:  # "Buffer size limit exceeded": a text, script or attribute run over ~10 MB
        message = (
            f"the HTML parser gave up at {where} ({error.message.split(',')[0].strip()}: "
            "a text, script or attribute of about 10 MB); the rest of the page was not read "
            "(Limits(max_depth=None) parses such pages in libxml2's huge_tree mode)"
        )
    if not root.text_content().strip():
        if too_deep:
            raise LimitExceededError(message, limit="max_depth", value=parser_depth, source=source)
        raise InputError(message, source=source)
    return [message]


def _cut_deep(root: lxml.html.HtmlElement, html: str, limits: Limits) -> list[str]:
    limit = limits.max_depth
    # Each level needs a start tag, so a page with fewer tags cannot be too deep; at the
    # parser's own depth there is nothing deeper to cut.
    if limit is None or limit in (PARSER_DEPTH, PARSER_MAX_DEPTH) or html.count("<") <= limit:
        return []
    deep = _at_depth(limit + 1)(root)
    if not isinstance(deep, list) or not deep:
        return []
    chars = 0
    for element in deep:
        assert isinstance(element, lxml.html.HtmlElement)
        chars += len(element.text_content())
        element.drop_tree()  # keeps the element's tail, which sits at the allowed depth
    return [
        f"content nested deeper than {limit} levels (max_depth) was cut: "
        f"{len(deep)} element(s) holding {chars} characters of text"
    ]


def _check_nodes(html: str, limits: Limits, source: str | None) -> None:
    """Refuse a page with more start tags than ``max_nodes`` before building its tree.

    Counted in the source, so a hostile page of millions of tiny tags costs neither the
    memory nor the seconds of building it (libxml2 needs ~100-700 bytes per element).
    """
    limit = limits.max_nodes
    # A tag takes at least two characters ("<a"): short pages need no count at all.
    if limit is None or len(html) <= 2 * limit:
        return
    if html.count("<") - html.count("</") - html.count("<!") <= limit:
        return
    count = sum(1 for _ in itertools.islice(_START_TAG.finditer(html), limit + 1))
    if count > limit:
        raise LimitExceededError(
            f"the page has more than {limit} start tags (max_nodes limit)",
            limit="max_nodes",
            value=limit,
            source=source,
        )


def _check_attributes(html: str, data: bytes, limits: Limits, source: str | None) -> None:
    """Refuse an element with more than ``max_attributes`` distinct attributes, before parsing.

    Repeated names are harmless (the parser keeps the first), so a crowded tag is
    refused only when its distinct names are over the limit.
    """
    limit = limits.max_attributes
    # Every attribute takes at least two characters (a separator and a name).
    if limit is None or len(html) < 2 * limit or _few_separators(data, limit):
        return
    # One regex call runs, in C, over text and every tag with at most `limit` attributes
    # (tag by tag: a "<" inside another tag's attributes starts nothing) and stops at
    # the first more crowded tag, whose distinct names are then counted.
    skip = _uncrowded_run(limit)
    pos = 0
    while (end := skip.match(html, pos).end()) < len(html):  # type: ignore[union-attr]
        tag = _WHOLE_TAG.match(html, end)
        assert tag is not None  # the run stops only at a start tag
        names = {name.lower() for name in _ATTRIBUTE_NAME.findall(html, tag.start(2), tag.end())}
        if len(names) > limit:
            raise LimitExceededError(
                f"element {tag.group(1)[:20]}> has {len(names)} distinct attributes, "
                f"over the max_attributes limit of {limit}",
                limit="max_attributes",
                value=limit,
                source=source,
            )
        pos = tag.end()


class Page:
    """A decoded, parsed web page and its lazily computed metadata.

    Build one with :meth:`Page.from_input` (from the caller's input), or from HTML text with
    ``Page(html=...)``. ``tree`` is the lxml root element (never deeper than
    ``limits.max_depth``). Everything else (language, meta, JSON-LD, canonical link,
    embedded JSON) is computed on first use. ``encoding`` is the codec the bytes were decoded
    with (``"str"`` for text input) and ``encoding_source`` why it was chosen (``bom``,
    ``caller``, ``declared``, ``utf-8``, ``guess``, ``fallback`` or ``str``). ``warnings``
    collects what was noticed while reading the input; they end up in ``Article.warnings``.
    """

    def __init__(
        self,
        *,
        html: str,
        url: str | None = None,
        retrieved_at: datetime | None = None,
        title_hint: str | None = None,
        encoding: str = "str",
        encoding_source: str = "str",
        source: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
        warnings: Sequence[str] = (),
    ) -> None:
        self.html = html
        self.url = url
        self.retrieved_at = retrieved_at
        self.title_hint = title_hint
        self.encoding = encoding
        self.encoding_source = encoding_source
        self.source = source
        self.limits = limits
        self.tree, parse_warnings = parse_html(html, limits, source)
        jsonld, jsonld_warnings = read_jsonld(self.tree)
        #: Every JSON-LD object of the page, ``@graph`` flattened; broken blocks skipped.
        self.jsonld: tuple[Mapping[str, Any], ...] = jsonld
        #: What was noticed while reading the input, settled here: nothing read later
        #: (an extractor's lookups) adds to it.
        self.warnings: tuple[str, ...] = (*warnings, *parse_warnings, *jsonld_warnings)
        self._app_json_cache: dict[str, tuple[Any, tuple[str, ...]]] = {}

    @classmethod
    def from_input(
        cls,
        data: str | bytes,
        *,
        url: str | None = None,
        retrieved_at: datetime | None = None,
        encoding: str | None = None,
        source: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> Page:
        """Decode (if bytes), clean, read a capture envelope if any, and parse the page once.

        The caller's ``url`` and ``retrieved_at`` win over the envelope's. Raises
        :class:`InputError` (or its :class:`LimitExceededError`) for input that is not a
        readable page.
        """
        name = source or url  # what errors call the input
        decoded = to_text(data, encoding=encoding, limits=limits, source=name)
        text, removed = clean(decoded.text)
        warnings = [*decoded.warnings, *removed]
        if not text or text.isspace():
            raise InputError("input is empty", source=name)
        envelope = read_envelope(text)
        title_hint = None
        if envelope is not None:
            warnings += envelope.warnings
            title_hint = envelope.title
            url = url or envelope.url
            retrieved_at = retrieved_at or envelope.retrieved_at
            text = text[envelope.end :]
            if not text or text.isspace():
                raise InputError("input holds a capture envelope but no HTML after it", source=name or url)
        if url is not None and not url.isprintable():
            # A file name's undecodable byte (os.fsdecode's surrogateescape) in --url.
            url, count = replace_surrogates(url)
            if count:
                warnings.append(f"replaced {count} lone surrogate code point(s) in the URL by U+FFFD")
        if retrieved_at is not None and (retrieved_at.tzinfo is None or retrieved_at.utcoffset() is None):
            raise InputError("retrieved_at must be timezone-aware", source=source or url)
        return cls(
            html=text,
            url=url,
            retrieved_at=retrieved_at,
            title_hint=title_hint,
            encoding=decoded.encoding,
            encoding_source=decoded.source,
            source=source or url,
            limits=limits,
            warnings=warnings,
        )

    # --- metadata, computed on first use -------------------------------------------------

    @cached_property
    def lang(self) -> str | None:
        """The ``<html lang>`` value, if any."""
        value = self.tree.get("lang") or self.tree.get("xml:lang")
        return value.strip() or None if value else None

    @cached_property
    def meta(self) -> Mapping[str, tuple[str, ...]]:
        """``<meta>`` values by lower-cased ``name``/``property``/``itemprop`` (OpenGraph too)."""
        found: dict[str, list[str]] = {}
        for el in self.tree.iter("meta"):
            key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
            content = el.get("content")
            if key and content is not None and content.strip():
                found.setdefault(key.strip().lower(), []).append(content.strip())
        return {k: tuple(v) for k, v in found.items()}

    def meta_first(self, *names: str) -> str | None:
        """The first value of the first of ``names`` present in :attr:`meta`."""
        for name in names:
            values = self.meta.get(name.lower())
            if values:
                return values[0]
        return None

    def jsonld_of_type(self, *types: str) -> Iterator[Mapping[str, Any]]:
        """JSON-LD objects whose ``@type`` is (or includes) one of ``types``."""
        wanted = set(types)
        for obj in self.jsonld:
            kind = obj.get("@type")
            kinds = {kind} if isinstance(kind, str) else set()
            if isinstance(kind, list):
                kinds = {k for k in kind if isinstance(k, str)}
            if kinds & wanted:
                yield obj

    @cached_property
    def canonical_url(self) -> str | None:
        """The ``<link rel=canonical>`` href, if any."""
        for link in self.tree.iter("link"):
            rels = (link.get("rel") or "").lower().split()
            if "canonical" in rels and link.get("href"):
                return link.get("href", "").strip() or None
        return None

    @property
    def og_url(self) -> str | None:
        """The OpenGraph ``og:url``, if any (the page's own URL on sites without a
        canonical link)."""
        return self.meta_first("og:url")

    @property
    def base_url(self) -> str | None:
        """The URL relative links resolve against: the page URL, else the canonical one,
        else ``og:url``."""
        return self.url or self.canonical_url or self.og_url

    def app_json(self, name: str, *, context: Warns | None = None) -> Any:
        """An embedded application JSON blob by name, or None if absent or broken.

        Finds ``<script id="NAME" type="application/json">`` and ``window.NAME = {...}``
        assignments (Simorgh's ``SIMORGH_DATA``, Next.js's ``__NEXT_DATA__`` …), read once
        per page. What reading it noticed (broken JSON, repaired strings, numbers too long
        to read) goes to ``context`` when one is given, as warnings of the extraction that
        relies on the blob; the page's own :attr:`warnings` never change after it is built.
        """
        cache = self._app_json_cache
        if name not in cache:
            cache[name] = self._find_app_json(name)
        value, notes = cache[name]
        if context is not None:
            for note in notes:
                context.warn(note)
        return value

    def _find_app_json(self, name: str) -> tuple[Any, tuple[str, ...]]:
        assignment = _assignment_of(name)
        for script in self.tree.iter("script"):
            raw = script.text or ""
            if script.get("id") == name:
                return _load_json(script_body(raw), name)
            if name not in raw:
                continue
            match = assignment.search(raw)
            if match:
                return _load_json(raw[match.end() :].lstrip(), name)
        return None, ()


class Warns(Protocol):
    """Anything with ``warn(message)``: a :class:`~newsparse.Context` in an extractor."""

    def warn(self, message: str) -> None: ...


def read_jsonld(tree: lxml.html.HtmlElement) -> tuple[tuple[Mapping[str, Any], ...], list[str]]:
    """All JSON-LD objects under ``tree``, ``@graph`` flattened, and the warnings about them.

    Each broken block is skipped; one warning says how many and why the first failed.
    """
    objects: list[Mapping[str, Any]] = []
    broken: list[str] = []
    warnings: list[str] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script_body(script.text)
        if not raw:
            continue
        try:
            data = _read_json(raw, "JSON-LD", warnings)
        except (ValueError, RecursionError) as exc:
            broken.append(_json_problem(exc))
            continue
        objects.extend(_flatten_jsonld(data))
    if broken:
        warnings.append(
            f"skipped {len(broken)} broken JSON-LD block(s); the page's markup was used instead "
            f"(first: {broken[0]})"
        )
    return tuple(objects), warnings


def _load_json(raw: str, name: str) -> tuple[Any, tuple[str, ...]]:
    """The embedded JSON blob at the start of ``raw`` (a script may go on after it), and
    what reading it noticed."""
    notes: list[str] = []
    try:
        value = _read_json(raw, f"embedded JSON {name}", notes, prefix=True)
    except (ValueError, RecursionError) as exc:
        return None, (
            f"embedded JSON {name} is broken ({_json_problem(exc)}); the page's markup was used instead",
        )
    return value, tuple(notes)


def _read_json(raw: str, what: str, notes: list[str], *, prefix: bool = False) -> Any:
    """The JSON value of ``raw`` (with ``prefix``, of its start), noting in ``notes`` what
    was repaired: a number too long for Python's int conversion (4300 digits) is read as
    null instead of losing the whole blob, and a lone surrogate (a ``"\\ud83d"`` escape
    without its pair, which json accepts) becomes U+FFFD."""
    try:
        value = _PLAIN_JSON.raw_decode(raw)[0] if prefix else _PLAIN_JSON.decode(raw)
    except ValueError as exc:
        if "integer string conversion" not in str(exc):
            raise
        value = _BOUNDED_JSON.raw_decode(raw)[0] if prefix else _BOUNDED_JSON.decode(raw)
        notes.append(f"read numbers of more than 4300 digits in {what} as null")
    if ("\\ud" not in raw and "\\uD" not in raw) or _SURROGATE_ESCAPE.search(raw) is None:
        return value  # the common case (two substring scans): no surrogate escaped
    replaced = [0]
    value = _replace_surrogates(value, replaced)
    if replaced[0]:
        notes.append(f"replaced {replaced[0]} lone surrogate(s) in {what} by U+FFFD")
    return value


def _bounded_int(digits: str) -> int | None:
    return int(digits) if len(digits) < 4300 else None


_PLAIN_JSON = json.JSONDecoder()
_BOUNDED_JSON = json.JSONDecoder(parse_int=_bounded_int)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _replace_surrogates(value: Any, replaced: list[int]) -> Any:
    """``value`` (loaded JSON) with lone surrogates in its strings and keys replaced."""
    if isinstance(value, str):
        if value.isprintable():
            return value
        text, count = replace_surrogates(value)
        replaced[0] += count
        return text
    if isinstance(value, list):
        return [_replace_surrogates(item, replaced) for item in value]
    if isinstance(value, dict):
        return {_replace_surrogates(k, replaced): _replace_surrogates(v, replaced) for k, v in value.items()}
    return value


# What saved pages wrap a script's text in, so that XHTML and old HTML parsers leave it
# alone: a CDATA section or an HTML comment, each often behind a JavaScript comment
# ("//<![CDATA[" … "//]]>", "/*<![CDATA[*/" … "/*]]>*/", "<!--" … "//-->").
_SCRIPT_OPENERS = re.compile(r"\A\s*(?:/\*\s*|//[ \t]*)?(?:<!\[CDATA\[|<!--)(?:\s*\*/)?")
_SCRIPT_CLOSERS = re.compile(r"(?:/\*\s*|//[ \t]*)?(?:\]\]>|-->)(?:\s*\*/)?\s*\Z")


def script_body(text: str | None) -> str:
    """A script's text without the CDATA or comment wrapper saved pages put around it,
    stripped: what a JSON reader should see."""
    body = (text or "").strip()
    opener = _SCRIPT_OPENERS.match(body)
    if opener is None:
        return body
    closer = _SCRIPT_CLOSERS.search(body, opener.end())
    return body[opener.end() : closer.start() if closer else len(body)].strip()


@lru_cache(maxsize=32)
def _assignment_of(name: str) -> re.Pattern[str]:
    """``window.NAME =`` (or ``NAME =``) in a script, compiled once per name."""
    return re.compile(r"(?:window\.)?" + re.escape(name) + r"\s*=\s*")


def _check_size(size: int, limits: Limits, source: str | None) -> None:
    if limits.max_bytes is not None and size > limits.max_bytes:
        raise LimitExceededError(
            f"input is {size} bytes, over the max_bytes limit of {limits.max_bytes}",
            limit="max_bytes",
            value=limits.max_bytes,
            source=source,
        )


def _refuse_json(text: str, source: str | None) -> None:
    """A JSON document passed as a page gets a clear error, not its text as an article."""
    head = text[:64].lstrip()
    if head[:1] not in ("{", "[") or "<html" in text[:4096].lower():
        return
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return
    raise InputError("input is a JSON document, not an HTML page", source=source)


def _json_problem(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc)[:120]


# JSON-LD nests @graph and arrays a few levels at most; deeper structures are not metadata.
_JSONLD_MAX_NESTING = 16


def _flatten_jsonld(data: Any) -> Iterator[Mapping[str, Any]]:
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, level = stack.pop()
        if level > _JSONLD_MAX_NESTING:
            continue
        if isinstance(item, list):
            stack.extend((child, level + 1) for child in reversed(item))
        elif isinstance(item, dict):
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.append((graph, level + 1))
            else:
                yield item
