"""The `newsparse` command line: parse (inputs, formats, exit codes, batches) and extractors."""

from __future__ import annotations

import io
import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

import pytest

from newsparse import registry
from newsparse.cli import main
from newsparse.commands import parse as parse_command
from newsparse.extractor import Context, Extractor, UrlRule
from newsparse.model import Article
from newsparse.page import Page
from story_pages import page, write_pages

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "bbc-zhongwen" / "seed-world-59666831.txt"
SUMMARY = re.compile(
    r"^newsparse: (\d+) parsed, (\d+) failed, (\d+) skipped in [\d.]+ s \([\d.]+ pages/s\)$", re.M
)
CONTRACT_KEYS = {
    "url", "canonical_url", "title", "language", "published", "modified", "retrieved", "authors",
    "section", "topics", "summary", "lead_image", "body", "related", "extractor", "layout", "warnings",
}  # fmt: skip


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def titles(jsonl: str) -> list[str]:
    return [json.loads(line)["title"] for line in jsonl.splitlines()]


@pytest.fixture
def clean_registry() -> Iterator[None]:
    registry.reset()
    yield
    registry.reset()


# --- one input ------------------------------------------------------------------------


def test_one_file_prints_pretty_contract_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = write_pages(tmp_path, range(1, 2))
    code, out, err = run_cli(capsys, "parse", str(path))
    assert code == 0
    assert err == ""  # one page: no summary line
    data = json.loads(out)
    assert set(data) == CONTRACT_KEYS
    assert data["title"] == "Story number 1"
    assert "invented mayor" in json.dumps(data["body"])
    assert out.startswith("{\n  ")  # pretty, two-space indent


def test_jsonl_format_gives_one_line_for_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = write_pages(tmp_path, range(1, 2))
    code, out, _ = run_cli(capsys, "parse", str(path), "--format", "jsonl")
    assert code == 0
    assert out.count("\n") == 1
    assert json.loads(out)["title"] == "Story number 1"


