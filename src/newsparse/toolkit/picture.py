"""An :class:`~newsparse.model.Image` from a ``<picture>``: every ``<source srcset>`` and the
``<img>``, with the largest candidate as the image's URL.

Responsive markup often gives no ``w`` descriptors: ``x`` densities, or bare URLs whose
size is written in the URL itself (``/800/``, ``?w=800``, ``_800x450``). Taking "the
widest ``w``" there would fall back to whatever comes first, which is usually the
smallest (the mobile source, the 1x image). This module ranks candidates by everything
the markup says about their size, in a documented order, so the choice is never the
smallest by accident. srcset splitting, URL absolutisation and proxy unwrapping are the
ones of :mod:`newsparse.toolkit.images` and :mod:`newsparse.toolkit.urls`.
"""

from __future__ import annotations

import re

import attrs
from lxml.html import HtmlElement

from newsparse.model import Image, ImageSource

# _int and _src are build_image's readers of the <img>'s size and (lazy-loading) src
# attributes: one rule for both helpers, not a copy of it here.
from newsparse.toolkit.images import image_src, parse_srcset, size_value
from newsparse.toolkit.text import normalize
from newsparse.toolkit.urls import unwrap_proxy

__all__ = ["image_from_picture", "url_width_hint"]

# Width hints written into image URLs by CDNs and CMSs, tried in this order:
_QUERY_WIDTH = re.compile(r"[?&;](?:w|width|imwidth|resize_w|wid)=(\d{2,5})(?:&|;|$|\D)", re.IGNORECASE)
_SIZE_IN_NAME = re.compile(r"[_\-/.](\d{2,5})x(?:\d{2,5})?(?=[_\-./?]|$)")  # _800x, -800x450, /800x/
_PREFIXED_WIDTH = re.compile(r"(?:^|[/,_-])w[_-](\d{2,5})(?=[/,_.?-]|$)")  # Cloudinary w_800, /w-800/
_PATH_WIDTH = re.compile(r"/(\d{2,4})(?=/)")  # ichef.bbci.co.uk/news/800/...
# A bare number in a path is a width only when it cannot be a day, a month or a year.
_PATH_WIDTH_RANGE = range(32, 5001)
_YEARS = range(1900, 2101)
# Numbers bounded as in toolkit.images: a longer run of digits is no size or density.
_MEDIA_MIN_WIDTH = re.compile(r"min-width\s*:\s*(\d{1,9}(?:\.\d{1,9})?)\s*px", re.IGNORECASE)
_X_DESCRIPTOR = re.compile(r"(?:^|,)\s*(\S+?)\s+(\d{1,4}(?:\.\d{1,9})?)x\s*(?=,|$)")


def url_width_hint(url: str) -> int | None:
    """The image width an image URL states, or None: a query parameter (``w=800``,
    ``width=800``, ``imwidth=800``), a size in the file name (``_800x``, ``-800x450``),
    a ``w_800`` / ``w-800`` segment, or a path segment that is only a number (``/800/``,
    32-5000, years excluded).
    """
    for pattern in (_QUERY_WIDTH, _SIZE_IN_NAME, _PREFIXED_WIDTH):
        match = pattern.search(url)
        if match:
            return int(match.group(1))
    path = url.split("?", 1)[0]
    for match in _PATH_WIDTH.finditer(path):
        number = int(match.group(1))
        if number in _PATH_WIDTH_RANGE and number not in _YEARS:
            return number
    return None


@attrs.frozen
class _Candidate:
    source: ImageSource
    #: The x density (1.0 when the srcset gives none).
    density: float
    #: The ``min-width`` of the ``<source media>`` it came from (0 when none).
    media_min: float
    #: Its place within its srcset (later candidates of one srcset are larger, by habit).
    position: int
    #: Declared by the ``<img>`` itself (its src, or its srcset).
    from_img: bool

    def rank(self, declared_width: int | None) -> tuple[int, float, float, int]:
        """Larger is better: a known pixel width first (``w`` descriptor, else a width
        written in the URL, else the density times the ``<img>``'s declared width), then
        the density, then the media query's minimum width, then the later position."""
        width = self.source.width or url_width_hint(self.source.url)
        if width is None and declared_width and self.density != 1.0:
            width = round(declared_width * self.density)
        return (width or 0, self.density, self.media_min, self.position)


