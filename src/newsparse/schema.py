"""The output contract as a JSON Schema (draft 2020-12), generated from the model.

:func:`generate_schema` walks the attrs classes of :mod:`newsparse.model`: each field's
type annotation gives its JSON type, its ``#:`` doc comment its description, and the
model's validators the constraints (non-empty URLs, sizes >= 0, heading levels 1-6).
Every key is required and no other key is allowed, because the serializer always writes
every key and nothing else. The result is shipped inside the package as
``newsparse/article.schema.json`` (read it with :func:`load_schema`); a test keeps the
shipped file equal to the generated schema. Regenerate it after a model change with::

    python -m newsparse.schema --write src/newsparse/article.schema.json

What a JSON Schema cannot say is checked by the model itself when an Article is rebuilt
from JSON (``Article.from_dict``), e.g. that a paragraph's spans join to its text.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import re
import sys
import types
import typing
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, Literal

import attrs

from newsparse import model

__all__ = [
    "SCHEMA_FILE",
    "SCHEMA_URI",
    "generate_schema",
    "load_schema",
    "main",
    "render_schema",
    "schema_errors",
]

#: File name of the shipped schema inside the ``newsparse`` package.
SCHEMA_FILE = "article.schema.json"
#: The JSON Schema dialect used.
SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"

JsonDict = dict[str, Any]

# ISO 8601 with a UTC offset, as datetime.isoformat() writes it for aware datetimes.
_DATETIME_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([+-]\d{2}:\d{2}(:\d{2}(\.\d+)?)?|Z)$"
)

# Constraints of the model's own validator functions, by function name. A validator not
# listed here adds no constraint (the schema is then looser than the model, never stricter).
_VALIDATOR_CONSTRAINTS: dict[str, JsonDict] = {
    "_non_empty": {"minLength": 1},
    "_size": {"minimum": 0},
    "_level": {"minimum": 1, "maximum": 6},
}

# Classes in $defs, in the order they are listed; blocks follow in contract order.
_LEAF_CLASSES: tuple[type, ...] = (model.Span, model.Link, model.ImageSource, model.Image)


def _ref(cls: type) -> JsonDict:
    return {"$ref": f"#/$defs/{cls.__name__}"}


def _is_block_union(args: Sequence[Any]) -> bool:
    return set(args) == set(model.BLOCK_TYPES)


def _type_schema(annotation: Any) -> JsonDict:
    """The schema of one resolved type annotation."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if annotation is str:
        return {"type": "string"}
    if annotation is bool:
        return {"type": "boolean"}
    if annotation is int:
        return {"type": "integer"}
    if annotation is datetime:
        return {"type": "string", "format": "date-time", "pattern": _DATETIME_PATTERN}
    if origin is Literal:
        return {"enum": list(args)}
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return {"type": "array", "items": _type_schema(args[0])}
    if origin in (typing.Union, types.UnionType):
        if _is_block_union(args):
            return {"$ref": "#/$defs/Block"}
        options = [a for a in args if a is not type(None)]
        nullable = len(options) < len(args)
        if len(options) == 1:
            inner = _type_schema(options[0])
            if not nullable:
                return inner
            if isinstance(inner.get("type"), str):
                return {**inner, "type": [inner["type"], "null"]}
            return {"anyOf": [inner, {"type": "null"}]}
        if _is_block_union(options):
            inner = {"$ref": "#/$defs/Block"}
            return {"anyOf": [inner, {"type": "null"}]} if nullable else inner
    if isinstance(annotation, type) and attrs.has(annotation):
        return _ref(annotation)
    raise TypeError(f"no JSON Schema mapping for the annotation {annotation!r}")


