"""The catalogue of bad inputs (docs/robustness.md): each gets a correct Article, with warnings
where something was dropped, or one clear NewsparseError. Never a traceback, a hang, or
output from outside the page.

Pages in Chinese encodings and lying declarations are in tests/test_encoding.py; limits,
depth and the capture envelope in detail in tests/test_page.py.
"""

from __future__ import annotations

import gzip
import http.server
import json
import random
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

import newsparse
from newsparse import Article, Context, Extractor, Figure, Image, Link, Media, Page, Paragraph, UrlRule
from newsparse.errors import ExtractionError, InputError, LimitExceededError, NewsparseError
from newsparse.model import Embed, ImageSource, Quote, RelatedLinks, Span
from newsparse.sanitize import (
    MAX_URL_LENGTH,
    is_safe_media_url,
    is_safe_url,
    sanitize_article,
    url_scheme,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "bbc-zhongwen" / "seed-world-59666831.txt"
JSON_STORY = ROOT / "fixtures" / "bbc-zhongwen" / "json-story.html"
URL = "https://news.example.org/world/story-1"
SENTENCES = "".join(
    f"<p>Paragraph {i} of a perfectly ordinary news story, long enough to count.</p>" for i in range(8)
)


def page(body: str = SENTENCES, head: str = "", title: str = "A headline") -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>{head}</head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def timed(data: str | bytes, **kwargs: Any) -> tuple[Article, float]:
    start = time.perf_counter()
    article = newsparse.parse(data, **kwargs)
    return article, time.perf_counter() - start


# --- not a page at all ----------------------------------------------------------------------------


@pytest.mark.parametrize("data", ["", " \n\t\r ", b"", b"   \n", "\ufeff", b"\xef\xbb\xbf  "])
def test_empty_and_whitespace_only_input(data: str | bytes) -> None:
    with pytest.raises(InputError, match="input is empty"):
        newsparse.parse(data, url=URL)


def test_random_bytes() -> None:
    rng = random.Random(20211215)
    for size in (1, 7, 512, 65536):
        data = bytes(rng.randrange(256) for _ in range(size))
        try:
            article = newsparse.parse(data, url=URL)
        except NewsparseError:
            continue  # the 64 KiB sample is refused as binary; tiny ones as not markup
        assert article.title or article.body  # anything returned is a real Article
    with pytest.raises(InputError, match="binary"):
        newsparse.parse(bytes(rng.randrange(256) for _ in range(65536)), url=URL)


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(40)


FILES = {
    "a PDF document": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n<html>",
    "a PNG image": _png(),
    "a JPEG image": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64),
    "a GIF image": b"GIF89a\x01\x00\x01\x00<html>" + bytes(20),
    "a WebP image": b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(40),
    "gzip-compressed data (decompress it first)": gzip.compress(page().encode()),
    "a ZIP archive (or an Office document)": b"PK\x03\x04\x14\x00" + bytes(60),
}


