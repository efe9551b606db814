"""Decoding bytes: the order BOM > caller > declared > UTF-8 > GB18030/Big5 guess > windows-1252,
lying declarations, and how reliable the GB/Big5 guess is on real-length Chinese text.

The Chinese texts below are the project's own (an invented local news item), in simplified
and traditional characters. Corpus tests measure the same on BBC's real texts.
"""

from __future__ import annotations

import codecs
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import newsparse
from newsparse.decoding import cjk_score, codec_name, decode
from newsparse.errors import InputError
from newsparse.page import Page

SIMP = (
    "本报讯 市政府周二宣布，将在明年春天以前完成城市东部的新公园建设工程。负责这项工程的官员表示，"
    "公园占地约三十公顷，将设有儿童游乐场、湖边步道和一座小型图书馆。他说，过去几年里，附近居民多次向"
    "政府反映，希望能有更多的公共绿地。一位住在附近的退休教师告诉记者，她每天早上都要走很远的路才能找到"
    "一个安静的地方散步，新公园建成以后，生活会方便很多。不过，也有居民担心工程会带来噪音和交通问题。"
    "市政府说，施工期间会尽量减少对周围社区的影响，并且会定期公布工程进度。专家指出，城市绿地不仅能改善"
    "空气质量，还能为居民提供交流的空间，对社会的发展有积极作用。"
)
TRAD = (
    "本報訊 市政府週二宣布，將在明年春天以前完成城市東部的新公園建設工程。負責這項工程的官員表示，"
    "公園佔地約三十公頃，將設有兒童遊樂場、湖邊步道和一座小型圖書館。他說，過去幾年裡，附近居民多次向"
    "政府反映，希望能有更多的公共綠地。一位住在附近的退休教師告訴記者，她每天早上都要走很遠的路才能找到"
    "一個安靜的地方散步，新公園建成以後，生活會方便很多。不過，也有居民擔心工程會帶來噪音和交通問題。"
    "市政府說，施工期間會盡量減少對周圍社區的影響，並且會定期公佈工程進度。專家指出，城市綠地不僅能改善"
    "空氣質量，還能為居民提供交流的空間，對社會的發展有積極作用。"
)
SIMP_TITLE = "城市东部新公园明年春天完工"
TRAD_TITLE = "城市東部新公園明年春天完工"
# Characters GBK lacks, so GB18030 writes them as four-byte sequences.
GB18030_ONLY = "𠮷野家的招牌上写着ḿ"
WESTERN = "Le café était fermé; über Größe und Maß sprach Señor Muñoz. " * 6

URL = "https://news.example.org/local/park"
FAMILY = {"gb18030": "gb", "cp950": "big5", "big5hkscs": "big5"}


def html_page(title: str, text: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>"
        f"<article><h1>{title}</h1><p>{text}</p></article></body></html>"
    )


def meta(label: str) -> str:
    return f'<meta charset="{label}">'


def family(codec: str) -> str:
    return FAMILY.get(codec, codec)


# --- the declared, undeclared and guessed cases ---------------------------------------------------

CASES = [
    # (id, title, text, codec used to write the bytes, <head> markup, family read, source)
    ("gbk-declared", SIMP_TITLE, SIMP, "gbk", meta("gbk"), "gb", "declared"),
    ("gb2312-label", SIMP_TITLE, SIMP, "gb2312", meta("GB2312"), "gb", "declared"),
    ("gbk-undeclared", SIMP_TITLE, SIMP, "gbk", "", "gb", "guess"),
    ("gb18030-declared", SIMP_TITLE, SIMP + GB18030_ONLY, "gb18030", meta("gb18030"), "gb", "declared"),
    ("gb18030-undeclared", SIMP_TITLE, SIMP + GB18030_ONLY, "gb18030", "", "gb", "guess"),
    ("big5-declared", TRAD_TITLE, TRAD, "big5", meta("big5"), "big5", "declared"),
    ("big5-undeclared", TRAD_TITLE, TRAD, "big5", "", "big5", "guess"),
    ("cp950-undeclared", TRAD_TITLE, TRAD, "cp950", "", "big5", "guess"),
    ("traditional-in-gbk", TRAD_TITLE, TRAD, "gbk", "", "gb", "guess"),
    (
        "http-equiv",
        SIMP_TITLE,
        SIMP,
        "gbk",
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        "gb",
        "declared",
    ),
    ("utf-8-undeclared", SIMP_TITLE, SIMP, "utf-8", "", "utf-8", "utf-8"),
    ("utf-8-declared", TRAD_TITLE, TRAD, "utf-8", meta("utf-8"), "utf-8", "declared"),
]