def _field_docs(cls: type) -> dict[str, str]:
    """The ``#:`` doc comments written above the fields of ``cls``, by field name."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):  # no source (a frozen app): descriptions are optional
        return {}
    docs: dict[str, str] = {}
    pending: list[str] = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("#:"):
            pending.append(stripped[2:].strip())
            continue
        match = re.match(r"([A-Za-z_]\w*)\s*:", stripped)
        if match and pending:
            docs[match.group(1)] = _plain(" ".join(pending))
        pending = []
    return docs


def _plain(text: str) -> str:
    """Docstring markup made plain for JSON readers: ``x`` and :func:`x` become `x`."""
    text = re.sub(r":[a-z]+:`~?([^`]+)`", r"`\1`", text)
    return " ".join(text.replace("``", "`").split())


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return _plain(doc.split("\n\n", 1)[0])


def _validator_constraints(validator: Any) -> JsonDict:
    """JSON Schema keywords equivalent to an attrs validator (as far as they can be)."""
    if validator is None:
        return {}
    found: JsonDict = {}
    for inner in getattr(validator, "_validators", ()):  # attrs.validators.and_
        found.update(_validator_constraints(inner))
    name = getattr(validator, "__name__", "")
    found.update(_VALIDATOR_CONSTRAINTS.get(name, {}))
    options = getattr(validator, "options", None)  # attrs.validators.in_
    if isinstance(options, range) and options.step == 1:
        found.update({"minimum": options.start, "maximum": options.stop - 1})
    elif isinstance(options, (tuple, list, frozenset, set)):
        found["enum"] = sorted(options) if isinstance(options, (set, frozenset)) else list(options)
    return found


def _apply(schema: JsonDict, constraints: JsonDict) -> JsonDict:
    """Put ``constraints`` where they bite: inside a nullable ``anyOf``, or on the schema."""
    if not constraints:
        return schema
    if "anyOf" in schema:
        first, *rest = schema["anyOf"]
        return {**schema, "anyOf": [{**first, **constraints}, *rest]}
    if "enum" in constraints and "enum" in schema:
        constraints = {k: v for k, v in constraints.items() if k != "enum"}
    return {**schema, **constraints}


def _object_schema(cls: type) -> JsonDict:
    """The schema of one attrs class: every field a required property."""
    hints = typing.get_type_hints(cls, vars(model))
    docs = _field_docs(cls)
    properties: JsonDict = {}
    kind = getattr(cls, "type", None)
    if isinstance(kind, str) and typing.get_origin(hints.get("type")) is ClassVar:
        properties["type"] = {"const": kind}
    for field in attrs.fields(cls):
        schema = _apply(_type_schema(hints[field.name]), _validator_constraints(field.validator))
        if field.name in docs:
            schema = {"description": docs[field.name], **schema}
        properties[field.name] = schema
    result: JsonDict = {"type": "object"}
    summary = _summary(cls)
    if summary:
        result["description"] = summary
    result.update({"properties": properties, "required": list(properties), "additionalProperties": False})
    return result


def generate_schema() -> JsonDict:
    """The JSON Schema of ``Article.to_dict()`` output, built from the model classes."""
    defs: JsonDict = {cls.__name__: _object_schema(cls) for cls in _LEAF_CLASSES}
    defs["Block"] = {
        "description": "Any body block; its 'type' says which.",
        "oneOf": [_ref(cls) for cls in model.BLOCK_TYPES],
    }
    for cls in model.BLOCK_TYPES:
        defs[cls.__name__] = _object_schema(cls)
    article = _object_schema(model.Article)
    return {
        "$schema": SCHEMA_URI,
        "title": "newsparse Article",
        **article,
        "$defs": defs,
    }


def render_schema() -> str:
    """The generated schema as the text of the shipped file (2-space indent, newline-ended)."""
    return json.dumps(generate_schema(), ensure_ascii=False, indent=2) + "\n"


def load_schema() -> JsonDict:
    """The JSON Schema shipped with this version of newsparse (a fresh copy each call)."""
    text = resources.files("newsparse").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: JsonDict = json.loads(text)
    return loaded


@lru_cache(maxsize=1)
def _validator() -> Any:
    try:
        jsonschema = importlib.import_module("jsonschema")  # untyped; imported only when needed
    except ImportError as exc:  # jsonschema is an optional (test) dependency
        raise ImportError(
            "validating against the schema needs the 'jsonschema' package: pip install jsonschema"
        ) from exc
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def schema_errors(data: Any) -> list[str]:
    """Every way ``data`` (e.g. ``article.to_dict()``) breaks the schema, as readable lines.

    Each line starts with the path of the offending value (``body[3].image.url: ...``);
    an empty list means valid. Needs the ``jsonschema`` package.
    """
    lines = [
        f"{_path(leaf.absolute_path)}: {_short(leaf.message)}"
        for error in _validator().iter_errors(data)
        for leaf in _leaves(error)
    ]
    return sorted(lines)


def _wrong_branch(error: Any) -> bool:
    """An error saying the value is another kind of thing (another block type, or null)."""
    path = list(error.relative_path)
    return (error.validator == "const" and path == ["type"]) or (error.validator == "type" and not path)


def _leaves(error: Any) -> list[Any]:
    """The errors worth showing for ``error``. For "not valid under any of the given schemas"
    (a block, a nullable image) they are those of the branch the value was meant for, the
    one whose ``type`` matches, so the path names the bad field, not its container."""
    if not error.context:
        return [error]
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    meant = [errors for errors in branches.values() if not any(_wrong_branch(e) for e in errors)]
    if len(meant) != 1:
        return [error]
    return [leaf for sub in meant[0] for leaf in _leaves(sub)]


def _short(message: str) -> str:
    return message if len(message) <= 200 else message[:199] + "…"


def _path(parts: Sequence[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m newsparse.schema [--write PATH]``: print or write the generated schema."""
    parser = argparse.ArgumentParser(prog="python -m newsparse.schema", description=main.__doc__)
    parser.add_argument("--write", metavar="PATH", type=Path, help="write the schema to PATH")
    args = parser.parse_args(argv)
    text = render_schema()
    if args.write is None:
        sys.stdout.write(text)
    else:
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