@pytest.mark.parametrize(("kind", "data"), FILES.items(), ids=list(FILES))
def test_a_pdf_or_image_given_as_html_is_named(kind: str, data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        newsparse.parse(data, url=URL)
    assert str(caught.value) == f"{URL}: input is binary ({kind}), not an HTML page"


def test_a_pdf_as_text_is_not_an_article() -> None:
    with pytest.raises(InputError, match="no HTML markup"):
        newsparse.parse("%PDF-1.4 stream endstream endobj", url=URL)


# --- damaged markup ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.8, 0.95])
def test_truncated_html_gives_the_part_that_arrived(fraction: float) -> None:
    text = SEED.read_text(encoding="utf-8")
    full = newsparse.parse(text)
    cut = newsparse.parse(text[: int(len(text) * fraction)])
    assert cut.url == full.url and cut.title
    # Everything extracted from the truncated page is a prefix of the full page's body
    # (the last block may itself be cut short).
    full_text, cut_text = full.text, cut.text
    assert full_text.startswith(cut_text.rsplit("\n", 1)[0])
    assert len(cut_text) <= len(full_text)


@pytest.mark.parametrize(
    "tail",
    [
        '<p class="x',
        "<p title='never closed>text",
        "<!-- an open comment",
        "<script>var x = '<p>",
        "<",
        "</",
        "<![CDATA[",
        "&#x",
        "&am",
        "<p>a<b>b<i>c",
    ],
)
def test_pages_cut_inside_a_construct(tail: str) -> None:
    article = newsparse.parse(page(SENTENCES + tail), url=URL)
    assert article.title == "A headline" and len(article.paragraphs) >= 8


# --- size and depth -------------------------------------------------------------------------------


def test_100000_nested_elements_finish_fast_with_a_partial_article() -> None:
    html = page(SENTENCES + "<div>" * 100_000 + "<p>buried</p>" + "</div>" * 100_000 + "<p>after the pit</p>")
    article, seconds = timed(html, url=URL)
    assert seconds < 3.0
    assert article.title == "A headline" and len(article.paragraphs) == 8
    assert "buried" not in article.text and "after the pit" not in article.text
    assert any("deeper than 256 levels" in w and "not read" in w for w in article.warnings)


def test_100000_nested_elements_and_nothing_else_is_a_depth_error() -> None:
    start = time.perf_counter()
    with pytest.raises(LimitExceededError) as caught:
        newsparse.parse("<div>" * 100_000, url=URL)
    assert time.perf_counter() - start < 3.0
    assert caught.value.limit == "max_depth"


def test_deep_nesting_with_a_flood_of_stray_end_tags_stays_linear() -> None:
    # libxml2 searches the open-element stack for every unmatched end tag: cost = tags x depth.
    # At the default depth cap (256) 2 MB of them take ~0.4 s (20 MB: ~4 s).
    html = page(SENTENCES + "<div>" * 250 + "</x>" * 500_000 + "<p>after the flood, still read.</p>")
    article, seconds = timed(html, url=URL)
    assert seconds < 5.0
    assert "after the flood, still read." in article.text


def test_a_15_mb_page_parses(tmp_path: Path) -> None:
    # A real oversized page: an ordinary article plus megabytes of inline data and markup.
    blob = json.dumps({"items": [{"id": i, "text": "x" * 200} for i in range(20_000)]})
    title = "t" * 140
    filler = "".join(f"<li><a href='/tag/{i}' title='{title}'>tag {i}</a></li>" for i in range(60_000))
    html = page(SENTENCES + f"<script>window.__DATA__ = {blob};</script><nav><ul>{filler}</ul></nav>")
    data = html.encode("utf-8")
    assert 15_000_000 < len(data) < 16_500_000
    article, seconds = timed(data, url=URL)
    assert article.title == "A headline" and len(article.paragraphs) == 8
    assert article.warnings == ()  # everything was read
    assert seconds < 30  # measured ~1-2 s; the bound only catches a hang
    path = tmp_path / "big.html"
    path.write_bytes(data)
    assert newsparse.parse_file(path, url=URL) == article


def test_a_script_over_10_mb_stops_the_default_parser_with_a_warning() -> None:
    blob = json.dumps({"items": ["x" * 200] * 55_000})  # 11.4 MB in one <script>
    html = page(SENTENCES + f"<script>window.__DATA__ = {blob};</script><p>After the data.</p>")
    article = newsparse.parse(html, url=URL)
    assert len(article.paragraphs) == 8 and "After the data." not in article.text
    assert any("gave up" in w and "huge_tree" in w for w in article.warnings)
    whole = newsparse.parse(html, url=URL, limits=newsparse.Limits(max_depth=None))
    assert "After the data." in whole.text and whole.warnings == ()


def test_a_15_mb_page_of_paragraphs_builds_its_tree() -> None:
    html = page("".join(f"<p>paragraph {i} {'x' * 100}</p>" for i in range(125_000)))
    assert len(html) > 15_000_000
    start = time.perf_counter()
    built = Page.from_input(html, url=URL)
    assert time.perf_counter() - start < 10  # measured ~0.25 s
    assert len(built.tree.xpath("//p")) == 125_000 and built.warnings == ()


def test_a_5_mb_attribute() -> None:
    huge = "z" * (5 * 1024 * 1024)
    html = page(
        f'<p title="{huge}">Tail paragraph after a huge title attribute, with enough words.</p>'
        + SENTENCES * 40  # 30 KB between the two huge attributes
        + f'<figure><img src="https://img.example.org/{huge}.jpg" alt="big">'
        + "<figcaption>Caption after a huge image URL.</figcaption></figure><p>The very end.</p>"
    )
    article, seconds = timed(html, url=URL)
    assert seconds < 15  # measured ~0.6 s
    assert article.paragraphs[0].text.startswith("Tail paragraph")
    assert article.paragraphs[-1].text == "The very end."
    assert len(article.to_json()) < 200_000  # the 5 MB URL was not emitted
    assert any("oversized URL" in w for w in article.warnings)


def _crowded(count: int, form: str) -> str:
    return "<p " + "".join(form.format(i) for i in range(count)) + ">x</p>"


@pytest.mark.parametrize(
    "form",
    ["a{} ", 'a{}=">" ', 'a{}="v"', "a{}/", "=a{} "],
    ids=["plain", "quoted-gt", "no-space", "slash", "equals-first"],
)
def test_an_element_with_200000_attributes_is_refused_fast(form: str) -> None:
    # libxml2 builds attributes in quadratic time: 40 000 take 3 s, 200 000 over a minute.
    html = page(SENTENCES + _crowded(200_000, form))
    start = time.perf_counter()
    with pytest.raises(LimitExceededError) as caught:
        newsparse.parse(html, url=URL)
    assert time.perf_counter() - start < 3.0
    assert caught.value.limit == "max_attributes" and caught.value.value == 1000
    assert "element <p> has" in str(caught.value)


def test_the_attribute_check_itself_stays_linear() -> None:
    # "<a" inside a tag is an attribute name, not a tag: a naive search would restart there.
    html = page(SENTENCES + ("<a " * 999 + ">") * 400)
    start = time.perf_counter()
    newsparse.parse(html, url=URL)
    assert time.perf_counter() - start < 3.0  # ~0.1 s; a quadratic check took 20 s


def test_many_attributes_are_fine_when_repeated_or_under_the_limit() -> None:
    repeated = page(SENTENCES + "<p " + "a=1 " * 200_000 + ">Repeated names are kept once.</p>")
    assert "Repeated names are kept once." in newsparse.parse(repeated, url=URL).text
    under = page(SENTENCES + _crowded(999, "data-a{}=1 "))
    assert newsparse.parse(under, url=URL).title == "A headline"
    lifted = newsparse.parse(
        page(SENTENCES + _crowded(1500, "a{} ")), url=URL, limits=newsparse.Limits(max_attributes=None)
    )
    assert lifted.title == "A headline"


def test_max_bytes_refuses_before_decoding() -> None:
    with pytest.raises(LimitExceededError) as caught:
        newsparse.parse(b"<p>" + b"x" * 1000, limits=newsparse.Limits(max_bytes=100))
    assert caught.value.limit == "max_bytes"


def test_nul_bytes() -> None:
    html = page(SENTENCES.replace("ordinary", "ordi\x00nary")).encode("utf-8")
    article = newsparse.parse(html.replace(b"<title>", b"<ti\x00tle>", 1), url=URL)
    assert "\x00" not in article.to_json()
    assert "perfectly ordinary news story" in article.text
    assert any("NUL" in w for w in article.warnings)


# --- broken embedded data falls back to the markup ---------------------------------------------------


def test_broken_jsonld_falls_back_to_markup_with_a_warning() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "From JSON-LD",</script>'
    article = newsparse.parse(page(head=head, title="From the markup"), url=URL)
    assert article.title == "From the markup" and len(article.paragraphs) == 8
    assert any("broken JSON-LD" in w for w in article.warnings)


def test_broken_simorgh_data_falls_back_to_the_markup_with_a_warning() -> None:
    html = JSON_STORY.read_text(encoding="utf-8")
    sidecar = json.loads(JSON_STORY.with_suffix(".input.json").read_text(encoding="utf-8"))
    good = newsparse.parse(html, url=sidecar["url"])
    start = html.index("SIMORGH_DATA=") + len("SIMORGH_DATA=")
    broken = html[: start + 200] + html[start + 260 :]  # a hole in the middle of the JSON
    article = newsparse.parse(broken, url=sidecar["url"])
    assert good.layout == "simorgh-json" and article.layout != "simorgh-json"
    assert article.title and article.body
    assert any("SIMORGH_DATA is broken" in w for w in article.warnings)


# --- entities: never expanded, never read from disk or network ----------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = b'<!ENTITY leak "NETWORK-LEAK">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def _server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def listener(_server: str) -> tuple[str, list[str]]:
    """A local HTTP server that records every request made to it (and proves it works)."""
    _Recorder.hits = []
    with urllib.request.urlopen(f"{_server}/probe", timeout=5) as response:
        assert response.status == 200
    assert _Recorder.hits == ["/probe"]
    _Recorder.hits.clear()
    return _server, _Recorder.hits


@pytest.fixture
def secret(tmp_path: Path) -> tuple[Path, str]:
    token = f"SECRET-{random.Random().getrandbits(64):x}"
    path = tmp_path / "secret.txt"
    path.write_text(token, encoding="utf-8")
    return path, token


def _xxe_pages(secret_path: Path, base: str) -> list[str]:
    file_url = secret_path.as_uri()
    return [
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{file_url}">]>' + page("<p>a &xxe; b</p>" + SENTENCES),
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret_path}">]>' + page("<p>&xxe;</p>" + SENTENCES),
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "{file_url}">'
        f'<!ENTITY net SYSTEM "{base}/entity">]>' + page("<p>&xxe; &net;</p>" + SENTENCES),
        f'<!DOCTYPE html [<!ENTITY % remote SYSTEM "{base}/param.dtd"> %remote; %leak;]>'
        + page("<p>&leak;</p>" + SENTENCES),
        f'<!DOCTYPE html SYSTEM "{base}/external.dtd">' + page(SENTENCES),
        page(
            f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{file_url}" parse="text"/>'
            f'<iframe src="{file_url}"></iframe><img src="{file_url}"><a href="{file_url}">local</a>'
            + SENTENCES
        ),
    ]