@pytest.mark.parametrize(
    ("title", "text", "codec", "head", "read_as", "source"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_pages_in_chinese_encodings_decode_correctly(
    title: str, text: str, codec: str, head: str, read_as: str, source: str
) -> None:
    data = html_page(title, text, head).encode(codec)
    page = Page.from_input(data, url=URL)
    assert family(page.encoding) == read_as
    assert page.encoding_source == source
    article = newsparse.parse(data, url=URL)
    assert article.title == title
    assert article.text == text
    notes = [w for w in article.warnings if "charset" in w or "U+FFFD" in w]
    # A guess is said (it is a judgement); a declaration that held, or UTF-8, is not.
    assert notes == ([f"no usable charset declared; guessed {page.encoding}"] if source == "guess" else [])


def test_the_xml_declaration_counts_as_a_declaration() -> None:
    data = ('<?xml version="1.0" encoding="big5"?>\n' + html_page(TRAD_TITLE, TRAD)).encode("big5")
    page = Page.from_input(data)
    assert (family(page.encoding), page.encoding_source) == ("big5", "declared")
    assert newsparse.parse(data, url=URL).text == TRAD


# --- declarations that lie --------------------------------------------------------------------------

LIES = [
    # (id, title, text, codec of the bytes, declared label, family read, warning fragment)
    ("utf-8-declared-but-gbk", SIMP_TITLE, SIMP, "gbk", "utf-8", "gb", "not valid utf-8"),
    (
        "gbk-declared-but-big5",
        TRAD_TITLE,
        TRAD,
        "big5",
        "gbk",
        "big5",
        "declares charset gb18030 but reads as",
    ),
    ("big5-declared-but-gbk", SIMP_TITLE, SIMP, "gbk", "big5", "gb", "declares charset"),
    ("latin-1-declared-but-gbk", SIMP_TITLE, SIMP, "gbk", "iso-8859-1", "gb", "declares charset cp1252"),
    ("latin-1-declared-but-big5", TRAD_TITLE, TRAD, "big5", "iso-8859-1", "big5", "declares charset"),
    ("gbk-declared-but-utf-8", SIMP_TITLE, SIMP, "utf-8", "gbk", "utf-8", "but is UTF-8"),
    ("unknown-label", SIMP_TITLE, SIMP, "utf-8", "x-no-such-charset", "utf-8", "unknown charset"),
]


@pytest.mark.parametrize(
    ("title", "text", "codec", "declared", "read_as", "warning"),
    [case[1:] for case in LIES],
    ids=[case[0] for case in LIES],
)
def test_a_lying_declaration_is_overruled_with_a_warning(
    title: str, text: str, codec: str, declared: str, read_as: str, warning: str
) -> None:
    data = html_page(title, text, meta(declared)).encode(codec)
    page = Page.from_input(data, url=URL)
    assert family(page.encoding) == read_as
    article = newsparse.parse(data, url=URL)
    assert (article.title, article.text) == (title, text)
    assert any(warning in w for w in article.warnings), article.warnings


def test_a_true_western_declaration_is_not_overruled() -> None:
    data = html_page("Café", WESTERN, meta("windows-1252")).encode("cp1252")
    page = Page.from_input(data)
    assert (page.encoding, page.encoding_source, page.warnings) == ("cp1252", "declared", ())
    assert newsparse.parse(data, url=URL).text == WESTERN.strip()


def test_undeclared_bytes_that_are_neither_utf8_nor_chinese_read_as_windows_1252() -> None:
    data = html_page("Café", WESTERN).encode("cp1252")
    page = Page.from_input(data)
    assert (page.encoding, page.encoding_source) == ("cp1252", "fallback")
    article = newsparse.parse(data, url=URL)
    assert article.title == "Café" and article.text == WESTERN.strip()
    assert any("windows-1252" in w for w in article.warnings)


# --- BOM and the caller's encoding ------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_byte_order_mark_wins_over_everything(codec: str) -> None:
    text = html_page(SIMP_TITLE, SIMP, meta("big5"))
    data = text.encode(codec)
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    page = Page.from_input(data, encoding="gbk")  # the caller is wrong; the BOM is not
    assert page.encoding_source == "bom"
    assert newsparse.parse(data, url=URL, encoding="gbk").text == SIMP


def test_the_callers_encoding_wins_over_the_declaration() -> None:
    data = html_page(TRAD_TITLE, TRAD, meta("gbk")).encode("big5")
    page = Page.from_input(data, encoding="big5")
    assert (family(page.encoding), page.encoding_source) == ("big5", "caller")
    assert newsparse.parse(data, url=URL, encoding="big5").text == TRAD


def test_bytes_the_callers_encoding_cannot_read_are_replaced_with_a_warning() -> None:
    data = html_page(SIMP_TITLE, SIMP).encode("gbk")
    article = newsparse.parse(data, url=URL, encoding="utf-8")
    assert "\ufffd" in article.text
    assert any("not valid utf-8 were replaced" in w for w in article.warnings)


@pytest.mark.parametrize(
    ("text", "codec", "read_as", "warning"),
    [
        (SIMP, "utf-8", "utf-8", "encoding iso-8859-1 was given but the page is UTF-8"),
        (SIMP, "gbk", "gb", "encoding iso-8859-1 was given but the page reads as gb18030"),
        (TRAD, "big5", "big5", "encoding iso-8859-1 was given but the page reads as cp950"),
    ],
)
def test_a_single_byte_caller_encoding_the_bytes_contradict_is_overruled(
    text: str, codec: str, read_as: str, warning: str
) -> None:
    # Servers, and so WARC records, often claim ISO-8859-1 for every page.
    data = html_page("t", text, meta("utf-8" if codec == "utf-8" else codec)).encode(codec)
    page = Page.from_input(data, encoding="iso-8859-1")
    assert family(page.encoding) == read_as
    article = newsparse.parse(data, url=URL, encoding="iso-8859-1")
    assert article.text == text and warning in article.warnings


def test_a_single_byte_caller_encoding_that_fits_is_used() -> None:
    data = html_page("Café", WESTERN, meta("utf-8")).encode("cp1252")  # the page's meta lies
    page = Page.from_input(data, encoding="windows-1252")
    assert (page.encoding, page.encoding_source, page.warnings) == ("cp1252", "caller", ())


def test_an_unknown_caller_encoding_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        newsparse.parse(b"<p>x</p>", encoding="klingon")


NOT_CHARSETS = ["base64", "rot13", "hex", "zlib", "bz2", "uu", "quopri", "punycode", "undefined", "idna"]


@pytest.mark.parametrize("label", NOT_CHARSETS)
def test_a_page_declaring_a_codec_that_is_no_charset_is_read_with_a_warning(label: str) -> None:
    # Python knows these codecs, but they turn bytes into bytes (base64, zlib …) or text
    # into text (punycode, idna): no page is written in them, so the label is ignored.
    for text, codec in ((SIMP, "utf-8"), (SIMP, "gb18030"), (WESTERN, "cp1252")):
        data = html_page(SIMP_TITLE if codec != "cp1252" else "Café", text, meta(label)).encode(codec)
        article = newsparse.parse(data, url=URL)
        assert article.text == text.strip()
        assert f"page declares unknown charset {label!r}; ignored" in article.warnings
    assert codec_name(label) is None


@pytest.mark.parametrize("label", NOT_CHARSETS)
def test_a_caller_encoding_that_is_no_charset_is_an_input_error(label: str) -> None:
    data = html_page("Café", WESTERN).encode("cp1252")  # not UTF-8: the label would be used
    with pytest.raises(InputError, match=f"unknown encoding {label!r}"):
        newsparse.parse(data, url=URL, encoding=label)
    with pytest.raises(InputError, match=f"unknown encoding {label!r}"):
        newsparse.parse(html_page("x", SIMP).encode("utf-8"), url=URL, encoding=label)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_recognised(codec: str) -> None:
    data = html_page(SIMP_TITLE, SIMP).encode(codec)
    page = Page.from_input(data)
    assert (page.encoding, page.encoding_source) == (codec, "guess")
    assert newsparse.parse(data, url=URL).text == SIMP


def test_str_input_is_not_decoded() -> None:
    page = Page.from_input(html_page(SIMP_TITLE, SIMP, meta("big5")))
    assert (page.encoding, page.encoding_source) == ("str", "str")


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("GBK", "gb18030"),
        ("gb2312", "gb18030"),
        ("x-gbk", "gb18030"),
        ("Big5", "cp950"),
        ("big5-hkscs", "big5hkscs"),
        ("ISO-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("UTF8", "utf-8"),
        ("shift_jis", "shift_jis"),
        ("nonsense", None),
    ],
)
def test_charset_labels_follow_the_web_not_python(label: str, codec: str | None) -> None:
    assert codec_name(label) == codec


# --- how reliable the GB/Big5 guess is ----------------------------------------------------------------


def _windows(text: str, size: int, count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        start = rng.randrange(0, max(1, len(text) - size))
        yield text[start : start + size]


def guess_accuracy(text: str, codec: str, size: int, count: int = 200) -> tuple[int, int]:
    """(right, tried): undeclared windows of ``size`` characters read in the right codec family.

    Windows with fewer than 4 non-ASCII characters are left out: with so little evidence
    newsparse reads undeclared bytes as windows-1252 on purpose (see below).
    """
    right = tried = 0
    for window in _windows(text, size, count, seed=size):
        try:
            data = window.encode(codec)
        except UnicodeEncodeError:
            continue
        if sum(1 for char in window if not char.isascii()) < 4:
            continue
        tried += 1
        decoded = decode(b"<p>" + data + b"</p>")
        right += family(decoded.encoding) == family(codec_name(codec) or codec)
    return right, tried


def test_a_few_chinese_characters_need_the_page_to_say_it_is_chinese() -> None:
    data = "<p>Exhibition: 中文 2024</p>".encode("gbk")
    assert decode(data).encoding == "cp1252"  # as likely two accented Western letters
    assert decode(b'<html lang="zh-CN">' + data).encoding == "gb18030"


@pytest.mark.parametrize("size", [10, 20, 50, 100])
@pytest.mark.parametrize(("text", "codec"), [(SIMP, "gbk"), (TRAD, "big5"), (TRAD, "gbk")])
def test_the_guess_is_right_on_every_window_of_ten_characters_or_more(
    text: str, codec: str, size: int
) -> None:
    right, tried = guess_accuracy(text, codec, size)
    assert tried > 100
    assert right == tried


def test_the_score_separates_right_from_wrong_decodings() -> None:
    right, _ = cjk_score(SIMP.encode("gbk").decode("gb18030"))
    wrong, _ = cjk_score(SIMP.encode("gbk").decode("big5hkscs", errors="replace"))
    assert right > 0.85 and wrong < 0.5


def _corpus_texts(corpus: Path, script: str) -> str:
    found: list[str] = []

    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    for path in sorted((corpus / "simorgh" / "zhongwen-data").rglob("*.json")):
        if f"/{script}/" in path.as_posix() or path.name == f"{script}.json":
            data = json.loads(path.read_text(encoding="utf-8"))
            found += [s for s in strings(data) if re.search("[\u4e00-\u9fff]", s) and s not in found]
    return "\n".join(found)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("script", "codec"), [("simp", "gbk"), ("simp", "gb18030"), ("trad", "big5"), ("trad", "gb18030")]
)
def test_guess_accuracy_on_bbc_chinese_texts(corpus: Path, script: str, codec: str) -> None:
    """BBC's own article texts: every window of 20 to 1000 characters (holding at least
    4 non-ASCII characters) is read in the right codec family.

    The numbers in docs/robustness.md come from this measurement (with more windows).
    """
    text = _corpus_texts(corpus, script)
    assert len(text) > 10_000
    for size in (20, 50, 100, 1000):
        right, tried = guess_accuracy(text, codec, size, count=300)
        assert tried > 50  # long Big5 windows often hold a character Big5 lacks
        assert right == tried, (size, right, tried)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("codec", "head"), [("gbk", ""), ("gb18030", meta("gb2312")), ("gbk", meta("utf-8"))]
)
def test_the_seed_page_in_gbk_gives_the_same_article_as_in_utf8(corpus: Path, codec: str, head: str) -> None:
    text = (corpus / "seed" / "000_432d27decd9e6001.txt").read_text(encoding="utf-8")
    envelope, html = text.split("------\n", 1)
    original = newsparse.parse(text)
    transcoded = newsparse.parse((envelope + "------\n" + head + html).encode(codec))
    assert transcoded.to_dict() | {"warnings": []} == original.to_dict() | {"warnings": []}


