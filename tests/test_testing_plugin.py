"""newsparse.testing: golden cases, field-level diffs, --update-goldens, the pytest plugin,
and the contract check, exercised with small extractors registered at run time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest

import newsparse
from newsparse import Article, Context, Extractor, Layout, Page, Paragraph, UrlRule
from newsparse.testing import (
    GoldenMismatch,
    check_contract,
    check_golden,
    diff_json,
    golden_cases,
    golden_text,
)
from newsparse.toolkit import first, select, text_of

pytest_plugins = ["pytester"]

RETRIEVED = "2024-05-02T08:30:00+00:00"


def _extract_v1(page: Page, context: Context) -> Article:
    root = first(page.tree, "article")
    assert root is not None
    context.content_root = root
    paragraphs = [Paragraph(text=text_of(p)) for p in select(root, "p")]
    return Article(title=text_of(first(root, "h1")) or None, body=paragraphs, language="zh-Hans")


class ToyExtractor(Extractor):
    """A one-layout extractor for the invented site toy.test."""

    name: ClassVar[str] = "toy-site"
    description: ClassVar[str] = "toy.test (test extractor)"
    url_rules: ClassVar[tuple[UrlRule, ...]] = (UrlRule("*.toy.test", r"/news/"),)
    layouts: ClassVar[tuple[Layout, ...]] = (
        Layout(
            name="v1",
            detect=lambda page: first(page.tree, "article") is not None,
            extract=_extract_v1,
            valid_from=date(2020, 1, 1),
        ),
    )


PAGE = (
    "<html><body><article><h1>玩具新闻</h1><p>第一段。</p><p>Second   paragraph.</p></article></body></html>"
)


@pytest.fixture
def toy() -> Iterator[type[ToyExtractor]]:
    newsparse.register(ToyExtractor)
    yield ToyExtractor
    newsparse.unregister(ToyExtractor.name)


def write_case(folder: Path, name: str, html: str = PAGE, url: str = "https://www.toy.test/news/1") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    sidecar = {"url": url, "retrieved_at": RETRIEVED}
    (folder / f"{name}.input.json").write_text(json.dumps(sidecar), encoding="utf-8")
    return page


# --- discovery -----------------------------------------------------------------------------


def test_golden_cases_finds_pages_goldens_and_orphans(tmp_path: Path) -> None:
    toy_dir = tmp_path / "toy-site"
    write_case(toy_dir, "b-story")
    write_case(toy_dir, "a-story")
    (toy_dir / "a-story.json").write_text("{}", encoding="utf-8")
    (toy_dir / "gone.json").write_text("{}", encoding="utf-8")  # its page was deleted
    (toy_dir / "notes.md").write_text("not a page", encoding="utf-8")
    write_case(tmp_path / "other", "x", url="https://other.test/")

    cases = golden_cases(tmp_path)

    assert [c.id for c in cases] == ["other/x", "toy-site/a-story", "toy-site/b-story", "toy-site/gone"]
    by_id = {c.id: c for c in cases}
    assert by_id["toy-site/a-story"].page == toy_dir / "a-story.html"
    assert by_id["toy-site/a-story"].golden == toy_dir / "a-story.json"
    assert by_id["toy-site/gone"].page is None
    # An <extractor>/ folder may be given directly: its name is the extractor.
    assert [c.id for c in golden_cases(toy_dir)] == ["toy-site/a-story", "toy-site/b-story", "toy-site/gone"]
    assert str(by_id["other/x"]) == "other/x"


def test_golden_cases_refuses_a_missing_folder_and_ambiguous_pages(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere"):
        golden_cases(tmp_path / "nowhere")
    folder = tmp_path / "toy-site"
    write_case(folder, "same")
    (folder / "same.txt").write_text(PAGE, encoding="utf-8")
    with pytest.raises(ValueError, match="two pages share the golden"):
        golden_cases(tmp_path)


# --- field-level diff ----------------------------------------------------------------------


def test_diff_names_the_changed_field_by_path() -> None:
    expected = {"title": "T", "body": [{"type": "figure", "caption": "旧的说明", "credit": "EPA"}]}
    actual = {"title": "T", "body": [{"type": "figure", "caption": "新的说明", "credit": "EPA"}]}
    assert diff_json(expected, actual) == ['body[0].caption: expected "旧的说明" got "新的说明"']


def test_diff_reports_missing_and_unexpected_keys_and_type_changes() -> None:
    lines = diff_json({"a": 1, "b": True, "c": None}, {"a": "1", "b": 1, "d": []})
    assert lines == [
        'a: expected 1 got "1"',
        "b: expected true got 1",
        "c: missing (expected null)",
        "d: unexpected key (got [])",
    ]


def test_diff_aligns_a_lost_block_instead_of_cascading() -> None:
    paragraphs = [{"type": "paragraph", "text": f"第{i}段"} for i in range(8)]
    actual = paragraphs[:3] + paragraphs[4:]
    lines = diff_json({"body": paragraphs}, {"body": actual})
    assert lines == [
        "body: expected 8 items, got 7",
        'body[3]: missing in output (expected {"type": "paragraph", "text": "第3段"})',
    ]
    extra = diff_json({"body": paragraphs}, {"body": [*paragraphs, {"type": "heading"}]})
    assert extra[1] == 'body[8]: extra in output (got {"type": "heading"})'


def test_diff_shows_a_window_around_the_first_difference_of_long_strings() -> None:
    old = "甲" * 100 + "乙" + "丙" * 100
    new = "甲" * 100 + "丁" + "丙" * 100
    (line,) = diff_json({"text": old}, {"text": new})
    assert line.startswith("text: expected …")
    assert "乙" in line and "丁" in line
    assert len(line) < 200


# --- check_golden and --update-goldens -----------------------------------------------------


def test_update_writes_readable_sorted_json_and_then_passes(tmp_path: Path, toy: type[Extractor]) -> None:
    write_case(tmp_path / "toy-site", "story")
    (case,) = golden_cases(tmp_path)

    assert check_golden(case, update=True) is True
    text = case.golden.read_text(encoding="utf-8")
    assert "玩具新闻" in text and "\\u" not in text  # Chinese stays readable
    assert text.endswith("}\n") and not text.endswith("\n\n")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    assert data["extractor"] == "toy-site" and data["layout"] == "v1"
    assert [b["text"] for b in data["body"]] == ["第一段。", "Second paragraph."]
    assert data["retrieved"] == RETRIEVED
    assert check_golden(case) is False  # compares equal
    assert check_golden(case, update=True) is False  # nothing to rewrite


def test_mismatch_lists_fields_and_the_refresh_command(tmp_path: Path, toy: type[Extractor]) -> None:
    write_case(tmp_path / "toy-site", "story")
    (case,) = golden_cases(tmp_path)
    check_golden(case, update=True)
    data = json.loads(case.golden.read_text(encoding="utf-8"))
    data["body"][1]["text"] = "Second paragraph, as it was."
    data["title"] = "旧标题"
    case.golden.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(GoldenMismatch) as failure:
        check_golden(case)

    message = str(failure.value)
    assert "golden mismatch for toy-site/story (2 differences)" in message
    assert 'body[1].text: expected "Second paragraph, as it was." got "Second paragraph."' in message
    assert 'title: expected "旧标题" got "玩具新闻"' in message
    assert 'pytest --update-goldens -k "toy-site/story"' in message
    assert '"spans"' not in message  # not a wall of JSON


def test_missing_golden_says_how_to_create_it(tmp_path: Path, toy: type[Extractor]) -> None:
    write_case(tmp_path / "toy-site", "story")
    (case,) = golden_cases(tmp_path)
    with pytest.raises(GoldenMismatch, match=r"(?s)no golden file for toy-site/story.*--update-goldens"):
        check_golden(case)
    assert not case.golden.exists()


def test_page_routed_to_another_extractor_fails_even_when_updating(
    tmp_path: Path, toy: type[Extractor]
) -> None:
    write_case(tmp_path / "toy-site", "story", url="https://elsewhere.test/news/1")
    (case,) = golden_cases(tmp_path)
    with pytest.raises(GoldenMismatch, match="routed to 'generic'"):
        check_golden(case, update=True)
    assert not case.golden.exists()


def test_orphaned_golden_fails(tmp_path: Path) -> None:
    folder = tmp_path / "toy-site"
    folder.mkdir()
    (folder / "gone.json").write_text("{}", encoding="utf-8")
    (case,) = golden_cases(tmp_path)
    with pytest.raises(GoldenMismatch, match="has no page"):
        check_golden(case)


def test_golden_text_is_the_documented_format() -> None:
    article = Article(title="标题", body=[Paragraph(text="段")], extractor="x", layout="y")
    assert golden_text(article) == (
        json.dumps(article.to_dict(), ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    )


# --- the pytest plugin, run inside a throwaway project -------------------------------------

INNER_CONFTEST = """
import newsparse
from newsparse import Article, Extractor, Paragraph, UrlRule
from newsparse.toolkit import select, text_of