def test_url_and_retrieved_at_hints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = write_pages(tmp_path, range(1, 2))
    code, out, _ = run_cli(
        capsys, "parse", str(path), "--url", "https://news.example.org/a/1",
        "--retrieved-at", "2021-12-15T10:00:00+08:00",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["url"] == "https://news.example.org/a/1"
    assert data["retrieved"] == "2021-12-15T10:00:00+08:00"


def test_stdin_dash(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(page(7).encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, err = run_cli(capsys, "parse", "-", "--url", "https://news.example.org/7")
    assert code == 0, err
    data = json.loads(out)
    assert data["title"] == "Story number 7"
    assert data["url"] == "https://news.example.org/7"


def test_encoding_option_decodes_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "koi8.html"
    # KOI8-R bytes, no charset declaration: only --encoding can decode them correctly.
    path.write_bytes(
        "<html><body><h1>Заголовок новости</h1><p>Текст статьи.</p></body></html>".encode("koi8-r")
    )
    code, out, _ = run_cli(capsys, "parse", str(path), "--encoding", "koi8-r")
    assert code == 0
    assert json.loads(out)["title"] == "Заголовок новости"


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = write_pages(tmp_path / "in", range(1, 4))
    target = tmp_path / "out.jsonl"
    code, out, err = run_cli(capsys, "parse", *map(str, paths), "--output", str(target), "--quiet")
    assert code == 0
    assert out == "" and err == ""
    assert titles(target.read_text(encoding="utf-8")) == [
        "Story number 1",
        "Story number 2",
        "Story number 3",
    ]


def test_markdown_and_text_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = write_pages(tmp_path, range(1, 3))
    code, out, _ = run_cli(capsys, "parse", str(first), "--format", "markdown")
    assert code == 0
    assert out.startswith("# Story number 1\n")
    assert "invented mayor" in out
    code, out, _ = run_cli(capsys, "parse", str(first), str(second), "--format", "text", "-q")
    assert code == 0
    assert out.startswith("Story number 1\n")
    assert out.index("Story number 1") < out.index("=" * 72) < out.index("Story number 2")
    code, out, _ = run_cli(capsys, "parse", str(first), str(second), "--format", "markdown", "-q")
    assert "\n---\n\n# Story number 2" in out


def test_seed_fixture_parses(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "parse", str(SEED))
    assert code == 0, err
    data = json.loads(out)
    assert data["url"] == "https://www.bbc.com/zhongwen/simp/world-59666831"
    assert data["title"] and data["body"]


# --- several inputs -------------------------------------------------------------------


def test_several_files_give_json_lines_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = write_pages(tmp_path, range(1, 4))
    code, out, err = run_cli(capsys, "parse", str(paths[2]), str(paths[0]), str(paths[1]))
    assert code == 0
    assert titles(out) == ["Story number 3", "Story number 1", "Story number 2"]
    match = SUMMARY.search(err)
    assert match and match.groups() == ("3", "0", "0")


def test_directory_is_walked_recursively_in_sorted_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_pages(tmp_path / "b", range(3, 5), ".htm")
    write_pages(tmp_path / "a" / "deeper", range(1, 3), ".txt")
    write_pages(tmp_path, range(5, 6))
    (tmp_path / "style.css").write_text("body { color: red }", encoding="utf-8")
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    code, out, err = run_cli(capsys, "parse", str(tmp_path))
    assert code == 0, err
    assert titles(out) == [f"Story number {n}" for n in (1, 2, 3, 4, 5)]
    assert SUMMARY.search(err).groups() == ("5", "0", "0")  # type: ignore[union-attr]


def test_glob_pattern_is_expanded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_pages(tmp_path, range(1, 4))
    write_pages(tmp_path, range(4, 5), ".txt")
    code, out, _ = run_cli(capsys, "parse", str(tmp_path / "*.html"), "-q")
    assert code == 0
    assert titles(out) == ["Story number 1", "Story number 2", "Story number 3"]


def test_paths_may_follow_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = write_pages(tmp_path, range(1, 3))
    code, out, _ = run_cli(capsys, "parse", str(first), "--format", "jsonl", str(second), "--debug")
    assert code == 0
    assert titles(out) == ["Story number 1", "Story number 2"]


# --- failures and exit codes ----------------------------------------------------------


def test_failures_are_reported_per_input_and_processing_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_pages(tmp_path, range(1, 3))
    (tmp_path / "story-001b-empty.html").write_bytes(b"")
    (tmp_path / "story-001c-image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    code, out, err = run_cli(capsys, "parse", str(tmp_path), str(tmp_path / "missing.html"))
    assert code == 1
    assert titles(out) == ["Story number 1", "Story number 2"]
    lines = [line for line in err.splitlines() if not SUMMARY.match(line)]
    # One line per failure, in input order: "PATH: message" (the wording is page.py's).
    expected = [
        ("story-001b-empty.html", "empty"),
        ("story-001c-image.html", "binary"),
        ("missing.html", "no such file"),
    ]
    assert len(lines) == len(expected)
    for line, (name, word) in zip(lines, expected, strict=True):
        assert line.startswith(f"{tmp_path / name}: ") and word in line, line
    assert SUMMARY.search(err).groups() == ("2", "3", "0")  # type: ignore[union-attr]
    assert "Traceback" not in err


def test_single_failure_exits_1_without_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("   \n", encoding="utf-8")
    code, out, err = run_cli(capsys, "parse", str(empty))
    assert code == 1
    assert out == ""
    assert err.startswith(f"{empty}: ") and "empty" in err
    assert err.count("\n") == 1


def test_debug_adds_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("", encoding="utf-8")
    code, _, err = run_cli(capsys, "parse", str(empty), "--debug")
    assert code == 1
    assert "Traceback (most recent call last)" in err
    assert "InputError" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["parse"],
        ["parse", "a.html", "b.html", "--url", "https://example.org/"],
        ["parse", "-", "-"],
        ["parse", "x.html", "--jobs", "-1"],
        ["parse", "x.html", "--format", "pdf"],
        ["parse", "x.html", "--encoding", "no-such-codec"],
        ["parse", "x.html", "--encoding", "rot13"],  # a codec, but not a charset
        ["parse", "x.html", "--encoding", "punycode"],
        ["parse", "x.html", "--retrieved-at", "2021-12-15T10:00:00"],
        ["parse", "x.html", "--retrieved-at", "yesterday"],
        ["parse", "x.html", "--timeout", "-1"],
        ["parse", "x.html", "--timeout", "nan"],
        ["parse", "x.html", "--timeout", "soon"],
        ["parse", "x.html", "--no-such-option"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.strip()
    assert "Traceback" not in err


def test_unknown_extractor_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = write_pages(tmp_path, range(1, 2))
    code, _, err = run_cli(capsys, "parse", str(path), "--extractor", "no-such-site")
    assert code == 2
    assert "no extractor named 'no-such-site'" in err


def test_output_into_missing_directory_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (path,) = write_pages(tmp_path, range(1, 2))
    code, _, err = run_cli(capsys, "parse", str(path), "-o", str(tmp_path / "nowhere" / "out.json"))
    assert code == 2
    assert "cannot write" in err


def test_version_and_help_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "--version")
    assert code == 0 and out.startswith("newsparse ")
    code, out, _ = run_cli(capsys, "parse", "--help")
    assert code == 0 and "--jobs" in out and "exit status" in out


def test_internal_errors_hide_the_traceback_unless_debug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(args: Any) -> int:
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(parse_command, "run", explode)
    code, _, err = run_cli(capsys, "parse", "x.html")
    assert code == 1
    assert "internal error: RuntimeError: something inside broke" in err
    assert "Traceback" not in err
    with pytest.raises(RuntimeError):
        main(["--debug", "parse", "x.html"])


# --- extractor failures and --fallback ------------------------------------------------


class BoomExtractor(Extractor):
    name: ClassVar[str] = "boom-test"
    description: ClassVar[str] = "raises on every page (test)"

    def extract_article(self, page: Page, context: Context) -> Article:
        raise KeyError("no such node")


def test_failing_plugin_and_fallback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_registry: None
) -> None:
    registry.register(BoomExtractor)
    (path,) = write_pages(tmp_path, range(1, 2))
    code, out, err = run_cli(capsys, "parse", str(path), "--extractor", "boom-test")
    assert code == 1
    assert out == ""
    assert err.startswith(f"{path}: extractor 'boom-test' failed: KeyError")
    code, out, err = run_cli(capsys, "parse", str(path), "--extractor", "boom-test", "--fallback")
    assert code == 0, err
    data = json.loads(out)
    assert data["extractor"] == "generic"
    assert data["title"] == "Story number 1"
    assert any("boom-test" in warning for warning in data["warnings"])


# --- --timeout ------------------------------------------------------------------------


class ForeverExtractor(Extractor):
    name: ClassVar[str] = "forever-test"
    description: ClassVar[str] = "loops forever on its host's pages (test)"
    url_rules: ClassVar[tuple[UrlRule, ...]] = (UrlRule("forever.example.org"),)

    def extract_article(self, page: Page, context: Context) -> Article:
        while True:
            pass


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="SIGALRM interval timers are POSIX-only")
def test_a_page_over_the_timeout_is_reported_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_registry: None
) -> None:
    registry.register(ForeverExtractor)
    write_pages(tmp_path, range(1, 5))
    hang = tmp_path / "story-002b-hang.html"
    url = "https://forever.example.org/story"
    hang.write_text(f"<!--1639591987000-->\n[Forever]({url})\n------\n\n{page(99)}", encoding="utf-8")
    started = time.monotonic()
    code, out, err = run_cli(capsys, "parse", str(tmp_path), "--timeout", "0.5")
    assert time.monotonic() - started < 5
    assert code == 1
    assert titles(out) == [f"Story number {n}" for n in range(1, 5)]
    lines = err.splitlines()
    # The URL came from inside the file, which was never fully read: the path names the page.
    assert lines[0] == f"{hang}: parsing took longer than the time limit of 0.5 s (timeout) and was stopped"
    assert SUMMARY.match(lines[-1]) and SUMMARY.match(lines[-1]).groups() == ("4", "1", "0")  # type: ignore[union-attr]
    assert len(lines) == 2 and "Traceback" not in err


def test_timeout_default_and_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[object] = []
    real = parse_command.parse_many

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["timeout"])
        return real(*args, **kwargs)

    monkeypatch.setattr(parse_command, "parse_many", spy)
    (path,) = write_pages(tmp_path, range(1, 2))
    for extra in ([], ["--timeout", "0"], ["--timeout", "2.5"]):
        code, out, _ = run_cli(capsys, "parse", str(path), *extra)
        assert code == 0 and json.loads(out)["title"] == "Story number 1"
    assert seen == [parse_command.DEFAULT_TIMEOUT, None, 2.5]
    assert parse_command.DEFAULT_TIMEOUT == 60


