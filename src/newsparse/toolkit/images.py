"""srcset parsing, best-candidate choice, and building an Image from an ``<img>``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml.html import HtmlElement

from newsparse.model import Image, ImageSource
from newsparse.toolkit.text import normalize
from newsparse.toolkit.urls import absolutize, unwrap_proxy

__all__ = ["best_candidate", "build_image", "image_src", "parse_srcset", "size_value"]

# Sizes are read only up to 9 digits (a billion pixels): a longer number is no size, and
# reading it would overflow a float or pass Python's int conversion limit (4300 digits).
_DESCRIPTOR = re.compile(r"^(\d{1,9}(?:\.\d{1,9})?)([wx])$")
_CANDIDATE_END = re.compile(r",\s+")
_LEADING_INT = re.compile(r"\s*(\d{1,9})(?!\d)")


def parse_srcset(srcset: str | None, *, base_url: str | None = None) -> tuple[ImageSource, ...]:
    """Parse a ``srcset`` attribute into sources (absolute, proxy-unwrapped URLs).

    ``width`` is the ``w`` descriptor; ``x`` descriptors and bare URLs give None. Commas
    inside URLs are handled the way browsers do: a candidate ends at ", " after a URL.
    """
    if not srcset:
        return ()
    sources: list[ImageSource] = []
    for candidate in _CANDIDATE_END.split(srcset.strip()):
        parts = candidate.strip().rstrip(",").split()
        if not parts:
            continue
        absolute = absolutize(parts[0], base_url)
        if not absolute:
            continue
        url = unwrap_proxy(absolute)
        width: int | None = None
        if len(parts) > 1:
            match = _DESCRIPTOR.match(parts[1])
            if match and match.group(2) == "w":
                number = match.group(1)
                width = int(number) if number.isdecimal() else int(float(number))
        sources.append(ImageSource(url=url, width=width))
    return tuple(sources)


def best_candidate(sources: Sequence[ImageSource]) -> ImageSource | None:
    """The widest source (the last one declared among equals); None if there is none."""
    best: ImageSource | None = None
    for source in sources:
        if best is None or (source.width or 0) >= (best.width or 0):
            best = source
    return best


def size_value(value: str | None) -> int | None:
    """A width or height as written in an attribute or metadata ("640", " 640px"): its
    leading digits, or None when there are none or more than 9 (no real size)."""
    if value is None:
        return None
    match = _LEADING_INT.match(value)
    return int(match.group(1)) if match else None


def image_src(img: HtmlElement, base_url: str | None) -> str | None:
    """The first usable of ``src``, ``data-src``, ``data-original`` (not a ``data:`` URL), absolute."""
    for attr in ("src", "data-src", "data-original"):
        value = img.get(attr)
        if value and not value.startswith("data:"):
            src = absolutize(value, base_url)
            if src:
                return src
    return None


def build_image(img: HtmlElement, *, base_url: str | None = None) -> Image | None:
    """An :class:`Image` from an ``<img>``: the largest srcset candidate (else ``src``,
    proxy-unwrapped) as ``url``, every candidate in ``sources``, width/height/alt.

    ``width``/``height`` describe the image at ``url``: for a srcset candidate, its ``w``
    descriptor and the height scaled by the ``<img>``'s declared aspect ratio; for ``src``,
    the ``<img>``'s own attributes. Lazy-loading attributes (``data-src``, ``data-srcset``)
    are read when ``src`` is a placeholder. Returns None when the element has no usable URL.
    """
    sources = parse_srcset(img.get("srcset") or img.get("data-srcset"), base_url=base_url)
    declared_width, declared_height = size_value(img.get("width")), size_value(img.get("height"))
    width, height = declared_width, declared_height
    best = best_candidate(sources)
    if best is not None and best.width is not None:
        url = best.url
        width = best.width
        height = (
            round(declared_height * best.width / declared_width)
            if declared_width and declared_height
            else None
        )
    elif src := image_src(img, base_url):  # read only when no srcset candidate has a width
        url = unwrap_proxy(src)
    elif best is not None:
        url = best.url
    else:
        return None
    alt = normalize(img.get("alt")) or None
    return Image(url=url, width=width, height=height, alt=alt, sources=sources)
