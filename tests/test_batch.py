"""The batch API (newsparse.batch.parse_many) and input expansion (newsparse.inputs)."""

from __future__ import annotations

import itertools
import os
import pickle
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsparse import batch
from newsparse.batch import Result, parse_many
from newsparse.errors import (
    ExtractionError,
    ExtractorLoadError,
    ExtractorNotFoundError,
    InputError,
    LimitExceededError,
    NewsparseError,
    NoContentError,
    TimeLimitError,
)
from newsparse.inputs import BrokenInput, Input, InputItem, SkippedInput, count_documents, expand
from newsparse.page import Limits
from story_pages import page, write_pages


def summary(results: list[Result]) -> list[tuple[str, str, str | None]]:
    """(source, status, title or error type or skip reason) per result."""
    out = []
    for r in results:
        detail = r.article.title if r.article else type(r.error).__name__ if r.error else r.skipped
        out.append((r.source, r.status, detail))
    return out


# --- parse_many -------------------------------------------------------------------------


def test_mixed_items_give_one_result_each_and_never_raise(tmp_path: Path) -> None:
    first, second = write_pages(tmp_path / "pages", range(1, 3))
    items: list[object] = [
        str(first),
        (page(3).encode("utf-8"), "https://news.example.org/3"),
        (page(4), None),
        InputItem(source="custom", data=page(5), url="https://news.example.org/5"),
        tmp_path / "missing.html",
        b"not an item",
        ("", "https://news.example.org/empty"),
        SkippedInput("an-image", "not HTML (image/png)"),
        second,
    ]
    results = list(parse_many(items))
    assert summary(results) == [
        (str(first), "parsed", "Story number 1"),
        ("https://news.example.org/3", "parsed", "Story number 3"),
        ("<item 2>", "parsed", "Story number 4"),
        ("custom", "parsed", "Story number 5"),
        (str(tmp_path / "missing.html"), "failed", "InputError"),
        ("<item 5>", "failed", "InputError"),
        ("https://news.example.org/empty", "failed", "InputError"),
        ("an-image", "skipped", "not HTML (image/png)"),
        (str(second), "parsed", "Story number 2"),
    ]
    assert results[1].url == results[1].article.url == "https://news.example.org/3"  # type: ignore[union-attr]
    assert results[4].error is not None and results[4].error.source == str(tmp_path / "missing.html")
    assert results[6].traceback and "InputError" in results[6].traceback


def test_item_hints_reach_the_parser() -> None:
    when = datetime(2021, 12, 15, 10, 0, tzinfo=timezone.utc)
    item = InputItem(
        source="hinted",
        data="<html><body><h1>Заголовок</h1><p>Текст статьи.</p></body></html>".encode("koi8-r"),
        url="https://news.example.org/ru",
        retrieved_at=when,
        encoding="koi8-r",
    )
    (result,) = parse_many([item])
    assert result.article is not None
    assert result.article.title == "Заголовок"
    assert result.article.retrieved == when
    assert result.article.url == "https://news.example.org/ru"
    # The caller's encoding wins over the item's hint.
    (forced,) = parse_many([item], encoding="latin-1")
    assert forced.article is not None and forced.article.title != "Заголовок"


def test_limits_and_extractor_options_apply_to_every_item() -> None:
    big = ("<html><body><h1>Big</h1>" + "<p>filler text</p>" * 200 + "</body></html>", None)
    small = (page(1), None)
    results = list(parse_many([big, small], limits=Limits(max_bytes=2000)))
    assert isinstance(results[0].error, LimitExceededError) and results[0].error.limit == "max_bytes"
    assert results[1].ok
    results = list(parse_many([small], extractor="no-such-extractor"))
    assert isinstance(results[0].error, ExtractorNotFoundError)


def test_result_holds_exactly_one_outcome() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        Result(source="x")
    with pytest.raises(ValueError, match="exactly one"):
        Result(source="x", skipped="why", error=InputError("no"))


def test_result_to_dict_carries_structured_error_fields() -> None:
    result = Result(
        source="a.html", error=ExtractionError("KeyError: 'x'", extractor="site", source="a.html")
    )
    data = result.to_dict()
    assert data["status"] == "failed"
    assert data["error"] == {
        "type": "ExtractionError",
        "message": "extractor 'site' failed: KeyError: 'x'",
        "extractor": "site",
    }
    assert data["article"] is None
    (parsed,) = parse_many([(page(2), None)])
    assert parsed.to_dict()["article"]["title"] == "Story number 2"


def test_bad_settings_raise_at_once() -> None:
    with pytest.raises(ValueError, match="jobs"):
        parse_many([], jobs=0)
    with pytest.raises(ValueError, match="chunksize"):
        parse_many([], chunksize=0)


def test_explain_adds_the_report() -> None:
    pytest.importorskip("newsparse.diagnostics")
    (result,) = parse_many([(page(1), None)], explain=True)
    assert isinstance(result.explain, dict) and result.explain
    (plain,) = parse_many([(page(1), None)])
    assert plain.explain is None


# --- parallel -----------------------------------------------------------------------------


def test_parallel_results_equal_serial_results_in_order(tmp_path: Path) -> None:
    write_pages(tmp_path, range(1, 41))
    (tmp_path / "story-020x.html").write_bytes(b"")
    serial = [r.to_dict() for r in parse_many([tmp_path])]
    parallel = [r.to_dict() for r in parse_many([tmp_path], jobs=2, chunksize=3)]
    assert parallel == serial
    assert [r["status"] for r in serial].count("failed") == 1


