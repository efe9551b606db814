"""The model's written-out constructors apply exactly the rules declared on the attrs fields.

``model.py`` declares each field's converter and validator on the field (the schema
generator and ``attrs.validate`` read them) and writes ``__init__`` out by hand for speed.
These tests keep the two from drifting apart: same parameters and defaults, every
declared converter applied, every declared validator enforced.
"""

from __future__ import annotations

import inspect
from datetime import datetime
from typing import Any

import attrs
import lxml.html
import pytest

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