class InnerExtractor(Extractor):
    name = "inner-toy"
    url_rules = (UrlRule("*.inner.test"),)

    def extract_article(self, page, context):
        paragraphs = [Paragraph(text=text_of(p)) for p in select(page.tree, "p")]
        return Article(title=text_of(page.tree.find(".//h1")), body=paragraphs, layout="only")


def pytest_configure(config):
    newsparse.register(InnerExtractor, replace=True)


def pytest_unconfigure(config):
    newsparse.unregister("inner-toy")
"""

INNER_TEST = """
import pytest
from newsparse.testing import check_golden, golden_cases


@pytest.mark.parametrize("case", golden_cases("fixtures"), ids=str)
def test_golden(case, update_goldens):
    check_golden(case, update=update_goldens)
"""


def _inner_project(pytester: pytest.Pytester, ini: str = "") -> Path:
    pytester.makeconftest(INNER_CONFTEST)
    pytester.makeini(f"[pytest]\nfilterwarnings = error\n{ini}")
    folder = pytester.path / "fixtures" / "inner-toy"
    write_case(folder, "one", html="<h1>Inner</h1><p>Alpha.</p>", url="https://www.inner.test/a")
    write_case(folder, "two", html="<h1>Inner 2</h1><p>Beta.</p>", url="https://www.inner.test/b")
    return folder


def test_plugin_update_then_compare_then_report_a_field(pytester: pytest.Pytester) -> None:
    folder = _inner_project(pytester)
    pytester.makepyfile(test_inner_goldens=INNER_TEST)

    first_run = pytester.runpytest("-q")
    first_run.assert_outcomes(failed=2)
    first_run.stdout.fnmatch_lines(['*pytest --update-goldens -k "inner-toy/one"*'])

    update = pytester.runpytest("-q", "--update-goldens")
    update.assert_outcomes(passed=2)
    update.stdout.fnmatch_lines(["*newsparse: golden files written*", "*inner-toy/one.json", "*git diff*"])
    assert (folder / "two.json").is_file()

    pytester.runpytest("-q").assert_outcomes(passed=2)

    (folder / "two.html").write_text("<h1>Inner 2</h1><p>Gamma.</p>", encoding="utf-8")
    drifted = pytester.runpytest("-q")
    drifted.assert_outcomes(passed=1, failed=1)
    drifted.stdout.fnmatch_lines(['*body[[]0[]].text: expected "Beta." got "Gamma."*'])
    # The suggested -k expression selects exactly that test.
    only = pytester.runpytest("-q", "-k", "inner-toy/two", "--update-goldens")
    only.assert_outcomes(passed=1, deselected=1)


def test_plugin_collects_pages_named_by_the_ini_option(pytester: pytest.Pytester) -> None:
    folder = _inner_project(pytester, ini="newsparse_fixtures = fixtures\ntestpaths = fixtures\n")

    collected = pytester.runpytest("--collect-only", "-q")
    collected.stdout.fnmatch_lines(
        ["*one.html::golden[[]inner-toy/one[]]", "*two.html::golden[[]inner-toy/two[]]"]
    )

    pytester.runpytest("-q", "--update-goldens").assert_outcomes(passed=2)
    data = json.loads((folder / "one.json").read_text(encoding="utf-8"))
    data["title"] = "Changed"
    (folder / "one.json").write_text(json.dumps(data), encoding="utf-8")

    result = pytester.runpytest("-q")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(['*title: expected "Changed" got "Inner"*'])
    # The report is the diff, not a Python traceback.
    assert "def check_golden" not in result.stdout.str()


def test_plugin_shares_an_update_goldens_option_defined_elsewhere(pytester: pytest.Pytester) -> None:
    # pytest-golden, for one, defines the same option; loading both must not stop pytest.
    pytester.makepyfile(
        rival_plugin="""
