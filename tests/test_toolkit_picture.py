"""toolkit.image_from_picture: an Image from <picture><source srcset>…<img>, the largest
candidate chosen from w descriptors, widths written in URLs, x densities, media queries
and srcset order — never the smallest by accident."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest

from newsparse.toolkit import image_from_picture, url_width_hint

BASE = "https://news.example/story/1"


def _image(markup: str) -> Any:
    return image_from_picture(lxml.html.fragment_fromstring(markup), base_url=BASE)


def test_w_descriptors_across_sources_and_the_img() -> None:
    image = _image(
        '<picture><source type="image/webp" srcset="/a-320.webp 320w, /a-1280.webp 1280w">'
        '<source srcset="/a-640.jpg 640w">'
        '<img src="/a-640.jpg" width="640" height="360" alt=" Quay "></picture>'
    )
    assert image.url == "https://news.example/a-1280.webp"
    assert (image.width, image.height, image.alt) == (1280, 720, "Quay")
    assert [s.url.rsplit("/", 1)[1] for s in image.sources] == ["a-320.webp", "a-1280.webp", "a-640.jpg"]


@pytest.mark.parametrize(
    "srcset",
    [
        "https://cdn.example/news/976/x.jpg, https://cdn.example/news/320/x.jpg",
        "https://cdn.example/news/320/x.jpg, https://cdn.example/news/976/x.jpg",
        "/x.jpg?w=976, /x.jpg?w=320",
        "/x_976x549.jpg, /x_320x180.jpg",
    ],
)
def test_widths_written_in_urls_rank_candidates_without_descriptors(srcset: str) -> None:
    image = _image(f'<picture><source srcset="{srcset}"><img src="/fallback.jpg"></picture>')
    assert url_width_hint(image.url) == 976
    assert image.width is None  # a hint in a URL is not a measured width


def test_x_densities_whatever_their_order() -> None:
    image = _image('<picture><source srcset="/p@2x.jpg 2x, /p.jpg 1x"><img src="/p.jpg"></picture>')
    assert image.url == "https://news.example/p@2x.jpg"
    image = _image('<picture><img src="/p.jpg" srcset="/p.jpg 1x, /p@3x.jpg 3x, /p@2x.jpg 2x"></picture>')
    assert image.url == "https://news.example/p@3x.jpg"


def test_the_source_for_the_widest_screen_wins_when_nothing_else_tells() -> None:
    image = _image(
        '<picture><source media="(max-width: 599px)" srcset="/mobile.jpg">'
        '<source media="(min-width: 1024px)" srcset="/desktop.jpg">'
        '<source media="(min-width: 600px)" srcset="/tablet.jpg"><img src="/tablet.jpg"></picture>'
    )
    assert image.url == "https://news.example/desktop.jpg"


def test_a_lone_source_serves_when_the_img_has_no_src() -> None:
    image = _image('<picture><source srcset="/only.jpg"><img alt="x"></picture>')
    assert image.url == "https://news.example/only.jpg"
    lazy = _image(
        '<picture><source data-srcset="/l-480.jpg 480w, /l-960.jpg 960w">'
        '<img src="data:image/gif;base64,R0lGOD" width="480" height="270"></picture>'
    )
    assert (lazy.url, lazy.width, lazy.height) == ("https://news.example/l-960.jpg", 960, 540)


def test_srcset_order_decides_last_and_the_img_src_keeps_its_size() -> None:
    # No descriptor, no hint: srcsets list small to large, so the later one.
    image = _image('<picture><source srcset="/small.jpg, /big.jpg"><img src="/small.jpg"></picture>')
    assert image.url == "https://news.example/big.jpg"
    plain = _image('<figure><picture><img src="/only.jpg" width="800" height="450"></picture></figure>')
    assert (plain.url, plain.width, plain.height, plain.sources) == (
        "https://news.example/only.jpg",
        800,
        450,
        (),
    )


def test_nothing_usable_is_none() -> None:
    assert _image('<picture><source srcset=""><img src="data:image/gif;base64,AA"></picture>') is None
    assert _image("<div><p>no picture</p></div>") is None


@pytest.mark.parametrize(
    ("url", "width"),
    [
        ("https://ichef.bbci.co.uk/news/800/cpsprodpb/x.jpg", 800),
        ("https://img.example/photo.jpg?width=640&q=80", 640),
        ("https://img.example/photo.jpg?q=80&w=1200", 1200),
        ("https://res.cloudinary.example/image/upload/w_1024,c_fill/a.jpg", 1024),
        ("https://img.example/a_800x.jpg", 800),
        ("https://img.example/a-1200x675.jpg", 1200),
        ("https://img.example/2024/05/31/photo.jpg", None),  # a date, not a width
        ("https://img.example/photo.jpg", None),
    ],
)
def test_url_width_hints(url: str, width: int | None) -> None:
    assert url_width_hint(url) == width
