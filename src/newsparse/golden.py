"""Golden files: a saved page and the Article JSON expected from it.

The pytest-free core of :mod:`newsparse.testing` (which re-exports everything here and
adds the pytest plugin and the contract check); ``newsparse new-plugin`` uses it to
write the sample page's golden. The fixture layout::

    fixtures/<extractor>/<case>.html        the page (or .htm / .xhtml / a capture .txt)
    fixtures/<extractor>/<case>.input.json  optional {"url": ..., "retrieved_at": ...}
    fixtures/<extractor>/<case>.json        the expected ``article.to_dict()``

Pages that may not be redistributed can be kept outside the package, in a pages folder
with the same ``<extractor>/<case>.html`` layout, named by ``golden_cases(..., pages=DIR)``
or the ``NEWSPARSE_PAGES`` environment variable (:data:`PAGES_ENV`); goldens and sidecars
stay in the package. A case whose page is not there raises :class:`PageUnavailable`,
which :mod:`newsparse.testing` turns into a pytest skip naming the page and the setting.

A golden file is written as ``json.dumps(article.to_dict(), ensure_ascii=False,
sort_keys=True, indent=2) + "\n"``: UTF-8 with Chinese readable, stable order and
indentation, so a review is a plain ``git diff``.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from newsparse.errors import InputError
from newsparse.samples import INPUT_SUFFIX, SavedPage, find_page, is_page_file, read_inputs, read_sidecar

if TYPE_CHECKING:
    from newsparse.api import Extraction
    from newsparse.model import Article

__all__ = [
    "MAX_REPORTED_DIFFERENCES",
    "PAGES_ENV",
    "WRITTEN",
    "GoldenCase",
    "GoldenMismatch",
    "PageUnavailable",
    "case_for",
    "check_golden",
    "diff_json",
    "extract_saved",
    "golden_cases",
    "golden_text",
    "is_golden_file",
    "is_input_file",
    "pages_folder",
    "run_case",
    "update_command",
]

#: How many differences a mismatch report lists before summarising the rest.
MAX_REPORTED_DIFFERENCES = 40
_SHOWN_CHARS = 70


# --- golden cases --------------------------------------------------------------------------


#: The environment variable naming the pages folder when ``golden_cases`` gets no ``pages``.
PAGES_ENV = "NEWSPARSE_PAGES"


@attrs.frozen
class GoldenCase:
    """One golden test: a page of ``extractor``'s fixture folder and its expected JSON.

    ``page`` is the page file, or None when it is not available: an orphaned golden whose
    page is gone (the check then fails, so a deleted page never silently removes its
    test), or a page kept in a pages folder that is absent (the check then skips).
    ``golden`` is where the expected JSON is (or will be written). ``pages`` is the pages
    folder searched for the page when it is not beside the golden (None: none was set),
    and ``pages_setting`` says how it was set (``NEWSPARSE_PAGES``, ``pages=``), for
    messages. The parse inputs come from :attr:`inputs`, beside the golden, when present.
    """

    extractor: str
    name: str
    page: Path | None
    golden: Path
    pages: Path | None = None
    pages_setting: str = ""

    @property
    def id(self) -> str:
        """``<extractor>/<case>``: the test id, and what ``-k`` selects."""
        return f"{self.extractor}/{self.name}"

    @property
    def inputs(self) -> Path:
        """Where the case's ``<case>.input.json`` sidecar is (or would be), beside the golden."""
        return self.golden.with_name(self.name + INPUT_SUFFIX)

    def __str__(self) -> str:
        return self.id


class PageUnavailable(FileNotFoundError):
    """The case's page is kept in a pages folder that does not hold it (or is absent).

    :mod:`newsparse.testing` turns it into a pytest skip; the message names the page
    looked for and the setting that named the folder.
    """


def pages_folder(pages: str | PathLike[str] | None = None) -> tuple[Path | None, str]:
    """The pages folder and how it was set: ``pages`` if given, else ``$NEWSPARSE_PAGES``."""
    if pages is not None and str(pages) != "":
        return Path(pages), "pages="
    from_env = os.environ.get(PAGES_ENV, "")
    if from_env:
        return Path(from_env), f"the {PAGES_ENV} environment variable"
    return None, ""


def _case_name(path: Path) -> str:
    if path.name.endswith(INPUT_SUFFIX):
        return path.name[: -len(INPUT_SUFFIX)]
    return path.name[: -len(path.suffix)]


def case_for(path: Path, *, pages: str | PathLike[str] | None = None) -> GoldenCase:
    """The case a page, golden JSON or input sidecar belongs to (its folder names the
    extractor). A page not beside the golden is looked for in the pages folder
    (:func:`pages_folder`: ``pages`` or ``$NEWSPARSE_PAGES``), as ``<extractor>/<case>.*``."""
    folder = path.parent
    name = _case_name(path)
    root, setting = pages_folder(pages)
    golden = folder / f"{name}.json"
    if is_page_file(path):
        return GoldenCase(folder.name, name, path, golden, root, setting)
    named = (folder / f"{name}{INPUT_SUFFIX}").is_file()
    try:
        page = find_page(folder, name, named=named)
        if page is None and root is not None:
            page = find_page(root / folder.name, name, named=named)
    except ValueError as exc:
        raise ValueError(f"two pages share the golden {golden} ({exc})") from None
    return GoldenCase(folder.name, name, page, golden, root, setting)


def is_golden_file(path: Path) -> bool:
    """True for ``<case>.json`` (not a ``.input.json`` sidecar, not a hidden file)."""
    return path.suffix == ".json" and not path.name.endswith(INPUT_SUFFIX) and not path.name.startswith(".")