def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", dest="update_goldens")
""",
        test_flag="""
def test_flag(update_goldens, request):
    assert update_goldens is request.config.getoption("update_goldens")
""",
    )
    pytester.syspathinsert()
    pytester.runpytest("-p", "rival_plugin", "-q").assert_outcomes(passed=1)
    pytester.runpytest("-p", "rival_plugin", "-q", "--update-goldens").assert_outcomes(passed=1)


# --- the contract check --------------------------------------------------------------------


def test_contract_passes_for_a_well_formed_extractor(tmp_path: Path, toy: type[Extractor]) -> None:
    write_case(tmp_path / "toy-site", "story")
    assert check_contract(["toy-site"], fixtures=tmp_path) == []


def test_contract_wants_a_fixture(tmp_path: Path, toy: type[Extractor]) -> None:
    (problem,) = check_contract(["toy-site"], fixtures=tmp_path)
    assert problem.check == "fixtures" and "no fixture page" in problem.message


def test_contract_reports_misrouted_fixtures(tmp_path: Path, toy: type[Extractor]) -> None:
    write_case(tmp_path / "toy-site", "story", url="https://www.toy.test/about")  # outside /news/
    problems = check_contract(["toy-site"], fixtures=tmp_path)
    assert [p.check for p in problems] == ["routing"]
    assert "routed to 'generic' (fallback)" in problems[0].message


def test_contract_reports_a_tie_decided_only_by_name(tmp_path: Path, toy: type[Extractor]) -> None:
    class Rival(ToyExtractor):
        name: ClassVar[str] = "toy-site-rival"

    write_case(tmp_path / "toy-site", "story")
    newsparse.register(Rival)
    try:
        problems = check_contract(["toy-site"], fixtures=tmp_path)
    finally:
        newsparse.unregister(Rival.name)
    assert [p.check for p in problems] == ["routing"]
    assert "'toy-site-rival'" in problems[0].message and "tie-break" in problems[0].message


def test_contract_checks_rules_and_layout_declarations(tmp_path: Path) -> None:
    def never(page: Page) -> bool:
        return False

    class Sloppy(ToyExtractor):
        name: ClassVar[str] = "sloppy"
        url_rules: ClassVar[tuple[UrlRule, ...]] = (UrlRule("sloppy.test", "news/"),)
        layouts: ClassVar[tuple[Layout, ...]] = (
            Layout(
                name="v1",
                detect=never,
                extract=_extract_v1,
                valid_from=date(2024, 1, 1),
                valid_until=date(2023, 1, 1),
            ),
            Layout(name="v1", detect=never, extract=_extract_v1),
        )

    newsparse.register(Sloppy)
    try:
        problems = check_contract(["sloppy", "no-such-extractor"], fixtures=tmp_path)
    finally:
        newsparse.unregister("sloppy")
    messages = [str(p) for p in problems]
    assert "sloppy: [url_rules] path pattern 'news/' can never match: URL paths start with '/'" in messages
    assert any("valid from 2024-01-01 until an earlier date" in m for m in messages)
    assert any("layout name 'v1' is used twice" in m for m in messages)
    assert any(m.startswith("no-such-extractor: [load] no extractor named") for m in messages)


def test_contract_checks_sniffing_for_pages_without_url(tmp_path: Path, toy: type[Extractor]) -> None:
    folder = tmp_path / "toy-site"
    folder.mkdir()
    (folder / "saved.html").write_text(PAGE, encoding="utf-8")  # no URL: only sniff() can route it
    problems = check_contract(["toy-site"], fixtures=tmp_path)
    assert [p.check for p in problems] == ["routing"]
    assert "no URL, by content" in problems[0].message


# --- which files are pages -----------------------------------------------------------------

ENVELOPE = "<!--1714638600000-->\n[玩具新闻](https://www.toy.test/news/1)\n------\n"


def test_notes_beside_the_pages_are_not_pages(tmp_path: Path, toy: type[Extractor]) -> None:
    folder = tmp_path / "toy-site"
    write_case(folder, "story")
    (folder / "SOURCES.txt").write_text("Pages saved from www.toy.test in May 2024.\n", encoding="utf-8")
    (folder / "README.md").write_text("# Fixtures\n", encoding="utf-8")
    (folder / "notes.txt").write_text("[see](the wiki) for how pages are saved\n", encoding="utf-8")

    assert [c.id for c in golden_cases(tmp_path)] == ["toy-site/story"]
    assert check_contract(["toy-site"], fixtures=tmp_path) == []


def test_the_page_rule(tmp_path: Path) -> None:
    from newsparse.samples import is_page_file

    files = {
        "a.html": PAGE,
        "b.HTM": PAGE,
        "c.xhtml": PAGE,
        "capture.txt": ENVELOPE + PAGE,  # a capture: the envelope comes first
        "markup.txt": "\n  " + PAGE,  # HTML saved as .txt
        "SOURCES.txt": "where the pages come from",
        "README.md": "# notes",
        "named.page": "no markup needed: a sidecar names it",
        "named.input.json": "{}",
        "a.json": "{}",
        ".hidden.html": PAGE,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    pages = sorted(name for name in files if is_page_file(tmp_path / name))
    assert pages == ["a.html", "b.HTM", "c.xhtml", "capture.txt", "markup.txt", "named.page"]


def test_check_command_skips_notes(
    tmp_path: Path, toy: type[Extractor], capsys: pytest.CaptureFixture[str]
) -> None:
    from newsparse.cli import main

    write_case(tmp_path, "story")
    (tmp_path / "SOURCES.txt").write_text("Pages saved by hand.\n", encoding="utf-8")
    main(["check", str(tmp_path), "--require", ""])
    out = capsys.readouterr().out
    assert "SOURCES" not in out and "1 page" in out


# --- pages kept outside the package --------------------------------------------------------


def _outside(tmp_path: Path) -> tuple[Path, Path]:
    """A package's fixtures (golden + sidecar, no page) and a pages folder holding the page."""
    fixtures, pages = tmp_path / "package" / "fixtures", tmp_path / "private-pages"
    write_case(pages / "toy-site", "story")
    sidecar = pages / "toy-site" / "story.input.json"
    (fixtures / "toy-site").mkdir(parents=True)
    sidecar.rename(fixtures / "toy-site" / "story.input.json")  # the sidecar ships, the page not
    return fixtures, pages


