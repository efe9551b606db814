"""WARC input: records to pages (url, date, charset hint), skipped and broken records, CLI."""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsparse.batch import parse_many
from newsparse.cli import main
from newsparse.inputs import BrokenInput, InputItem, SkippedInput, expand
from newsparse.warc import iter_warc

warcio = pytest.importorskip("warcio", reason="WARC support needs the warc extra (warcio)")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

SUMMARY = re.compile(r"^newsparse: (\d+) parsed, (\d+) failed, (\d+) skipped in ", re.M)


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data)


def russian_page(n: int) -> bytes:
    # KOI8-R bytes without any charset declaration: only the HTTP header can say how to
    # decode them (UTF-8 fails, and a CJK guess would give garbage).
    html = f"<html><body><h1>Новость номер {n}</h1><p>Текст статьи номер {n}.</p></body></html>"
    return html.encode("koi8-r")


def english_page(n: int) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>Story number {n}</title></head><body><article>"
        f"<h1>Story number {n}</h1><p>Invented text of story {n}.</p></article></body></html>"
    ).encode()


def response(
    writer: WARCWriter,
    uri: str,
    body: bytes,
    *,
    content_type: str | None = "text/html; charset=koi8-r",
    status: str = "200 OK",
    date: str = "2021-12-15T10:00:00Z",
) -> None:
    headers = [("Content-Type", content_type)] if content_type else []
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)


def build_warc(path: Path, *, gzip: bool) -> Path:
    """A small crawl: two pages, an image, a redirect, a 404, a request and a warcinfo."""
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsparse tests"}))
        request = StatusAndHeaders("GET /ru/1 HTTP/1.1", [("Host", "news.example.org")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record("https://news.example.org/ru/1", "request", http_headers=request)
        )
        response(writer, "https://news.example.org/ru/1", russian_page(1))
        response(writer, "https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
        response(writer, "https://news.example.org/old", b"", status="301 Moved Permanently")
        response(writer, "https://news.example.org/gone", b"<html>gone</html>", status="404 Not Found")
        response(
            writer,
            "https://news.example.org/en/2",
            english_page(2),
            content_type=None,
            date="2022-01-02T03:04:05Z",
        )
    return path


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_records_become_pages_with_url_date_and_charset(tmp_path: Path, gzip: bool) -> None:
    warc = build_warc(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip=gzip)
    inputs = list(iter_warc(warc))
    pages = [item for item in inputs if isinstance(item, InputItem)]
    skipped = [item for item in inputs if isinstance(item, SkippedInput)]
    assert not [item for item in inputs if isinstance(item, BrokenInput)]
    assert [p.url for p in pages] == ["https://news.example.org/ru/1", "https://news.example.org/en/2"]
    assert pages[0].encoding == "koi8-r" and pages[1].encoding is None
    assert pages[0].retrieved_at == datetime(2021, 12, 15, 10, 0, tzinfo=timezone.utc)
    assert all(p.source.startswith(f"{warc}@") for p in inputs)
    assert sorted(s.reason for s in skipped) == [
        "HTTP status 301",
        "HTTP status 404",
        "not HTML (image/png)",
    ]
    results = list(parse_many([warc]))
    articles = [r.article for r in results if r.article is not None]
    assert [a.title for a in articles] == ["Новость номер 1", "Story number 2"]
    assert articles[0].url == "https://news.example.org/ru/1"
    assert articles[1].retrieved == datetime(2022, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert [r.status for r in results].count("skipped") == 3


def test_http_content_encoding_is_undone(tmp_path: Path) -> None:
    import gzip as gzip_module

    warc = tmp_path / "encoded.warc.gz"
    with warc.open("wb") as file:
        writer = WARCWriter(file, gzip=True)
        body = gzip_module.compress(english_page(5))
        http = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            "https://news.example.org/en/5", "response", payload=io.BytesIO(body), length=len(body),
            http_headers=http,
        )  # fmt: skip
        writer.write_record(record)
    (result,) = parse_many([warc])
    assert result.article is not None and result.article.title == "Story number 5"


def test_record_offsets_name_real_record_starts(tmp_path: Path) -> None:
    warc = build_warc(tmp_path / "crawl.warc", gzip=False)
    data = warc.read_bytes()
    for item in iter_warc(warc):
        offset = int(item.source.rsplit("@", 1)[1])
        assert data[offset:].startswith(b"WARC/1.")


def test_garbage_after_records_is_a_broken_input(tmp_path: Path) -> None:
    warc = build_warc(tmp_path / "crawl.warc.gz", gzip=True)
    good_size = warc.stat().st_size
    with warc.open("ab") as file:
        file.write(b"this is not a WARC record\r\n\r\n")
    inputs = list(iter_warc(warc))
    assert [type(i).__name__ for i in inputs].count("InputItem") == 2  # the records before it
    broken = inputs[-1]
    assert isinstance(broken, BrokenInput)
    assert broken.source == f"{warc}@{good_size}"
    assert "corrupt WARC data" in broken.error.message


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_truncated_record_is_reported(tmp_path: Path, gzip: bool) -> None:
    warc = build_warc(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip=gzip)
    data = warc.read_bytes()
    warc.write_bytes(data[:-60])  # cut into the last record (the English page)
    inputs = list(iter_warc(warc))
    assert isinstance(inputs[-1], BrokenInput)
    assert re.search(r"truncated", inputs[-1].error.message)
    pages = [item for item in inputs if isinstance(item, InputItem)]
    assert [p.url for p in pages] == ["https://news.example.org/ru/1"]


def test_revisit_records_are_skipped(tmp_path: Path) -> None:
    warc = tmp_path / "revisit.warc"
    with warc.open("wb") as file:
        writer = WARCWriter(file, gzip=False)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_revisit_record(
                "https://news.example.org/ru/1",
                "sha1:AAAA",
                "https://news.example.org/ru/1",
                "2021-12-14T10:00:00Z",
                http_headers=http,
            )
        )
    (item,) = iter_warc(warc)
    assert isinstance(item, SkippedInput) and item.reason.startswith("revisit")


def test_missing_warcio_gives_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warc = build_warc(tmp_path / "crawl.warc.gz", gzip=True)
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)
    (item,) = expand([warc])
    assert isinstance(item, BrokenInput)
    assert "pip install 'newsparse[warc]'" in item.error.message