# --- --explain ------------------------------------------------------------------------


def test_explain_wraps_article_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("newsparse.diagnostics")
    (path,) = write_pages(tmp_path, range(1, 2))
    code, out, err = run_cli(capsys, "parse", str(path), "--explain")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"article", "explain"}
    assert data["article"]["title"] == "Story number 1"
    assert isinstance(data["explain"], dict) and data["explain"]
    assert "generic" in json.dumps(data["explain"])


def test_explain_degrades_without_diagnostics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "newsparse.diagnostics", None)  # makes the import fail
    (path,) = write_pages(tmp_path, range(1, 2))
    code, out, err = run_cli(capsys, "parse", str(path), "--explain")
    assert code == 0
    assert "--explain needs newsparse.diagnostics" in err
    data = json.loads(out)
    assert data["explain"] is None
    assert data["article"]["title"] == "Story number 1"


# --- parallel batches -----------------------------------------------------------------


def test_jobs_2_output_equals_jobs_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_pages(tmp_path, range(1, 31))
    (tmp_path / "story-010x.html").write_bytes(b"")  # a failure in the middle keeps its place
    code1, out1, _ = run_cli(capsys, "parse", str(tmp_path), "--jobs", "1")
    code2, out2, err2 = run_cli(capsys, "parse", str(tmp_path), "--jobs", "2")
    assert code1 == code2 == 1
    assert out1 == out2
    assert titles(out2) == [f"Story number {n}" for n in range(1, 31)]
    assert SUMMARY.search(err2).groups() == ("30", "1", "0")  # type: ignore[union-attr]
    assert any(line.startswith(f"{tmp_path / 'story-010x.html'}: ") for line in err2.splitlines())


