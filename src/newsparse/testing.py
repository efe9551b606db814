"""Golden-file tests and the extractor contract check, for plugin authors (and newsparse).

A golden case is a saved page and the Article JSON expected from it, laid out as::

    fixtures/<extractor>/<case>.html        the page (or .htm / .txt, capture envelope allowed)
    fixtures/<extractor>/<case>.input.json  optional {"url": ..., "retrieved_at": ...}
    fixtures/<extractor>/<case>.json        the expected ``article.to_dict()``

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
``newsparse_fixtures`` ini option. A mismatch is reported field by field
(``body[3].caption: expected … got …``) with the command that refreshes the golden.

:func:`check_contract` checks the declarations of registered extractors against their
fixtures: valid name and URL rules, at least one fixture, each fixture routed to its own
extractor and no other, output valid against the JSON Schema.
"""

from __future__ import annotations

import difflib
import json
import warnings
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest

from newsparse.samples import INPUT_SUFFIX, SavedPage, find_pages, is_page_file, read_inputs

if TYPE_CHECKING:
    from newsparse.api import Extraction
    from newsparse.extractor import Extractor
    from newsparse.model import Article

__all__ = [
    "ContractProblem",
    "GoldenCase",
    "GoldenMismatch",
    "assert_contract",
    "check_contract",
    "check_golden",
    "diff_json",
    "golden_cases",
    "golden_text",
    "run_case",
]

#: How many differences a mismatch report lists before summarising the rest.
MAX_REPORTED_DIFFERENCES = 40
_SHOWN_CHARS = 70


# --- golden cases --------------------------------------------------------------------------


@attrs.frozen
class GoldenCase:
    """One golden test: a page of ``extractor``'s fixture folder and its expected JSON.

    ``page`` is None for an orphaned golden whose page is gone (the check then fails, so
    a deleted page never silently removes its test).
    """

    extractor: str
    name: str
    page: Path | None
    golden: Path

    @property
    def id(self) -> str:
        """``<extractor>/<case>``: the test id, and what ``-k`` selects."""
        return f"{self.extractor}/{self.name}"

    def __str__(self) -> str:
        return self.id


def _case_for(path: Path) -> GoldenCase:
    """The case a page file or a golden JSON file belongs to."""
    folder = path.parent
    if is_page_file(path):
        name = path.name[: -len(path.suffix)]
        return GoldenCase(folder.name, name, path, folder / f"{name}.json")
    name = path.name[: -len(".json")]
    pages = [folder / f"{name}{suffix}" for suffix in (".html", ".htm", ".txt")]
    page = next((p for p in pages if p.is_file()), None)
    return GoldenCase(folder.name, name, page, path)


def _is_golden_file(path: Path) -> bool:
    return path.suffix == ".json" and not path.name.endswith(INPUT_SUFFIX) and not path.name.startswith(".")


def golden_cases(directory: str | PathLike[str]) -> list[GoldenCase]:
    """Every golden case under ``directory``, sorted by id.

    ``directory`` is either a fixtures root holding ``<extractor>/`` folders, or one
    ``<extractor>/`` folder itself: pages directly inside it belong to the extractor named
    like the folder, pages one level down to the extractor named like their subfolder.
    A page without its JSON is still a case (its check fails until the golden is written
    with ``--update-goldens``); so is a JSON file without its page.
    """
    root = Path(directory)
    if not root.is_dir():
        raise FileNotFoundError(f"golden fixture folder not found: {root}")
    folders = [root, *sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))]
    cases: dict[str, GoldenCase] = {}
    for folder in folders:
        files = sorted(p for p in folder.iterdir() if p.is_file())
        for path in files:
            if not (is_page_file(path) or _is_golden_file(path)):
                continue
            case = _case_for(path)
            known = cases.get(case.id)
            if known is not None and case.page is not None and known.page not in (None, case.page):
                raise ValueError(
                    f"two pages share the golden {case.golden}: {known.page.name} and {case.page.name}"
                )
            if known is None or known.page is None:
                cases[case.id] = case
    return [cases[key] for key in sorted(cases)]


def run_case(case: GoldenCase) -> Extraction:
    """Parse the case's page the way a user would (URL routing included)."""
    if case.page is None:
        raise FileNotFoundError(f"golden {case.golden} has no page beside it")
    saved = read_inputs(case.page)
    return _extract_saved(saved, source=f"{case.extractor}/{case.page.name}")


def _extract_saved(saved: SavedPage, *, source: str) -> Extraction:
    from newsparse.api import extract

    # The source is relative so that nothing machine-specific can reach a golden.
    return extract(
        saved.read(), url=saved.url, retrieved_at=saved.retrieved_at, encoding=saved.encoding, source=source
    )


