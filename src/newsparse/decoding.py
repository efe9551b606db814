"""Bytes to text, once, and a record of how.

The order, first match wins (see docs/robustness.md):

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. the caller's ``encoding`` (an HTTP charset, a WARC record's charset, ``--encoding``);
3. the charset the page declares (``<meta charset>``, ``<meta http-equiv=Content-Type>``,
   ``<?xml encoding?>``), unless the bytes prove it wrong;
4. UTF-8, when the bytes are valid UTF-8;
5. a GB18030 / Big5 guess, scored on how many decoded characters are everyday ones;
6. windows-1252, the web's legacy default, with a warning.

Inputs that are not text at all (PDFs, images, archives, random bytes) are refused with an
:class:`~newsparse.errors.InputError` naming what they look like. UTF-16 without a BOM is
recognised by its zero bytes.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

import attrs

from newsparse.errors import InputError

__all__ = ["ENCODING_SOURCES", "Decoded", "cjk_score", "decode", "sniff_binary"]

#: Every value :attr:`Decoded.source` (and ``Page.encoding_source``) can take.
ENCODING_SOURCES = ("str", "bom", "caller", "declared", "utf-8", "guess", "fallback")


@attrs.frozen
class Decoded:
    """Text decoded from bytes, the codec used and why it was chosen (one of ENCODING_SOURCES)."""

    text: str
    encoding: str
    source: str
    #: What a reader should know about the decision (a lying declaration, replaced bytes …).
    warnings: tuple[str, ...] = ()


_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of files that are not web pages, and what to call them in the error.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an icon image"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x1f\x8b", "gzip-compressed data (decompress it first)"),
    (b"\xfd7zXZ\x00", "xz-compressed data (decompress it first)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data (decompress it first)"),
    (b"OggS\x00", "an Ogg media file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

# Bytes that occur in text (printable, high bytes, and the whitespace/ESC controls);
# deleting them from a sample leaves the control bytes that mark binary data.
_TEXT_BYTES = bytes(range(0x20, 0x100)) + b"\t\n\r\x0b\x0c\x1b"
_SNIFF = 4096
# More than this share of control bytes in the first 4 KB means binary, not a page.
_BINARY_SHARE = 0.05

# Reading a declaration: find "charset" (fast), then check it sits inside a <meta> tag.
_CHARSET_VALUE = re.compile(rb"""\s*=\s*["']?\s*([a-z0-9_.:-]+)""")
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:-]+)""")
_PRESCAN = 16384

# WHATWG labels Python does not know, and labels the web treats as something wider.
_LABELS = {
    "x-gbk": "gb18030",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "csgb2312": "gb18030",
    "chinese": "gb18030",
    "gb_2312-80": "gb18030",
    "iso-ir-58": "gb18030",
    "big5": "cp950",
    "x-x-big5": "cp950",
    "cn-big5": "cp950",
    "csbig5": "cp950",
    "big5-hkscs": "big5hkscs",
    "latin1": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "x-sjis": "shift_jis",
    "unicode-1-1-utf-8": "utf-8",
    "utf8": "utf-8",
}
_GB = frozenset({"gb18030", "gbk", "gb2312"})
_BIG5 = frozenset({"cp950", "big5", "big5hkscs"})
_MULTIBYTE_OTHER = frozenset(
    {"shift_jis", "cp932", "euc_jp", "iso2022_jp", "euc_kr", "cp949", "iso2022_kr", "hz", "johab"}
)


# Codecs Python calls text encodings that are no charset: they transform text (IDNA,
# Punycode, escape sequences) or refuse everything ("undefined"); no page is written in them.
_NOT_CHARSETS = frozenset(
    {"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "utf-7", "charmap"}
)


def codec_name(label: str) -> str | None:
    """The Python codec for a charset label (WHATWG aliases applied), or None if unknown.

    Only charsets count: a label naming a bytes-to-bytes or text-to-text codec (``base64``,
    ``rot13``, ``zlib``, ``hex``, ``uu``, ``quopri`` …) or a text codec that is no charset
    (``punycode``, ``idna``, ``undefined`` …) is unknown too.
    """
    key = label.strip().lower()
    if key in _LABELS:
        return _LABELS[key]
    try:
        info = codecs.lookup(key)
    except (LookupError, ValueError):  # ValueError: a label holding NUL
        return None
    name = info.name
    if not getattr(info, "_is_text_encoding", True) or name in _NOT_CHARSETS:
        return None
    # A label is looked up again after normalising ("GB2312" -> "gb2312" -> "gb18030").
    return _LABELS.get(name, name)


def sniff_binary(data: bytes) -> str | None:
    """What ``data`` is if it is plainly not text ("a PDF document" …), else None."""
    head = data[:64].lstrip()
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[4:8] == b"ftyp":
        return "an MP4/HEIF media file"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}[head[8:12]]
    if head.startswith(b"ID3") and len(head) > 3 and head[3] < 0x10:
        return "an MP3 file"
    return None


def _control_share(sample: bytes) -> float:
    return len(sample.translate(None, _TEXT_BYTES)) / len(sample) if sample else 0.0


def _sniff_utf16(sample: bytes) -> str | None:
    """``utf-16-le``/``-be`` for BOM-less UTF-16: the high byte of every ASCII character is zero.

    8-bit text never holds zero bytes. In UTF-16 the zeros sit mostly in the high byte (the
    low byte holds them only for characters such as U+4E00 "一", U+5000 …), and the text
    decodes to markup with hardly any control characters; binary data decodes to control
    characters, and UTF-16 read in the wrong byte order has no "<".
    """
    if len(sample) < 16 or b"\x00" not in sample:
        return None  # (the markup's ASCII characters always give UTF-16 zero bytes)
    even, odd = sample[0::2], sample[1::2]
    even_zero, odd_zero = even.count(0) / len(even), odd.count(0) / len(odd)
    # The byte order with more zeros in the high byte first; each must decode to markup.
    for zero, codec in sorted(((odd_zero, "utf-16-le"), (even_zero, "utf-16-be")), reverse=True):
        if zero < 0.1:
            continue
        text = sample[: len(sample) // 2 * 2].decode(codec, "replace")
        if "<" in text and len(_UNTEXT.findall(text)) <= len(text) * 0.01:
            return codec
    return None


# What decoded text hardly ever holds: C0 controls other than whitespace, and U+FFFD.
_UNTEXT = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _lenient(data: bytes, codec: str, why: str) -> Decoded:
    """Decode, replacing what does not fit ``codec`` by U+FFFD, and say so when that happens."""
    text = _strict(data, codec)
    if text is not None:
        return Decoded(text, codec, why)
    text = data.decode(codec, errors="replace")
    return Decoded(
        text, codec, why, (f"bytes not valid {codec} were replaced by U+FFFD ({text.count(chr(0xFFFD))})",)
    )


# --- a page that is mostly UTF-8 ------------------------------------------------------------

_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def _utf8_share(data: bytes) -> tuple[int, int, list[bytes]]:
    """Non-ASCII bytes of ``data`` in UTF-8 text, the other non-ASCII bytes, and the runs of
    non-ASCII bytes holding the latter.

    UTF-8 text is a whole run of non-ASCII bytes that decodes, or a stretch of at least
    three characters inside a run that does not: text in another codec has the odd byte pair
    that happens to be valid UTF-8, but hardly ever three characters in a row.
    """
    good = bad = 0
    runs: list[bytes] = []
    for match in _HIGH_RUN.finditer(data):
        run = match.group()
        try:
            run.decode("utf-8")
        except UnicodeDecodeError:
            pieces = run.decode("utf-8", "replace").split("\ufffd")
            valid = sum(len(piece.encode("utf-8")) for piece in pieces if len(piece) >= 3)
            good, bad = good + valid, bad + len(run) - valid
            runs.append(run)
        else:
            good += len(run)
    return good, bad, runs


def _repair_utf8(data: bytes, why: str) -> Decoded | None:
    """``data`` read as UTF-8 when most of its non-ASCII bytes are UTF-8; the few that are
    not are read as Chinese when they are that (a pasted GBK paragraph), else one sequence
    at a time as windows-1252 (a stray byte of a legacy editor), with a warning. None when
    UTF-8 is not what most of the page is."""
    good, bad, runs = _utf8_share(data)
    if good <= bad:
        return None
    fallback = "cp1252"
    candidates = _cjk_candidates(b" ".join(runs), ("gb", "big5"))
    if candidates:
        score, size, codec, _text = max(candidates, key=lambda c: c[0])
        if score >= _GUESS_MIN and size >= _GUESS_MIN_CHARS:
            fallback = codec
    text = data.decode("utf-8", _read_rest_as(fallback))
    invalid = sum(len(run) - len(run.decode("utf-8", "ignore").encode("utf-8")) for run in runs)
    note = f"{invalid} byte(s) of this mostly UTF-8 page are not UTF-8; read them as {fallback}"
    return Decoded(text, "utf-8", why, (note,))


def _read_rest_as(codec: str) -> str:
    """The name of a decoding error handler that reads what is not UTF-8 as ``codec``: a CJK
    codec takes the whole run of non-ASCII bytes (its characters are byte pairs), windows-1252
    only the invalid sequence."""
    name = f"newsparse-as-{codec}"
    try:
        codecs.lookup_error(name)
    except LookupError:

        def handler(error: UnicodeError) -> tuple[str, int]:
            if not isinstance(error, UnicodeDecodeError):
                raise error
            data, start = bytes(error.object), error.start
            end = error.end
            if codec != "cp1252":
                run = _HIGH_RUN.match(data, start)
                end = run.end() if run else end
            return data[start:end].decode(codec, "replace"), end

        codecs.register_error(name, handler)
    return name


# --- telling GB text from Big5 text ---------------------------------------------------------


def _big5_rows(first: int, last: int) -> set[str]:
    chars: set[str] = set()
    for lead in range(first, last + 1):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            char = _strict(bytes((lead, trail)), "big5")
            if char:
                chars.add(char)
    return chars


@lru_cache(maxsize=1)
def _everyday_hanzi() -> frozenset[str]:
    """The 3755 level-1 characters of GB 2312 and the 5401 common characters of Big5.

    Both standards chose these as the characters in everyday use, so real Chinese text is
    made almost only of them (simplified or traditional), while text decoded with the wrong
    one of the two codecs is mostly rare characters, symbols and private-use code points.
    """
    chars = _big5_rows(0xA4, 0xC6)
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            char = _strict(bytes((lead, trail)), "gb2312")
            if char:
                chars.add(char)
    return frozenset(chars)


@lru_cache(maxsize=1)
def _simplest_hanzi() -> frozenset[str]:
    """The 1884 characters of Big5 rows A4-AF: the fewest strokes, and the most frequent.

    Big5 orders its characters by stroke count, and the simplest characters (的 一 是 不 了
    人 在 有 中 大 …) are the commonest in either script: in measured news text they are
    20-90% of all hanzi. GB text decoded as Big5 never lands on them (GB 2312 puts its
    hanzi at leads B0-F7), so their absence exposes that mistake.
    """
    return frozenset(_big5_rows(0xA4, 0xAF))


_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
# Code points wrong-codec decoding produces and real Chinese text almost never holds:
# private use, CJK extension A and B+, compatibility ideographs, bopomofo, half-width kana.
_UNLIKELY = re.compile(
    "[\ue000-\uf8ff\u3400-\u4dbf\uf900-\ufaff\u3100-\u312f\uff61-\uff9f\U00020000-\U0003ffff]"
)
# Punctuation of Chinese running text: ideographic (U+3000-303F), full-width (U+FF01-FF5E),
# curly quotes, dashes, ellipsis and the middle dot. Wrong-codec decoding rarely lands on it.
_PUNCTUATION = re.compile("[\u3000-\u303f\uff01-\uff5e\u2014\u2018\u2019\u201c\u201d\u2026\u00b7]")
_SCORE_SAMPLE = 4000
# Real text has at least this share of the simplest hanzi (measured minimum on BBC text).
_SIMPLEST_SHARE = 0.2
_SIMPLEST_MIN_HANZI = 8


def cjk_score(text: str) -> tuple[float, int]:
    """How much ``text`` looks like real Chinese: (score, non-ASCII characters looked at).

    The score is (everyday hanzi and punctuation - unlikely code points) / non-ASCII
    characters, in [-1, 1], scaled down when fewer than 20% of the hanzi are among the
    simplest ones (see :func:`_simplest_hanzi`; checked from 8 hanzi on). Correctly
    decoded news text scores about 0.9; GB text read as Big5, or the reverse, well below
    0.5 on anything longer than a few words.
    """
    sample = _ASCII_RUN.sub("", text[: _SCORE_SAMPLE * 40])[:_SCORE_SAMPLE]
    if not sample:
        return 0.0, 0
    everyday = _everyday_hanzi()
    hanzi = [char for char in sample if char in everyday]
    good = len(hanzi) + len(_PUNCTUATION.findall(sample))
    bad = len(_UNLIKELY.findall(sample))
    score = (good - bad) / len(sample)
    if len(hanzi) >= _SIMPLEST_MIN_HANZI and score > 0:
        simplest = _simplest_hanzi()
        share = sum(1 for char in hanzi if char in simplest) / len(hanzi)
        score *= min(1.0, share / _SIMPLEST_SHARE)
    return score, len(sample)


def _cjk_candidates(data: bytes, families: tuple[str, ...]) -> list[tuple[float, int, str, str]]:
    """Strict decodings of ``data`` in the given families: (score, sample size, codec, text)."""
    found: list[tuple[float, int, str, str]] = []
    for family in families:
        for codec in ("gb18030",) if family == "gb" else ("cp950", "big5hkscs"):
            text = _strict(data, codec)
            if text is not None:
                score, size = cjk_score(text)
                found.append((score, size, codec, text))
                break  # the first Big5 variant that decodes is the one used
    return found


# A guess must reach this score; real text scores ~0.9, wrong-codec text rarely over 0.5.
_GUESS_MIN = 0.6
# ... and rest on this many characters: two or three accented letters of a Western page
# can happen to form valid, common-looking hanzi.
_GUESS_MIN_CHARS = 4
# ... unless the page says it is Chinese.
_ZH_LANG = re.compile(rb"""<html[^>]*?\slang\s*=\s*["']?zh""", re.IGNORECASE)
# A declared CJK charset is overruled only by a decoding that scores this much better.
_OVERRULE_MARGIN = 0.25
# A declared single-byte charset is overruled by Chinese text only when it is this clear.
_OVERRULE_SINGLE_BYTE = 0.8
_OVERRULE_MIN_CHARS = 8


