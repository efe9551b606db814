"""The input stage's fast path gives exactly what the general path gives.

Two shortcuts are taken for the commonest input: bytes that are plain UTF-8 (no BOM, a UTF-8
or no charset declaration) are decoded by :func:`newsparse.decoding.plain_utf8` in one
attempt, and the text's UTF-8 bytes (the input itself, or the encoded ``str``) are handed to
libxml2 instead of the text. Every test here reads the same input twice, once with the
shortcuts switched off, and compares everything a caller can see: the text, the tree, the
warnings, the encoding fields, the envelope's fields, or the error.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsparse import decoding, page
from newsparse.decoding import decode, plain_utf8
from newsparse.errors import NewsparseError
from newsparse.page import Limits, Page

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".html", ".txt"))
SEED = ROOT / "fixtures" / "bbc-zhongwen" / "seed-world-59666831.txt"


@contextmanager
def general_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Switch the shortcuts off: no plain-UTF-8 decoding, the text (not bytes) parsed ..."""
    with monkeypatch.context() as patch:
        patch.setattr(decoding, "plain_utf8", lambda _data, **_kw: None)
        patch.setattr(page, "plain_utf8", lambda _data, **_kw: None)
        parse = Page._parse
        patch.setattr(Page, "_parse", lambda self, html, _utf8: parse(self, html, None))
        # ... and the control bytes and separators counted in one pass over those bytes.
        strip = page._strip_controls
        patch.setattr(page, "_strip_controls", lambda text, raw, _controls=None: strip(text, raw))
        check = Page._check_attributes

        def check_by_scanning(self: Page, html: str, utf8: bytes | None = None) -> None:
            self._separators = None
            check(self, html, utf8)

        patch.setattr(Page, "_check_attributes", check_by_scanning)
        yield


def outcome(data: str | bytes, **kwargs: Any) -> tuple[Any, ...]:
    """Everything a caller sees of reading ``data``, or the error it raised."""
    try:
        read = Page.from_input(data, **kwargs)
    except NewsparseError as error:
        return ("error", type(error).__name__, str(error), getattr(error, "limit", None))
    return (
        read.html,
        lxml.html.tostring(read.tree, encoding="unicode"),
        tuple(read.warnings),
        read.encoding,
        read.encoding_source,
        read.url,
        read.title_hint,
        read.retrieved_at,
    )


def same_both_ways(monkeypatch: pytest.MonkeyPatch, data: str | bytes, **kwargs: Any) -> tuple[Any, ...]:
    fast = outcome(data, **kwargs)
    with general_path(monkeypatch):
        general = outcome(data, **kwargs)
    assert fast == general
    return fast


# --- the shortcuts are really taken --------------------------------------------------------------


def test_the_seed_takes_both_shortcuts(monkeypatch: pytest.MonkeyPatch) -> None:
    data = SEED.read_bytes()
    assert plain_utf8(data) == decode(data)
    handed: list[type] = []
    parse = lxml.html.document_fromstring

    def spy(html: Any, **kwargs: Any) -> Any:
        handed.append(type(html))
        return parse(html, **kwargs)

    monkeypatch.setattr(lxml.html, "document_fromstring", spy)
    Page.from_input(data)
    Page.from_input(data.decode("utf-8"))
    assert handed == [bytes, bytes]


def test_the_general_path_switch_really_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    handed: list[type] = []
    parse = lxml.html.document_fromstring

    def spy(html: Any, **kwargs: Any) -> Any:
        handed.append(type(html))
        return parse(html, **kwargs)

    monkeypatch.setattr(lxml.html, "document_fromstring", spy)
    with general_path(monkeypatch):
        assert decoding.plain_utf8(SEED.read_bytes()) is None
        Page.from_input(SEED.read_bytes())
    assert handed == [str]


# --- plain_utf8 decides as decode does ------------------------------------------------------------

DECODE_CASES = [
    b"<html><body><p>plain ascii</p></body></html>",
    "<p>中文 café</p>".encode(),
    '<meta charset="utf-8"><p>中文</p>'.encode(),
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8"><p>é</p>'.encode(),
    '<meta charset="utf-16"><p>中文</p>'.encode(),  # read as UTF-8, as browsers do
    '<meta charset="gbk"><p>中文</p>'.encode(),  # declares GBK, is UTF-8: a warning
    b'<meta charset="gbk"><p>ascii only</p>',  # declares GBK, ascii: declared wins
    '<meta charset="klingon"><p>中文</p>'.encode(),  # unknown label: a warning
    '<meta charset="utf-8-sig"><p>中文</p>'.encode(),
    b'<?xml version="1.0" encoding="utf-8"?><html><p>x</p></html>',
    codecs.BOM_UTF8 + "<p>中文</p>".encode(),
    codecs.BOM_UTF16_LE + "<p>中文</p>".encode("utf-16-le"),
    "<html><body><p>little endian, no BOM</p></body></html>".encode("utf-16-le"),
    b"<p>NUL\x00 inside</p>",
    b"<p>" + bytes(range(1, 32)) * 10 + b"</p>",  # mostly control bytes: binary
    b"%PDF-1.7\n<p>not a page</p>",
    b"<!--ftyp--><p>an MP4 signature at bytes 4-8</p>",
    "<p>中文</p>".encode("gb18030"),
    b"<p>caf\xe9</p>",  # windows-1252
    b"\xff\xfe\xfd<p>junk</p>",
    b"",
]


