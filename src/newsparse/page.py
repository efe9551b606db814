"""Input to Page: decode once, read the capture envelope, parse once, expose metadata lazily.

Extractors receive a :class:`Page`; they never decode bytes or parse HTML themselves.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from functools import cached_property
from typing import Any

import attrs
import lxml.etree
import lxml.html

from newsparse.errors import InputError, LimitExceededError

__all__ = ["Limits", "Page", "decode"]


@attrs.frozen(kw_only=True)
class Limits:
    """Safety limits on one input. ``None`` switches a limit off.

    The defaults keep a hostile page from exhausting memory or time: real news pages are
    well under 5 MB and 256 levels deep.
    """

    #: Largest input accepted, in bytes (str input is measured in UTF-8 bytes).
    max_bytes: int | None = 20 * 1024 * 1024
    #: Deepest element nesting parsed; deeper content is cut off with a warning.
    max_depth: int | None = 256


DEFAULT_LIMITS = Limits()

# The capture format of the user's sample: <!--epoch ms-->, [title](url), ------, HTML.
_ENVELOPE = re.compile(
    r"\A\s*<!--\s*(?P<ms>\d{10,14})\s*-->[ \t]*\r?\n"
    r"\[(?P<title>[^\n]*)\]\((?P<url>[^\s)]+)\)[ \t]*\r?\n"
    r"-{3,}[ \t]*\r?\n"
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes that never occur in text: their presence marks images, PDFs, archives.
_BINARY_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")


@attrs.frozen
class Decoded:
    """Text decoded from bytes, with the encoding used and why it was chosen."""

    text: str
    encoding: str
    source: str  # "bom", "caller", "declared", "utf-8", "guess", "str"


def _normal_codec(name: str) -> str | None:
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # Pages declared as gb2312/gbk routinely use characters only GB18030 has.
    return "gb18030" if codec in ("gb2312", "gbk") else codec


def _cjk_score(text: str) -> float:
    """Share of CJK ideographs that are everyday ones, to tell GB text from Big5 text."""
    total = common = 0
    for char in text:
        if "\u4e00" <= char <= "\u9fff":
            total += 1
            try:
                char.encode("gb2312")
                common += 1
            except UnicodeEncodeError:
                try:
                    char.encode("big5")
                    common += 1
                except UnicodeEncodeError:
                    pass
    return common / total if total else 0.0


def _guess_cjk(data: bytes) -> Decoded | None:
    candidates: list[Decoded] = []
    for codec in ("gb18030", "big5"):
        try:
            candidates.append(Decoded(data.decode(codec), codec, "guess"))
        except UnicodeDecodeError:
            continue
    if not candidates:
        return None
    return max(candidates, key=lambda d: _cjk_score(d.text[:20000]))


def decode(data: bytes, *, encoding: str | None = None, source: str | None = None) -> Decoded:
    """Decode page bytes: BOM > caller's encoding > declared charset > UTF-8 > GB18030/Big5."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(codec, errors="replace"), codec, "bom")
    if _BINARY_CONTROL.search(data[:4096]) or data.lstrip()[:8].startswith(_BINARY_MAGIC):
        raise InputError("input looks binary (not an HTML page)", source=source)
    if encoding:
        wanted = _normal_codec(encoding)
        if wanted is None:
            raise InputError(f"unknown encoding {encoding!r}", source=source)
        return Decoded(data.decode(wanted, errors="replace"), wanted, "caller")
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        named = _normal_codec(declared.group(1).decode("ascii"))
        if named:
            try:
                return Decoded(data.decode(named), named, "declared")
            except UnicodeDecodeError:
                pass  # the declaration lies; fall through to detection
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    guessed = _guess_cjk(data)
    if guessed is not None:
        return guessed
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", "utf-8-replace")


def _parser() -> lxml.html.HTMLParser:
    # No network, no entity expansion from DTDs, no huge trees: a page can't make us read
    # files, fetch URLs or blow up memory.
    return lxml.html.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )


_PARSER = _parser()


