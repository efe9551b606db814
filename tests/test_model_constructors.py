"""The model's written-out constructors apply exactly the rules declared on the attrs fields.

``model.py`` declares each field's converter and validator on the field (the schema
generator and ``attrs.validate`` read them) and writes ``__init__`` out by hand for speed.
These tests keep the two from drifting apart: same parameters and defaults, every
declared converter applied, every declared validator enforced.
"""

from __future__ import annotations

import inspect
import re
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

import attrs
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsparse import model
from newsparse.model import (
    BLOCK_TYPES,
    Article,
    Image,
    ImageSource,
    Link,
    Paragraph,
    Span,
)

CLASSES: tuple[type, ...] = (Span, Link, ImageSource, Image, *BLOCK_TYPES, Article)

#: A valid value for every required field, per class.
REQUIRED: dict[str, dict[str, Any]] = {
    "Span": {"text": "x"},
    "Link": {"url": "https://x.example/", "text": "x"},
    "ImageSource": {"url": "https://x.example/i.jpg"},
    "Image": {"url": "https://x.example/i.jpg"},
    "Paragraph": {"text": "x"},
    "Heading": {"level": 2, "text": "x"},
    "Figure": {"image": Image(url="https://x.example/i.jpg")},
    "Media": {"kind": "video"},
    "RelatedLinks": {},
    "ListBlock": {},
    "Quote": {"text": "x"},
    "Article": {},
}


def smart(text: str) -> str:
    """An lxml "smart string": a str subclass that keeps its parsed tree alive."""
    value = lxml.html.fromstring(f"<p>{text}</p>").xpath("string(.)")
    assert isinstance(value, str) and type(value) is not str
    return value


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_init_takes_exactly_the_fields_keyword_only_with_their_defaults(cls: type) -> None:
    parameters = dict(inspect.signature(cls.__init__).parameters)
    parameters.pop("self")
    fields = attrs.fields(cls)
    assert list(parameters) == [field.name for field in fields]
    for field in fields:
        parameter = parameters[field.name]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
        expected = inspect.Parameter.empty if field.default is attrs.NOTHING else field.default
        assert parameter.default == expected, field.name


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_built_values_satisfy_every_declared_validator(cls: type) -> None:
    instance = cls(**REQUIRED[cls.__name__])
    attrs.validate(instance)  # raises if a stored value breaks a declared validator
    assert attrs.evolve(instance) == instance


def _text_fields(cls: type) -> list[str]:
    return [f.name for f in attrs.fields(cls) if f.converter in (model._text, model._opt_text)]