@pytest.mark.parametrize("index", range(6))
@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_external_entities_are_never_read(
    index: int, as_bytes: bool, secret: tuple[Path, str], listener: tuple[str, list[str]]
) -> None:
    path, token = secret
    base, hits = listener
    html = _xxe_pages(path, base)[index]
    article = newsparse.parse(html.encode("utf-8") if as_bytes else html, url=URL)
    output = article.to_json()
    assert token not in output and "NETWORK-LEAK" not in output
    assert hits == []  # nothing was fetched
    assert len(article.paragraphs) >= 8
    assert not any(url_scheme(u) == "file" for u in _urls(article.to_dict()))


def test_entity_expansion_bombs_are_not_expanded() -> None:
    levels = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    bomb = f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{levels}]>' + page("<p>&lol9;</p>" + SENTENCES)
    quadratic = f'<!DOCTYPE q [<!ENTITY a "{"a" * 50_000}">]>' + page("<p>" + "&a;" * 20_000 + "</p>")
    for html in (bomb, quadratic):
        article, seconds = timed(html, url=URL)
        assert seconds < 2.0
        assert "lollol" not in article.to_json() and "aaaaaaaaaa" * 10 not in article.text
        assert len(article.to_json()) < 200_000
        assert any("DOCTYPE internal subset" in w for w in article.warnings)


