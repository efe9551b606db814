"""Golden files: a saved page and the Article JSON expected from it.

The pytest-free core of :mod:`newsparse.testing` (which re-exports everything here and
adds the pytest plugin and the contract check); ``newsparse new-plugin`` uses it to
write the sample page's golden. The fixture layout::

    fixtures/<extractor>/<case>.html        the page (or .htm / .txt, capture envelope allowed)
    fixtures/<extractor>/<case>.input.json  optional {"url": ..., "retrieved_at": ...}
    fixtures/<extractor>/<case>.json        the expected ``article.to_dict()``

A golden file is written as ``json.dumps(article.to_dict(), ensure_ascii=False,
sort_keys=True, indent=2) + "\n"``: UTF-8 with Chinese readable, stable order and
indentation, so a review is a plain ``git diff``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from newsparse.samples import INPUT_SUFFIX, SavedPage, is_page_file, read_inputs

if TYPE_CHECKING:
    from newsparse.api import Extraction
    from newsparse.model import Article

__all__ = [
    "MAX_REPORTED_DIFFERENCES",
    "WRITTEN",
    "GoldenCase",
    "GoldenMismatch",
    "case_for",
    "check_golden",
    "diff_json",
    "extract_saved",
    "golden_cases",
    "golden_text",
    "is_golden_file",
    "run_case",
    "update_command",
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


def case_for(path: Path) -> GoldenCase:
    """The case a page file or a golden JSON file belongs to (its folder names the extractor)."""
    folder = path.parent
    if is_page_file(path):
        name = path.name[: -len(path.suffix)]
        return GoldenCase(folder.name, name, path, folder / f"{name}.json")
    name = path.name[: -len(".json")]
    pages = [folder / f"{name}{suffix}" for suffix in (".html", ".htm", ".txt")]
    page = next((p for p in pages if p.is_file()), None)
    return GoldenCase(folder.name, name, page, path)


def is_golden_file(path: Path) -> bool:
    """True for ``<case>.json`` (not a ``.input.json`` sidecar, not a hidden file)."""
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
            if not (is_page_file(path) or is_golden_file(path)):
                continue
            case = case_for(path)
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