def golden_text(article: Article) -> str:
    """The exact text of a golden file: UTF-8 JSON, sorted keys, indent 2, final newline."""
    return json.dumps(article.to_dict(), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


# --- field-level diff ----------------------------------------------------------------------


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _show_strings(expected: str, actual: str) -> tuple[str, str]:
    """Both strings, cut to a window around their first difference when long."""
    if len(expected) <= _SHOWN_CHARS and len(actual) <= _SHOWN_CHARS:
        return _show(expected), _show(actual)
    start = 0
    while start < min(len(expected), len(actual)) and expected[start] == actual[start]:
        start += 1
    begin = max(0, start - 20)

    def window(text: str) -> str:
        piece = text[begin : begin + _SHOWN_CHARS - 20]
        return (
            ("…" if begin else "")
            + json.dumps(piece, ensure_ascii=False)
            + ("…" if begin + _SHOWN_CHARS - 20 < len(text) else "")
        )

    return window(expected), window(actual)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def diff_json(expected: Any, actual: Any, path: str = "") -> list[str]:
    """The differences between two JSON values, one line per differing field.

    Lines read ``body[3].caption: expected "…" got "…"``; list items that appear or
    disappear (a paragraph split, a figure lost) are aligned with :mod:`difflib` so one
    missing block is one line, not a cascade of shifted ones.
    """
    where = path or "(top)"
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines: list[str] = []
        for key in sorted(expected.keys() | actual.keys()):
            if key not in actual:
                lines.append(f"{_join(path, key)}: missing (expected {_show(expected[key])})")
            elif key not in expected:
                lines.append(f"{_join(path, key)}: unexpected key (got {_show(actual[key])})")
            else:
                lines.extend(diff_json(expected[key], actual[key], _join(path, key)))
        return lines
    if isinstance(expected, list) and isinstance(actual, list):
        return _diff_lists(expected, actual, path)
    if expected == actual and type(expected) is type(actual):
        return []
    if isinstance(expected, str) and isinstance(actual, str):
        shown_expected, shown_actual = _show_strings(expected, actual)
        return [f"{where}: expected {shown_expected} got {shown_actual}"]
    return [f"{where}: expected {_show(expected)} got {_show(actual)}"]


def _diff_lists(expected: list[Any], actual: list[Any], path: str) -> list[str]:
    if len(expected) == len(actual):
        lines: list[str] = []
        for index, (old, new) in enumerate(zip(expected, actual, strict=True)):
            lines.extend(diff_json(old, new, f"{path}[{index}]"))
        return lines
    lines = [f"{path or '(top)'}: expected {len(expected)} items, got {len(actual)}"]
    keys_old = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in expected]
    keys_new = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in actual]
    matcher = difflib.SequenceMatcher(a=keys_old, b=keys_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for offset in range(paired):
            lines.extend(diff_json(expected[i1 + offset], actual[j1 + offset], f"{path}[{j1 + offset}]"))
        for index in range(i1 + paired, i2):
            lines.append(f"{path}[{index}]: missing in output (expected {_show(expected[index])})")
        for index in range(j1 + paired, j2):
            lines.append(f"{path}[{index}]: extra in output (got {_show(actual[index])})")
    return lines


# --- checking and updating -----------------------------------------------------------------


class GoldenMismatch(AssertionError):
    """The output differs from the golden file (the message lists the differing fields)."""


#: Golden files written by check_golden(update=True) in this process (shown by pytest).
WRITTEN: list[Path] = []


def update_command(case: GoldenCase) -> str:
    """The command that rewrites this case's golden from the current output."""
    return f'pytest --update-goldens -k "{case.id}"'


def check_golden(case: GoldenCase, *, update: bool = False) -> bool:
    """Compare the case's output with its golden file, or rewrite the file when ``update``.

    Raises :class:`GoldenMismatch` (an AssertionError, so pytest reports it as a failure)
    listing the differing fields and the command that refreshes the golden. Also fails
    when the page is routed to an extractor other than the one its folder is named
    after. Returns True when ``update`` changed the file.
    """
    __tracebackhide__ = True
    if case.page is None:
        raise GoldenMismatch(
            f"golden {case.golden} has no page beside it (expected {case.name}.html or .txt); "
            "restore the page or delete the golden"
        )
    extraction = run_case(case)
    article = extraction.article
    if article.extractor != case.extractor:
        raise GoldenMismatch(
            f"{case.page} is in the fixture folder of {case.extractor!r} but was routed to "
            f"{article.extractor!r} ({extraction.selection.reason}); check the page's URL "
            f"(capture envelope or {case.name}{INPUT_SUFFIX}) against the extractor's url_rules"
        )
    text = golden_text(article)
    if update:
        old = case.golden.read_text(encoding="utf-8") if case.golden.is_file() else None
        if old == text:
            return False
        case.golden.write_text(text, encoding="utf-8", newline="\n")
        WRITTEN.append(case.golden)
        return True
    if not case.golden.is_file():
        raise GoldenMismatch(
            f"no golden file for {case.id}: {case.golden} does not exist.\n"
            f"Write it from the current output, then review it:\n    {update_command(case)}"
        )
    try:
        expected = json.loads(case.golden.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise GoldenMismatch(f"golden {case.golden} is not valid JSON: {exc}") from None
    differences = diff_json(expected, json.loads(text))
    if differences:
        raise GoldenMismatch(_mismatch_message(case, differences))
    return False


def _mismatch_message(case: GoldenCase, differences: Sequence[str]) -> str:
    shown = list(differences[:MAX_REPORTED_DIFFERENCES])
    if len(differences) > len(shown):
        shown.append(f"… and {len(differences) - len(shown)} more")
    count = len(differences)
    return "\n".join(
        [
            f"golden mismatch for {case.id} ({count} difference{'s' if count != 1 else ''}):",
            f"  page:   {case.page}",
            f"  golden: {case.golden}",
            *(f"  {line}" for line in shown),
            "If the new output is right, refresh the golden and review it (git diff):",
            f"    {update_command(case)}",
        ]
    )


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
    names: Iterable[str] | None = None, *, fixtures: str | PathLike[str]
) -> list[ContractProblem]:
    """Check registered extractors (all, or those named) against the contract.

    For each: the name is valid and the plugin loads; every URL rule has a valid host
    pattern and a path pattern that compiles and can match a URL path; layouts have
    distinct valid names and sane validity dates; ``fixtures/<name>/`` holds at least one
    page; each page is routed to this extractor (by URL, or by sniffing for pages without
    one; ``generic`` by falling back) and not equally claimed by another; and its output
    is valid against the JSON Schema and names this extractor and one of its layouts.
    Needs the ``jsonschema`` package.
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
            problems.extend(_check_extractor(name, root))
    return problems


def assert_contract(names: Iterable[str] | None = None, *, fixtures: str | PathLike[str]) -> None:
    """:func:`check_contract`, raising an AssertionError that lists every problem."""
    __tracebackhide__ = True
    problems = check_contract(names, fixtures=fixtures)
    if problems:
        listed = "\n".join(f"  {problem}" for problem in problems)
        raise AssertionError(f"{len(problems)} contract problem(s):\n{listed}")


def _check_extractor(name: str, root: Path) -> Iterator[ContractProblem]:
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
    pages = list(find_pages(folder, recursive=False)) if folder.is_dir() else []
    if not pages:
        yield problem("fixtures", f"no fixture page in {folder} (add <case>.html and its <case>.json)")
        return
    for page in pages:
        for check, message in _fixture_problems(extractor, page, root):
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


def _fixture_problems(extractor: Extractor, path: Path, root: Path) -> Iterator[tuple[str, str]]:
    from newsparse import registry
    from newsparse.errors import NewsparseError
    from newsparse.extractor import url_host_path
    from newsparse.page import Page
    from newsparse.schema import schema_errors

    shown = path.relative_to(root).as_posix()
    try:
        saved = read_inputs(path)
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
        extraction = _extract_saved(saved, source=shown)
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
    """``--update-goldens`` and the ``newsparse_fixtures`` ini option."""
    group = parser.getgroup("newsparse", "newsparse golden files")
    group.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        dest="newsparse_update_goldens",
        help="rewrite newsparse golden JSON files from the current output instead of comparing "
        "(then review them with git diff)",
    )
    parser.addini(
        "newsparse_fixtures",
        type="paths",
        default=[],
        help="newsparse fixture folders (<extractor>/<case>.html + <case>.json) whose pages "
        "are collected as golden tests when pytest walks them",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True when pytest runs with ``--update-goldens``: pass it to :func:`check_golden`."""
    return bool(request.config.getoption("newsparse_update_goldens", default=False))


def pytest_sessionstart(session: pytest.Session) -> None:
    WRITTEN.clear()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Pages (and orphaned goldens) in a ``newsparse_fixtures`` folder become golden tests."""
    if not (is_page_file(file_path) or _is_golden_file(file_path)):
        return None
    roots: list[Path] = parent.config.getini("newsparse_fixtures")
    for root in roots:
        if not file_path.is_relative_to(root):
            continue
        depth = len(file_path.relative_to(root).parts)
        if depth not in (1, 2):
            return None
        case = _case_for(file_path)
        if _is_golden_file(file_path) and case.page is not None:
            return None  # collected through its page
        return GoldenFile.from_parent(parent, path=file_path)
    return None


class GoldenFile(pytest.File):
    """A page of a ``newsparse_fixtures`` folder, collected as one golden test."""

    def collect(self) -> Iterator[pytest.Item]:
        case = _case_for(self.path)
        yield GoldenItem.from_parent(self, name=f"golden[{case.id}]", case=case)


class GoldenItem(pytest.Item):
    """The golden test of one case."""

    def __init__(self, *, case: GoldenCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        check_golden(self.case, update=bool(self.config.getoption("newsparse_update_goldens")))

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
    if not (WRITTEN and config.getoption("newsparse_update_goldens", default=False)):
        return
    terminalreporter.section("newsparse: golden files written")
    for path in WRITTEN:
        terminalreporter.write_line(str(path))
    terminalreporter.write_line("review them (git diff) before committing")