# --- through the command line -------------------------------------------------------------


def test_cli_counts_skipped_records_and_parses_in_parallel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warc = build_warc(tmp_path / "crawl.warc.gz", gzip=True)
    code = main(["parse", str(warc), "--jobs", "2", "--verbose"])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [a["title"] for a in lines] == ["Новость номер 1", "Story number 2"]
    assert lines[0]["retrieved"] == "2021-12-15T10:00:00+00:00"
    match = SUMMARY.search(err)
    assert match and match.groups() == ("2", "0", "3")
    assert re.search(r"@\d+: skipped: not HTML \(image/png\)$", err, re.M)


def test_cli_reports_a_corrupt_warc_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warc = build_warc(tmp_path / "crawl.warc", gzip=False)
    size = warc.stat().st_size
    with warc.open("ab") as file:
        file.write(b"garbage that is no record\r\n\r\n")
    code = main(["parse", str(warc)])
    out, err = capsys.readouterr()
    assert code == 1
    assert len(out.splitlines()) == 2
    assert f"{warc}@{size}: corrupt WARC data" in err
    assert SUMMARY.search(err).groups() == ("2", "1", "3")  # type: ignore[union-attr]
    assert "Traceback" not in err


# --- inputs that are not readable WARCs fail, named ---------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.warc", b""),
        ("empty.warc.gz", gzip_bytes(b"")),
        ("blank.warc", b"\r\n\r\n"),
        ("page.warc", b"<html><body><p>a page, not an archive</p></body></html>"),
        ("noise.warc.gz", gzip_bytes(bytes(range(256)) * 4)),
    ],
)
def test_an_input_that_is_no_warc_fails_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes
) -> None:
    warc = tmp_path / name
    warc.write_bytes(data)
    code = main(["parse", str(warc)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert str(warc) in err
    assert SUMMARY.search(err).groups() == ("0", "1", "0")  # type: ignore[union-attr]


def test_a_record_shorter_than_its_content_length_says_fails_quietly_named(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    good = build_warc(tmp_path / "good.warc", gzip=False).read_bytes()
    # The first response record (the Russian page) claims fewer bytes than it holds.
    start = good.rindex(b"WARC/1.", 0, good.index(b"WARC-Type: response"))
    header_end = good.index(b"\r\n\r\n", start)
    length = re.search(rb"Content-Length: (\d+)", good[start:header_end])
    assert length is not None
    short = str(int(length.group(1)) - 40).encode()
    damaged = good[: start + length.start(1)] + short + good[start + length.end(1) :]
    warc = tmp_path / "short.warc"
    warc.write_bytes(damaged)
    inputs = list(iter_warc(warc))
    assert not [i for i in inputs if isinstance(i, InputItem) and i.url == "https://news.example.org/ru/1"]
    broken = inputs[-1]
    assert isinstance(broken, BrokenInput)
    assert broken.source == f"{warc}@{start}"
    assert "Content-Length" in broken.error.message
    assert capfd.readouterr().err == ""  # warcio's own notice is not printed