@pytest.mark.corpus
def test_the_legacy_2012_page_in_gbk_gives_the_same_article(corpus: Path) -> None:
    path = corpus / "pages" / "zh_legacy_2012_121210_hongkong_politics.goose3.html"
    html = path.read_text(encoding="utf-8")
    url = "http://www.bbc.co.uk/zhongwen/simp/chinese_news/2012/12/121210_hongkong_politics.shtml"
    original = newsparse.parse(html, url=url)
    lying = newsparse.parse(html.encode("gb18030"), url=url)  # still declares utf-8
    honest = newsparse.parse(html.replace("charset=utf-8", "charset=gbk").encode("gb18030"), url=url)
    for article in (lying, honest):
        assert article.to_dict() | {"warnings": []} == original.to_dict() | {"warnings": []}
    assert any("not valid utf-8" in w for w in lying.warnings)


# --- most of the page decides; the few bytes that do not fit are repaired ---------------------


@pytest.mark.parametrize("declaration", ["", meta("utf-8")])
@pytest.mark.parametrize(("title", "text"), [(SIMP_TITLE, SIMP), ("Café", WESTERN)])
def test_a_utf8_page_with_one_stray_byte_stays_utf8(declaration: str, title: str, text: str) -> None:
    page = html_page(title, text, declaration)
    stray = page.replace("</p>", "\x92</p>")  # a windows-1252 quote pasted into UTF-8
    data = stray.encode("utf-8").replace("\x92".encode(), b"\x92")
    article = newsparse.parse(data, url=URL)
    assert article.title == title
    assert article.text == (text + "\u2019").strip()  # repaired as windows-1252 reads it
    assert any("1 byte(s) of this mostly UTF-8 page are not UTF-8" in w for w in article.warnings)


