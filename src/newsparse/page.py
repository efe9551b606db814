"""Input to Page: decode once, read the capture envelope, parse once, expose metadata lazily.

Extractors receive a :class:`Page`; they never decode bytes or parse HTML themselves. What
hostile input can and cannot do here is described in docs/robustness.md.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Generic, TypeVar, overload
from urllib.parse import urlsplit

import attrs
import lxml.etree
import lxml.html

from newsparse.decoding import Decoded, decode, plain_utf8
from newsparse.errors import InputError, LimitExceededError

__all__ = [
    "DEFAULT_LIMITS",
    "PARSER_DEPTH",
    "PARSER_MAX_DEPTH",
    "Decoded",
    "Envelope",
    "Limits",
    "Page",
    "decode",
    "read_envelope",
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
_CONTROL_BYTES_KEEP = bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100)) + b"\t\n\x0c\r"
_SURROGATES = re.compile("[\ud800-\udfff]")
# lxml refuses text that starts with an XML declaration naming an encoding; the text is
# already decoded, so the declaration has nothing left to say.
_XML_DECLARATION = re.compile(r"[ \t\r\n]*<\?xml[^>]*>")
# A DOCTYPE internal subset ([<!ENTITY …>]) is never used (entities are not expanded), but
# the HTML parser would show its closing "]>" as text.
_DOCTYPE_SUBSET = re.compile(r"<!doctype[^>\[]*\[", re.IGNORECASE)
_SUBSET_END = re.compile(r"\][ \t\r\n]*>")


def _encode_probe(text: str) -> tuple[str, bytes, list[str]]:
    """(text without lone surrogates, its UTF-8 bytes, warnings)."""
    if text.isascii():
        return text, text.encode("ascii"), []
    try:
        return text, text.encode("utf-8"), []
    except UnicodeEncodeError:
        fixed, count = _SURROGATES.subn("\ufffd", text)
        return fixed, fixed.encode("utf-8"), [f"replaced {count} lone surrogate code point(s) by U+FFFD"]


def _strip_controls(text: str, raw: bytes, controls: bytes | None = None) -> tuple[str, list[str]]:
    """Drop control characters; ``raw`` (ASCII-compatible bytes of ``text``) makes the check
    fast, and ``controls``, its control bytes when already known, makes it free."""
    if not (raw.translate(None, _CONTROL_BYTES_KEEP) if controls is None else controls):
        return text, []
    nul = text.count("\x00")
    cleaned, count = _CONTROL_CHARS.subn("", text)
    if not count:
        return text, []  # the bytes were part of an escape sequence (ISO-2022), not text
    what = f"{nul} NUL and {count - nul} other" if nul else f"{count}"
    return cleaned, [f"removed {what} control character(s) from the input"]


def _strip_doctype_subset(html: str) -> tuple[str, list[str]]:
    start = _doctype_subset_start(html)
    if start is None:
        return html, []
    end = _SUBSET_END.search(html, start.end())
    if end is None:
        return html, []
    return html[: start.end() - 1] + ">" + html[end.end() :], [
        "dropped the DOCTYPE internal subset (entity declarations are never expanded)"
    ]


def _doctype_subset_start(html: str) -> re.Match[str] | None:
    """``_DOCTYPE_SUBSET.search(html, 0, 4096)``, cheaply.

    A case-blind search tries every position; a match can only start at a "<!", and a page
    has a few of those (often none: a one-character search, the fastest, tells).
    """
    if html.find("!", 0, 4096) < 0:
        return None
    pos = html.find("<!", 0, 4096)
    for _ in range(16):  # a page crowded with "<!" is left to the search
        if pos < 0:
            return None
        start = _DOCTYPE_SUBSET.match(html, pos, 4096)
        if start is not None:
            return start
        pos = html.find("<!", pos + 1, 4096)
    return _DOCTYPE_SUBSET.search(html, pos, 4096) if pos >= 0 else None


# --- parsing ------------------------------------------------------------------------------------


def _parser(huge: bool, utf8: bool = False) -> lxml.html.HTMLParser:
    """This thread's parser (one per ``huge`` setting and input kind), built on first use.

    lxml parsers must not be shared between threads, and each keeps the error log of its
    last document (libxml2 clears it when a parse starts), so one parser per thread keeps
    the log ours alone while saving the cost of building a parser for every page. ``utf8``
    picks the parser for UTF-8 bytes, which libxml2 reads as they are (a ``str`` holding
    any non-Latin-1 character reaches it as UTF-16 or UTF-32 and is converted first).
    """
    kind = ("huge" if huge else "default") + ("_utf8" if utf8 else "")
    parser: lxml.html.HTMLParser | None = getattr(_THREAD_PARSERS, kind, None)
    if parser is None:
        parser = _new_parser(huge, "utf-8" if utf8 else None)
        setattr(_THREAD_PARSERS, kind, parser)
    return parser


_THREAD_PARSERS = threading.local()


def _new_parser(huge: bool, encoding: str | None = None) -> lxml.html.HTMLParser:
    # No network, no comments or processing instructions in the tree. The HTML parser has no
    # DTD processing at all, so no entity is ever expanded and no file or URL named in a
    # DOCTYPE is ever read (tests/test_hostile.py proves both). huge_tree stays off unless the
    # caller asks for pages deeper than 256 levels: it lifts the depth cap to 2048 and a 10 MB
    # cap on single tokens, but libxml2 searches the stack of open elements on every
    # unmatched end tag, so a deep hostile page costs up to 8 times more to parse. A parser
    # told the encoding ignores <meta charset> (tests/test_page_fast_path.py checks it), so
    # UTF-8 bytes handed over with "utf-8" read exactly as their text does.
    parser = lxml.html.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=huge,
        encoding=encoding,
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
_SEPARATOR_BYTES = "".join(_SEPARATORS).encode("ascii")


_NOT_SEPARATOR_BYTES = bytes(byte for byte in range(256) if chr(byte) not in _SEPARATORS)
# Everything but control bytes and separators: one pass over a UTF-8 page finds both (its
# control bytes for _strip_controls, and at most as many separators as _few_separators
# would count in the HTML, which is the page with parts removed).
_NEITHER_CONTROL_NOR_SEPARATOR = bytes(
    byte for byte in _CONTROL_BYTES_KEEP if byte not in _SEPARATOR_BYTES
)
# The letters of "charset" in both cases: the same pass over input bytes keeps them too, so
# that a page without the word (in any case) is known to declare no <meta> charset without
# lower-casing and searching its first 16 KB (see decoding.plain_utf8).
_CHARSET_LETTERS = b"charsetCHARSET"
_NEITHER_CONTROL_SEPARATOR_NOR_LETTER = bytes(
    byte for byte in _NEITHER_CONTROL_NOR_SEPARATOR if byte not in _CHARSET_LETTERS
)


def _census(data: bytes) -> tuple[bytes, int, bool]:
    """(control bytes, control bytes + attribute separators, True if no "charset") of ``data``.

    One pass over ``data`` keeps its control bytes, separators and the letters of "charset";
    the rest is read from that much shorter string. A "charset" in ``data`` (any case) is
    seven letters in a row, kept in a row: the word's absence there proves it absent.
    """
    kept = data.translate(None, _NEITHER_CONTROL_SEPARATOR_NOR_LETTER)
    marks = kept.translate(None, _CHARSET_LETTERS)
    return marks.translate(None, _SEPARATOR_BYTES), len(marks), b"charset" not in kept.lower()


def _few_separators(html: str, limit: int, utf8: bytes | None = None) -> bool:
    """True when ``html`` has fewer than ``limit`` attribute separators: no tag of it can have
    more than ``limit`` attributes. Pages in Chinese often do, and skip the tag-by-tag scan.

    ``utf8``, the UTF-8 bytes of ``html`` if known, holds the same separators (all ASCII)
    and counts them in one pass instead of one per separator."""
    if (utf8 is None or len(html) > 16 * limit) and html.count(" ", 0, 16 * limit) >= limit:
        return False  # the usual answer for a Western page, from its first few KB
    if utf8 is not None:
        return len(utf8.translate(None, _NOT_SEPARATOR_BYTES)) < limit
    count = 0
    for char in _SEPARATORS:
        count += html.count(char)
        if count >= limit:
            return False
    return True


def _fatal_error(parser: lxml.html.HTMLParser) -> Any:
    """The error that made libxml2 stop reading, if it stopped early (lxml does not raise it).

    A fatal error ends parsing, so it is always the last one logged; lxml keeps the last
    error even when its log of the others is full.
    """
    last = parser.error_log.last_error
    return last if last is not None and last.level == lxml.etree.ErrorLevels.FATAL else None


_T = TypeVar("_T")


class _computed_once(Generic[_T]):  # lower case: used as a decorator, like cached_property
    """A lazily computed attribute: computed on first access, then an ordinary attribute.

    Like :func:`functools.cached_property`, without the lock Python 3.11's takes on every
    first access (one lock shared by all instances, ~10% of the metadata's cost on a small
    page). The value is stored in the instance's ``__dict__``, which later accesses read
    directly (this is a non-data descriptor). Two threads racing on a fresh page may both
    compute the value and one result wins: harmless, as every value computed here depends
    only on the parsed tree. (:attr:`Page.jsonld` also records a warning for broken blocks;
    such a race would record it twice. newsparse never shares a Page between threads: each
    parse builds its own.)
    """

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self._compute = compute
        self._name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _computed_once[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> _T | _computed_once[_T]:
        if instance is None:
            return self
        value = self._compute(instance)
        instance.__dict__[self._name] = value
        return value


class Page:
    """A decoded, parsed web page and its lazily computed metadata.

    Build one with :meth:`Page.from_input`. ``tree`` is the lxml root element (never deeper
    than ``limits.max_depth``). Everything else (language, meta, JSON-LD, canonical link,
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
        _utf8: bytes | None = None,
        _separators: int | None = None,
    ) -> None:
        # _utf8 (from from_input only) is ``html`` encoded as UTF-8, when the input already
        # held exactly those bytes: libxml2 then reads them without converting the text.
        self.html = html
        self.url = url
        self.retrieved_at = retrieved_at
        self.title_hint = title_hint
        self.encoding = encoding
        self.encoding_source = encoding_source
        self.source = source
        self.limits = limits
        self.warnings: list[str] = list(warnings)
        # _separators (from from_input only): at least as many attribute separators as
        # ``html`` holds, when counted on the way.
        self._separators = _separators
        self._app_json_cache: dict[str, Any] = {}
        self.tree = self._parse(html, _utf8)

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
        """Decode (if bytes), read a capture envelope if any, and parse the page once.

        The caller's ``url`` and ``retrieved_at`` win over the envelope's. Raises
        :class:`InputError` (or its :class:`LimitExceededError`) for input that is not a
        readable page.
        """
        name = source or url  # what errors call the input
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        if not isinstance(data, (str, bytes)):
            raise InputError(f"expected str or bytes, got {type(data).__name__}", source=name)
        plain: Decoded | None
        # ``controls``: the control bytes of ``raw`` (below), what _strip_controls looks for;
        # ``marks``: how many control bytes and attribute separators it holds (one pass).
        controls: bytes | None
        marks: int | None
        if isinstance(data, str):
            _check_size(len(data), limits, name)  # a cheap first look: every char is >= 1 byte
            text, raw, warnings = _encode_probe(data)
            _check_size(len(raw), limits, name)
            decoded = plain = Decoded(text, "str", "str")
            controls, marks, _charset_free = _census(raw)  # (text needs no charset)
        else:
            _check_size(len(data), limits, name)
            # Counted before decoding: what plain_utf8 would check of bytes without control
            # bytes or "charset" is known then (and the count is needed below in any case).
            controls, marks, charset_free = _census(data)
            plain = (
                plain_utf8(data, control_free=not controls, charset_free=charset_free)
                if encoding is None
                else None
            )
            decoded = plain or decode(data, encoding=encoding, source=name)
            text, warnings = decoded.text, list(decoded.warnings)
            if decoded.encoding.startswith(("utf-16", "utf-32")):  # not ASCII-compatible
                raw = text.encode("utf-8", "surrogatepass")
                controls = marks = None
            else:
                raw = data
        # For text, and for bytes that are plain UTF-8, ``raw`` is exactly the text's UTF-8,
        # handed to libxml2 as long as nothing below changes the text.
        utf8: bytes | None = raw if plain is not None else None
        if text.startswith("\ufeff"):
            text, utf8 = text[1:], None  # a BOM left in text read without "utf-8-sig"
        # The separators of the text's UTF-8 are at least those of the HTML cut from it.
        separators = None if marks is None or utf8 is None else marks
        text, removed = _strip_controls(text, raw, controls)
        warnings += removed
        if removed:
            utf8 = None
        if not text or text.isspace():
            raise InputError("input is empty", source=name)
        envelope = read_envelope(text)
        title_hint = None
        if envelope is not None:
            warnings += envelope.warnings
            title_hint = envelope.title
            url = url or envelope.url
            retrieved_at = retrieved_at or envelope.retrieved_at
            if utf8 is not None:
                utf8 = utf8[len(text[: envelope.end].encode("utf-8")) :]
            text = text[envelope.end :]
            if not text or text.isspace():
                raise InputError("input holds a capture envelope but no HTML after it", source=name or url)
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
            _utf8=utf8,
            _separators=separators,
        )

    def _parse(self, html: str, utf8: bytes | None) -> lxml.html.HtmlElement:
        if "<" not in html:
            raise InputError("input holds no HTML markup", source=self.source)
        _refuse_json(html, self.source)
        declaration = _XML_DECLARATION.match(html)
        if declaration:
            html, utf8 = html[declaration.end() :], None
        elif html.startswith("<?xml"):
            utf8 = None  # lxml refuses some such text (not bytes): keep its error as it was
        html, notes = _strip_doctype_subset(html)
        if notes:
            self.warnings += notes
            utf8 = None
        self._check_nodes(html)
        self._check_attributes(html, utf8)
        depth = self.limits.max_depth
        huge = depth is None or depth > PARSER_DEPTH
        parser = _parser(huge, utf8 is not None)
        try:
            root = lxml.html.document_fromstring(html if utf8 is None else utf8, parser=parser)
        except (lxml.etree.ParserError, ValueError) as exc:
            if "empty" in str(exc).lower():
                raise InputError("input holds no HTML elements", source=self.source) from exc
            raise InputError(f"cannot parse HTML: {exc}", source=self.source) from exc
        if root is None:
            raise InputError("input holds no HTML elements", source=self.source)
        self._after_stop(root, _fatal_error(parser), PARSER_MAX_DEPTH if huge else PARSER_DEPTH)
        self._cut_deep(root, html)
        return root

    def _after_stop(self, root: lxml.html.HtmlElement, error: Any, parser_depth: int) -> None:
        """libxml2 stopped early: keep what it read, say so, refuse if nothing was read."""
        if error is None:
            return
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
                raise LimitExceededError(message, limit="max_depth", value=parser_depth, source=self.source)
            raise InputError(message, source=self.source)
        self.warnings.append(message)

    def _cut_deep(self, root: lxml.html.HtmlElement, html: str) -> None:
        limit = self.limits.max_depth
        # Each level needs a start tag, so a page with fewer tags cannot be too deep; at the
        # parser's own depth there is nothing deeper to cut.
        if limit is None or limit in (PARSER_DEPTH, PARSER_MAX_DEPTH) or html.count("<") <= limit:
            return
        deep = _at_depth(limit + 1)(root)
        if not isinstance(deep, list) or not deep:
            return
        chars = 0
        for element in deep:
            assert isinstance(element, lxml.html.HtmlElement)
            chars += len(element.text_content())
            element.drop_tree()  # keeps the element's tail, which sits at the allowed depth
        self.warnings.append(
            f"content nested deeper than {limit} levels (max_depth) was cut: "
            f"{len(deep)} element(s) holding {chars} characters of text"
        )

    def _check_nodes(self, html: str) -> None:
        """Refuse a page with more start tags than ``max_nodes`` before building its tree.

        Counted in the source, so a hostile page of millions of tiny tags costs neither the
        memory nor the seconds of building it (libxml2 needs ~100-700 bytes per element).
        """
        limit = self.limits.max_nodes
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
                source=self.source,
            )

    def _check_attributes(self, html: str, utf8: bytes | None = None) -> None:
        """Refuse an element with more than ``max_attributes`` distinct attributes, before parsing.

        Repeated names are harmless (the parser keeps the first), so a crowded tag is
        refused only when its distinct names are over the limit.
        """
        limit = self.limits.max_attributes
        # Every attribute takes at least two characters (a separator and a name).
        if limit is None or len(html) < 2 * limit:
            return
        if (self._separators is not None and self._separators < limit) or _few_separators(html, limit, utf8):
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
                    source=self.source,
                )
            pos = tag.end()

    # --- metadata, computed on first use -------------------------------------------------

    @_computed_once
    def lang(self) -> str | None:
        """The ``<html lang>`` value, if any."""
        value = self.tree.get("lang") or self.tree.get("xml:lang")
        return value.strip() or None if value else None

    @_computed_once
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

    @_computed_once
    def jsonld(self) -> tuple[Mapping[str, Any], ...]:
        """All JSON-LD objects of the page, ``@graph`` flattened; broken blocks skipped.

        Each broken block is skipped; one warning says how many and why the first failed.
        """
        objects: list[Mapping[str, Any]] = []
        broken: list[str] = []
        for script in self.tree.iter("script"):
            if (script.get("type") or "").strip().lower() != "application/ld+json":
                continue
            raw = (script.text or "").strip()
            if not raw:
                continue
            try:
                data = json.loads(raw)
            except (ValueError, RecursionError) as exc:
                broken.append(_json_problem(exc))
                continue
            objects.extend(_flatten_jsonld(data))
        if broken:
            self.warnings.append(
                f"skipped {len(broken)} broken JSON-LD block(s); the page's markup was used instead "
                f"(first: {broken[0]})"
            )
        return tuple(objects)

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

    @_computed_once
    def canonical_url(self) -> str | None:
        """The ``<link rel=canonical>`` href, if any."""
        for link in self.tree.iter("link"):
            rels = (link.get("rel") or "").lower().split()
            if "canonical" in rels and link.get("href"):
                return link.get("href", "").strip() or None
        return None

    @property
    def base_url(self) -> str | None:
        """The URL relative links resolve against: the page URL, else the canonical one."""
        return self.url or self.canonical_url

    def app_json(self, name: str) -> Any:
        """An embedded application JSON blob by name, or None if absent or broken.

        Finds ``<script id="NAME" type="application/json">`` and ``window.NAME = {...}``
        assignments (Simorgh's ``SIMORGH_DATA``, Next.js's ``__NEXT_DATA__`` …). A blob that
        is present but broken adds a warning and gives None.
        """
        cache = self._app_json_cache
        if name not in cache:
            cache[name] = self._find_app_json(name)
        return cache[name]

    def _find_app_json(self, name: str) -> Any:
        assignment = _assignment_of(name)
        for script in self.tree.iter("script"):
            raw = script.text or ""
            if script.get("id") == name:
                return self._load_json(raw.strip(), name)
            if name not in raw:
                continue
            match = assignment.search(raw)
            if match:
                return self._load_json(raw[match.end() :].lstrip(), name)
        return None

    def _load_json(self, raw: str, name: str) -> Any:
        try:
            value, _end = json.JSONDecoder().raw_decode(raw)
        except (ValueError, RecursionError) as exc:
            self.warnings.append(
                f"embedded JSON {name} is broken ({_json_problem(exc)}); the page's markup was used instead"
            )
            return None
        return value


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
