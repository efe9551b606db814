"""Reading web archives (WARC, plain or gzipped) as batch input. Needs the ``warc`` extra.

Each HTTP ``response`` record whose payload is HTML becomes an :class:`InputItem` with the
record's ``WARC-Target-URI`` as url, its ``WARC-Date`` as retrieval time and the charset
of its HTTP ``Content-Type`` as the decoding hint. Response records that are not pages
(images, scripts, redirects, error statuses) and ``revisit`` records become
:class:`SkippedInput`, so they are counted. Records that describe the crawl rather than
hold a page (``warcinfo``, ``request``, ``metadata`` …) are not inputs and are passed over.

A corrupt or truncated record, or one whose Content-Length does not end where the record
does, becomes a :class:`BrokenInput` naming ``path@offset``; as a WARC cannot be
resynchronised after a corrupt record, reading that file stops there. A file that holds no
WARC record at all (empty, blank, or text that warcio would take for an ARC record) is a
:class:`BrokenInput` naming the file.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from dateutil.parser import isoparse

from newsparse.errors import InputError
from newsparse.input_types import BrokenInput, Input, InputItem, SkippedInput
from newsparse.page import DEFAULT_LIMITS, Limits

__all__ = ["WarcMissingError", "iter_warc"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_READ_BLOCK = 1 << 16


class WarcMissingError(InputError):
    """A WARC file was given but the optional ``warcio`` package is not installed."""


def _archive_iterator(stream: Any, source: str) -> Any:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as exc:
        raise WarcMissingError(
            "reading WARC files needs warcio: pip install 'newsparse[warc]'", source=source
        ) from exc

    class QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
        # warcio writes this notice to stderr when a record's Content-Length does not end
        # where the record does, and counts it in err_count; iter_warc reports that record
        # as broken itself, so the notice is silenced here rather than printed twice.
        INC_RECORD = ""

    return QuietArchiveIterator(stream)


def _charset(content_type: str) -> str | None:
    """The charset named by an HTTP Content-Type, if Python knows it (else no hint)."""
    match = _CHARSET.search(content_type)
    if not match:
        return None
    try:
        codecs.lookup(match.group(1))
    except LookupError:
        return None
    return match.group(1)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = isoparse(value)
    except ValueError:
        return None
    # WARC-Date is UTC by definition (WARC 1.1, section 5.4); a zone-less value means UTC.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:64].lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta"))


def _skip_reason(record: Any) -> str | None:
    """Why a response record is not a page, or None when it should be parsed."""
    http = record.http_headers
    if http is None:
        return "response record without HTTP headers"
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        return f"HTTP status {status or 'missing'}"
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type and content_type not in _HTML_TYPES:
        return f"not HTML ({content_type})"
    return None


def _read_payload(record: Any, limits: Limits) -> bytes:
    """The decoded HTTP payload, read at most one byte past the size limit (the page
    check then names the limit) so a huge record never sits whole in memory."""
    stream = record.content_stream()
    if limits.max_bytes is None:
        return bytes(stream.read())
    return bytes(stream.read(limits.max_bytes + 1))


def _missing_bytes(record: Any) -> int:
    """How many bytes of the record's declared length the file did not hold (0 if whole)."""
    raw = record.raw_stream
    while raw.read(_READ_BLOCK):
        pass
    remaining = getattr(raw, "limit", 0)
    return remaining if isinstance(remaining, int) else 0


def _trailing_garbage(path: Path, end: int) -> bool:
    """True when something other than blank lines follows the last record read."""
    with path.open("rb") as file:
        file.seek(end)
        while block := file.read(_READ_BLOCK):
            if block.strip(b"\r\n \t"):
                return True
    return False


def iter_warc(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Input]:
    """The inputs held by one WARC file, in file order (see the module docstring)."""
    source = str(path)
    try:
        file = path.open("rb")
    except OSError as exc:
        yield BrokenInput(source, InputError(f"cannot read file: {exc.strerror or exc}", source=source))
        return
    with file:
        try:
            records = _archive_iterator(file, source)
        except InputError as exc:
            yield BrokenInput(source, exc)
            return
        end = 0
        offset = 0
        seen = 0
        try:
            for record in records:
                seen += 1
                offset = records.offset  # start of this record (set before it is consumed)
                where = f"{source}@{offset}"
                if record.format != "warc":
                    # warcio also reads the older ARC format, whose header is any line of
                    # five words, so a text file named .warc would pass for one.
                    read_as = record.format or "unknown"
                    yield _broken(where, f"not a WARC record (read as {read_as}); rest of the file not read")
                    return
                item = _record_input(record, where, limits)
                missing = _missing_bytes(record)
                end = records.get_record_offset() + records.get_record_length()
                if missing:
                    message = f"record truncated: {missing} bytes of it are missing"
                    yield BrokenInput(where, InputError(message, source=where))
                    return
                if records.err_count:
                    # Not followed by the blank lines that end a record: its Content-Length
                    # is wrong, so the payload read is not the record's (part of it, or more).
                    message = "record damaged: its Content-Length does not match where it ends"
                    yield _broken(where, f"{message}; rest of the file not read")
                    return
                if item is not None:
                    yield item
                if isinstance(item, BrokenInput):
                    return
        except Exception as exc:  # warcio raises its own and zlib/IO errors on corrupt data
            # warcio has moved its offset to where the failing record starts.
            where = f"{source}@{getattr(records, 'offset', end)}"
            detail = " ".join(str(exc).split())
            message = f"corrupt WARC data ({type(exc).__name__}: {detail}); rest of the file not read"
            yield BrokenInput(where, InputError(message, source=where))
            return
    if not seen:
        message = "not a WARC file: it holds no records (empty or only blank lines)"
        yield BrokenInput(source, InputError(message, source=source))
        return
    if _trailing_garbage(path, end):
        where = f"{source}@{end}"
        message = "unreadable data after the last complete record (truncated or corrupt WARC)"
        yield BrokenInput(where, InputError(message, source=where))


def _broken(where: str, message: str) -> BrokenInput:
    return BrokenInput(where, InputError(message, source=where))


def _record_input(record: Any, source: str, limits: Limits) -> Input | None:
    """One record as an input, or None for records that are not about a page."""
    kind = record.rec_type
    if kind is None:
        return BrokenInput(source, InputError("incomplete WARC record header (truncated?)", source=source))
    if kind == "revisit":
        return SkippedInput(source, "revisit record (no payload)")
    if kind != "response":
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    retrieved = _date(record.rec_headers.get_header("WARC-Date"))
    reason = _skip_reason(record)
    if reason is not None:
        return SkippedInput(source, reason)
    payload = _read_payload(record, limits)
    content_type = record.http_headers.get_header("Content-Type") or ""
    if not content_type and not _looks_like_html(payload[:1024]):
        return SkippedInput(source, "no Content-Type and the payload does not look like HTML")
    return InputItem(
        source=source,
        data=payload,
        url=url.strip("<> ") if url else None,
        retrieved_at=retrieved,
        encoding=_charset(content_type),
    )
