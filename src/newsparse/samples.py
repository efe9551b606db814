"""Saved pages on disk: a page file plus the optional ``<case>.input.json`` beside it.

The same layout serves golden tests (:mod:`newsparse.testing`) and drift checks
(``newsparse check``)::

    fixtures/<extractor>/<case>.html        the page (or .htm / .txt); it may start with the
                                            capture envelope <!--ms--> / [title](url) / ------
    fixtures/<extractor>/<case>.input.json  optional: {"url": ..., "retrieved_at": ...}
    fixtures/<extractor>/<case>.json        the expected Article (golden tests only)

The sidecar gives the parse inputs a page cannot carry itself; an envelope in the page
supplies them too, and the sidecar wins where both are present.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import attrs

from newsparse.errors import InputError

__all__ = ["INPUT_SUFFIX", "PAGE_SUFFIXES", "SavedPage", "find_pages", "is_page_file", "read_inputs"]

#: File suffixes that hold a page.
PAGE_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".txt")
#: Suffix of the sidecar holding a page's parse inputs.
INPUT_SUFFIX = ".input.json"
_INPUT_KEYS = frozenset({"url", "retrieved_at", "encoding"})


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
    """True for a file whose suffix marks a page (``.json`` files never are)."""
    return path.suffix.lower() in PAGE_SUFFIXES and not path.name.startswith(".")


def read_inputs(page: Path) -> SavedPage:
    """The :class:`SavedPage` for ``page``, reading its ``.input.json`` sidecar if present.

    A sidecar that is not a JSON object with only ``url``, ``retrieved_at`` (ISO 8601 with
    an offset) and ``encoding`` is an :class:`~newsparse.errors.InputError` naming the file.
    """
    saved = SavedPage(page)
    sidecar = saved.inputs_path
    if not sidecar.is_file():
        return saved
    where = str(sidecar)
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"unreadable input sidecar: {exc}", source=where) from exc
    if not isinstance(data, dict):
        raise InputError("input sidecar must hold a JSON object", source=where)
    unknown = sorted(set(data) - _INPUT_KEYS)
    if unknown:
        raise InputError(
            f"unknown keys {unknown} in input sidecar (allowed: {sorted(_INPUT_KEYS)})", source=where
        )
    for key in _INPUT_KEYS:
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
    return SavedPage(
        page, url=data.get("url") or None, retrieved_at=retrieved_at, encoding=data.get("encoding")
    )


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
