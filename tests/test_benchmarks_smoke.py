"""The benchmark scripts run end to end in their quick modes and print what they promise.

No timing is asserted here (timings belong to the benchmark output, measured side by
side, not to the test suite); these tests keep the scripts working as the code changes:
each must exit cleanly and print its ratio or summary lines with real numbers in them.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import newsparse
from newsparse.page import Page

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
NUMBER = r"(\d+(?:\.\d+)?)"


def run_script(script: str, *args: str, corpus: Path | None = None) -> str:
    """Run ``benchmarks/<script>`` in a fresh interpreter; return its stdout (it must succeed)."""
    env = dict(os.environ)
    if corpus is not None:
        env["NEWSPARSE_CORPUS"] = str(corpus)
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{script} exited with {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def number_after(label: str, output: str) -> float:
    """The number printed right after ``label`` (which must appear)."""
    match = re.search(re.escape(label) + r"\s*" + NUMBER, output)
    assert match, f"{label!r} not in output:\n{output}"
    return float(match.group(1))


def load_inputs_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_inputs", BENCHMARKS / "inputs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_speed_quick_reports_seed_ratio_and_import_time_without_corpus(tmp_path: Path) -> None:
    output = run_script("bench_speed.py", "--quick", "--no-trafilatura", corpus=tmp_path / "absent")
    assert "corpus not found" in output
    assert "1 pages," in output  # the seed alone: corpus pages are skipped, not faked
    assert "newsparse failed" not in output
    assert number_after("ratio newsparse/lxml on the seed:", output) > 0
    # The seed is also timed after a full collection each iteration and in loops of its own.
    assert number_after("after a full gc.collect() each iteration", output) > 0
    assert number_after("each in a loop of its own", output) > 0
    assert number_after("import newsparse:", output) > 0
    assert number_after("import newsparse + first parse of the seed:", output) > 0
    assert "ratio trafilatura/newsparse: not measured (--no-trafilatura)" in output


def test_speed_quick_reports_corpus_and_simorgh_ratios(corpus: Path) -> None:
    output = run_script("bench_speed.py", "--quick", "--import-runs", "1", corpus=corpus)
    assert number_after("ratio newsparse/lxml on the seed:", output) > 0
    assert number_after("ratio newsparse/lxml on corpus pages (1): median", output) > 0
    assert number_after("ratio newsparse/lxml on simorgh pages (1): median", output) > 0
    # The Simorgh page is built as the corpus tests build it, so the JSON layout reads it.
    assert re.search(r"^simorgh-simp-world-54113945 .* bbc-zhongwen/simorgh-json$", output, re.M), output
    # The comparison runs when trafilatura is installed and says why not when it is not.
    traf = re.search(r"ratio trafilatura/newsparse \(trafilatura [^)]*\) where .*: median " + NUMBER, output)
    assert traf or "ratio trafilatura/newsparse: not installed" in output, output


def test_memory_quick_reports_peak_rss_growth(corpus: Path) -> None:
    output = run_script("bench_memory.py", "--pages", "150", "--warmup", "20", corpus=corpus)
    assert "then 150 measured pages" in output
    growth = number_after("peak RSS growth over 150 pages:", output)
    assert growth >= 0
    assert "target < 50 MB" in output


def test_jobs_quick_reports_pages_per_second_and_scaling(corpus: Path) -> None:
    output = run_script("bench_jobs.py", "--quick", "--copies", "2", corpus=corpus)
    assert number_after("--jobs 1:", output) > 0
    assert number_after("scaling efficiency", output) > 0
    total = re.search(r"^(\d+) pages \(2 copies of (\d+);", output, re.M)
    assert total and int(total.group(1)) == 2 * int(total.group(2)), output
    json_lines = [int(n) for n in re.findall(r"(\d+) JSON lines", output)]
    assert json_lines and all(0 < n <= int(total.group(1)) for n in json_lines), output


def test_varied_copies_differ_but_keep_the_page() -> None:
    inputs = load_inputs_module()
    seed = inputs.seed_input()
    first, second = inputs.varied(seed.data, 1), inputs.varied(seed.data, 2)
    assert first != second
    assert first.startswith(seed.data) and second.startswith(seed.data)
    # The envelope still leads, so the varied copy keeps the seed's URL.
    assert Page.from_input(first).url == "https://www.bbc.com/zhongwen/simp/world-59666831"


@pytest.mark.valgrind  # minutes under valgrind: deselected by default (pytest -m valgrind runs it)
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_instructions_counts_the_seed_against_a_bare_parse() -> None:
    output = run_script("bench_instructions.py", "--runs", "2")
    row = re.search(r"^seed-world-59666831\s+(\d+)k\s+(\d+)k\s+" + NUMBER + "x$", output, re.M)
    assert row, output
    bare, ours, ratio = int(row.group(1)), int(row.group(2)), float(row.group(3))
    # newsparse parses the page too, so it executes more than the bare parse; the printed
    # ratio is the two counts divided.
    assert 0 < bare < ours
    assert ratio == pytest.approx(ours / bare, abs=0.01)


def test_generic_quick_scores_newsparse_beside_trafilatura(corpus: Path) -> None:
    output = run_script("bench_generic.py", "--quick", corpus=corpus)
    assert "20 pages of" in output
    row = re.search(r"^\| newsparse generic \| " + r" \| ".join([NUMBER] * 4) + r" \| (\d+) \|", output, re.M)
    assert row, output
    precision, recall, accuracy, f1 = (float(row.group(i)) for i in range(1, 5))
    assert all(0 < value <= 1 for value in (precision, recall, accuracy, f1))
    # trafilatura runs in the same process when installed, and the script says so when not.
    assert re.search(r"^\| trafilatura [\d.]+ \| " + NUMBER, output, re.M) or "NOT INSTALLED" in output
    assert number_after("newsparse   odd", output) >= 0
    assert re.search(r"titles: \d+ of \d+ equal", output) and re.search(r"dates: +\d+ of \d+", output)


def test_generic_scores_the_words_of_embedded_posts_at_their_place() -> None:
    # The set's snippets count a tweet quoted in a story as its text; newsparse keeps the
    # post as an embed block, whose words article.text leaves out.
    spec = importlib.util.spec_from_file_location("bench_generic", BENCHMARKS / "bench_generic.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # dataclasses look their module up while the class is made
    spec.loader.exec_module(bench)
    html = (ROOT / "fixtures" / "generic" / "social-embeds.html").read_text(encoding="utf-8")
    article = newsparse.parse(html, url="https://courier.valley.example/a", extractor="generic")
    lines = bench.body_text(article).splitlines()
    posts = [embed.text for embed in article.embeds if embed.text]
    assert len(posts) == 4 and all(post in lines for post in posts)
    assert [line for line in lines if line not in posts] == article.text.splitlines()
    tweet = lines.index(posts[0])
    assert lines[tweet - 1].endswith("posted the first picture of the night:")


def test_generic_without_the_development_set_says_so(tmp_path: Path) -> None:
    output = run_script("bench_generic.py", "--quick", corpus=tmp_path / "absent")
    assert "no development set" in output


SCRIPTS = [
    "bench_speed.py",
    "bench_memory.py",
    "bench_jobs.py",
    "profile_parse.py",
    "bench_instructions.py",
    "bench_generic.py",
]


@pytest.mark.parametrize("script", SCRIPTS)
def test_scripts_document_how_to_run_them(script: str) -> None:
    output = run_script(script, "--help")
    assert "Run from the project root" in output