def test_a_declared_utf8_page_with_one_gbk_paragraph_keeps_its_declaration() -> None:
    paragraphs = [SIMP[i : i + 60] for i in range(0, len(SIMP), 60)]
    html = html_page(SIMP_TITLE, "</p><p>".join(paragraphs), meta("utf-8"))
    pasted = paragraphs[2]
    data = html.encode("utf-8").replace(pasted.encode("utf-8"), pasted.encode("gbk"))
    page = Page.from_input(data, url=URL)
    assert (page.encoding, page.encoding_source) == ("utf-8", "declared")
    article = newsparse.parse(data, url=URL)
    assert article.title == SIMP_TITLE
    assert [p.text for p in article.paragraphs] == paragraphs  # the GBK paragraph read as GBK
    assert any("read them as gb18030" in w for w in article.warnings)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_holding_characters_with_a_zero_byte_is_recognised(codec: str) -> None:
    # U+4E00 (一) and U+5000 (倀) have a zero low byte: UTF-16 puts a zero in the "wrong"
    # position for them, which must not make the page look binary.
    text = "一二三，一个一个地来。" * 20 + "一" * 50
    data = html_page(SIMP_TITLE, text).encode(codec)
    page = Page.from_input(data)
    assert (page.encoding, page.encoding_source) == (codec, "guess")
    assert newsparse.parse(data, url=URL).text == text
