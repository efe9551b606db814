"""Golden-file tests and the extractor contract check, for plugin authors (and newsparse).

A golden case is a saved page and the Article JSON expected from it, laid out as::

    fixtures/<extractor>/<case>.html        the page (or .htm / .xhtml / a capture .txt)
    fixtures/<extractor>/<case>.input.json  optional {"url": ..., "retrieved_at": ...}
    fixtures/<extractor>/<case>.json        the expected ``article.to_dict()``

Pages that may not be shipped can live outside the package, in a pages folder with the
same ``<extractor>/<case>.html`` layout: ``golden_cases(FIXTURES, pages=DIR)``, the
``NEWSPARSE_PAGES`` environment variable, or (for collected fixtures) the
``newsparse_pages`` ini option. A case whose page is not there is skipped, the reason
naming the page and the setting.

Turn every case into a test with two lines::

    from newsparse.testing import check_golden, golden_cases

    @pytest.mark.parametrize("case", golden_cases("fixtures"), ids=str)
    def test_golden(case, update_goldens):
        check_golden(case, update=update_goldens)

or let pytest collect the pages itself by naming the folder in the pytest configuration
(``newsparse_fixtures = ["fixtures"]`` and ``fixtures`` among the paths pytest walks).

This module is also a pytest plugin, registered through the ``pytest11`` entry point: it
adds ``--update-goldens`` (rewrite the JSON files from the current output instead of
comparing; review the result with ``git diff``), the ``update_goldens`` fixture and the
``newsparse_fixtures`` and ``newsparse_pages`` ini options. A mismatch is reported field by field
(``body[3].caption: expected … got …``) with the command that refreshes the golden.

:func:`check_contract` checks the declarations of registered extractors against their
fixtures: valid name and URL rules, at least one fixture, each fixture routed to its own
extractor and no other, output valid against the JSON Schema.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from datetime import date
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest

from newsparse import golden as _golden
from newsparse.golden import (
    PAGES_ENV,
    WRITTEN,
    GoldenCase,
    GoldenMismatch,
    PageUnavailable,
    case_for,
    diff_json,
    extract_saved,
    golden_cases,
    golden_text,
    is_golden_file,
    is_input_file,
    update_command,
)
from newsparse.samples import is_page_file, read_inputs

if TYPE_CHECKING:
    from newsparse.api import Extraction
    from newsparse.extractor import Extractor

__all__ = [
    "PAGES_ENV",
    "ContractProblem",
    "GoldenCase",
    "GoldenMismatch",
    "PageUnavailable",
    "assert_contract",
    "check_contract",
    "check_golden",
    "diff_json",
    "golden_cases",
    "golden_text",
    "run_case",
    "update_command",
]

# --- golden cases under pytest -------------------------------------------------------------


def check_golden(case: GoldenCase, *, update: bool = False) -> bool:
    """Compare the case's output with its golden file, or rewrite the file when ``update``.

    :func:`newsparse.golden.check_golden` under pytest: raises :class:`GoldenMismatch`
    (a test failure) listing the differing fields and the command that refreshes the
    golden, and **skips** the test when the page is kept in a pages folder that lacks it
    (the reason names the page and the setting). Returns True when ``update`` changed the
    file.
    """
    __tracebackhide__ = True
    try:
        return _golden.check_golden(case, update=update)
    except PageUnavailable as exc:
        pytest.skip(str(exc))


def run_case(case: GoldenCase) -> Extraction:
    """Parse the case's page the way a user would (URL routing included); under pytest,
    skip when the page is kept in a pages folder that lacks it (see :func:`check_golden`)."""
    __tracebackhide__ = True
    try:
        return _golden.run_case(case)
    except PageUnavailable as exc:
        pytest.skip(str(exc))


# --- the contract check --------------------------------------------------------------------


@attrs.frozen
class ContractProblem:
    """One way an extractor breaks the contract: which extractor, which check, what."""

    extractor: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.extractor}: [{self.check}] {self.message}"


def check_contract(
    names: Iterable[str] | None = None,
    *,
    fixtures: str | PathLike[str],
    pages: str | PathLike[str] | None = None,
) -> list[ContractProblem]:
    """Check registered extractors (all, or those named) against the contract.

    For each: the name is valid and the plugin loads; every URL rule has a valid host
    pattern and a path pattern that compiles and can match a URL path; layouts have
    distinct valid names and sane validity dates; ``fixtures/<name>/`` holds at least one
    page; each page is routed to this extractor (by URL, or by sniffing for pages without
    one; ``generic`` by falling back) and not equally claimed by another; and its output
    is valid against the JSON Schema and names this extractor and one of its layouts.
    Needs the ``jsonschema`` package.

    ``pages`` (default ``$NEWSPARSE_PAGES``) is the folder of pages kept outside the
    package, as for :func:`golden_cases`; cases whose page is not available there are left
    out of the per-page checks (their golden tests skip, naming the page).
    """
    from newsparse import registry

    root = Path(fixtures)
    wanted = [entry.name for entry in registry.entries()] if names is None else list(names)
    problems: list[ContractProblem] = []
    with warnings.catch_warnings():
        # A broken plugin is reported as a problem of its own when it is checked; while
        # routing other extractors' fixtures it is just skipped.
        warnings.simplefilter("ignore", registry.PluginWarning)
        for name in wanted:
            problems.extend(_check_extractor(name, root, pages))
    return problems


def assert_contract(
    names: Iterable[str] | None = None,
    *,
    fixtures: str | PathLike[str],
    pages: str | PathLike[str] | None = None,
) -> None:
    """:func:`check_contract`, raising an AssertionError that lists every problem."""
    __tracebackhide__ = True
    problems = check_contract(names, fixtures=fixtures, pages=pages)
    if problems:
        listed = "\n".join(f"  {problem}" for problem in problems)
        raise AssertionError(f"{len(problems)} contract problem(s):\n{listed}")


def _check_extractor(name: str, root: Path, pages: str | PathLike[str] | None) -> Iterator[ContractProblem]:
    from newsparse import registry
    from newsparse.errors import ExtractorLoadError, ExtractorNotFoundError

    def problem(check: str, message: str) -> ContractProblem:
        return ContractProblem(name, check, message)

    if not registry.NAME_RE.match(name):
        yield problem("name", f"invalid name {name!r} (lower-case letters, digits, '-', '_', '.')")
        return
    try:
        extractor = registry.get(name)
    except (ExtractorLoadError, ExtractorNotFoundError) as exc:
        yield problem("load", str(exc))
        return
    yield from (problem("url_rules", m) for m in _url_rule_problems(extractor))
    yield from (problem("layouts", m) for m in _layout_problems(extractor))
    folder = root / name
    try:
        found = golden_cases(folder, pages=pages) if folder.is_dir() else []
    except ValueError as exc:  # two pages for one case
        yield problem("fixtures", str(exc))
        return
    cases = [case for case in found if case.extractor == name]
    available = [case for case in cases if case.page is not None]
    kept_elsewhere = any(case.pages is not None for case in cases)
    if not available and not (cases and kept_elsewhere):
        yield problem("fixtures", f"no fixture page in {folder} (add <case>.html and its <case>.json)")
        return
    for case in available:
        for check, message in _fixture_problems(extractor, case):
            yield problem(check, message)


def _url_rule_problems(extractor: Extractor) -> Iterator[str]:
    # Host syntax and path regex syntax are validated when a UrlRule is built (at import);
    # what remains is a path that compiles but cannot match, since re.match anchors at the
    # start of the path and every path begins with "/".
    for rule in extractor.url_rules:
        if rule.path[:1].isalnum():
            yield f"path pattern {rule.path!r} can never match: URL paths start with '/'"


def _layout_problems(extractor: Extractor) -> Iterator[str]:
    from newsparse import registry

    seen: set[str] = set()
    for layout in extractor.layouts:
        if not registry.NAME_RE.match(layout.name):
            yield f"invalid layout name {layout.name!r}"
        if layout.name in seen:
            yield f"layout name {layout.name!r} is used twice"
        seen.add(layout.name)
        if not (callable(layout.detect) and callable(layout.extract)):
            yield f"layout {layout.name!r}: detect and extract must be callables"
        for when in (layout.valid_from, layout.valid_until):
            if when is not None and not isinstance(when, date):
                yield f"layout {layout.name!r}: validity dates must be datetime.date objects"
        if (
            isinstance(layout.valid_from, date)
            and isinstance(layout.valid_until, date)
            and layout.valid_from > layout.valid_until
        ):
            yield f"layout {layout.name!r} is valid from {layout.valid_from} until an earlier date"


def _fixture_problems(extractor: Extractor, case: GoldenCase) -> Iterator[tuple[str, str]]:
    from newsparse import registry
    from newsparse.errors import NewsparseError
    from newsparse.extractor import url_host_path
    from newsparse.page import Page
    from newsparse.schema import schema_errors

    assert case.page is not None  # only cases with a page are checked
    shown = f"{case.extractor}/{case.page.name}"
    try:
        saved = read_inputs(case.page, sidecar=case.inputs)
        fresh = Page.from_input(
            saved.read(), url=saved.url, retrieved_at=saved.retrieved_at, encoding=saved.encoding
        )
    except NewsparseError as exc:
        yield "fixtures", f"{shown}: cannot be read: {exc}"
        return
    selection = registry.select(fresh)
    urls = [u for u in (fresh.url, fresh.canonical_url) if u and url_host_path(u)]
    how = f"URL {selection.url or urls[0]}" if urls else "no URL, by content"
    if selection.extractor.name != extractor.name:
        yield (
            "routing",
            (
                f"{shown} ({how}) is routed to {selection.extractor.name!r} ({selection.reason}), "
                "not to this extractor"
            ),
        )
    elif selection.rule is not None and selection.url is not None:
        for other in registry.extractors():
            rule = other.matches_url(selection.url) if other.name != extractor.name else None
            if (
                rule is not None
                and rule.specificity == selection.rule.specificity
                and other.priority == extractor.priority
            ):
                yield (
                    "routing",
                    (
                        f"{shown} ({how}) is matched as specifically, at the same priority, by "
                        f"{other.name!r}: only the alphabetical tie-break decides; narrow a rule or "
                        "change a priority"
                    ),
                )
    elif not urls:
        for other in registry.extractors():
            if other.name not in (extractor.name, registry.GENERIC) and other.sniff(fresh):
                yield "routing", f"{shown} ({how}) is also claimed by {other.name!r}'s sniff()"
    try:
        extraction = extract_saved(saved, source=shown)
    except NewsparseError as exc:
        yield "output", f"{shown}: extraction failed: {exc}"
        return
    article = extraction.article
    for line in schema_errors(article.to_dict())[:10]:
        yield "schema", f"{shown}: {line}"
    declared = [layout.name for layout in extractor.layouts]
    if declared and article.extractor == extractor.name and article.layout not in declared:
        yield "output", f"{shown}: layout {article.layout!r} is not one of the declared layouts {declared}"


# --- the pytest plugin ---------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-goldens`` and the ``newsparse_fixtures`` and ``newsparse_pages`` ini options."""
    group = parser.getgroup("newsparse", "newsparse golden files")
    # Another plugin (pytest-golden, a conftest) may already define --update-goldens. This
    # plugin is loaded in every pytest run and must never be the reason pytest cannot
    # start, so it then shares that option (see _updating) instead of adding its own.
    if not _option_taken(parser, "--update-goldens"):
        group.addoption(
            "--update-goldens",
            action="store_true",
            default=False,
            dest="newsparse_update_goldens",
            help="rewrite newsparse golden JSON files from the current output instead of comparing "
            "(then review them with git diff)",
        )
    parser.addini(
        "newsparse_pages",
        type="paths",
        default=[],
        help="folder of fixture pages kept outside the package (<extractor>/<case>.html), for "
        f"goldens collected from newsparse_fixtures (default: ${PAGES_ENV})",
    )
    parser.addini(
        "newsparse_fixtures",
        type="paths",
        default=[],
        help="newsparse fixture folders (<extractor>/<case>.html + <case>.json) whose pages "
        "are collected as golden tests when pytest walks them",
    )