def test_unordered_gives_the_same_articles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_pages(tmp_path, range(1, 21))
    code, out, err = run_cli(capsys, "parse", str(tmp_path), "--jobs", "2", "--unordered")
    assert code == 0, err
    assert sorted(titles(out)) == sorted(f"Story number {n}" for n in range(1, 21))


# --- progress and summary -------------------------------------------------------------


def test_progress_is_off_when_stderr_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_pages(tmp_path, range(1, 4))
    code, _, err = run_cli(capsys, "parse", str(tmp_path))
    assert code == 0
    assert "\r" not in err
    assert len(err.splitlines()) == 1 and SUMMARY.match(err)


def test_progress_can_be_forced_and_quiet_silences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_pages(tmp_path, range(1, 4))
    code, _, err = run_cli(capsys, "parse", str(tmp_path), "--progress")
    assert code == 0
    assert "\r[" in err and "3/3 100%" in err
    assert SUMMARY.match(err.split("\r")[-1])  # the bar is cleared before the summary
    code, _, err = run_cli(capsys, "parse", str(tmp_path), "--progress", "--no-progress")
    assert "\r" not in err
    code, _, err = run_cli(capsys, "parse", str(tmp_path), "--quiet")
    assert err == ""


def test_progress_bar_drawing() -> None:
    stream = io.StringIO()
    bar = parse_command.ProgressBar(stream, total=4)
    tally = parse_command.Tally(parsed=1, failed=1)
    bar.update(tally, force=True)
    assert stream.getvalue().startswith("\r[" + "#" * 14 + "-" * 14 + "] 2/4  50%  1 parsed, 1 failed")
    bar.clear()
    assert stream.getvalue().endswith("\r")
    unknown = parse_command.ProgressBar(io.StringIO(), total=None)
    unknown.update(tally, force=True)
    assert "2 done" in unknown.stream.getvalue()  # type: ignore[attr-defined]