@pytest.mark.parametrize("data", DECODE_CASES)
def test_plain_utf8_is_decode_or_abstains(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(decoding, "plain_utf8", lambda _data, **_kw: None)
        try:
            general: Any = decode(data)
        except NewsparseError as error:
            general = ("error", str(error))
    fast = plain_utf8(data)
    if fast is not None:
        assert fast == general
        assert fast.text == data.decode("utf-8")
    try:
        assert decode(data) == general
    except NewsparseError as error:
        assert ("error", str(error)) == general


def test_plain_utf8_abstains_where_it_must() -> None:
    assert plain_utf8(codecs.BOM_UTF8 + b"<p>x</p>") is None
    assert plain_utf8('<meta charset="gbk"><p>中文</p>'.encode()) is None
    assert plain_utf8(b"<p>NUL\x00</p>") is None
    assert plain_utf8(b"%PDF-1.7 <p>x</p>") is None
    assert plain_utf8(b"<p>caf\xe9</p>") is None
    assert plain_utf8(b'<meta charset="utf-8"><p>x</p>') == decoding.Decoded(
        '<meta charset="utf-8"><p>x</p>', "utf-8", "declared"
    )


# --- Page.from_input: same result both ways -------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_pages_read_the_same(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    data = path.read_bytes()
    same_both_ways(monkeypatch, data)
    same_both_ways(monkeypatch, data.decode("utf-8", "replace"))


def test_corpus_pages_read_the_same(monkeypatch: pytest.MonkeyPatch, corpus: Path) -> None:
    pages = sorted((corpus / "pages").glob("*.html"))
    assert pages
    for path in pages:
        data = path.read_bytes()
        result = same_both_ways(monkeypatch, data)
        assert result[0] != "error"


DEEP_CJK = "<html><body>\n<p>中文在前</p>\n" + "<div>深" * 300 + "底" + "</div>" * 300 + "</body></html>"
ENVELOPE = "<!--1639591987000-->\n[中文标题：“引号”](https://www.bbc.com/zhongwen/simp/world-1)\n------\n\n"

PAGE_CASES = [
    ENVELOPE + "<main><p>正文 after an envelope</p></main>",
    "<!--1639591987000-->\n[broken title(https://www.bbc.com/x\n------\n<p>正文</p>",
    '<html><head><meta charset="iso-8859-1"></head><body><p>中文 café</p></body></html>',
    "<html><body><p>" + "x" * 20000 + '<meta charset="windows-1252">中文 ü</p></body></html>',
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>中文</p></body></html>',
    '<?xml version="1.0"?><?xml version="1.0" encoding="utf-8"?><p>中文</p>',
    '<?xml version="1.0" encoding="utf-8" 中文 <p 正文, no closing bracket anywhere',
    '<!DOCTYPE html [<!ENTITY x "中">]><html><body><p>&x; 中文</p></body></html>',
    "<p>NUL\x00 and \x07 bell 中文</p>",
    "\ufeff<p>BOM then 中文</p>",
    "<p>emoji 😀 and 中文</p>",
    "<p>lone surrogate \ud800 中文</p>",
    DEEP_CJK,
    "<p>" + "".join(f" a{i}=1" for i in range(1200)) + ">中文</p>",
    "<p " + "".join(f' a{i}="中"' for i in range(1001)) + ">crowded, quoted</p>",
    "<p " + " ".join(["same"] * 1500) + ">repeated names</p>",
    '{"json": "document", "中": 1}',
    "中文 without any markup",
    "   \n\t ",
    "<!-- only a comment -->",
]


@pytest.mark.parametrize("text", PAGE_CASES)
def test_hostile_and_unusual_pages_read_the_same(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    same_both_ways(monkeypatch, text)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return  # a lone surrogate has no UTF-8 bytes
    same_both_ways(monkeypatch, data)
    same_both_ways(monkeypatch, data, url="https://example.com/a", source="case")


@pytest.mark.parametrize("depth", [None, 40, 256, 300])
def test_depth_limits_read_the_same(monkeypatch: pytest.MonkeyPatch, depth: int | None) -> None:
    # The stop message names a line and column: reading bytes must count them as text does.
    result = same_both_ways(monkeypatch, DEEP_CJK.encode(), limits=Limits(max_depth=depth))
    if depth == 256:
        assert any("line 3, column" in warning for warning in result[2])


def test_small_limits_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    data = SEED.read_bytes()
    for limits in (Limits(max_attributes=3), Limits(max_nodes=20), Limits(max_bytes=1000)):
        same_both_ways(monkeypatch, data, limits=limits)
    same_both_ways(monkeypatch, data, encoding="utf-8")
    same_both_ways(monkeypatch, data, encoding="gbk")


def test_a_parser_told_utf_8_ignores_a_lying_meta_charset() -> None:
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>中文 café</p></body></html>'
    read = Page.from_input(html.encode("utf-8"))
    assert read.tree.findtext(".//p") == "中文 café"


# --- generated input -------------------------------------------------------------------------------

PIECES = [
    "<html>", "<body>", "<p>", "</p>", "<div class='a b'>", "</div>", '<a href="/x">', "</a>",
    "<!DOCTYPE html>", "<!doctype html [", "]>", "<?xml version='1.0' encoding='gbk'?>",
    '<meta charset="gbk">', '<meta charset="utf-8">', '<meta charset="nope">', "<!--", "-->",
    "<!--1639591987000-->\n", "[标题](https://www.bbc.com/zhongwen/simp/x)\n", "------\n",
    "\x00", "\x1b", "\ufeff", "中文", "😀", "é", "&amp;", "&#0;", "<script>", "</script>",
    '"', "'", "<", ">", " ", "\n", "{", "[",
]  # fmt: skip

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40))
def test_generated_pages_read_the_same(pieces: list[str]) -> None:
    text = "".join(pieces)
    with pytest.MonkeyPatch.context() as monkeypatch:
        same_both_ways(monkeypatch, text)
        data = text.encode("utf-8", "replace")
        same_both_ways(monkeypatch, data)