def _guess_cjk(data: bytes) -> Decoded | None:
    candidates = _cjk_candidates(data, ("gb", "big5"))
    if not candidates:
        return None
    score, size, codec, text = max(candidates, key=lambda c: c[0])
    enough = size >= _GUESS_MIN_CHARS or _ZH_LANG.search(data[:_PRESCAN]) is not None
    if score < _GUESS_MIN or not enough:
        return None
    return Decoded(text, codec, "guess")


def _check_declared(data: bytes, codec: str, text: str) -> Decoded:
    """Keep a declared charset that decoded without error, unless the bytes say otherwise."""
    family = "gb" if codec in _GB else "big5" if codec in _BIG5 else None
    if family is not None:
        own, size = cjk_score(text)
        other = _cjk_candidates(data, ("big5",) if family == "gb" else ("gb",))
        if other and size >= 2 and other[0][0] >= own + _OVERRULE_MARGIN and other[0][0] >= _GUESS_MIN:
            better = other[0][2]
            return Decoded(
                other[0][3], better, "guess", (f"page declares charset {codec} but reads as {better}",)
            )
    elif _single_byte(codec) and not data.isascii():
        guessed = _guess_cjk(data)
        if guessed is not None:
            score, size = cjk_score(guessed.text)
            if score >= _OVERRULE_SINGLE_BYTE and size >= _OVERRULE_MIN_CHARS:
                return attrs.evolve(
                    guessed, warnings=(f"page declares charset {codec} but reads as {guessed.encoding}",)
                )
    return Decoded(text, codec, "declared")