def is_input_file(path: Path) -> bool:
    """True for a ``<case>.input.json`` sidecar (not a hidden file)."""
    return path.name.endswith(INPUT_SUFFIX) and not path.name.startswith(".")


def golden_cases(
    directory: str | PathLike[str], *, pages: str | PathLike[str] | None = None
) -> list[GoldenCase]:
    """Every golden case under ``directory``, sorted by id.

    ``directory`` is either a fixtures root holding ``<extractor>/`` folders, or one
    ``<extractor>/`` folder itself: pages directly inside it belong to the extractor named
    like the folder, pages one level down to the extractor named like their subfolder.
    A page without its JSON is still a case (its check fails until the golden is written
    with ``--update-goldens``); so is a JSON file without its page, and a
    ``<case>.input.json`` without either (so no sidecar is ignored silently).

    ``pages`` (default: ``$NEWSPARSE_PAGES``) is a folder of pages kept outside the
    package, laid out as ``<extractor>/<case>.html``: a case whose page is not beside its
    golden takes it from there, and :func:`check_golden` raises :class:`PageUnavailable`
    (a pytest skip under :mod:`newsparse.testing`) when it is not there either.
    Which files are pages: :func:`newsparse.samples.is_page_file`.
    """
    root = Path(directory)
    if not root.is_dir():
        raise FileNotFoundError(f"golden fixture folder not found: {root}")
    folders = [root, *sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))]
    cases: dict[str, GoldenCase] = {}
    for folder in folders:
        files = sorted(p for p in folder.iterdir() if p.is_file())
        for path in files:
            if not (is_page_file(path) or is_golden_file(path) or is_input_file(path)):
                continue
            case = case_for(path, pages=pages)
            known = cases.get(case.id)
            if known is not None and case.page is not None and known.page not in (None, case.page):
                raise ValueError(
                    f"two pages share the golden {case.golden}: {known.page.name} and {case.page.name}"
                )
            if known is None or known.page is None:
                cases[case.id] = case
    return [cases[key] for key in sorted(cases)]


def _missing_page(case: GoldenCase) -> Exception:
    """What a case without its page raises: a skip when its pages folder is elsewhere, a
    failure when there is none (a page deleted from the package must not pass silently)."""
    if case.inputs.is_file():
        try:
            read_sidecar(case.inputs)  # a broken sidecar is reported even without its page
        except InputError as exc:
            return GoldenMismatch(f"{case.id}: {exc}")
    if case.pages is None:
        return GoldenMismatch(
            f"golden {case.golden} has no page beside it (expected {case.name}.html or another "
            f"page file); restore the page or delete the golden. If the pages are kept outside "
            f"the package, name their folder with {PAGES_ENV}=DIR or golden_cases(..., pages=DIR)"
        )
    where = case.pages / case.extractor
    if not case.pages.is_dir():
        detail = f"the pages folder {case.pages} does not exist"
    else:
        detail = f"no {case.name}.* page in {where}"
    return PageUnavailable(
        f"page of {case.id} not available: {detail} (pages folder set by {case.pages_setting}); "
        f"put the page at {where / (case.name + '.html')} to run this case"
    )


def run_case(case: GoldenCase) -> Extraction:
    """Parse the case's page the way a user would (URL routing included).

    Raises :class:`PageUnavailable` when the page is kept in a pages folder that lacks it,
    ``FileNotFoundError`` when a golden has no page at all.
    """
    if case.page is None:
        problem = _missing_page(case)
        raise problem if isinstance(problem, FileNotFoundError) else FileNotFoundError(str(problem))
    saved = read_inputs(case.page, sidecar=case.inputs)
    return extract_saved(saved, source=f"{case.extractor}/{case.page.name}")


def extract_saved(saved: SavedPage, *, source: str) -> Extraction:
    """Extract a saved page with its sidecar inputs; ``source`` names it in errors."""
    from newsparse.api import extract

    # The source is relative so that nothing machine-specific can reach a golden.
    return extract(
        saved.read(), url=saved.url, retrieved_at=saved.retrieved_at, encoding=saved.encoding, source=source
    )


def golden_text(article: Article) -> str:
    """The exact text of a golden file: UTF-8 JSON, sorted keys, indent 2, final newline."""
    return json.dumps(article.to_dict(), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


# --- field-level diff ----------------------------------------------------------------------


# Keys that say what an object is come first when one is shown cut short.
_TELLING_KEYS = {key: rank for rank, key in enumerate(("type", "text", "title", "caption", "url", "level"))}


def _show(value: Any) -> str:
    if isinstance(value, dict):
        value = {
            k: value[k] for k in sorted(value, key=lambda k: (_TELLING_KEYS.get(k, len(_TELLING_KEYS)), k))
        }
    text = json.dumps(value, ensure_ascii=False)
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
    after, when the page is missing (see :func:`golden_cases` for pages kept elsewhere:
    then :class:`PageUnavailable` is raised instead) and when its ``.input.json`` is
    broken or holds unknown keys. Returns True when ``update`` changed the file.
    """
    __tracebackhide__ = True
    if case.page is None:
        raise _missing_page(case)
    extraction = run_case(case)
    article = extraction.article
    if article.extractor != case.extractor and extraction.selection.reason == "fallback-unknown-layout":
        raise GoldenMismatch(
            f"{case.page}: none of {case.extractor!r}'s layouts recognised this page, so the "
            "generic extractor read it instead; add a Layout for this design (its detect() "
            "must accept the page) or fix the detection of an existing one"
        )
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
