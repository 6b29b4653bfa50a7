"""Plain frozen value classes whose pydantic twins (same class names, in a schema module) do the validating.

Importing pydantic and building its validators is most of a cold `handbook build` that reads its content from
the cache folder, so the values the stages pass around are plain objects; their schema is loaded only when
data is validated (YAML not yet checked, `handbook check`, or a value built directly from keyword arguments).
"""

from __future__ import annotations

import importlib
import inspect
import sys
from typing import Any, ClassVar, Self


class Model:
    """A frozen value with the few pydantic methods the code base calls. Calling the class validates through
    its schema twin, as a pydantic model would; `model_construct` trusts already validated fields."""

    _schema: ClassVar[str] = ""  # the module holding the pydantic class of the same name
    _fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names: dict[str, None] = {}
        for klass in reversed(cls.__mro__):
            if klass is Model or not issubclass(klass, Model):
                continue
            for name, hint in inspect.get_annotations(klass).items():
                if not (isinstance(hint, str) and hint.startswith("ClassVar")):
                    names[name] = None
        cls._fields = tuple(names)

    def __init__(self, **data: Any) -> None:
        object.__setattr__(self, "__dict__", dict(type(self).model_validate(data).__dict__))

    @classmethod
    def schema(cls) -> Any:
        """The pydantic class that validates this one (imported on first use)."""
        return getattr(importlib.import_module(cls._schema), cls.__name__)

    @classmethod
    def model_validate(cls, data: Any, *, context: Any = None) -> Self:
        """Validate like the schema twin (its errors, its coercions), giving the plain value."""
        checked = cls.schema().model_validate(data, context=context)
        return from_schema(checked, sys.modules[cls.__module__])

    @classmethod
    def model_construct(cls, **fields: Any) -> Self:
        """A value from fields already validated (every field given)."""
        obj = object.__new__(cls)
        object.__setattr__(obj, "__dict__", fields)
        return obj

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Self:
        """A shallow copy with some fields replaced, unvalidated (as pydantic's model_copy)."""
        return type(self).model_construct(**{**{n: self.__dict__[n] for n in self._fields}, **(update or {})})

    def model_dump(self) -> dict[str, Any]:
        """The fields as plain data (nested values as dicts), as pydantic's model_dump in Python mode."""
        return {n: _dump(self.__dict__[n]) for n in self._fields}

    def _values(self) -> tuple[Any, ...]:
        return tuple(self.__dict__[n] for n in self._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), *self._values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={self.__dict__[n]!r}' for n in self._fields)})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot delete {name!r}")


def _dump(value: Any) -> Any:
    if isinstance(value, Model):
        return value.model_dump()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_dump(v) for v in value)
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


def from_schema(value: Any, plain: Any) -> Any:
    """A validated pydantic value as plain values: each model becomes the class of the same name in module
    `plain`, field by field; lists, tuples and dicts are rebuilt around their converted items."""
    if isinstance(value, list):
        return [from_schema(v, plain) for v in value]
    if isinstance(value, tuple):
        return tuple(from_schema(v, plain) for v in value)
    if isinstance(value, dict):
        return {k: from_schema(v, plain) for k, v in value.items()}
    fields = getattr(type(value), "__pydantic_fields__", None)
    if fields is None:
        return value
    cls: type[Model] = getattr(plain, type(value).__name__)
    return cls.model_construct(**{n: from_schema(getattr(value, n), plain) for n in fields})