def _single_byte(codec: str) -> bool:
    return (
        codec not in _GB
        and codec not in _BIG5
        and codec not in _MULTIBYTE_OTHER
        and not codec.startswith("utf")
    )


def _decode_as_told(data: bytes, codec: str, label: str) -> Decoded:
    """The caller's encoding, trusted, except a single-byte one the bytes plainly contradict.

    HTTP servers (and so WARC records) often claim ISO-8859-1 for any page. When such a claim
    meets bytes that are valid UTF-8, or that read as Chinese beyond doubt, the bytes win,
    with a warning; a multi-byte encoding the caller names is always used.
    """
    if _single_byte(codec) and not data.isascii():
        as_utf8 = _strict(data, "utf-8")
        if as_utf8 is not None:
            return Decoded(as_utf8, "utf-8", "utf-8", (f"encoding {label} was given but the page is UTF-8",))
        checked = _check_declared(data, codec, data.decode(codec, errors="replace"))
        if checked.source == "guess":
            note = f"encoding {label} was given but the page reads as {checked.encoding}"
            return attrs.evolve(checked, warnings=(note,))
    return _lenient(data, codec, "caller")


def _decode_big5(data: bytes, codec: str) -> tuple[str, str] | None:
    # Windows Big5 (cp950) and Big5-HKSCS each accept codes the other refuses.
    order = (codec, "cp950" if codec == "big5hkscs" else "big5hkscs")
    for name in order:
        text = _strict(data, name)
        if text is not None:
            return text, name
    return None


