"""The three kinds of input a batch consumes, each naming its ``source``.

- :class:`InputItem` — a page to parse, given by a path (read lazily, in the worker that
  parses it) or by its bytes/text, with optional url, retrieval time and encoding hint;
- :class:`SkippedInput` — an input that is not a page (an image in a WARC, an HTTP
  redirect) and was left out on purpose; it is counted, never silently dropped;
- :class:`BrokenInput` — an input that could not even be read (a missing file, a corrupt
  WARC record); it becomes a per-item error.

They live below both readers that make them (:mod:`newsparse.inputs` for paths and
:mod:`newsparse.warc` for WARC files), so neither reader imports the other's types.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import IO, AnyStr, TypeAlias

import attrs

from newsparse.errors import InputError, LimitExceededError, NewsparseError

__all__ = ["BrokenInput", "Input", "InputItem", "SkippedInput", "read_limited"]


def read_limited(stream: IO[AnyStr], max_bytes: int | None, source: str | None) -> AnyStr:
    """All of ``stream``, read at most one byte past ``max_bytes``: a larger input (a 3 GB
    file, ``/dev/zero``, an endless pipe) is refused with :class:`LimitExceededError` naming
    the limit, and never sits whole in memory. (A text stream is measured in characters,
    each at least one byte.)"""
    if max_bytes is None:
        return stream.read()
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LimitExceededError(
            f"input is over the max_bytes limit of {max_bytes} (reading stopped there)",
            limit="max_bytes",
            value=max_bytes,
            source=source,
        )
    return data


@attrs.frozen(kw_only=True)
class InputItem:
    """One page to parse.

    Give either ``path`` (read when the item is parsed, so a worker process reads its own
    files) or ``data`` (the page as bytes or text). ``url``, ``retrieved_at`` and
    ``encoding`` are the parse hints of :func:`newsparse.parse`; a capture envelope in
    the page fills ``url`` and ``retrieved_at`` when they are not given.
    """

    #: Names the input in results and error messages.
    source: str
    path: Path | None = None
    data: bytes | str | None = attrs.field(default=None, repr=False)
    url: str | None = None
    retrieved_at: datetime | None = None
    encoding: str | None = None

    def __attrs_post_init__(self) -> None:
        if (self.path is None) == (self.data is None):
            raise ValueError("an InputItem needs exactly one of path and data")

    def read(self, max_bytes: int | None = None) -> bytes | str:
        """The page content; a file that cannot be read raises :class:`InputError`, one
        longer than ``max_bytes`` :class:`LimitExceededError` (read no further than that)."""
        if self.data is not None:
            return self.data
        assert self.path is not None  # guaranteed by __attrs_post_init__
        try:
            with self.path.open("rb") as file:
                return read_limited(file, max_bytes, self.source)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", source=self.source) from exc


@attrs.frozen
class SkippedInput:
    """An input that is not a page and was left out on purpose (``reason`` says why)."""

    source: str
    reason: str


@attrs.frozen
class BrokenInput:
    """An input that could not be read at all; ``error`` says why."""

    source: str
    error: NewsparseError


Input: TypeAlias = "InputItem | SkippedInput | BrokenInput"