def _densities(srcset: str, base_url: str | None) -> dict[str, float]:
    """The ``x`` descriptor of each candidate URL (as :func:`parse_srcset` returns it)."""
    found: dict[str, float] = {}
    for match in _X_DESCRIPTOR.finditer(srcset):
        parsed = parse_srcset(match.group(1), base_url=base_url)
        if parsed:
            found[parsed[0].url] = float(match.group(2))
    return found


def _srcset_candidates(
    element: HtmlElement, base_url: str | None, *, media_min: float, from_img: bool
) -> list[_Candidate]:
    srcset = element.get("srcset") or element.get("data-srcset")
    if not srcset:
        return []
    densities = _densities(srcset, base_url) if "x" in srcset else {}
    return [
        _Candidate(source, densities.get(source.url, 1.0), media_min, position, from_img)
        for position, source in enumerate(parse_srcset(srcset, base_url=base_url))
    ]


def _media_min(source: HtmlElement) -> float:
    match = _MEDIA_MIN_WIDTH.search(source.get("media") or "")
    return float(match.group(1)) if match else 0.0


def image_from_picture(element: HtmlElement, *, base_url: str | None = None) -> Image | None:
    """An :class:`Image` from a ``<picture>`` (or an element holding one, or a lone
    ``<img>``): every candidate of every ``<source srcset>`` and of the ``<img>``'s
    ``srcset``/``src`` in ``sources`` (absolute, proxy-unwrapped, page order, each URL
    once), the largest as ``url``, the ``<img>``'s ``alt``.

    The largest is the candidate with the greatest known width — its ``w`` descriptor,
    else a width written in its URL (:func:`url_width_hint`), else its ``x`` density times
    the ``<img>``'s declared ``width`` — then the greatest ``x`` density, then the source
    whose ``media`` asks for the widest screen (``min-width``), then the later one in its
    srcset (srcsets list small to large by habit). A ``<source>`` serves when the
    ``<img>`` has no ``src`` (lazy loading). ``width``/``height`` are set only when known:
    the chosen ``w`` descriptor (height scaled by the ``<img>``'s aspect ratio) or, for the
    ``<img>``'s own ``src``, its attributes. ``data-srcset``/``data-src`` are read when the
    real attributes are missing. None when no candidate has a usable URL.
    """
    picture = element if element.tag == "picture" else next(element.iter("picture"), None)
    holder = picture if picture is not None else element
    img = holder if holder.tag == "img" else next(holder.iter("img"), None)
    candidates: list[_Candidate] = []
    if picture is not None:
        for source in picture.iter("source"):
            candidates.extend(
                _srcset_candidates(source, base_url, media_min=_media_min(source), from_img=False)
            )
    declared_width = declared_height = None
    if img is not None:
        declared_width, declared_height = size_value(img.get("width")), size_value(img.get("height"))
        candidates.extend(_srcset_candidates(img, base_url, media_min=0.0, from_img=True))
        src = image_src(img, base_url)
        if src is not None:
            # The fallback src: one candidate more, of unknown density; placed first in
            # its own "srcset" so an equal-ranked srcset candidate of the img wins over it.
            candidates.append(_Candidate(ImageSource(url=unwrap_proxy(src)), 1.0, 0.0, -1, True))
    if not candidates:
        return None
    best = max(candidates, key=lambda candidate: candidate.rank(declared_width))
    width = height = None
    if best.source.width is not None:
        width = best.source.width
        if declared_width and declared_height:
            height = round(declared_height * width / declared_width)
    elif best.from_img and best.position == -1:
        width, height = declared_width, declared_height
    seen: set[str] = set()
    sources: list[ImageSource] = []
    for candidate in candidates:
        if candidate.position >= 0 and candidate.source.url not in seen:
            seen.add(candidate.source.url)
            sources.append(candidate.source)
    alt = normalize(img.get("alt")) or None if img is not None else None
    return Image(url=best.source.url, width=width, height=height, alt=alt, sources=sources)
