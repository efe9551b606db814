"""The JSON Schema of the output contract: generated from the model, shipped in sync, and
satisfied by every golden file and every corpus result."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import newsparse
from bbc_pages import simorgh_page
from conftest import FIXTURES, ROOT
from newsparse import (
    Article,
    Embed,
    Figure,
    Heading,
    Image,
    ImageSource,
    Link,
    ListBlock,
    Media,
    Paragraph,
    Quote,
    RelatedLinks,
    Span,
)
from newsparse.errors import NewsparseError
from newsparse.schema import generate_schema, load_schema, main, render_schema, schema_errors
from newsparse.testing import golden_cases

SHIPPED = ROOT / "src" / "newsparse" / "article.schema.json"


def full_article() -> Article:
    """An article with every field set and every block type, optional values included."""
    image = Image(
        url="https://img.example.test/800.jpg",
        width=800,
        height=450,
        alt="图",
        sources=[ImageSource(url="https://img.example.test/400.jpg", width=400)],
    )
    link = Link(url="https://example.test/more", text="更多")
    return Article(
        url="https://example.test/a",
        canonical_url="https://example.test/a",
        title="标题",
        language="zh-Hans",
        published=datetime(2021, 12, 15, 17, 43, tzinfo=timezone.utc),
        modified=datetime(2021, 12, 15, 18, 0, 1, 500, tzinfo=timezone(timedelta(hours=8))),
        retrieved=datetime(2021, 12, 15, 18, 13, 7, tzinfo=timezone.utc),
        authors=["记者"],
        section="国际",
        topics=["中俄关系"],
        summary="摘要",
        lead_image=image,
        body=[
            Paragraph(
                text="粗体 and a link",
                spans=[Span(text="粗体", bold=True), Span(text=" and "), Span(text="a link", href=link.url)],
            ),
            Heading(level=2, text="小标题"),
            Figure(image=image, caption="说明", credit="EPA"),
            Media(
                kind="video",
                provider="bbc",
                media_id="p0b4g7w8",
                embed_url="https://www.bbc.com/ws/av-embeds/x",
                poster=image,
                caption="视频",
                title="标题",
            ),
            RelatedLinks(title="相关", links=[link]),
            ListBlock(ordered=True, items=["一", "二"]),
            Quote(text="引语", cite="某人"),
            Embed(
                provider="instagram",
                url="https://www.instagram.com/p/x/",
                title="帖子",
                caption="说明",
                text="文字",
            ),
        ],
        related=[link],
        extractor="test",
        layout="only",
        warnings=["a warning"],
    )


def _keys(schema: dict[str, Any], defs: dict[str, Any], data: Any, path: str = "") -> list[str]:
    """Paths where the serializer's keys and the schema's required keys differ."""
    if "$ref" in schema:
        return _keys(defs[schema["$ref"].rsplit("/", 1)[1]], defs, data, path)
    for option in schema.get("oneOf", []) + schema.get("anyOf", []):
        target = defs.get(option.get("$ref", "#/").rsplit("/", 1)[1], option)
        if data is not None and target.get("properties", {}).get("type", {}).get("const") in (
            None,
            data.get("type"),
        ):
            return _keys(target, defs, data, path)
    problems: list[str] = []
    if isinstance(data, dict):
        if set(data) != set(schema["required"]):
            problems.append(f"{path}: {sorted(set(data) ^ set(schema['required']))}")
        for key, value in data.items():
            problems += _keys(schema["properties"][key], defs, value, f"{path}.{key}")
    elif isinstance(data, list) and "items" in schema:
        for index, item in enumerate(data):
            problems += _keys(schema["items"], defs, item, f"{path}[{index}]")
    return problems


def test_shipped_file_is_the_generated_schema() -> None:
    # If this fails after a model change: python -m newsparse.schema --write src/newsparse/article.schema.json
    assert SHIPPED.read_text(encoding="utf-8") == render_schema()
    assert load_schema() == generate_schema()


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_load_schema_returns_a_fresh_copy() -> None:
    load_schema()["title"] = "changed"
    assert load_schema()["title"] == "newsparse Article"


def test_schema_requires_exactly_the_keys_the_serializer_writes() -> None:
    data = full_article().to_dict()
    schema = load_schema()
    assert _keys(schema, schema["$defs"], data) == []
    assert schema_errors(data) == []
    # Every block type has its definition, discriminated by a constant "type".
    consts = [
        schema["$defs"][ref["$ref"].rsplit("/", 1)[1]]["properties"]["type"]["const"]
        for ref in schema["$defs"]["Block"]["oneOf"]
    ]
    assert consts == ["paragraph", "heading", "figure", "media", "related_links", "list", "quote", "embed"]


def test_empty_article_is_valid() -> None:
    assert schema_errors(Article(extractor="x").to_dict()) == []


def test_schema_carries_the_model_docs_and_constraints() -> None:
    schema = load_schema()
    assert "reading order" in schema["properties"]["body"]["description"]
    heading_level = schema["$defs"]["Heading"]["properties"]["level"]
    assert (heading_level["minimum"], heading_level["maximum"]) == (1, 6)
    assert schema["$defs"]["Media"]["properties"]["kind"] == {"enum": ["video", "audio"]}
    assert schema["$defs"]["Image"]["properties"]["url"]["minLength"] == 1


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("summary"), "(top): 'summary' is a required property"),
        (
            lambda d: d.update(extra=1),
            "(top): Additional properties are not allowed ('extra' was unexpected)",
        ),
        (
            lambda d: d.update(published="2021-12-15T17:43:00"),
            "published: '2021-12-15T17:43:00' does not match",
        ),
        (lambda d: d["body"][1].update(level=7), "body[1].level: 7 is greater than the maximum of 6"),
        (lambda d: d["body"][2]["image"].update(url=""), "body[2].image.url: '' should be non-empty"),
        (
            lambda d: d["body"].append({"type": "table", "rows": []}),
            "body[8]: {'type': 'table', 'rows': []} is not valid",
        ),
        (
            lambda d: d["lead_image"]["sources"][0].update(width=-1),
            "lead_image.sources[0].width: -1 is less than",
        ),
        (lambda d: d.update(authors="记者"), "authors: '记者' is not of type 'array'"),
    ],
    ids=[
        "missing-key",
        "extra-key",
        "naive-datetime",
        "heading-level",
        "empty-url",
        "unknown-block",
        "negative-width",
        "authors-not-list",
    ],
)
def test_schema_rejects_what_breaks_the_contract(change: Any, expected: str) -> None:
    data = full_article().to_dict()
    change(data)
    errors = schema_errors(data)
    assert any(line.startswith(expected) for line in errors), errors


def test_python_m_newsparse_schema_writes_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "schema.json"
    assert main(["--write", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render_schema()
    assert main([]) == 0
    assert json.loads(capsys.readouterr().out) == generate_schema()


_GOLDENS = [case for case in golden_cases(FIXTURES) if case.golden.is_file()]


@pytest.mark.parametrize("case", _GOLDENS, ids=str)
def test_every_golden_is_valid(case: Any) -> None:
    data = json.loads(case.golden.read_text(encoding="utf-8"))
    assert schema_errors(data) == []


def test_some_goldens_exist() -> None:
    assert _GOLDENS, f"no golden JSON under {FIXTURES}"


def _corpus_pages(corpus: Path) -> list[tuple[str, str | bytes, str | None]]:
    """(name, page, url) for every corpus page: the real pages, the seed, and a Simorgh page
    built at test time around every article JSON of BBC Chinese."""
    found: list[tuple[str, str | bytes, str | None]] = []
    for page in sorted((corpus / "pages").glob("*.html")) + sorted((corpus / "seed").glob("*.txt")):
        found.append((page.name, page.read_bytes(), None))
    data = corpus / "simorgh" / "zhongwen-data"
    for asset in sorted((data / "cpsAssets").glob("*/*.json")):
        url = f"https://www.bbc.com/zhongwen/{asset.parent.name}/{asset.stem}"
        found.append((asset.name, simorgh_page(json.loads(asset.read_text(encoding="utf-8")), url=url), url))
    for asset in sorted((data / "articles").glob("*/*.json")):
        url = f"https://www.bbc.com/zhongwen/articles/{asset.parent.name}/{asset.stem}"
        found.append((asset.name, simorgh_page(json.loads(asset.read_text(encoding="utf-8")), url=url), url))
    return found


@pytest.mark.corpus
def test_every_corpus_result_is_valid(corpus: Path) -> None:
    pages = _corpus_pages(corpus)
    assert len(pages) >= 20
    invalid: dict[str, list[str]] = {}
    failed: dict[str, str] = {}
    for name, page, url in pages:
        try:
            article = newsparse.parse(page, url=url)
        except NewsparseError as exc:
            failed[name] = str(exc)
            continue
        errors = schema_errors(article.to_dict())
        if errors:
            invalid[name] = errors
    assert invalid == {}
    # Only the BBC Sport fixtures page (not an article) may hold nothing to extract.
    assert set(failed) <= {"en_fundus_2024-07-25_sport-cricket-articles-c4n1l6wx98go.html"}, failed
