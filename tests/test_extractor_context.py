"""Context records warnings, decisions and skipped elements as an extractor makes them.

``Context.skip`` keeps the element's description and its text as it is when skipped; a
later change to the tree does not change the record.
"""

from __future__ import annotations

import lxml.html
import pytest

from newsparse.extractor import Context, Decision, Skipped, _describe


def _plain_record(element: lxml.html.HtmlElement, reason: str) -> Skipped:
    text = " ".join((element.text_content() or "").split())
    return Skipped(_describe(element), reason, text)


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
