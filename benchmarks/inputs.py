"""The pages every benchmark runs on: the seed, the corpus pages and Simorgh pages.

The seed (``fixtures/bbc-zhongwen/seed-world-59666831.txt``) is in the repository and is
always used. The reference corpus is third-party data that is never committed: it is
found through ``NEWSPARSE_CORPUS`` (default ``../shared/corpus`` from the project root,
the same setting the tests use) and its pages are skipped, with a message, where it is
absent. Simorgh pages are built in memory from BBC's own page data
(``simorgh/zhongwen-data/cpsAssets/**.json``) by the tests' own builder
(``tests/bbc_pages.py``): the data as ``window.SIMORGH_DATA = {"pageData": ...}`` in a
script element and the JSON-LD ``@graph`` Simorgh prints, as on a real page; one article
of each other World Service site's data (``simorgh/<site>-data``) is built the same way.
"""

from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "bbc-zhongwen" / "seed-world-59666831.txt"

#: Where each corpus page was published (from the corpus README); passed as ``url`` the
#: way a crawler would, so the benchmark exercises the same extractor choice as real use.
CORPUS_PAGE_URLS: dict[str, str] = {
    "zh_legacy_2012_121210_hongkong_politics.goose3.html": (
        "http://www.bbc.co.uk/zhongwen/simp/chinese_news/2012/12/121210_hongkong_politics.shtml"
    ),
    "my_legacy_2018_burma-45989453.newspaper4k.html": "https://www.bbc.com/burmese/burma-45989453",
    "en_trafilatura_2020_news-world-us-canada-52241221.html": (
        "https://www.bbc.com/news/world-us-canada-52241221"
    ),
    "en_readability_2015_news-world-us-canada-33646704.html": (
        "http://www.bbc.com/news/world-us-canada-33646704"
    ),
    "en_cheer-reader_2021_news-stories-57520169.html": "https://www.bbc.com/news/stories-57520169",
    "en_aulawrence_2020_news-technology-55133141.html": "https://www.bbc.com/news/technology-55133141",
    "en_fundus_2024-07-25_sport-cricket-articles-c4n1l6wx98go.html": (
        "https://www.bbc.co.uk/sport/cricket/articles/c4n1l6wx98go"
    ),
    "en_fundus_2024-08-01_news-explainers-63159607.html": "https://www.bbc.com/news/explainers-63159607",
    "en_fundus_2026-04-25_news-articles-clymn8zyrp9o.html": "https://www.bbc.com/news/articles/clymn8zyrp9o",
}

#: The Simorgh page types issue 3 names: story, photo gallery, media asset (video) page.
SIMORGH_TYPES = frozenset({"STY", "PGL", "MAP"})


@dataclass(frozen=True)
class Input:
    """One benchmark input: the bytes a caller would hand to ``newsparse.parse``."""

    name: str
    kind: str  # "seed", "corpus" or "simorgh"
    data: bytes
    url: str | None


def corpus_dir() -> Path:
    """The reference corpus folder (same setting as tests/conftest.py)."""
    return Path(os.environ.get("NEWSPARSE_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()


def seed_input() -> Input:
    """The user's sample; its capture envelope carries the URL and the crawl time."""
    return Input("seed-world-59666831", "seed", SEED.read_bytes(), None)


def corpus_page_inputs(corpus: Path) -> list[Input]:
    """Every ``pages/*.html`` of the corpus, with its published URL when known."""
    return [
        Input(path.stem, "corpus", path.read_bytes(), CORPUS_PAGE_URLS.get(path.name))
        for path in sorted((corpus / "pages").glob("*.html"))
    ]


def _bbc_pages() -> ModuleType:
    """The tests' Simorgh page builder (tests/bbc_pages.py), so the benchmark's Simorgh
    pages are exactly the ones the corpus tests check."""
    spec = importlib.util.spec_from_file_location(
        "newsparse_tests_bbc_pages", ROOT / "tests" / "bbc_pages.py"
    )
    if spec is None or spec.loader is None:
        raise ImportError("tests/bbc_pages.py not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def simorgh_inputs(corpus: Path) -> list[Input]:
    """One page per STY/PGL/MAP asset under ``cpsAssets``, named ``simorgh-<script>-<asset>``."""
    build = _bbc_pages().simorgh_page
    inputs: list[Input] = []
    for path in sorted((corpus / "simorgh" / "zhongwen-data" / "cpsAssets").rglob("*.json")):
        page_data = json.loads(path.read_text(encoding="utf-8"))
        metadata = page_data.get("metadata") or {}
        if metadata.get("type") not in SIMORGH_TYPES:
            continue
        script = path.parent.name  # simp or trad
        asset_uri = (metadata.get("locators") or {}).get("assetUri") or f"/zhongwen/{script}/{path.stem}"
        url = "https://www.bbc.com" + asset_uri
        lang = "zh-hant" if script == "trad" else "zh-hans"
        html = build(page_data, url=url, lang=lang).encode("utf-8")
        inputs.append(Input(f"simorgh-{script}-{path.stem}", "simorgh", html, url))
    return inputs


#: Article types of the other sites' data: stories and Optimo articles.
SERVICE_TYPES = frozenset({"STY", "article"})


def service_inputs(corpus: Path) -> list[Input]:
    """One article per World Service site whose data is in the corpus (other than
    zhongwen, measured above), named ``service-<site>-<asset>``: the same reader on pages of
    several languages and scripts, side by side."""
    build = _bbc_pages().simorgh_page
    inputs: list[Input] = []
    for folder in sorted((corpus / "simorgh").glob("*-data")):
        site = folder.name.removesuffix("-data")
        if site == "zhongwen":
            continue
        for path in sorted(folder.rglob("*.json")):
            page_data = json.loads(path.read_text(encoding="utf-8"))
            metadata = page_data.get("metadata") if isinstance(page_data, dict) else None
            if not isinstance(metadata, dict) or metadata.get("type") not in SERVICE_TYPES:
                continue
            uri = (metadata.get("locators") or {}).get("assetUri")
            relative = path.relative_to(folder).as_posix().removesuffix(".json")
            url = f"https://www.bbc.com{uri}" if uri else f"https://www.bbc.com/{site}/{relative}"
            html = build(page_data, url=url).encode("utf-8")
            inputs.append(Input(f"service-{site}-{path.stem}", "service", html, url))
            break
    return inputs


def load_inputs(*, quick: bool = False) -> tuple[list[Input], list[str]]:
    """The seed plus every corpus input, and messages about what was skipped.

    ``quick`` keeps one page of each kind (for smoke tests).
    """
    inputs = [seed_input()]
    notes: list[str] = []
    corpus = corpus_dir()
    if not (corpus / "README.md").is_file():
        notes.append(f"corpus not found at {corpus}: corpus and Simorgh pages skipped (set NEWSPARSE_CORPUS)")
        return inputs, notes
    pages = corpus_page_inputs(corpus)
    simorgh = simorgh_inputs(corpus)
    services = service_inputs(corpus)
    if quick:
        pages = [p for p in pages if p.name.startswith("zh_")][:1] or pages[:1]
        simorgh = [s for s in simorgh if s.name.endswith("simp-world-54113945")][:1] or simorgh[:1]
        services = services[:1]
    return inputs + pages + simorgh + services, notes


def varied(data: bytes, n: int) -> bytes:
    """``data`` with a unique trailing comment, so no layer can serve a cached result."""
    return data + b"\n<!-- newsparse benchmark variant %d -->\n" % n