# --- extractors -----------------------------------------------------------------------


def test_extractors_lists_builtins(capsys: pytest.CaptureFixture[str], clean_registry: None) -> None:
    code, out, _ = run_cli(capsys, "extractors")
    assert code == 0
    assert re.search(r"^generic  \(newsparse [^)]+\)  priority \d+$", out, re.M)
    assert re.search(r"^bbc-zhongwen  \(newsparse [^)]+\)  priority \d+$", out, re.M)
    assert "url:    *.bbc.com" in out
    code, out, _ = run_cli(capsys, "extractors", "--format", "json")
    listed = {item["name"]: item for item in json.loads(out)}
    bbc = listed["bbc-zhongwen"]
    assert bbc["broken"] is None
    assert bbc["origin"].startswith("newsparse ")
    assert any(rule["host"].endswith("bbc.com") for rule in bbc["url_rules"])
    assert bbc["layouts"] and {"name", "valid_from", "valid_until"} <= set(bbc["layouts"][0])


def test_extractors_flags_a_broken_plugin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], clean_registry: None
) -> None:
    real = metadata.entry_points

    def with_broken(**params: Any) -> Any:
        found = list(real(**params))
        if params.get("group") == registry.ENTRY_POINT_GROUP:
            found.append(
                metadata.EntryPoint("zz-broken", "newsparse_no_such_module:Thing", registry.ENTRY_POINT_GROUP)
            )
        return found

    monkeypatch.setattr(metadata, "entry_points", with_broken)
    registry.reset()
    code, out, err = run_cli(capsys, "extractors")
    assert code == 1
    assert re.search(r"^zz-broken  \(unknown distribution\)  BROKEN$", out, re.M)
    assert "ModuleNotFoundError: No module named 'newsparse_no_such_module'" in out
    assert "generic  (newsparse" in out  # the others are still listed
    assert "1 plugin(s) could not be loaded: zz-broken" in err
    code, out, _ = run_cli(capsys, "extractors", "-f", "json")
    broken = {item["name"]: item["broken"] for item in json.loads(out)}
    assert broken["zz-broken"].startswith("ModuleNotFoundError")
    assert broken["generic"] is None


# --- the installed console script -----------------------------------------------------


def test_console_script_end_to_end(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("newsparse")
    if not script.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    write_pages(tmp_path / "pages", range(1, 6))
    (tmp_path / "pages" / "broken.html").write_bytes(b"\x00\x01\x02binary")
    done = subprocess.run(
        [str(script), "parse", str(tmp_path / "pages"), "--jobs", "2"],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert titles(done.stdout) == [f"Story number {n}" for n in range(1, 6)]
    err_lines = done.stderr.splitlines()
    assert err_lines[0].startswith(f"{tmp_path / 'pages' / 'broken.html'}: ") and "binary" in err_lines[0]
    assert SUMMARY.match(err_lines[-1]) and SUMMARY.match(err_lines[-1]).groups() == ("5", "1", "0")  # type: ignore[union-attr]
    assert "Traceback" not in done.stderr