class Page:
    """A decoded, parsed web page and its lazily computed metadata.

    Build one with :meth:`Page.from_input`. ``tree`` is the lxml root element. Everything
    else (language, meta, JSON-LD, canonical link, embedded JSON) is computed on first use.
    ``warnings`` collects what was noticed while reading the input.
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
    ) -> None:
        self.html = html
        self.url = url
        self.retrieved_at = retrieved_at
        self.title_hint = title_hint
        self.encoding = encoding
        self.encoding_source = encoding_source
        self.source = source
        self.limits = limits
        self.warnings: list[str] = []
        self.tree = self._parse(html)

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

        The caller's ``url`` and ``retrieved_at`` win over the envelope's.
        """
        if not isinstance(data, (str, bytes, bytearray, memoryview)):
            raise InputError(f"expected str or bytes, got {type(data).__name__}", source=source)
        size = len(data) if not isinstance(data, str) else len(data.encode("utf-8", "surrogatepass"))
        if limits.max_bytes is not None and size > limits.max_bytes:
            raise LimitExceededError(
                f"input is {size} bytes, over the max_bytes limit of {limits.max_bytes}",
                limit="max_bytes",
                value=limits.max_bytes,
                source=source,
            )
        if isinstance(data, str):
            decoded = Decoded(data, "str", "str")
        else:
            decoded = decode(bytes(data), encoding=encoding, source=source)
        text = decoded.text
        if "\x00" in text:
            text = text.replace("\x00", "")
        if not text.strip():
            raise InputError("input is empty", source=source)
        title_hint = None
        envelope = _ENVELOPE.match(text)
        if envelope:
            title_hint = envelope.group("title").strip() or None
            url = url or envelope.group("url")
            if retrieved_at is None:
                retrieved_at = datetime.fromtimestamp(int(envelope.group("ms")) / 1000, tz=timezone.utc)
            text = text[envelope.end() :]
        if retrieved_at is not None and retrieved_at.tzinfo is None:
            raise InputError("retrieved_at must be timezone-aware", source=source)
        page = cls(
            html=text,
            url=url,
            retrieved_at=retrieved_at,
            title_hint=title_hint,
            encoding=decoded.encoding,
            encoding_source=decoded.source,
            source=source or url,
            limits=limits,
        )
        if decoded.source == "utf-8-replace":
            page.warnings.append("input is not valid UTF-8 and no encoding fitted; bad bytes replaced")
        return page

    def _parse(self, html: str) -> lxml.html.HtmlElement:
        if not html.lstrip().startswith("<") and "<" not in html:
            raise InputError("input holds no HTML markup", source=self.source)
        try:
            root = lxml.html.document_fromstring(html, parser=_PARSER)
        except (lxml.etree.ParserError, ValueError) as exc:
            raise InputError(f"cannot parse HTML: {exc}", source=self.source) from exc
        if root is None:
            raise InputError("input holds no HTML elements", source=self.source)
        return root

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

    @cached_property
    def jsonld(self) -> tuple[Mapping[str, Any], ...]:
        """All JSON-LD objects of the page, ``@graph`` flattened; broken blocks skipped."""
        objects: list[Mapping[str, Any]] = []
        for script in self.tree.iter("script"):
            if (script.get("type") or "").strip().lower() != "application/ld+json":
                continue
            raw = (script.text or "").strip()
            if not raw:
                continue
            try:
                data = json.loads(raw)
            except ValueError as exc:
                self.warnings.append(f"skipped broken JSON-LD block: {exc}")
                continue
            objects.extend(_flatten_jsonld(data))
        return tuple(objects)

    def jsonld_of_type(self, *types: str) -> Iterator[Mapping[str, Any]]:
        """JSON-LD objects whose ``@type`` is (or includes) one of ``types``."""
        wanted = set(types)
        for obj in self.jsonld:
            kind = obj.get("@type")
            kinds = {kind} if isinstance(kind, str) else set(kind) if isinstance(kind, list) else set()
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
    def base_url(self) -> str | None:
        """The URL relative links resolve against: the page URL, else the canonical one."""
        return self.url or self.canonical_url

    def app_json(self, name: str) -> Any:
        """An embedded application JSON blob by name, or None if absent or broken.

        Finds ``<script id="NAME" type="application/json">`` and ``window.NAME = {...}``
        assignments (Simorgh's ``SIMORGH_DATA``, Next.js's ``__NEXT_DATA__`` …). A blob that
        is present but broken adds a warning and gives None.
        """
        if name not in self._app_json_cache:
            self._app_json_cache[name] = self._find_app_json(name)
        return self._app_json_cache[name]

    @cached_property
    def _app_json_cache(self) -> dict[str, Any]:
        return {}

    def _find_app_json(self, name: str) -> Any:
        assignment = re.compile(r"(?:window\.)?" + re.escape(name) + r"\s*=\s*")
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
        except ValueError as exc:
            self.warnings.append(f"embedded JSON {name} is broken ({exc}); ignored")
            return None
        return value


def _flatten_jsonld(data: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten_jsonld(item)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, list):
            yield from _flatten_jsonld(graph)
        else:
            yield data
