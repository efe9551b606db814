"""Shortcuts of the input stage give what the plain rules give.

* ``plain_utf8(data, control_free=True)`` skips the binary check of the first 4 KB when the
  page reader has found no control byte in the whole input: it must decide as
  ``plain_utf8(data)`` does, and the reader must only say ``control_free`` when it is true.
* ``plain_utf8(data, charset_free=True)`` skips the search for ``<meta charset>`` when the
  reader's one pass over the bytes (``page._census``) shows no "charset" in any letter case:
  it must decide as ``plain_utf8(data)`` does, and the census must never miss the word.
* A Page's lazy metadata (``lang``, ``meta``, ``jsonld``, ``canonical_url``) is computed once
  by newsparse's own lock-free descriptor: the value must be what the property's function
  computes, kept after the first access, and its warnings recorded once.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsparse import decoding, page
from newsparse.decoding import plain_utf8
from newsparse.errors import NewsparseError
from newsparse.page import Page

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".html", ".txt"))

# The reader's definition of a control byte: below 0x20 but tab, LF, FF, CR; and 0x7F.
CONTROL_BYTES = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


def has_controls(data: bytes) -> bool:
    return any(byte in CONTROL_BYTES for byte in data)


# --- plain_utf8(control_free=True) ---------------------------------------------------------------

CONTROL_FREE_CASES = [
    b"<html><body><p>plain ascii</p></body></html>",
    "<p>中文 café</p>".encode(),
    '<meta charset="utf-8"><p>中文</p>'.encode(),
    '<meta charset="gbk"><p>中文</p>'.encode(),
    b"%PDF-1.7\n<p>not a page</p>",
    b"<!--ftyp--><p>an MP4 signature at bytes 4-8</p>",
    b"<p>caf\xe9</p>",
    "<p>中文</p>".encode("gb18030"),
    b"\xef\xbb\xbf<p>BOM</p>",
    b"",
]


@pytest.mark.parametrize("data", CONTROL_FREE_CASES)
def test_control_free_plain_utf8_decides_as_the_checked_one(data: bytes) -> None:
    assert not has_controls(data)
    assert plain_utf8(data, control_free=True) == plain_utf8(data)


@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_pages_decide_the_same(path: Path) -> None:
    data = path.read_bytes()
    if not has_controls(data):
        assert plain_utf8(data, control_free=True) == plain_utf8(data)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "中文", "é", " ", "\n", "\t", "charset", "<meta charset=gbk>", "x"])))
def test_generated_control_free_pages_decide_the_same(parts: list[str]) -> None:
    data = "".join(parts).encode()
    assert plain_utf8(data, control_free=True) == plain_utf8(data)


def test_the_check_is_what_control_free_skips() -> None:
    # A NUL in the first 4 KB makes the checked call abstain; told (wrongly) that there are
    # no control bytes, the call does not look. The reader must therefore never say so.
    data = b"<p>NUL\x00 inside</p>"
    assert plain_utf8(data) is None
    assert plain_utf8(data, control_free=True) is not None


def told_control_free(monkeypatch: pytest.MonkeyPatch, data: bytes) -> list[bool]:
    told: list[bool] = []

    def spy(data: bytes, *, control_free: bool = False, charset_free: bool = False) -> Any:
        told.append(control_free)
        return decoding.plain_utf8(data, control_free=control_free, charset_free=charset_free)

    with monkeypatch.context() as patch:
        patch.setattr(page, "plain_utf8", spy)
        with contextlib.suppress(NewsparseError):
            Page.from_input(data)
    return told


@pytest.mark.parametrize(
    "data",
    [
        b"<p>NUL\x00 inside</p>",
        b"<p>vertical tab \x0b and escape \x1b</p>",  # text to the binary check, controls here
        b"<p>delete \x7f</p>",
        b"<p>" + bytes(range(1, 32)) * 10 + b"</p>",
        b"<p>" + b"x" * 5000 + b"\x01 after the first 4 KB</p>",
    ],
)
def test_the_reader_never_says_control_free_of_control_bytes(
    monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    assert told_control_free(monkeypatch, data) == [False]


def test_the_reader_says_control_free_of_a_clean_page(monkeypatch: pytest.MonkeyPatch) -> None:
    assert told_control_free(monkeypatch, "<p>中文\t\r\n\x0c</p>".encode()) == [True]


def read_outcome(data: bytes) -> tuple[Any, ...]:
    try:
        read = Page.from_input(data)
    except NewsparseError as error:
        return ("error", str(error))
    return (read.html, tuple(read.warnings), read.encoding, read.encoding_source)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([b"<p>", b"<html><body><p>x", b"", b"\xef\xbb\xbf<p>"]))
def test_reading_with_and_without_the_shortcut_agrees(head: bytes, markup: bytes) -> None:
    data = markup + head
    fast = read_outcome(data)
    original = page.plain_utf8
    # The reader's hints ignored: plain_utf8 makes all its own checks.
    page.plain_utf8 = lambda data, **_kw: original(data)  # type: ignore[assignment]
    try:
        checked = read_outcome(data)
    finally:
        page.plain_utf8 = original  # type: ignore[assignment]
    assert fast == checked


# --- plain_utf8(charset_free=True) and the census --------------------------------------------

CHARSET_FREE_CASES = [
    b"<p>no declaration</p>",
    "<p>中文</p>".encode(),
    b'<?xml version="1.0" encoding="utf-8"?><p>x</p>',
    b' \n\t<?XML version="1.0" encoding="UTF-8"?><p>x</p>',
    b'<?xml version="1.0" encoding="iso-8859-2"?><p>x</p>',  # not UTF-8: abstains either way
    b'<?xml version="1.0" encoding="klingon"?><p>x</p>',
    b"<?xml version='1.0'?><p>x</p>",
    b"<?xm",
    b"\x0b\x0c\r<?xml encoding='utf-8'?>",
    b"<p>?xml encoding='gbk' later</p>",
    b"<meta http-equiv=content-type content='text/html'><p>x</p>",
    b"",
]


def word_in(data: bytes) -> bool:
    return b"charset" in data.lower()


@pytest.mark.parametrize("data", CHARSET_FREE_CASES)
def test_charset_free_plain_utf8_decides_as_the_full_search(data: bytes) -> None:
    assert not word_in(data)
    assert plain_utf8(data, charset_free=True) == plain_utf8(data)
    assert decoding._declared(data, charset_free=True) == decoding._declared(data)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [" ", "\n", "<?xml", "<?XML", " encoding=", '"utf-8"', "'gbk'", "?>", "中", "<p>", "set", "char"]
        )
    )
)
def test_generated_charset_free_pages_decide_the_same(parts: list[str]) -> None:
    data = "".join(parts).encode()
    if not word_in(data):
        assert plain_utf8(data, charset_free=True) == plain_utf8(data)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"charsetCAT<>中/ ", "\x00", "\x7f", "\x0c"])))
def test_the_census_counts_exactly_and_never_misses_the_word(parts: list[str]) -> None:
    data = "".join(parts).encode()
    controls, marks, charset_free = page._census(data)
    assert controls == bytes(byte for byte in data if byte in CONTROL_BYTES)
    assert marks == sum(1 for byte in data if byte in CONTROL_BYTES or bytes([byte]) in page._SEPARATOR_BYTES)
    if word_in(data):
        assert not charset_free


@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_census_and_charset_free_decisions(path: Path) -> None:
    data = path.read_bytes()
    controls, _marks, charset_free = page._census(data)
    if word_in(data):
        assert not charset_free
    else:
        assert plain_utf8(data, control_free=not controls, charset_free=True) == plain_utf8(data)


def test_the_seed_is_known_charset_free() -> None:
    seed = ROOT / "fixtures" / "bbc-zhongwen" / "seed-world-59666831.txt"
    assert page._census(seed.read_bytes())[::2] == (b"", True)


def test_the_search_is_what_charset_free_skips() -> None:
    # Told (wrongly) that there is no "charset", the call does not find the declaration.
    data = b'<meta charset="gbk"><p>x</p>'
    assert plain_utf8(data) is None
    assert plain_utf8(data, charset_free=True) is not None


# --- lazy metadata ------------------------------------------------------------------------------------

LAZY = ("lang", "meta", "jsonld", "canonical_url")


@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_lazy_metadata_is_its_function_computed_once(path: Path) -> None:
    read = Page.from_input(path.read_bytes())
    for name in LAZY:
        assert name not in vars(read)
        first = getattr(read, name)
        assert vars(read)[name] is first  # kept: the next access is a plain attribute
        assert getattr(read, name) is first
        assert getattr(Page, name)._compute(read) == first  # what the function computes


def test_lazy_metadata_keeps_names_and_docs() -> None:
    for name in LAZY:
        descriptor = getattr(Page, name)
        assert descriptor._name == name
        assert descriptor.__doc__ and descriptor.__doc__.strip()


def test_a_broken_jsonld_warning_is_recorded_once() -> None:
    html = (
        "<html><head><script type='application/ld+json'>{broken</script>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script></head>"
        "<body><p>text</p></body></html>"
    )
    read = Page.from_input(html)
    assert [obj["@type"] for obj in read.jsonld] == ["NewsArticle"]
    assert len(list(read.jsonld_of_type("NewsArticle"))) == 1
    assert sum("broken JSON-LD" in warning for warning in read.warnings) == 1


def test_app_json_is_found_once_and_cached() -> None:
    html = '<html><body><script>window.SIMORGH_DATA = {"a": 1}</script><p>x</p></body></html>'
    read = Page.from_input(html)
    assert read.app_json("SIMORGH_DATA") == {"a": 1}
    assert read.app_json("SIMORGH_DATA") is read.app_json("SIMORGH_DATA")
    assert read.app_json("__NEXT_DATA__") is None


# --- the envelope reader's line test ---------------------------------------------------------------


def html_begins_by_stripping(text: str, pos: int) -> bool:
    """The plain rule: skip the whitespace ahead (256 characters at most, no line end)."""
    lead = text[pos : pos + 256]
    rest = lead.lstrip()
    return rest.startswith("<") and "\n" not in lead[: len(lead) - len(rest)]


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from([*" \t\n\r\u3000<[a中"]), max_size=40), st.data())
def test_html_begins_decides_as_stripping_does(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text) + 1))
    assert page._html_begins(text, pos) == html_begins_by_stripping(text, pos)


def test_html_begins_looks_past_long_whitespace_only_as_far_as_the_rule() -> None:
    for text in (" " * 300 + "<p>", " " * 10 + "<p>", " \n<p>", "<p>", "", "x<p>"):
        assert page._html_begins(text, 0) == html_begins_by_stripping(text, 0)


# --- the declared charset: the first KB searched first ------------------------------------------


def declared_label_by_full_search(data: bytes) -> str | None:
    """The plain rule: lower-case the first 16 KB and take the first <meta> declaration."""
    head = data[: decoding._PRESCAN].lower()
    xml = decoding._XML_ENCODING.match(head)
    if xml:
        return xml.group(1).decode("ascii")
    pos = head.find(b"charset")
    while pos >= 0:
        tag = head.rfind(b"<", 0, pos)
        if head.startswith(b"<meta", tag) and b">" not in head[tag:pos]:
            value = decoding._CHARSET_VALUE.match(head, pos + len(b"charset"))
            if value:
                return value.group(1).decode("ascii")
        pos = head.find(b"charset", pos + 1)
    return None


DECLARATIONS = [
    b'<meta charset="utf-8">',
    b"<META CHARSET=GBK>",
    b'<meta http-equiv="Content-Type" content="text/html; charset=big5">',
    b"<meta charset=  ' windows-1252 '>",
    b"<meta name=x>charset=utf-8",  # outside the tag: not a declaration
    b"<p>charset=gbk</p>",
    b"<meta charset>",
    b'<?xml version="1.0" encoding="gbk"?>',
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 1100), st.sampled_from(DECLARATIONS)), max_size=3),
    st.integers(990, 1100),
    st.sampled_from([b" ", b"\n", b"x", "中".encode()]),
)
def test_the_first_kb_finds_what_the_16_kb_find(
    placed: list[tuple[int, bytes]], length: int, filler: bytes
) -> None:
    data = bytearray((filler * length)[:length])
    for at, declaration in placed:
        data[at:at] = declaration  # declarations around and across the 1 KB boundary
    data += b"<p>" + b"y" * 2000
    assert decoding._declared_label(bytes(data)) == declared_label_by_full_search(bytes(data))


@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_pages_declare_the_same(path: Path) -> None:
    data = path.read_bytes()
    assert decoding._declared_label(data) == declared_label_by_full_search(data)


def test_corpus_pages_declare_the_same(corpus: Path) -> None:
    pages = sorted((corpus / "pages").glob("*.html"))
    assert pages
    for path in pages:
        data = path.read_bytes()
        assert decoding._declared_label(data) == declared_label_by_full_search(data), path.name


def test_the_quick_search_is_taken_and_left_as_it_should() -> None:
    early = b'<html><head><meta charset="gbk"></head>' + b"x" * 20000
    assert decoding._declared_label(early) == "gbk"
    # A value running into the 1 KB boundary is read again from the 16 KB.
    cut = b" " * (decoding._QUICK_PRESCAN - 16) + b"<meta charset=windows-1252>" + b"x" * 2000
    assert decoding._declared_label(cut) == "windows-1252"
