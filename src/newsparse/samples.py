"""Saved pages on disk: a page file plus the optional ``<case>.input.json`` beside it.

The same layout serves golden tests (:mod:`newsparse.testing`) and drift checks
(``newsparse check``)::

    fixtures/<extractor>/<case>.html        the page (or .htm / .xhtml / a capture .txt); it
                                            may start with the capture envelope
                                            <!--ms--> / [title](url) / ------
    fixtures/<extractor>/<case>.input.json  optional: {"url": ..., "retrieved_at": ...}
    fixtures/<extractor>/<case>.json        the expected Article (golden tests only)

Which files are pages is one explicit rule (:func:`is_page_file`), so notes kept beside
the pages (``SOURCES.txt``, ``README.md``) are ignored instead of failing as pages.

The sidecar gives the parse inputs a page cannot carry itself; an envelope in the page
supplies them too, and the sidecar wins where both are present.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from newsparse.errors import InputError

__all__ = [
    "INPUT_KEYS",
    "INPUT_SUFFIX",
    "PAGE_SUFFIXES",
    "TEXT_PAGE_SUFFIX",
    "SavedPage",
    "find_page",
    "find_pages",
    "is_page_file",
    "read_inputs",
    "read_sidecar",
]

#: File suffixes that always hold a page (case-blind).
PAGE_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".xhtml")
#: A ``.txt`` file is a page only when it starts like one (see :func:`is_page_file`).
TEXT_PAGE_SUFFIX = ".txt"
#: Suffix of the sidecar holding a page's parse inputs.
INPUT_SUFFIX = ".input.json"
#: The keys a sidecar may hold.
INPUT_KEYS = frozenset({"url", "retrieved_at", "encoding"})
# How much of a .txt file is read to tell a page from a note.
_SNIFF_BYTES = 4096


@attrs.frozen
class SavedPage:
    """A page file and the parse inputs from its sidecar (each None when not given)."""

    path: Path
    url: str | None = None
    retrieved_at: datetime | None = None
    encoding: str | None = None

    @property
    def stem(self) -> str:
        """The case name: the file name without its page suffix."""
        return self.path.name[: -len(self.path.suffix)]

    @property
    def inputs_path(self) -> Path:
        """Where this page's sidecar is (or would be)."""
        return self.path.with_name(self.stem + INPUT_SUFFIX)

    def read(self) -> bytes:
        """The page's bytes; an unreadable file is an :class:`~newsparse.errors.InputError`."""
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", source=str(self.path)) from exc


def is_page_file(path: Path) -> bool:
    """Whether ``path`` is a saved page. The rule, in order:

    - hidden files (``.name``) and ``.json`` files (goldens, sidecars) never are;
    - ``.html``, ``.htm`` and ``.xhtml`` files always are;
    - a file named by a sidecar — ``<case>.<ext>`` beside ``<case>.input.json`` — is;
    - a ``.txt`` file is when its text starts with a capture envelope (``<!--ms-->`` or
      ``[title](url)``) or with markup (``<``, after blank space);
    - nothing else is: a ``SOURCES.txt`` note or a ``README.md`` beside the pages is ignored.
    """
    name = path.name
    suffix = path.suffix.lower()
    if name.startswith(".") or suffix == ".json" or not suffix:
        return False
    if suffix in PAGE_SUFFIXES:
        return True
    stem = name[: -len(path.suffix)]
    if path.with_name(stem + INPUT_SUFFIX).is_file():
        return True
    return suffix == TEXT_PAGE_SUFFIX and _starts_like_a_page(path)


def _starts_like_a_page(path: Path) -> bool:
    from newsparse.page import read_envelope

    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    return text.lstrip().startswith("<") or read_envelope(text) is not None


def find_page(folder: Path, stem: str, *, named: bool = False) -> Path | None:
    """The page file of case ``stem`` in ``folder`` (``<stem>.html`` …), or None.

    With ``named`` (the case has a sidecar, perhaps kept elsewhere) any ``<stem>.<ext>``
    that is not JSON or hidden is the page, as :func:`is_page_file` rules for a file named
    by a sidecar. Two candidates are a ``ValueError``: the case would be ambiguous.
    """
    if not folder.is_dir():
        return None
    found = sorted(
        p
        for p in folder.glob(f"{_glob_escape(stem)}.*")
        if p.is_file()
        and p.name[: -len(p.suffix)] == stem
        and (is_page_file(p) or (named and p.suffix.lower() != ".json" and not p.name.startswith(".")))
    )
    if len(found) > 1:
        raise ValueError(f"two pages for the case {stem!r} in {folder}: {', '.join(p.name for p in found)}")
    return found[0] if found else None


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def read_inputs(page: Path, *, sidecar: Path | None = None) -> SavedPage:
    """The :class:`SavedPage` for ``page``, reading its ``.input.json`` sidecar if present.

    The sidecar is ``<case>.input.json`` beside the page, or ``sidecar`` when given (a
    golden case whose page is kept outside the package has its sidecar beside the golden).
    A sidecar that is not a JSON object with only ``url``, ``retrieved_at`` (ISO 8601 with
    an offset) and ``encoding`` is an :class:`~newsparse.errors.InputError` naming the file.
    """
    saved = SavedPage(page)
    if sidecar is None or not sidecar.is_file():
        sidecar = saved.inputs_path
    if not sidecar.is_file():
        return saved
    data = read_sidecar(sidecar)
    return SavedPage(
        page,
        url=data.get("url") or None,
        retrieved_at=data.get("retrieved_at"),
        encoding=data.get("encoding"),
    )


def read_sidecar(sidecar: Path) -> dict[str, Any]:
    """The checked content of a ``<case>.input.json`` sidecar: ``url`` and ``encoding``
    (str or None) and ``retrieved_at`` (an aware datetime or None).

    A sidecar that is not a JSON object with only those keys, ``retrieved_at`` in ISO 8601
    with an offset, is an :class:`~newsparse.errors.InputError` naming the file and the
    unknown keys.
    """
    where = str(sidecar)
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"unreadable input sidecar: {exc}", source=where) from exc
    if not isinstance(data, dict):
        raise InputError("input sidecar must hold a JSON object", source=where)
    unknown = sorted(set(data) - INPUT_KEYS)
    if unknown:
        raise InputError(
            f"unknown keys {unknown} in input sidecar (allowed: {sorted(INPUT_KEYS)})", source=where
        )
    for key in INPUT_KEYS:
        if data.get(key) is not None and not isinstance(data[key], str):
            raise InputError(f"{key!r} must be a string", source=where)
    retrieved_at = None
    if data.get("retrieved_at"):
        try:
            retrieved_at = datetime.fromisoformat(data["retrieved_at"].replace("Z", "+00:00"))
        except ValueError as exc:
            raise InputError(f"retrieved_at is not ISO 8601: {exc}", source=where) from exc
        if retrieved_at.utcoffset() is None:
            raise InputError("retrieved_at needs a UTC offset (e.g. +00:00)", source=where)
    return {"url": data.get("url"), "retrieved_at": retrieved_at, "encoding": data.get("encoding")}


def find_pages(directory: Path, *, recursive: bool = True) -> Iterator[Path]:
    """Page files under ``directory`` in a stable (sorted) order."""
    pattern = "**/*" if recursive else "*"
    found = (
        p
        for p in directory.glob(pattern)
        if p.is_file()
        and is_page_file(p)
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )
    yield from sorted(found, key=lambda p: p.relative_to(directory).as_posix())