@pytest.mark.parametrize(
    ("cls", "name"),
    [(cls, name) for cls in CLASSES for name in _text_fields(cls)],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_text_fields_store_plain_str_and_refuse_other_types(cls: type, name: str) -> None:
    values = {**REQUIRED[cls.__name__], name: smart("some text")}
    stored = getattr(cls(**values), name)
    assert type(stored) is str and stored == "some text"
    with pytest.raises(TypeError, match="expected str"):
        cls(**{**REQUIRED[cls.__name__], name: 42})


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Span(text="x", italic=0), TypeError, "italic must be a bool"),
        (lambda: Link(url="", text="x"), ValueError, "url must not be empty"),
        (lambda: ImageSource(url="https://i.example/", width=True), TypeError, "width must be an int"),
        (lambda: Image(url="https://i.example/", height=-3), ValueError, "height must not be negative"),
        (lambda: Image(url="https://i.example/", sources=["x"]), TypeError, "ImageSource"),
        (lambda: Article(modified=datetime(2021, 1, 1)), ValueError, "modified must be timezone-aware"),
        (lambda: Article(lead_image="x"), TypeError, "lead_image"),
        (lambda: Article(warnings="one"), TypeError, "a single str"),
        (lambda: Article(authors=[1]), TypeError, "sequence of str"),
    ],
)
def test_declared_rules_are_enforced_with_their_own_messages(
    make: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        make()


def test_sequences_given_as_tuples_lists_or_iterators_are_equal() -> None:
    spans = [Span(text="a"), Span(text="b", bold=True)]
    assert Paragraph(text="ab", spans=spans) == Paragraph(text="ab", spans=tuple(spans))
    assert Paragraph(text="ab", spans=iter(spans)) == Paragraph(text="ab", spans=tuple(spans))
    assert Article(authors=iter(["a", smart("b")])).authors == ("a", "b")
    assert all(type(name) is str for name in Article(authors=[smart("b")]).authors)


# --- every constructor against the declared rules, on generated mixes of good and bad values ---


def declared(cls: type, values: dict[str, Any]) -> Any:
    """What attrs' own generated ``__init__`` does: every declared converter in field order,
    then every declared validator in field order."""
    instance = object.__new__(cls)
    fields = attrs.fields(cls)
    for field in fields:
        value = values.get(field.name, field.default)
        if value is attrs.NOTHING:
            raise TypeError(f"missing {field.name}")
        if field.converter is not None:
            value = field.converter(value)
        object.__setattr__(instance, field.name, value)
    for field in fields:
        if field.validator is not None:
            field.validator(instance, field, getattr(instance, field.name))
    return instance


def _outcome(make: Any) -> tuple[str, Any]:
    try:
        made = make()
    except (TypeError, ValueError) as error:
        return "error", (type(error), re.sub(r" at 0x[0-9a-f]+", "", str(error)))
    values = tuple((name, type(value), value) for name, value in attrs.asdict(made, recurse=False).items())
    return "made", values


class _NoOffset(tzinfo):
    """A zone that knows no offset: a datetime in it is as naive as one without a zone."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None


class _Moment(datetime):
    pass


@attrs.frozen(kw_only=True, init=False)
class _SubSpan(Span):
    pass


_SPAN_A, _SPAN_B = Span(text="a"), _SubSpan(text="b")
_LINK = Link(url="https://x.example/", text="t")
_SOURCE = ImageSource(url="https://x.example/i.jpg", width=10)
_IMAGE = Image(url="https://x.example/i.jpg")
_BLOCKS = (Paragraph(text="p"), model.Heading(level=2, text="h"), model.Quote(text="q"))
#: Values of every kind any field may be given; most are wrong for most fields.
POOL: list[Any] = [
    None,
    "x",
    "",
    "video",
    smart("sm"),
    "ab",
    b"x",
    0,
    2,
    -1,
    7,
    True,
    False,
    1.5,
    (),
    [],
    ("a", "b"),
    ["a", smart("b")],
    ("a", 1),
    iter(()),
    (_SPAN_A, _SPAN_B),
    [_SPAN_A],
    (_SPAN_A, "a"),
    (_LINK,),
    [_LINK, _LINK],
    (_SOURCE,),
    [_SOURCE, None],
    _BLOCKS,
    list(_BLOCKS),
    (*_BLOCKS, _LINK),
    _IMAGE,
    _SOURCE,
    datetime(2021, 12, 15, 17, 43, tzinfo=timezone.utc),
    datetime(2021, 12, 15, 17, 43, tzinfo=timezone(timedelta(hours=8))),
    datetime(2021, 12, 15, 17, 43),
    datetime(2021, 12, 15, 17, 43, tzinfo=_NoOffset()),
    _Moment(2021, 12, 15, 17, 43, tzinfo=timezone.utc),
    _Moment(2021, 12, 15, 17, 43, tzinfo=_NoOffset()),
]


@st.composite
def arguments(draw: st.DrawFn, cls: type) -> dict[str, Any]:
    # Mostly the default (or a valid required value), so that a bad value in a late field
    # is often the only one and its own rule is the one tested.
    values: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if draw(st.integers(0, 2)) == 0:
            values[field.name] = draw(st.sampled_from(POOL))
        elif field.default is attrs.NOTHING:
            values[field.name] = REQUIRED[cls.__name__][field.name]
    return values


def _fresh(values: dict[str, Any]) -> dict[str, Any]:
    """The same arguments, iterators re-made (each constructor consumes its own)."""
    return {k: iter(list(v)) if isinstance(v, type(iter(()))) else v for k, v in values.items()}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_written_out_constructor_equals_the_declared_rules(cls: type, data: st.DataObject) -> None:
    values = data.draw(arguments(cls))
    written = _outcome(lambda: cls(**_fresh(values)))
    assert written == _outcome(lambda: declared(cls, _fresh(values)))


def test_a_valid_tuple_is_kept_as_it_is_and_an_aware_moment_accepted() -> None:
    body = (Paragraph(text="p"),)
    when = datetime(2021, 12, 15, tzinfo=timezone.utc)
    article = Article(body=body, authors=("a",), published=when, warnings=())
    assert article.body is body and article.published is when
    with pytest.raises(ValueError, match="published must be timezone-aware"):
        Article(published=datetime(2021, 12, 15, tzinfo=_NoOffset()))


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_each_field_given_each_kind_of_value_alone(cls: type) -> None:
    for field in attrs.fields(cls):
        for value in POOL:
            values = {**REQUIRED[cls.__name__], field.name: value}
            written = _outcome(lambda values=values: cls(**_fresh(values)))
            expected = _outcome(lambda values=values: declared(cls, _fresh(values)))
            assert written == expected, (field.name, value)


def _plain_tuple_of(items: Any, kind: Any, what: str) -> Any:
    """The tuple converters' rule, without their shortcut for tuples of exactly ``kind``."""
    return model._tuple_of(items, kind, what)


def _plain_strs(items: Any) -> Any:
    result = _plain_tuple_of(items, str, "a sequence of str")
    return result if all(type(item) is str for item in result) else tuple(model._text(i) for i in result)


CONVERTERS = {
    "_strs": _plain_strs,
    "_spans": lambda items: _plain_tuple_of(items, Span, "a sequence of Span"),
    "_links": lambda items: _plain_tuple_of(items, Link, "a sequence of Link"),
    "_sources": lambda items: _plain_tuple_of(items, ImageSource, "a sequence of ImageSource"),
    "_blocks": lambda items: _plain_tuple_of(items, BLOCK_TYPES, "a sequence of body blocks"),
}


@pytest.mark.parametrize("name", sorted(CONVERTERS))
def test_tuple_converters_shortcut_equals_their_rule(name: str) -> None:
    converter, plain = getattr(model, name), CONVERTERS[name]
    for value in POOL:
        assert _outcome_of_call(converter, value) == _outcome_of_call(plain, value), value
        if type(value) is tuple and _outcome_of_call(plain, value)[0] == "made":
            assert (converter(value) is value) == (plain(value) is value)


def _outcome_of_call(function: Any, value: Any) -> tuple[str, Any]:
    try:
        made = function(iter(list(value)) if isinstance(value, type(iter(()))) else value)
    except (TypeError, ValueError) as error:
        return "error", (type(error), re.sub(r" at 0x[0-9a-f]+", "", str(error)))
    return "made", (made, [type(item) for item in made])