# --- script-capable URLs ---------------------------------------------------------------------------

OBFUSCATED = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "   javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;vascript:alert(1)",
    "javascript&colon;alert(1)",
    "jav&#x09;ascript:alert(1)",
    "&amp;#106;avascript:alert(1)",
    "%6Aavascript:alert(1)",
    "ｊａｖａｓｃｒｉｐｔ:alert(1)",
    "\u200bjavascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    " DATA:image/svg+xml,<svg onload=alert(1)>",
    "file:///etc/passwd",
    "blob:https://news.example.org/1234",
]


@pytest.mark.parametrize("url", OBFUSCATED)
def test_unsafe_schemes_are_recognised_however_written(url: str) -> None:
    assert not is_safe_url(url) and not is_safe_media_url(url)


@pytest.mark.parametrize(
    ("url", "link", "media"),
    [
        ("https://news.example.org/a", True, True),
        ("http://news.example.org/a", True, True),
        ("//cdn.example.org/a.jpg", True, True),
        ("/relative/path", True, True),
        ("mailto:desk@example.org", True, False),
        ("tel:+441234", True, False),
        ("ftp://files.example.org/a", True, False),
        ("https://news.example.org/?next=javascript:alert(1)", True, True),
        ("", False, False),
        ("https://x.example/" + "a" * MAX_URL_LENGTH, False, False),
    ],
)
def test_safe_urls_stay(url: str, link: bool, media: bool) -> None:
    assert (is_safe_url(url), is_safe_media_url(url)) == (link, media)