def test_unordered_yields_the_same_results(tmp_path: Path) -> None:
    write_pages(tmp_path, range(1, 25))
    serial = {r.source: r.to_dict() for r in parse_many([tmp_path])}
    unordered = list(parse_many([tmp_path], jobs=2, ordered=False, chunksize=2))
    assert len(unordered) == len(serial)
    assert {r.source: r.to_dict() for r in unordered} == serial


def test_errors_cross_process_boundaries_with_their_fields() -> None:
    results = list(parse_many([(page(1), None), ("", None)], jobs=2, extractor="no-such-extractor"))
    error = results[0].error
    assert isinstance(error, ExtractorNotFoundError)
    assert error.name == "no-such-extractor" and "generic" in error.available
    assert isinstance(results[1].error, InputError)  # input errors come before selection


@pytest.mark.parametrize(
    "error",
    [
        NewsparseError("plain", source="s"),
        InputError("bad input", source="in.html"),
        LimitExceededError("too big", limit="max_bytes", value=10, source="big.html"),
        NoContentError("nothing", source="n.html"),
        ExtractorNotFoundError("x", available=("generic",)),
        ExtractorLoadError("x", origin="pkg 1.0", reason="ImportError: y"),
        ExtractionError("KeyError: k", extractor="site", source="p.html"),
        TimeLimitError(0.5, source="slow.html"),
    ],
)
def test_every_error_survives_pickling(error: NewsparseError) -> None:
    restored = pickle.loads(pickle.dumps(error))
    assert type(restored) is type(error)
    assert str(restored) == str(error)
    assert vars(restored) == vars(error)


def test_parse_many_is_lazy_on_endless_input() -> None:
    def endless() -> Iterator[tuple[str, None]]:
        for n in itertools.count(1):
            yield (page(n), None)

    for jobs in (1, 2):
        first = list(itertools.islice(parse_many(endless(), jobs=jobs, chunksize=2), 5))
        assert [r.article.title for r in first if r.article] == [f"Story number {n}" for n in range(1, 6)]


def crash_on_marker(chunk: list[Input], options: batch.Options) -> list[Result]:
    """A worker that dies (like a segfault would) on an input named crash.html."""
    if any(Path(item.source).name == "crash.html" for item in chunk):
        os._exit(3)
    return batch.parse_chunk(chunk, options)


def test_a_worker_crash_fails_only_the_input_that_caused_it(tmp_path: Path) -> None:
    paths = write_pages(tmp_path, range(1, 13))
    crash = tmp_path / "crash.html"
    crash.write_text(page(99), encoding="utf-8")
    items = [InputItem(source=str(p), path=p) for p in [*paths[:5], crash, *paths[5:]]]
    results = list(
        batch._parallel(
            iter(items), batch.Options(), jobs=2, ordered=True, chunksize=2, worker=crash_on_marker
        )
    )
    assert [r.source for r in results] == [item.source for item in items]
    failed = [r for r in results if not r.ok]
    assert [r.source for r in failed] == [str(crash)]
    assert failed[0].error is not None and "worker process" in failed[0].error.message


# --- input expansion ----------------------------------------------------------------------


def sources(inputs: Iterator[Input]) -> list[str]:
    return [item.source for item in inputs]


def test_directories_are_walked_in_path_order(tmp_path: Path) -> None:
    write_pages(tmp_path / "b", range(3, 4), ".htm")
    write_pages(tmp_path / "a", range(1, 3), ".txt")
    write_pages(tmp_path, range(4, 5), ".HTML")
    (tmp_path / "notes.md").write_text("# not a page", encoding="utf-8")
    expected = [
        str(tmp_path / "a" / "story-001.txt"),
        str(tmp_path / "a" / "story-002.txt"),
        str(tmp_path / "b" / "story-003.htm"),
        str(tmp_path / "story-004.HTML"),
    ]
    assert sources(expand([tmp_path])) == expected
    assert count_documents([str(tmp_path)]) == 4


def test_globs_and_missing_things_are_reported(tmp_path: Path) -> None:
    write_pages(tmp_path, range(1, 4))
    assert sources(expand([str(tmp_path / "story-00[12].html")])) == [
        str(tmp_path / "story-001.html"),
        str(tmp_path / "story-002.html"),
    ]
    assert count_documents([str(tmp_path / "*.html")]) == 3
    (empty_dir := tmp_path / "empty").mkdir()
    broken = list(expand([str(tmp_path / "nothing-*.html"), empty_dir, tmp_path / "gone.html"]))
    assert all(isinstance(item, BrokenInput) for item in broken)
    messages = [item.error.message for item in broken if isinstance(item, BrokenInput)]
    assert messages[0] == "no files match this pattern"
    assert messages[1].startswith("no documents (*.html")
    assert messages[2] == "no such file or directory"


def test_input_item_needs_exactly_one_source_of_content(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="exactly one of path and data"):
        InputItem(source="x")
    with pytest.raises(ValueError, match="exactly one of path and data"):
        InputItem(source="x", path=tmp_path, data=b"<p>")
    with pytest.raises(InputError, match="cannot read file"):
        InputItem(source="dir", path=tmp_path).read()
