"""What a batch reads: turn paths, directories, globs, stdin and WARC files into input items.

Everything a batch consumes is one of the three kinds of :mod:`newsparse.input_types`
(re-exported here), each naming its ``source`` (a path, a ``path@offset`` inside a WARC
file, ``<stdin>`` …).

Expansion is lazy and streaming: a WARC file of a million records is read record by
record, and directories are walked in sorted order so output order is stable.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsparse.errors import InputError
from newsparse.input_types import BrokenInput, Input, InputItem, SkippedInput
from newsparse.page import DEFAULT_LIMITS, Limits

__all__ = [
    "DOCUMENT_SUFFIXES",
    "STDIN",
    "BrokenInput",
    "Input",
    "InputItem",
    "SkippedInput",
    "count_documents",
    "expand",
    "expand_path",
    "has_glob",
    "is_warc",
]

#: File names a directory walk picks up (case-insensitive). Explicit file arguments are
#: read whatever their name.
DOCUMENT_SUFFIXES = (".html", ".htm", ".txt", ".warc", ".warc.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
#: The source name of standard input.
STDIN = "<stdin>"




def is_warc(path: Path) -> bool:
    """True for ``*.warc`` and ``*.warc.gz`` files."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def has_glob(pattern: str) -> bool:
    """True when ``pattern`` holds glob magic (``*``, ``?``, ``[``)."""
    return glob.has_magic(pattern)


def _walk(directory: Path) -> Iterator[Path]:
    """Document files under ``directory``, recursively, in path order (as ``find | sort``
    would list them): files and subdirectories sorted together by name, so the output
    order never depends on the file system. Symlinked directories are not followed
    (no loops)."""
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.name.lower().endswith(DOCUMENT_SUFFIXES) and entry.is_file():
            yield Path(entry.path)


def expand_path(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Input]:
    """Everything one path stands for: a file, every document under a directory, the
    records of a WARC file, or the files a glob pattern matches.

    A missing path or a pattern matching nothing gives one :class:`BrokenInput`; a
    directory without documents too (an empty result must not look like success).
    """
    text = os.fspath(path)
    candidate = Path(text)
    if candidate.is_dir():
        found = False
        for file in _walk(candidate):
            found = True
            yield from _file(file, limits)
        if not found:
            message = f"no documents ({', '.join('*' + s for s in DOCUMENT_SUFFIXES)}) in this directory"
            yield BrokenInput(text, InputError(message, source=text))
        return
    if not candidate.exists() and has_glob(text):
        # glob.glob, not Path.glob: a user's pattern may be absolute, which Path.glob refuses.
        matches = sorted(glob.glob(text, recursive=True))  # noqa: PTH207
        if not matches:
            yield BrokenInput(text, InputError("no files match this pattern", source=text))
        for match in matches:
            yield from expand_path(match, limits=limits)
        return
    if not candidate.exists():
        yield BrokenInput(text, InputError("no such file or directory", source=text))
        return
    yield from _file(candidate, limits)


def count_documents(paths: Iterable[str]) -> int | None:
    """How many results :func:`expand_path` will give for ``paths`` (for a progress bar),
    or None when that is unknown before reading (a WARC file holds any number of pages)."""
    total = 0
    for text in paths:
        candidate = Path(text)
        if candidate.is_dir():
            files = list(_walk(candidate))
            if any(is_warc(file) for file in files):
                return None
            total += len(files) or 1
        elif not candidate.exists() and has_glob(text):
            matches = glob.glob(text, recursive=True)  # noqa: PTH207 (see expand_path)
            counted = count_documents(sorted(matches)) if matches else 1
            if counted is None:
                return None
            total += counted
        elif is_warc(candidate):
            return None
        else:
            total += 1
    return total


def _file(path: Path, limits: Limits) -> Iterator[Input]:
    if is_warc(path):
        # Imported here: warcio is an optional extra, needed only when a WARC is given.
        from newsparse.warc import iter_warc

        yield from iter_warc(path, limits=limits)
    else:
        yield InputItem(source=str(path), path=path)


def expand(
    items: Iterable[object],
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Input]:
    """Normalise what a caller hands to :func:`newsparse.batch.parse_many`.

    Accepts, item by item: a path (``str`` or ``os.PathLike``; directories, globs and WARC
    files are expanded), a ``(content, url)`` pair where content is the page as bytes or
    str and url may be None, or an :class:`InputItem`/:class:`SkippedInput`/
    :class:`BrokenInput` (passed through). Anything else becomes a :class:`BrokenInput`.
    """
    for index, item in enumerate(items):
        if isinstance(item, (InputItem, SkippedInput, BrokenInput)):
            yield item
        elif isinstance(item, (str, os.PathLike)):
            yield from expand_path(item, limits=limits)
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], (bytes, str)):
            content, url = item
            if url is not None and not isinstance(url, str):
                error = InputError(f"the url of item {index} must be a str, got {type(url).__name__}")
                yield BrokenInput(f"<item {index}>", error)
                continue
            source = url or f"<item {index}>"
            yield InputItem(source=source, data=content, url=url)
        else:
            source = f"<item {index}>"
            message = (
                f"cannot use an object of type {type(item).__name__} as input: give a path, "
                "a (content, url) pair or an InputItem"
            )
            yield BrokenInput(source, InputError(message, source=source))