def test_pages_folder_given_as_an_argument(tmp_path: Path, toy: type[Extractor]) -> None:
    fixtures, pages = _outside(tmp_path)
    (case,) = golden_cases(fixtures, pages=pages)
    assert case.page == pages / "toy-site" / "story.html"
    assert case.inputs == fixtures / "toy-site" / "story.input.json"
    assert check_golden(case, update=True) is True
    assert case.golden == fixtures / "toy-site" / "story.json"  # the golden is in the package
    data = json.loads(case.golden.read_text(encoding="utf-8"))
    assert data["retrieved"] == RETRIEVED  # the package's sidecar was read
    assert check_golden(case) is False
    assert check_contract(["toy-site"], fixtures=fixtures, pages=pages) == []


def test_pages_folder_from_the_environment(
    tmp_path: Path, toy: type[Extractor], monkeypatch: pytest.MonkeyPatch
) -> None:
    fixtures, pages = _outside(tmp_path)
    monkeypatch.setenv("NEWSPARSE_PAGES", str(pages))
    (case,) = golden_cases(fixtures)
    assert case.page == pages / "toy-site" / "story.html"
    assert check_golden(case, update=True) is True


def test_absent_pages_skip_naming_the_page_and_the_setting(tmp_path: Path, toy: type[Extractor]) -> None:
    from newsparse.testing import PageUnavailable
    from newsparse.testing import run_case as run_under_pytest

    fixtures, _ = _outside(tmp_path)
    (case,) = golden_cases(fixtures, pages=tmp_path / "nowhere")
    assert case.page is None
    with pytest.raises(pytest.skip.Exception, match=r"page of toy-site/story not available.*nowhere.*pages="):
        check_golden(case)
    with pytest.raises(pytest.skip.Exception, match="nowhere"):
        run_under_pytest(case)
    # Outside pytest (newsparse.golden) it is an exception of its own.
    from newsparse.golden import check_golden as check_plain

    with pytest.raises(PageUnavailable, match=r"story\.html"):
        check_plain(case)


