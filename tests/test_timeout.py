"""The per-page time limit: parse_many(timeout=...), newsparse.timelimit and the worker pool's
kill-and-replace of hung workers."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import ClassVar

import pytest

from newsparse import batch, registry, timelimit
from newsparse.batch import Result, parse_many
from newsparse.errors import LimitExceededError, NewsparseError, TimeLimitError
from newsparse.extractor import Context, Extractor, UrlRule
from newsparse.inputs import Input, InputItem, expand
from newsparse.model import Article
from newsparse.page import Page
from story_pages import page, write_pages

needs_alarm = pytest.mark.skipif(
    not hasattr(signal, "setitimer"), reason="SIGALRM interval timers are POSIX-only"
)
HANG_HOST = "hang.example.org"


class LoopingExtractor(Extractor):
    """A plugin bug: loops forever (pure Python) on every page of its host."""

    name: ClassVar[str] = "looping-test"
    description: ClassVar[str] = "never returns (test)"
    url_rules: ClassVar[tuple[UrlRule, ...]] = (UrlRule(HANG_HOST),)

    def extract_article(self, page: Page, context: Context) -> Article:
        while True:
            pass


class StubbornExtractor(LoopingExtractor):
    """Worse: swallows the first interruption (``except BaseException``) and loops on."""

    name: ClassVar[str] = "stubborn-test"
    url_rules: ClassVar[tuple[UrlRule, ...]] = (UrlRule("stubborn.example.org"),)

    def extract_article(self, page: Page, context: Context) -> Article:
        try:
            while True:
                pass
        except BaseException:
            pass
        while True:
            pass


@pytest.fixture
def looping_plugin() -> Iterator[None]:
    registry.reset()
    registry.register(LoopingExtractor)
    registry.register(StubbornExtractor)
    yield
    registry.reset()


def pages_around(url: str, count: int = 4) -> list[object]:
    """``count`` good pages with the one at ``url`` in the middle."""
    items: list[object] = [(page(n), f"https://news.example.org/{n}") for n in range(1, count + 1)]
    items.insert(count // 2, (page(99), url))
    return items


def assert_timed_out(result: Result, source: str, seconds: float) -> None:
    error = result.error
    assert isinstance(error, TimeLimitError) and isinstance(error, LimitExceededError)
    assert (error.limit, error.value, error.source) == ("timeout", seconds, source)
    assert f"time limit of {seconds:g} s (timeout)" in error.message
    assert str(error).startswith(f"{source}: ")
    assert result.source == source


# --- one process ------------------------------------------------------------------------------


@needs_alarm
def test_a_page_that_loops_forever_fails_and_the_batch_goes_on(looping_plugin: None) -> None:
    url = f"https://{HANG_HOST}/story"
    handler_before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    results = list(parse_many(pages_around(url), timeout=0.5))
    elapsed = time.monotonic() - started
    assert [r.status for r in results] == ["parsed", "parsed", "failed", "parsed", "parsed"]
    assert [r.article.title for r in results if r.article] == [f"Story number {n}" for n in range(1, 5)]
    assert_timed_out(results[2], url, 0.5)
    assert results[2].url == url
    # The traceback shows where the page was stopped: inside the plugin's loop.
    assert results[2].traceback and "extract_article" in results[2].traceback
    assert 0.5 <= elapsed < 3
    # Nothing of the alarm is left behind.
    assert signal.getsignal(signal.SIGALRM) is handler_before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@needs_alarm
def test_a_plugin_that_swallows_the_interruption_is_stopped_again(looping_plugin: None) -> None:
    url = "https://stubborn.example.org/story"
    started = time.monotonic()
    (result,) = parse_many([(page(1), url)], timeout=0.3)
    assert time.monotonic() - started < 2
    assert_timed_out(result, url, 0.3)


@needs_alarm
def test_pages_within_the_limit_are_untouched(looping_plugin: None) -> None:
    items = [(page(n), f"https://news.example.org/{n}") for n in range(1, 6)]
    timed = [r.to_dict() for r in parse_many(items, timeout=30)]
    assert timed == [r.to_dict() for r in parse_many(items)]


@needs_alarm
def test_a_callers_own_alarm_is_restored_and_resumed(looping_plugin: None) -> None:
    fired: list[int] = []

    def own_handler(signum: int, frame: FrameType | None) -> None:
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, own_handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        list(parse_many(pages_around(f"https://{HANG_HOST}/x", 2), timeout=0.3))
        assert signal.getsignal(signal.SIGALRM) is own_handler
        remaining, _interval = signal.getitimer(signal.ITIMER_REAL)
        assert 25 < remaining < 30  # re-armed with the time it had left
        # A timer that ran out while a page was timed fires as soon as the page is done.
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        list(parse_many(pages_around(f"https://{HANG_HOST}/y", 0), timeout=0.5))
        deadline = time.monotonic() + 2
        while not fired and time.monotonic() < deadline:
            time.sleep(0.01)
        assert fired == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@needs_alarm
def test_call_with_time_limit() -> None:
    assert timelimit.available()
    assert timelimit.call_with_time_limit(lambda: 42, 1) == 42
    started = time.monotonic()
    with pytest.raises(timelimit.Expired):
        timelimit.call_with_time_limit(lambda: time.sleep(5), 0.2)  # a blocking call is cut too
    assert time.monotonic() - started < 1
    with pytest.raises(ValueError, match="positive"):
        timelimit.call_with_time_limit(lambda: None, 0)


def test_other_threads_cannot_use_the_alarm_and_go_to_a_worker_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    used: list[int] = []
    real_parallel = batch._parallel

    def spy(inputs: Iterator[Input], options: batch.Options, **kwargs: object) -> Iterator[Result]:
        used.append(kwargs["jobs"])  # type: ignore[arg-type]
        return real_parallel(inputs, options, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "_parallel", spy)
    outcome: dict[str, object] = {}

    def in_thread() -> None:
        outcome["available"] = timelimit.available()
        outcome["titles"] = [r.article.title for r in parse_many([(page(1), None)], timeout=5) if r.article]
        outcome["untimed"] = [r.ok for r in parse_many([(page(2), None)])]

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join(60)
    assert outcome == {"available": False, "titles": ["Story number 1"], "untimed": [True]}
    assert used == [1]  # only the timed batch went to (one) worker process


def test_bad_timeouts_raise_at_once() -> None:
    for bad in (0, -1, float("nan")):
        with pytest.raises(ValueError, match="timeout"):
            parse_many([], timeout=bad)


def test_the_timeout_error_pickles_and_reports_its_fields() -> None:
    error = TimeLimitError(1.5, source="slow.html")
    restored = pickle.loads(pickle.dumps(error))
    assert type(restored) is TimeLimitError and vars(restored) == vars(error)
    assert str(restored) == str(error)
    data = Result(source="slow.html", error=error).to_dict()["error"]
    assert data == {"type": "TimeLimitError", "message": error.message, "limit": "timeout", "value": 1.5}


# --- worker processes ----------------------------------------------------------------------------


def _note_pid(chunk: list[Input]) -> None:
    """Note, next to the inputs, which process took which inputs (a file per process id)."""
    folder = Path(chunk[0].source).parent / "pids"
    folder.mkdir(exist_ok=True)
    with (folder / str(os.getpid())).open("a", encoding="utf-8") as notes:
        notes.writelines(Path(item.source).name + "\n" for item in chunk)


def taken_by(folder: Path) -> dict[int, list[str]]:
    """Process id -> the names of the inputs it was given, in order."""
    return {int(p.name): p.read_text(encoding="utf-8").split() for p in (folder / "pids").iterdir()}


def loop_on_marker(chunk: list[Input], options: batch.Options) -> list[Result]:
    """A worker that loops forever in Python on an input named hang.html."""
    _note_pid(chunk)
    if any(Path(item.source).name == "hang.html" for item in chunk):
        while True:
            pass
    return batch.parse_chunk(chunk, options)


def stick_on_marker(chunk: list[Input], options: batch.Options) -> list[Result]:
    """A worker stuck where no alarm reaches it (as in C code) on hang.html; dies on crash.html."""
    _note_pid(chunk)
    names = {Path(item.source).name for item in chunk}
    if "hang.html" in names:
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        while True:
            time.sleep(60)
    if "crash.html" in names:
        os._exit(3)
    return batch.parse_chunk(chunk, options)


def batch_with(tmp_path: Path, *markers: str) -> list[InputItem]:
    """Twelve story files with the marker files spread among them."""
    paths = write_pages(tmp_path, range(1, 13))
    for position, name in zip((3, 8), markers, strict=False):
        marker = tmp_path / name
        marker.write_text(page(99), encoding="utf-8")
        paths.insert(position, marker)
    return [InputItem(source=str(p), path=p) for p in paths]


def assert_all_gone(folder: Path) -> set[int]:
    """Every worker that parsed something is gone (not even a zombie), and none is tracked."""
    pids = {int(p.name) for p in (folder / "pids").iterdir()}
    assert pids
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat")
        if stat.exists():  # a zombie still has an entry; a reaped process has none
            state = stat.read_text().rpartition(")")[2].split()[0]
            pytest.fail(f"worker {pid} is still there (state {state})")
        else:
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
    assert [p for p in multiprocessing.active_children() if p.name == "newsparse-worker"] == []
    return pids


def run_parallel(items: list[InputItem], worker: batch.Worker, **options: object) -> list[Result]:
    return list(
        batch._parallel(
            iter(items),
            batch.Options(timeout=options.pop("timeout", 0.5)),  # type: ignore[arg-type]
            jobs=2,
            ordered=bool(options.pop("ordered", True)),
            chunksize=3,
            worker=worker,
        )
    )


@needs_alarm
def test_a_worker_looping_in_python_is_interrupted_and_kept(tmp_path: Path) -> None:
    items = batch_with(tmp_path, "hang.html")
    started = time.monotonic()
    results = run_parallel(items, loop_on_marker)
    elapsed = time.monotonic() - started
    assert [r.source for r in results] == [item.source for item in items]
    failed = [r for r in results if not r.ok]
    assert len(failed) == 1
    assert_timed_out(failed[0], str(tmp_path / "hang.html"), 0.5)
    assert elapsed < 8
    assert len(assert_all_gone(tmp_path)) <= 2  # its own alarm stopped the page: no worker was replaced
    # The worker that was on hang.html went on with the rest of its chunk.
    (names,) = [names for names in taken_by(tmp_path).values() if "hang.html" in names]
    assert names[names.index("hang.html") + 1 :][:2] == ["story-004.html", "story-005.html"]


def test_a_stuck_worker_is_killed_and_replaced(tmp_path: Path) -> None:
    items = batch_with(tmp_path, "hang.html", "crash.html")
    started = time.monotonic()
    results = run_parallel(items, stick_on_marker)
    elapsed = time.monotonic() - started
    # Order is kept, the innocent inputs of the hung and the crashed chunks are parsed.
    assert [r.source for r in results] == [item.source for item in items]
    failed = {Path(r.source).name: r for r in results if not r.ok}
    assert set(failed) == {"hang.html", "crash.html"}
    assert_timed_out(failed["hang.html"], str(tmp_path / "hang.html"), 0.5)
    assert failed["crash.html"].error is not None and "worker process" in failed["crash.html"].error.message
    assert [r.article.title for r in results if r.article] == [f"Story number {n}" for n in range(1, 13)]
    assert elapsed < 10
    assert_all_gone(tmp_path)
    assert_killed_on_hang(tmp_path)


def assert_killed_on_hang(folder: Path) -> None:
    """The process stuck on hang.html parsed nothing after it: the rest went elsewhere."""
    taken = taken_by(folder)
    (stuck,) = [pid for pid, names in taken.items() if "hang.html" in names]
    assert taken[stuck][-1] == "hang.html"
    assert any("story-004.html" in names for pid, names in taken.items() if pid != stuck)


def test_unordered_results_also_survive_a_stuck_worker(tmp_path: Path) -> None:
    items = batch_with(tmp_path, "hang.html")
    results = run_parallel(items, stick_on_marker, ordered=False)
    assert sorted(r.source for r in results) == sorted(item.source for item in items)
    assert [Path(r.source).name for r in results if not r.ok] == ["hang.html"]
    assert_all_gone(tmp_path)
    assert_killed_on_hang(tmp_path)


def test_stopping_early_kills_a_stuck_worker(tmp_path: Path) -> None:
    items = batch_with(tmp_path, "hang.html")
    # Only the first two results are wanted; a worker is then still stuck on hang.html.
    results = batch._parallel(
        iter(items),
        batch.Options(timeout=None),
        jobs=2,
        ordered=True,
        chunksize=3,
        worker=stick_on_marker,
    )
    started = time.monotonic()
    first = list(itertools.islice(results, 2))
    results.close()  # type: ignore[attr-defined]
    assert [r.ok for r in first] == [True, True]
    assert time.monotonic() - started < 10
    assert_all_gone(tmp_path)


def with_looping_plugin(chunk: list[Input], options: batch.Options) -> list[Result]:
    """The real worker, in a process that has the looping plugin registered (workers do not
    see plugins registered at run time in the parent, so each registers it itself)."""
    if "looping-test" not in {entry.name for entry in registry.entries()}:
        registry.register(LoopingExtractor)
    return batch.parse_chunk(chunk, options)


@needs_alarm
def test_a_looping_plugin_in_a_worker_fails_its_page_only() -> None:
    url = f"https://{HANG_HOST}/in-a-worker"
    items = list(expand(pages_around(url, 6)))
    results = list(
        batch._parallel(
            iter(items),
            batch.Options(timeout=0.5),
            jobs=2,
            ordered=True,
            chunksize=2,
            worker=with_looping_plugin,
        )
    )
    assert [r.source for r in results] == [item.source for item in items]
    assert [r.ok for r in results] == [True, True, True, False, True, True, True]
    assert_timed_out(results[3], url, 0.5)
    # Stopped by the worker's own alarm, inside the plugin (a killed worker leaves no trace).
    assert results[3].traceback and "extract_article" in results[3].traceback


def unpicklable_on_marker(chunk: list[Input], options: batch.Options) -> list[Result]:
    """A worker whose result for odd.html holds something pickle cannot copy."""
    results = batch.parse_chunk(chunk, options)
    if Path(chunk[0].source).name == "odd.html":
        error = NewsparseError("plugin error with a lambda inside", source=chunk[0].source)
        error.hook = lambda: None  # type: ignore[attr-defined]
        return [Result(source=chunk[0].source, error=error)]
    return results


def test_a_result_that_cannot_be_sent_fails_its_page_only(tmp_path: Path) -> None:
    items = batch_with(tmp_path, "odd.html")
    results = run_parallel(items, unpicklable_on_marker)
    assert [r.source for r in results] == [item.source for item in items]
    failed = [r for r in results if not r.ok]
    assert [Path(r.source).name for r in failed] == ["odd.html"]
    assert failed[0].error is not None
    assert failed[0].error.message.startswith("the result could not be sent from the worker process")


def test_parallel_timeout_keeps_normal_results(tmp_path: Path) -> None:
    write_pages(tmp_path, range(1, 10))
    timed = [r.to_dict() for r in parse_many([tmp_path], jobs=2, chunksize=2, timeout=30)]
    assert timed == [r.to_dict() for r in parse_many([tmp_path])]