def _declared_label(data: bytes) -> str | None:
    """The charset label in ``<meta charset>``, ``<meta http-equiv>`` or ``<?xml encoding?>``."""
    head = data[:_PRESCAN].lower()
    xml = _XML_ENCODING.match(head)
    if xml:
        return xml.group(1).decode("ascii")
    pos = head.find(b"charset")
    while pos >= 0:
        value = _meta_charset(head, pos)
        if value is not None:
            return value.group(1).decode("ascii")
        pos = head.find(b"charset", pos + 1)
    return None


def _meta_charset(head: bytes, pos: int) -> re.Match[bytes] | None:
    """The value after the "charset" at ``pos`` of lower-cased ``head``, if inside a <meta> tag."""
    tag = head.rfind(b"<", 0, pos)
    if head.startswith(b"<meta", tag) and b">" not in head[tag:pos]:
        return _CHARSET_VALUE.match(head, pos + len(b"charset"))
    return None


def _declared(data: bytes) -> tuple[str | None, str | None]:
    """(codec, label) the page declares in its first 16 KB; codec None if the label is unknown."""
    label = _declared_label(data)
    if label is None:
        return None, None
    codec = codec_name(label)
    if codec is not None and codec.startswith(("utf-16", "utf-32")):
        # A page whose <meta> can be read as ASCII is not UTF-16; browsers read it as UTF-8.
        codec = "utf-8"
    return codec, label