def test_a_missing_page_without_a_pages_folder_still_fails(tmp_path: Path) -> None:
    fixtures, _ = _outside(tmp_path)
    (case,) = golden_cases(fixtures)  # the sidecar alone is a case: never ignored silently
    assert case.id == "toy-site/story" and case.page is None
    with pytest.raises(GoldenMismatch, match="NEWSPARSE_PAGES"):
        check_golden(case)


def test_a_broken_sidecar_is_reported_with_or_without_its_page(tmp_path: Path, toy: type[Extractor]) -> None:
    from newsparse.errors import InputError

    fixtures, pages = _outside(tmp_path)
    sidecar = fixtures / "toy-site" / "story.input.json"
    sidecar.write_text(json.dumps({"url": "https://www.toy.test/news/1", "retreived_at": RETRIEVED}), "utf-8")
    (absent,) = golden_cases(fixtures, pages=tmp_path / "nowhere")
    with pytest.raises(GoldenMismatch, match=r"unknown keys \['retreived_at'\]"):
        check_golden(absent)
    (present,) = golden_cases(fixtures, pages=pages)
    with pytest.raises(InputError, match=r"unknown keys \['retreived_at'\]"):
        check_golden(present, update=True)


def test_collected_goldens_take_pages_from_the_ini_option(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(INNER_CONFTEST)
    pages = pytester.path / "pages" / "inner-toy"
    write_case(pages, "one", html="<h1>Inner</h1><p>Alpha.</p>", url="https://www.inner.test/a")
    (pytester.path / "fixtures" / "inner-toy").mkdir(parents=True)
    (pages / "one.input.json").rename(pytester.path / "fixtures" / "inner-toy" / "one.input.json")
    ini = "[pytest]\nfilterwarnings = error\nnewsparse_fixtures = fixtures\ntestpaths = fixtures\n"
    pytester.makeini(ini + "newsparse_pages = pages\n")
    pytester.runpytest("-q", "--update-goldens").assert_outcomes(passed=1)
    assert (pytester.path / "fixtures" / "inner-toy" / "one.json").is_file()
    pytester.runpytest("-q").assert_outcomes(passed=1)

    pytester.makeini(ini + "newsparse_pages = elsewhere\n")
    skipped = pytester.runpytest("-q", "-rs")
    skipped.assert_outcomes(skipped=1)
    skipped.stdout.fnmatch_lines(["*page of inner-toy/one not available*elsewhere*"])