@FUZZ
@given(
    st.sampled_from(FIXTURE_PAGES),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 200), st.binary(max_size=6)), max_size=4),
)
def test_mutated_fixture_bytes_read_the_same(path: Path, edits: list[tuple[int, int, bytes]]) -> None:
    data = bytearray(path.read_bytes())
    for position, length, replacement in edits:
        start = position % (len(data) + 1)
        data[start : start + length] = replacement
    with pytest.MonkeyPatch.context() as monkeypatch:
        same_both_ways(monkeypatch, bytes(data))


SEPARATOR_SOUP = st.lists(
    st.sampled_from(["<a", " ", "/", '"', "'", "\n", "\t", "\r", "\x0c", "=", "x", "中", ">"]), max_size=120
)


@settings(max_examples=300, deadline=None)
@given(SEPARATOR_SOUP, st.integers(1, 40))
def test_separators_counted_in_bytes_as_in_text(pieces: list[str], limit: int) -> None:
    html = "".join(pieces)
    assert page._few_separators(html, limit, html.encode("utf-8")) == page._few_separators(html, limit)


DOCTYPE_SOUP = st.lists(
    st.sampled_from(["<!", "<!doctype", "<!DocType html", "<!--", "!", "<", "[", "]", ">", " ", "x", "中"]),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(DOCTYPE_SOUP, st.integers(0, 5000))
def test_doctype_subset_found_as_the_plain_search_finds_it(pieces: list[str], padding: int) -> None:
    for html in ("".join(pieces), "x" * padding + "".join(pieces), "<!-- -->" * 20 + "".join(pieces)):
        found = page._doctype_subset_start(html)
        expected = page._DOCTYPE_SUBSET.search(html, 0, 4096)
        assert (found and found.span()) == (expected and expected.span())


def test_doctype_subset_after_many_comments_is_still_dropped() -> None:
    html = "<!-- c -->" * 30 + '<!DOCTYPE html [<!ENTITY x "y">]><p>text</p>'
    assert page._doctype_subset_start(html) is not None
    cleaned, notes = page._strip_doctype_subset(html)
    assert "ENTITY" not in cleaned and notes


ENVELOPE_LINES = st.lists(
    st.sampled_from(
        [
            "<!--1639591987000-->",
            "[标题](https://www.bbc.com/zhongwen/simp/x)",
            "[broken(https://www.bbc.com/x",
            "------",
            "",
            "  ",
            "\r",
            "\u3000<p>",
            "  <main>" + "正文" * 200,
            "stray line",
            "x" * 5000,
            "<html>",
        ]
    ),
    max_size=10,
)


@settings(max_examples=300, deadline=None)
@given(ENVELOPE_LINES, st.sampled_from(["\n", "\r\n"]))
def test_envelope_read_as_without_the_html_peek(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    quick = page.read_envelope(text)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(page, "_html_begins", lambda _text, _pos: False)
        assert page.read_envelope(text) == quick
