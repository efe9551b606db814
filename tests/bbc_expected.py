"""An independent reading of BBC's article JSON (Simorgh ``pageData``), for corpus tests.

Written with regular expressions and plain dict access, not the extractor's code: what
body a CPS asset's ``content.blocks`` or an Optimo article's ``content.model.blocks``
describes, as (type, what to compare) pairs in order, and the same pairs read from an
extracted Article.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from newsparse.model import Article, Figure, ListBlock, Media, Paragraph, RelatedLinks
from newsparse.toolkit.text import normalize

__all__ = ["actual_blocks", "expected_cps", "expected_optimo"]


def _meta_link(asset_id: str, meta: list[Any]) -> tuple[str, str]:
    for item in meta:
        if item["id"].endswith(asset_id):
            headlines = item["headlines"]
            return item["locators"]["href"], normalize(headlines.get("overtyped") or headlines["headline"])
    raise AssertionError(f"itemMeta {asset_id} has no metadata")


def _candy_links(text: str, meta: list[Any]) -> list[tuple[str, str]]:
    """(url, text) of every <link> and <itemMeta> in a candy_xml text, in order."""
    found: list[tuple[str, str]] = []
    for match in re.finditer(r"<link>(.*?)</link>|<itemMeta>(.*?)</itemMeta>", text, flags=re.S):
        if match.group(2) is not None:
            found.append(_meta_link(match.group(2).strip(), meta))
            continue
        inner = match.group(1)
        caption = re.search(r"<caption>(.*?)</caption>", inner, flags=re.S)
        hrefs = re.findall(r'<url href="([^"]+)"(?: platform="(\w+)")?', inner)
        href = next((h for h, platform in hrefs if platform == "highweb"), hrefs[0][0])
        found.append(
            (html.unescape(href), normalize(html.unescape(re.sub(r"<[^>]+>", "", caption.group(1)))))
        )
    return found


def _candy_text(block: Mapping[str, Any]) -> str:
    text = block["text"]
    if block.get("markupType") != "candy_xml" and "</link>" not in text:
        return normalize(html.unescape(text))
    text = re.sub(r"<altText>.*?</altText>", "", text, flags=re.S)
    text = re.sub(
        r"<itemMeta>(.*?)</itemMeta>", lambda m: _meta_link(m.group(1), block.get("meta", []))[1], text
    )
    return normalize(html.unescape(re.sub(r"<[^>]+>", "", text)))


def expected_cps(blocks: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """The body the JSON describes: (type, what to compare) per block, in order."""
    out: list[tuple[str, Any]] = []
    for block in blocks:
        kind = block["type"]
        if kind == "paragraph":
            out.append(("paragraph", _candy_text(block)))
        elif kind in ("crosshead", "heading", "subheading"):
            out.append(("heading", _candy_text(block)))
        elif kind == "image":
            out.append(("figure", (_clean(block.get("caption")), _clean(block.get("copyrightHolder")))))
        elif kind == "media":
            out.append(("media", block["versions"][0]["versionId"]))
        elif kind == "list":
            # Runs: linked items make a related_links block, plain items a list block.
            runs: list[tuple[str, list[Any]]] = []
            for item in block["items"]:
                links = _candy_links(item["text"], item.get("meta", []))
                run_kind, values = ("related_links", links) if links else ("list", [_candy_text(item)])
                if runs and runs[-1][0] == run_kind:
                    runs[-1][1].extend(values)
                else:
                    runs.append((run_kind, list(values)))
            out.extend(runs)
        elif kind == "social_embed" and block.get("source") == "youtube":
            out.append(("media", block["id"]))
        elif kind in ("include", "social_embed", "legacyMedia"):
            pass  # content that loads with JavaScript: not in the body (a warning says so)
        else:
            raise AssertionError(f"corpus asset has a block type this test does not know: {kind}")
    return out


def _clean(value: Any) -> str | None:
    return normalize(html.unescape(value)) or None if isinstance(value, str) else None


def _texts(block: Mapping[str, Any]) -> str:
    """All leaf text under an Optimo block, concatenated."""
    model = block.get("model", {})
    children = model.get("blocks")
    if isinstance(children, list) and children:
        return "".join(_texts(child) for child in children)
    text = model.get("text")
    return text if isinstance(text, str) else ""


def _child(block: Mapping[str, Any], kind: str) -> Mapping[str, Any] | None:
    for child in block.get("model", {}).get("blocks", []):
        if child.get("type") == kind:
            return child
        found = _child(child, kind)
        if found is not None:
            return found
    return None


def expected_optimo(blocks: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """The body an Optimo article's blocks describe."""
    out: list[tuple[str, Any]] = []
    for block in blocks:
        kind = block["type"]
        if kind == "headline":
            continue
        if kind == "text":
            for paragraph in block["model"]["blocks"]:
                out.append(("paragraph", normalize(_texts(paragraph))))
        elif kind == "subheadline":
            out.append(("heading", normalize(_texts(block))))
        elif kind == "image":
            raw = _child(block, "rawImage")
            caption = _child(block, "caption")
            assert raw is not None
            paragraphs = caption["model"]["blocks"][0]["model"]["blocks"] if caption else []
            text = " ".join(normalize(_texts(p)) for p in paragraphs) or None
            out.append(("figure", (text, _clean(raw["model"].get("copyrightHolder")))))
        elif kind in ("video", "audio"):
            meta = _child(block, "aresMediaMetadata")
            assert meta is not None
            versions = meta["model"].get("versions") or []
            out.append(("media", versions[0]["versionId"] if versions else meta["model"]["id"]))
        else:
            raise AssertionError(f"corpus article has a block type this test does not know: {kind}")
    return out


def actual_blocks(article: Article) -> list[tuple[str, Any]]:
    actual: list[tuple[str, Any]] = []
    for block in article.body:
        if isinstance(block, Paragraph):
            actual.append(("paragraph", block.text))
        elif isinstance(block, Figure):
            actual.append(("figure", (block.caption, block.credit)))
        elif isinstance(block, Media):
            actual.append(("media", block.media_id))
        elif isinstance(block, RelatedLinks):
            actual.append(("related_links", [(link.url, link.text) for link in block.links]))
        elif isinstance(block, ListBlock):
            actual.append(("list", list(block.items)))
        else:
            actual.append((block.type, getattr(block, "text", None)))
    return actual