def decode(data: bytes, *, encoding: str | None = None, source: str | None = None) -> Decoded:
    """Decode page bytes: BOM > ``encoding`` > declared charset > UTF-8 > GB18030/Big5 > windows-1252.

    Raises :class:`InputError` for binary input (naming what it looks like) and for an
    ``encoding`` Python does not know.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _lenient(data[len(bom) :], codec, "bom")
    kind = sniff_binary(data)
    if kind is not None:
        raise InputError(f"input is binary ({kind}), not an HTML page", source=source)
    sample = data[:_SNIFF]
    utf16 = _sniff_utf16(sample)
    wanted = codec_name(encoding) if encoding else None
    if encoding and wanted is None:
        raise InputError(
            f"unknown encoding {encoding!r} (not a charset text can be decoded with)", source=source
        )
    wide = wanted is not None and wanted.startswith(("utf-16", "utf-32"))
    if utf16 is None and not wide and _control_share(sample) > _BINARY_SHARE:
        share = round(_control_share(sample) * 100)
        raise InputError(f"input is binary ({share}% control bytes), not an HTML page", source=source)
    if wanted is not None:
        return _decode_as_told(data, wanted, encoding or wanted)
    if utf16 is not None:
        return _lenient(data, utf16, "guess")
    return _decode_undeclared_or_declared(data)


def _decode_undeclared_or_declared(data: bytes) -> Decoded:
    notes: list[str] = []
    declared, label = _declared(data)
    as_utf8 = _strict(data, "utf-8")
    if declared is None and label is not None:
        notes.append(f"page declares unknown charset {label!r}; ignored")
    elif declared is not None and declared != "utf-8" and as_utf8 is not None and not data.isascii():
        # Valid UTF-8 with multi-byte sequences is practically never text in another codec.
        return Decoded(as_utf8, "utf-8", "utf-8", (f"page declares charset {label} but is UTF-8",))
    elif declared is not None:
        if declared in _BIG5:
            big5 = _decode_big5(data, declared)
            if big5 is not None:
                return _check_declared(data, big5[1], big5[0])
        else:
            text = as_utf8 if declared == "utf-8" else _strict(data, declared)
            if text is not None:
                return _check_declared(data, declared, text)
        notes.append(f"page declares charset {label} but its bytes are not valid {declared}")
    if as_utf8 is not None:
        return Decoded(as_utf8, "utf-8", "utf-8", tuple(notes))
    if declared in (None, "utf-8"):
        repaired = _repair_utf8(data, "utf-8" if declared is None else "declared")
        if repaired is not None:
            return attrs.evolve(repaired, warnings=(*notes, *repaired.warnings))
    guessed = _guess_cjk(data)
    if guessed is not None:
        guess_note = f"no usable charset declared; guessed {guessed.encoding}"
        return attrs.evolve(guessed, warnings=(*notes, guess_note))
    if declared is not None:
        lenient = _lenient(data, declared, "declared")
        return attrs.evolve(lenient, warnings=(*notes, *lenient.warnings))
    fallback = _lenient(data, "cp1252", "fallback")
    return attrs.evolve(
        fallback,
        warnings=(
            *notes,
            "no charset declared and the bytes are neither UTF-8 nor Chinese; read as windows-1252",
            *fallback.warnings,
        ),
    )
