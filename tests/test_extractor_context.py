"""Context records decisions and skipped elements cheaply and builds the records on reading.

``Context.skip`` takes the element's text at once (by lxml's text serialisation, not
``text_content()``) and describes the element only when ``context.skipped`` is read;
``Context.decide`` builds its :class:`Decision` on reading too. These tests hold the
records to what building them at call time (the plain rule) gives, on every fixture page
and on trees changed after the skip.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from lxml.etree import tostring

import newsparse
from newsparse import api
from newsparse.extractor import Context, Decision, Skipped, _describe, _text_now

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _plain_record(element: lxml.html.HtmlElement, reason: str) -> Skipped:
    """The record as Context.skip made it before it became lazy."""
    text = " ".join((element.text_content() or "").split())
    return Skipped(_describe(element), reason, text[:200])


def _pages() -> Iterator[tuple[str, bytes, dict[str, str]]]:
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix in (".html", ".txt"):
            meta = path.with_suffix(".input.json")
            url = json.loads(meta.read_text())["url"] if meta.exists() else None
            yield path.name, path.read_bytes(), ({"url": url} if url else {})


def _records_match_plain_rule(
    monkeypatch: pytest.MonkeyPatch, pages: Iterator[tuple[str, bytes, dict[str, str]]]
) -> int:
    made_at_skip: list[Skipped] = []
    lazy_skip = Context.skip

    def recording_skip(self: Context, element: lxml.html.HtmlElement, reason: str) -> None:
        made_at_skip.append(_plain_record(element, reason))
        lazy_skip(self, element, reason)

    monkeypatch.setattr(Context, "skip", recording_skip)
    checked = 0
    for name, data, kwargs in pages:
        made_at_skip.clear()
        try:
            extraction = api.extract(data, **kwargs)  # type: ignore[arg-type]
        except newsparse.NewsparseError:
            continue
        assert extraction.context.skipped == made_at_skip, name
        checked += len(made_at_skip)
    return checked


def test_skipped_records_equal_those_made_at_skip_time_on_every_fixture(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _records_match_plain_rule(monkeypatch, _pages()) > 20


def test_skipped_records_equal_those_made_at_skip_time_on_the_corpus(
    monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    pages = (
        (path.name, path.read_bytes(), {})
        for path in sorted(corpus.rglob("*.html"))
        if path.stat().st_size < 2_000_000
    )
    assert _records_match_plain_rule(monkeypatch, pages) > 100


_NESTED = (
    "<html><body><main>"
    "<div class='ad'>Buy <b>now</b><div class='ad'>inner offer</div>"
    "<script>track('slot')</script> tail text</div>"
    "<p>Story <!-- note --> text</p>"
    "</main></body></html>"
)


def test_text_is_the_one_at_skip_time_when_the_element_changes_afterwards() -> None:
    # A nested match of a drop selector removes part of an element already skipped, and
    # a script is removed from it without being recorded: the record keeps the text the
    # element had when it was skipped.
    root = lxml.html.document_fromstring(_NESTED)
    outer, inner = root.find_class("ad")
    script = outer.find("script")
    expected = [_plain_record(outer, "ad"), _plain_record(inner, "ad")]
    context = Context()
    context.skip(outer, "ad")
    outer.drop_tree()
    context.skip(inner, "ad")
    inner.drop_tree()
    script.drop_tree()
    assert context.skipped == expected
    assert context.skipped[0].text == "Buy nowinner offertrack('slot') tail text"


def test_text_serialisation_equals_text_content() -> None:
    # skip() reads the text with tostring(method="text"); the plain rule used
    # text_content(). Comments, scripts, tails of children and the element's own tail.
    root = lxml.html.document_fromstring(_NESTED + "<div>a<!--x-->b<br>c<?pi?>d</div>e")
    for element in root.iter():
        if isinstance(element.tag, str):
            serialised = tostring(element, method="text", encoding=str, with_tail=False)
            assert serialised == element.text_content(), element.tag


def test_text_taken_at_skip_equals_text_content_on_every_fixture_element() -> None:
    # Leaves (no child node but text) take the element's .text, others lxml's text
    # serialisation: both must give text_content() on every element of real pages.
    leaves = others = 0
    for name, data, _ in _pages():
        page = newsparse.Page.from_input(data)
        for element in page.tree.iter():
            if isinstance(element.tag, str):
                assert _text_now(element) == element.text_content(), (name, element.tag)
                leaves += len(element) == 0
                others += len(element) > 0
    assert leaves > 300 and others > 300


def test_records_keep_order_and_list_identity_across_reads() -> None:
    root = lxml.html.fragment_fromstring("<div id='a' class='x'><span role='note'>one</span> two</div>")
    context = Context()
    context.decide("layout", "first")
    context.skip(root[0], "label")
    first_decisions = context.decisions
    first_skipped = context.skipped
    # What a plugin appends itself stays in place, after what was recorded before it.
    first_skipped.append(Skipped("<x>", "by hand", ""))
    context.decide("layout", "second")
    context.skip(root, "box")
    assert context.decisions is first_decisions
    assert context.skipped is first_skipped
    assert context.decisions == [Decision("layout", "first"), Decision("layout", "second")]
    assert context.skipped == [
        Skipped("<span role='note'>", "label", "one"),
        Skipped("<x>", "by hand", ""),
        Skipped("<div id='a' class='x'>", "box", "one two"),
    ]


def test_constructor_equality_and_repr_show_the_records() -> None:
    decision = Decision("what", "detail")
    skipped = Skipped("<p>", "why", "text")
    given = Context(["w"], [decision], [skipped])
    assert given.decisions == [decision] and given.skipped == [skipped]
    assert Context(decisions=[decision], skipped=[skipped]) == Context(
        decisions=[decision], skipped=[skipped]
    )
    recorded = Context(["w"])
    recorded.decide("what", "detail")
    recorded.skip(lxml.html.fragment_fromstring("<p>text</p>"), "why")
    assert recorded == given
    assert repr(recorded) == repr(given)
    assert "Decision(what='what', detail='detail')" in repr(recorded)
    recorded.decide("more", "x")
    assert recorded != given
    with pytest.raises(TypeError):
        hash(recorded)
