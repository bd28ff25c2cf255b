"""Data-only (JSON) form of the extraction records, for the per-article cache.

``to_dict(ex)`` gives plain JSON values (dicts, lists, strings, numbers, booleans, None; dates as
ISO strings; dicts with non-string keys as lists of pairs, so key types and order survive) and
``from_dict(d)`` rebuilds an equal ArticleExtraction. Decoding is driven by the records' type
hints and strict: a missing or unknown field, or a value of the wrong type, raises SchemaError,
so nothing but data can come out of a cache file.
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date
from typing import Any

from .types import Article, ArticleExtraction

__all__ = ["SchemaError", "article_to_dict", "from_dict", "to_dict"]


class SchemaError(ValueError):
    """A JSON value that is not the serial form of the record asked for."""


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return [[_encode(k), _encode(v)] for k, v in value.items()]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot serialise {type(value).__name__}")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:
            raise SchemaError(f"ambiguous type {hint}")
        return _decode(options[0], value)
    if origin is typing.Literal:
        if value not in args:
            raise SchemaError(f"{value!r} is not one of {args}")
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise SchemaError(f"expected a list for {hint}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        if len(args) != len(value):
            raise SchemaError(f"expected {len(args)} items for {hint}")
        return tuple(_decode(a, v) for a, v in zip(args, value, strict=True))
    if origin is list:
        if not isinstance(value, list):
            raise SchemaError(f"expected a list for {hint}")
        return [_decode(args[0], v) for v in value]
    if origin is dict:
        if not isinstance(value, list) or not all(isinstance(p, list) and len(p) == 2 for p in value):
            raise SchemaError(f"expected a list of pairs for {hint}")
        return {_decode(args[0], k): _decode(args[1], v) for k, v in value}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _record(hint, value)
    if hint is date:
        if not isinstance(value, str):
            raise SchemaError("expected an ISO date string")
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise SchemaError(f"not an ISO date: {value!r}") from exc
    if hint is bool:
        if not isinstance(value, bool):
            raise SchemaError(f"expected a boolean, not {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SchemaError(f"expected an integer, not {value!r}")
        return value
    if hint is float:  # an int stays an int: the record is rebuilt exactly as it was written
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SchemaError(f"expected a number, not {value!r}")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise SchemaError(f"expected a string, not {value!r}")
        return value
    raise SchemaError(f"unsupported type {hint}")


def _record(cls: type, value: Any) -> Any:
    if not isinstance(value, dict):
        raise SchemaError(f"expected an object for {cls.__name__}")
    hints = _hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    if set(value) != set(names):
        raise SchemaError(f"{cls.__name__} fields differ: {sorted(set(value) ^ set(names))}")
    return cls(**{n: _decode(hints[n], value[n]) for n in names})


def to_dict(ex: ArticleExtraction) -> dict[str, Any]:
    """The extraction as plain JSON values (see the module docstring)."""
    out = _encode(ex)
    assert isinstance(out, dict)
    return out


def from_dict(data: Any) -> ArticleExtraction:
    """The ArticleExtraction that to_dict gave ``data``; SchemaError for anything else."""
    out = _record(ArticleExtraction, data)
    assert isinstance(out, ArticleExtraction)
    return out


def article_to_dict(a: Article) -> dict[str, Any]:
    """The article as plain JSON values."""
    out = _encode(a)
    assert isinstance(out, dict)
    return out