def _urls(value: Any, key: str = "") -> Iterator[str]:
    """Every URL-valued field of an Article dict."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _urls(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _urls(item, key)
    elif isinstance(value, str) and key in ("url", "href", "embed_url", "canonical_url"):
        yield value


def _hostile_page() -> str:
    bad = OBFUSCATED
    links = "".join(
        f'<p>Paragraph with <a href="{u}">link {i}</a> in its middle sentence.</p>' for i, u in enumerate(bad)
    )
    images = "".join(
        f'<figure><img src="{u}" srcset="{u} 100w"><figcaption>Figure {i}</figcaption></figure>'
        for i, u in enumerate(bad)
    )
    embeds = "".join(f'<iframe src="{u}" title="player {i}"></iframe>' for i, u in enumerate(bad))
    head = (
        f'<meta property="og:image" content="{bad[0]}"><link rel="canonical" href="{bad[6]}">'
        '<script type="application/ld+json">'
        + json.dumps(
            {"@type": "NewsArticle", "headline": "A headline", "image": {"url": bad[2]}, "url": bad[1]}
        )
        + "</script>"
    )
    return page(
        SENTENCES
        + links
        + images
        + embeds
        + "<ul>"
        + "".join(f'<li><a href="{u}">related {i}</a></li>' for i, u in enumerate(bad))
        + "</ul>",
        head=head,
    )


def test_the_generic_extractor_never_emits_unsafe_urls() -> None:
    article = newsparse.parse(_hostile_page(), url=URL, extractor="generic")
    data = article.to_dict()
    urls = list(_urls(data))
    assert urls, "the page's safe URLs (the article URL at least) are still there"
    for url in urls:
        assert is_safe_url(url), url
    for block in data["body"]:
        if block["type"] == "figure":
            assert is_safe_media_url(block["image"]["url"])
        if block["type"] == "media":
            assert block["embed_url"] is None or is_safe_media_url(block["embed_url"])
    assert data["lead_image"] is None or is_safe_media_url(data["lead_image"]["url"])
    assert "link 3" in article.text  # the link's text is content and stays
    # What is left are the page's own URLs, or obfuscations a browser reads as relative
    # paths ("&amp;#106;avascript:", "%6Aavascript:"), resolved against the page URL.
    assert all(url.startswith("https://news.example.org/") for url in urls), urls


def test_a_plugin_cannot_emit_unsafe_urls_either() -> None:
    class Leaky(Extractor):
        name: ClassVar[str] = "hostile-leaky"

        def extract_article(self, page: Page, context: Context) -> Article:
            return _leaky_article()

    newsparse.register(Leaky)
    try:
        article = newsparse.parse(page(), url=URL, extractor="hostile-leaky")
    finally:
        newsparse.unregister("hostile-leaky")
    assert all(is_safe_url(u) for u in _urls(article.to_dict()))
    assert article.text.startswith("Read this")
    assert any("unsafe javascript: URL(s) from links" in w for w in article.warnings)


def _leaky_article() -> Article:
    js, data = "JaVa\tScript:alert(1)", "data:image/png;base64,AAAA"
    return Article(
        url="javascript:alert(document.cookie)",
        canonical_url="vbscript:x",
        title="Leaky",
        lead_image=Image(url=data, sources=[ImageSource(url=data, width=10)]),
        body=[
            Paragraph(text="Read this now", spans=[Span(text="Read this", href=js), Span(text=" now")]),
            Figure(
                image=Image(
                    url=data,
                    sources=[
                        ImageSource(url=data, width=900),
                        ImageSource(url="https://img.example/s.jpg", width=300),
                    ],
                ),
                caption="kept with its one safe candidate",
            ),
            Figure(image=Image(url="file:///etc/passwd"), caption="dropped entirely"),
            Media(kind="video", embed_url="javascript:play()", media_id=None),
            Media(kind="video", embed_url="data:text/html,x", media_id="p0abc", provider="bbc"),
            RelatedLinks(title="More", links=[Link(url="vbscript:x", text="bad")]),
            RelatedLinks(
                title="Mixed", links=[Link(url=js, text="bad"), Link(url="https://ok.example/", text="ok")]
            ),
            Quote(text="A quotation.", cite="javascript:alert(1)"),
            Quote(text="Another.", cite="Reuters"),
        ],
        related=[Link(url="&#106;avascript:x", text="bad"), Link(url="https://ok.example/2", text="ok")],
    )


def test_sanitize_article_unit() -> None:
    article = sanitize_article(_leaky_article())
    assert article.url is None and article.canonical_url is None and article.lead_image is None
    paragraph, figure, media, mixed, quote, cited = article.body
    assert isinstance(paragraph, Paragraph) and paragraph.spans[0].href is None
    assert paragraph.text == "Read this now"
    assert isinstance(figure, Figure)
    assert figure.image.url == "https://img.example/s.jpg" and len(figure.image.sources) == 1
    assert isinstance(media, Media) and media.embed_url is None and media.media_id == "p0abc"
    assert isinstance(mixed, RelatedLinks) and [link.text for link in mixed.links] == ["ok"]
    assert isinstance(quote, Quote) and quote.cite is None
    assert isinstance(cited, Quote) and cited.cite == "Reuters"
    assert [link.text for link in article.related] == ["ok"]
    assert sorted(article.warnings) == sorted(
        [
            "dropped 1 unsafe javascript: URL(s) from the article URL",
            "dropped 1 unsafe vbscript: URL(s) from the canonical URL",
            "dropped 1 unsafe data: URL(s) from the lead image",
            "dropped 1 unsafe data: URL(s) from the lead image srcset",
            "dropped 3 unsafe javascript: URL(s) from links",
            "dropped 1 unsafe vbscript: URL(s) from links",
            "dropped 1 unsafe data: URL(s) from images",
            "dropped 1 unsafe data: URL(s) from images srcset",
            "dropped 1 unsafe file: URL(s) from images",
            "dropped 1 unsafe javascript: URL(s) from embeds",
            "dropped 1 unsafe data: URL(s) from embeds",
            "dropped 1 unsafe javascript: URL(s) from quotation cites",
        ]
    )
    assert sanitize_article(article) == article  # a clean article is left as it is


def test_a_clean_article_is_returned_unchanged() -> None:
    article = newsparse.parse(page(), url=URL)
    assert sanitize_article(article) is article


# --- plugins that fail ------------------------------------------------------------------------------


class Raiser(Extractor):
    name: ClassVar[str] = "hostile-raiser"
    url_rules: ClassVar[tuple[UrlRule, ...]] = (UrlRule(host="raise.example"),)

    def extract_article(self, page: Page, context: Context) -> Article:
        raise KeyError("the site changed its markup")


class Recursive(Extractor):
    name: ClassVar[str] = "hostile-recursive"

    def extract_article(self, page: Page, context: Context) -> Article:
        return self.extract_article(page, context)


@pytest.fixture
def raisers() -> Iterator[None]:
    newsparse.register(Raiser)
    newsparse.register(Recursive)
    try:
        yield
    finally:
        newsparse.unregister("hostile-raiser")
        newsparse.unregister("hostile-recursive")


@pytest.mark.usefixtures("raisers")
def test_a_raising_plugin_fails_that_page_with_an_error_naming_it() -> None:
    with pytest.raises(ExtractionError) as caught:
        newsparse.parse(page(), url="https://raise.example/story")  # chosen by its URL rule
    assert caught.value.extractor == "hostile-raiser"
    assert caught.value.source == "https://raise.example/story"
    assert "'hostile-raiser'" in str(caught.value) and "KeyError" in str(caught.value)
    # The next page, for another site, is not affected.
    assert newsparse.parse(page(), url=URL).extractor == "generic"


@pytest.mark.usefixtures("raisers")
def test_with_fallback_the_generic_extractor_takes_over_and_says_so() -> None:
    article = newsparse.parse(page(), url="https://raise.example/story", fallback=True)
    assert article.extractor == "generic" and article.title == "A headline"
    assert any("hostile-raiser" in w and "fell back to the generic extractor" in w for w in article.warnings)


@pytest.mark.usefixtures("raisers")
def test_a_plugin_recursing_forever_is_an_extraction_error_too() -> None:
    with pytest.raises(ExtractionError, match="RecursionError") as caught:
        newsparse.parse(page(), url=URL, extractor="hostile-recursive")
    assert caught.value.extractor == "hostile-recursive"
    article = newsparse.parse(page(), url=URL, extractor="hostile-recursive", fallback=True)
    assert article.extractor == "generic"


def test_every_catalogue_error_is_a_newsparse_error() -> None:
    bad: list[str | bytes] = [
        "",
        b"%PDF-1.4\n",
        "<div>" * 5000,
        "plain words",
        f"<!--1639591987000-->\n[t]({URL})\n",
    ]
    for data in bad:
        with pytest.raises(NewsparseError):
            newsparse.parse(data)
    assert attrs.has(Article)


def test_sanitize_embeds_keep_only_http_urls() -> None:
    article = sanitize_article(
        Article(
            body=[
                Embed(provider="twitter", url="javascript:alert(1)", text="the post's words"),
                Embed(provider="x", url="data:text/html,<script>x</script>"),
                Embed(provider="instagram", url="https://www.instagram.com/p/abc/"),
            ]
        )
    )
    assert article.body == (
        Embed(provider="twitter", url=None, text="the post's words"),
        Embed(provider="instagram", url="https://www.instagram.com/p/abc/"),
    )
    assert sorted(article.warnings) == [
        "dropped 1 unsafe data: URL(s) from embeds",
        "dropped 1 unsafe javascript: URL(s) from embeds",
    ]
