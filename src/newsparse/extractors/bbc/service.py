"""BBC Chinese service strings: the visually hidden prefixes, player fallback texts and
onward-section hooks, for both scripts (from the zhongwen service config of 2021-12-14)."""

from __future__ import annotations

import re

__all__ = [
    "CAPTION_PREFIXES",
    "CREDIT_PREFIXES",
    "MEDIA_CAPTION_PREFIXES",
    "MEDIA_FALLBACK_TEXTS",
    "ONWARD_SECTIONS",
    "language_of",
    "variant_of",
]

#: Hidden text before an image credit ("图像来源，EPA").
CREDIT_PREFIXES: tuple[str, ...] = ("图像来源，", "圖像來源，", "图片来源，", "圖片來源，", "Image source, ")
#: Hidden text before a figure caption.
CAPTION_PREFIXES: tuple[str, ...] = (
    "图像加注文字，",
    "圖像加註文字，",
    "图片说明，",
    "圖片說明，",
    "说明文字，",
    "說明文字，",
    "Image caption, ",
)
#: Hidden text before a video or audio caption (the trad config uses 音頻加註文字 for video).
MEDIA_CAPTION_PREFIXES: tuple[str, ...] = (
    "视频加注文字，",
    "視頻加註文字，",
    "音频加注文字，",
    "音頻加註文字，",
    "说明文字，",
    "說明文字，",
    "Media caption, ",
)
#: Text a player shows when it cannot play; never content.
MEDIA_FALLBACK_TEXTS: tuple[str, ...] = (
    "你的器材不支持播放多媒体材料",
    "你的器材不支持播放多媒體材料",
    "有关内容已经不再向读者观众提供",
    "有關內容已經不再向讀者觀眾提供",
    "有关内容看来暂时不能显示",
    "有關內容暫時尚未可以為你提供",
)
#: data-e2e values of the onward sections outside the article.
ONWARD_SECTIONS: tuple[str, ...] = (
    "related-content-heading",
    "top-stories-heading",
    "features-analysis-heading",
    "recommendations-heading",
    "most-read",
)

_VARIANT = re.compile(r"/zhongwen/(?:[^?#]*/)?(simp|trad)(?:[/?#]|$)")


def variant_of(url: str | None) -> str | None:
    """``"simp"`` or ``"trad"`` from a BBC Chinese URL, else None."""
    if not url:
        return None
    match = _VARIANT.search(url)
    return match.group(1) if match else None


def language_of(variant: str | None) -> str | None:
    """BCP 47 language of a variant: zh-Hans for simp, zh-Hant for trad."""
    return {"simp": "zh-Hans", "trad": "zh-Hant"}.get(variant or "")
