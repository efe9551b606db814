"""Write src/newsparse/extractors/bbc/services_data.py from the corpus's services.json.

services.json (``$NEWSPARSE_CORPUS/simorgh/services.json``, third-party data, never
committed) is a table of the strings BBC's Simorgh configs set per World Service site.
This script keeps the fields the BBC extractor reads and writes them as Python data; the
generated module is committed and reviewed like code. Run it again when the table
changes, then read the diff::

    NEWSPARSE_CORPUS=../shared/corpus python tools/gen_bbc_services.py
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "newsparse" / "extractors" / "bbc" / "services_data.py"

# BBC's English-language sites: Simorgh renders some of their pages, but their article
# URLs (www.bbc.com/news/..., /sport/...) are mostly served by other BBC apps, so the
# World Service extractor recognises them by SIMORGH_DATA only and claims no URL.
NOT_CLAIMED = frozenset({"news", "sport", "newsround", "scotland", "archive", "ws"})


def _get(mapping: Any, *keys: str) -> str:
    for key in keys:
        mapping = mapping.get(key, {}) if isinstance(mapping, dict) else {}
    return mapping.strip() if isinstance(mapping, str) else ""


def _strings(*values: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _variant(name: str, config: dict[str, Any]) -> str:
    t = config.get("translations", {})
    media = t.get("media", {})
    byline = t.get("byline", {})
    fields: dict[str, Any] = {
        "name": name,
        "lang": config["lang"],
        "datetime_locale": config.get("datetimeLocale", ""),
        "direction": config.get("dir", "ltr"),
        "brand": config.get("brandName", "").strip(),
        "updated_prefix": config.get("articleTimestampPrefix", "").strip(),
        "image_caption_prefix": config.get("imageCaptionOffscreenText", ""),
        "image_credit_prefix": config.get("imageCopyrightOffscreenText", ""),
        "video_caption_prefix": config.get("videoCaptionOffscreenText", ""),
        "audio_caption_prefix": config.get("audioCaptionOffscreenText", ""),
        "default_caption_prefix": config.get("defaultCaptionOffscreenText", ""),
        "media_fallbacks": _strings(
            _get(media, "noJs"), _get(media, "contentExpired"), _get(media, "contentNotYetAvailable")
        ),
        "media_labels": _strings(
            _get(media, "video"),
            _get(media, "audio"),
            _get(media, "photogallery"),
            _get(media, "listen"),
            _get(media, "watch"),
        ),
        "audio_labels": _strings(
            _get(media, "audio"), _get(t, "mediaAssetPage", "audioPlayer"), _get(media, "listen")
        ),
        "duration_label": _get(media, "duration"),
        "author_label": _get(byline, "author"),
        "byline_labels": _strings(
            _get(byline, "author"),
            _get(byline, "role"),
            _get(byline, "reportingFrom"),
            _get(byline, "published"),
            _get(byline, "articleInformation"),
        ),
        "section_titles": _strings(
            _get(t, "relatedContent"),
            _get(t, "topStoriesTitle"),
            _get(t, "featuresAnalysisTitle"),
            _get(t, "latestMediaTitle"),
            _get(t, "relatedTopics"),
            _get(config, "mostRead", "header"),
            _get(config, "recommendations", "header"),
        ),
        "podcast_titles": _strings(
            _get(config, "podcastPromo", "title"), _get(config, "podcastPromo", "brandTitle")
        ),
        "last_updated_label": _get(config, "mostRead", "lastUpdated"),
    }
    args = ",\n".join(f"                {key}={value!r}" for key, value in fields.items())
    return f"            Variant(\n{args},\n            )"


def main() -> int:
    corpus = Path(os.environ.get("NEWSPARSE_CORPUS", ROOT.parent / "shared" / "corpus"))
    source = corpus / "simorgh" / "services.json"
    if not source.is_file():
        print(f"{source} not found (set NEWSPARSE_CORPUS)", file=sys.stderr)
        return 1
    table = json.loads(source.read_text(encoding="utf-8"))
    out = [
        '"""The BBC World Service sites Simorgh renders, one record each (generated data).',
        "",
        "Written by tools/gen_bbc_services.py from the corpus's simorgh/services.json, the",
        "strings BBC's Simorgh service configs set; reviewed and committed as data. Edit by",
        "re-running the script, or by hand for a new service (see docs/bbc-world-service.md).",
        '"""',
        "",
        "# ruff: noqa: E501  (BBC's strings, one record per line group, as the table gives them)",
        "",
        "from __future__ import annotations",
        "",
        "from newsparse.extractors.bbc.records import Service, Variant",
        "",
        '__all__ = ["SERVICES"]',
        "",
        "# fmt: off",
        "SERVICES: tuple[Service, ...] = (",
    ]
    for service_id in sorted(table["services"]):
        variants = table["services"][service_id]["variants"]
        # Uzbek lists "default" beside "cyr", the same config: keep the named one only.
        names = [
            n
            for n in variants
            if not (
                n == "default"
                and any(o != n and variants[o]["lang"] == variants[n]["lang"] for o in variants)
            )
        ]
        body = ",\n".join(_variant(n, variants[n]) for n in names)
        claims = service_id not in NOT_CLAIMED
        out.append(
            f"    Service(\n        id={service_id!r},\n        claims_urls={claims!r},\n"
            f"        variants=(\n{body},\n        ),\n    ),"
        )
    out += [")", "# fmt: on", ""]
    TARGET.write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(table['services'])} services)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