def _option_taken(parser: pytest.Parser, name: str) -> bool:
    # pytest offers no public way to list options; the attributes are read defensively,
    # and a pytest that lacks them simply gets the option added.
    groups = [getattr(parser, "_anonymous", None), *getattr(parser, "_groups", ())]
    return any(name in option.names() for group in groups if group is not None for option in group.options)


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True when pytest runs with ``--update-goldens``: pass it to :func:`check_golden`."""
    return _updating(request.config)


def _updating(config: pytest.Config) -> bool:
    """Whether ``--update-goldens`` was given, whichever plugin defined the option."""
    for dest in ("newsparse_update_goldens", "update_goldens"):
        value = config.getoption(dest, default=None)
        if value is not None:
            return bool(value)
    return False


def pytest_sessionstart(session: pytest.Session) -> None:
    WRITTEN.clear()


def _ini_pages(config: pytest.Config) -> Path | None:
    """The ``newsparse_pages`` ini option (None: fall back to ``$NEWSPARSE_PAGES``)."""
    pages: list[Path] = config.getini("newsparse_pages")
    return pages[0] if pages else None


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Pages (and goldens or sidecars without a page) in a ``newsparse_fixtures`` folder
    become golden tests."""
    is_page = is_page_file(file_path)
    if not (is_page or is_golden_file(file_path) or is_input_file(file_path)):
        return None
    roots: list[Path] = parent.config.getini("newsparse_fixtures")
    for root in roots:
        if not file_path.is_relative_to(root):
            continue
        depth = len(file_path.relative_to(root).parts)
        if depth not in (1, 2):
            return None
        case = case_for(file_path, pages=_ini_pages(parent.config))
        if not is_page and case.page is not None and case.page.parent == file_path.parent:
            return None  # collected through its page
        if is_input_file(file_path) and case.golden.is_file():
            return None  # collected through its golden
        return GoldenFile.from_parent(parent, path=file_path)
    return None


class GoldenFile(pytest.File):
    """A page of a ``newsparse_fixtures`` folder, collected as one golden test."""

    def collect(self) -> Iterator[pytest.Item]:
        case = case_for(self.path, pages=_ini_pages(self.config))
        yield GoldenItem.from_parent(self, name=f"golden[{case.id}]", case=case)


class GoldenItem(pytest.Item):
    """The golden test of one case."""

    def __init__(self, *, case: GoldenCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        check_golden(self.case, update=_updating(self.config))  # skips when the page is elsewhere

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | Any:
        if isinstance(excinfo.value, GoldenMismatch):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"golden {self.case.id}"


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """After ``--update-goldens``, list the files written so they get reviewed."""
    if not (WRITTEN and _updating(config)):
        return
    terminalreporter.section("newsparse: golden files written")
    for path in WRITTEN:
        terminalreporter.write_line(str(path))
    terminalreporter.write_line("review them (git diff) before committing")
