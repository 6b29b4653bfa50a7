"""The pieces every safety check shares: findings, typed rule params, and the registry of checks by name."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from handbook.content.loader import LoadedContent, format_loc
from handbook.content.models import Content, Oil, Recipe, Rule
from handbook.safety.oils import oil_table
from handbook.yamlsource import Loc

Severity = Literal["error", "warning"]
USABLE = ("acceptable", "allowed_not_preferred")  # verdicts that put an oil on the "you may use" list
NEEDS_SOURCE = "needs-source"


@dataclass(frozen=True)
class Finding:
    """One broken rule, located in the content: str() gives 'content/oils.yaml:41: R03_eo_dilution: ...'."""

    rule_id: str
    severity: Severity
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.rule_id}: {self.message}"


@dataclass(frozen=True)
class Hit:
    """What a check found: the content field, the path inside its file, and values for the rule's message."""

    key: str
    loc: Loc
    values: dict[str, Any] = field(default_factory=dict)


class ParamError(ValueError):
    """A rule's params are missing or of the wrong type; reported at the rule's line in rules.yaml."""

    def __init__(self, rule: Rule, name: str, expected: str) -> None:
        self.rule = rule
        self.name = name
        super().__init__(f"params.{name} must be {expected}")


class Params:
    """Typed access to a rule's params, so a mistyped rules.yaml gives a clear line instead of a crash."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.raw = rule.params

    def _get(self, name: str, expected: str) -> Any:
        if name not in self.raw:
            raise ParamError(self.rule, name, f"{expected} (it is missing)")
        return self.raw[name]

    def num(self, name: str) -> float:
        value = self._get(name, "a number")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParamError(self.rule, name, "a number")
        return float(value)

    def text(self, name: str) -> str:
        value = self._get(name, "text")
        if not isinstance(value, str) or not value.strip():
            raise ParamError(self.rule, name, "text")
        return value

    def words(self, name: str) -> list[str]:
        value = self._get(name, "a list of words")
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            raise ParamError(self.rule, name, "a list of words (quote words like 'no' or 'yes')")
        return [w.strip() for w in value]

    def pair(self, name: str) -> tuple[float, float]:
        value = self._get(name, "a [low, high] pair of numbers")
        ok = isinstance(value, list) and len(value) == 2 and all(_is_num(v) for v in value) and value[0] <= value[1]
        if not ok:
            raise ParamError(self.rule, name, "a [low, high] pair of numbers")
        return float(value[0]), float(value[1])

    def num_map(self, name: str) -> dict[str, float]:
        value = self._get(name, "a mapping of names to numbers")
        if not isinstance(value, dict) or not all(_is_num(v) for v in value.values()):
            raise ParamError(self.rule, name, "a mapping of names to numbers")
        return {str(k): float(v) for k, v in value.items()}

    def records(self, name: str, keys: Sequence[str]) -> list[dict[str, float]]:
        expected = "a list of {" + ", ".join(keys) + "} entries with numbers"
        value = self._get(name, expected)
        ok = isinstance(value, list) and value and all(
            isinstance(v, dict) and set(v) == set(keys) and all(_is_num(x) for x in v.values()) for v in value
        )
        if not ok:
            raise ParamError(self.rule, name, expected)
        return [{k: float(v[k]) for k in keys} for v in value]


def _is_num(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def num_text(value: float) -> str:
    return f"{value:g}"


def months_text(value: float) -> str:
    return f"{value:g} month" + ("" if value == 1 else "s")


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: dict[str, Any]) -> str:
    """Fill {placeholders}; unknown ones stay visible instead of crashing on an editor's typo."""
    try:
        return string.Formatter().vformat(template, (), _Keep({k: str(v) for k, v in values.items()}))
    except (ValueError, IndexError):
        return template


@dataclass(frozen=True)
class Scope:
    """What every check may look at: the located content and the essential-oil opt-in in force."""

    loaded: LoadedContent
    allow_essential_oils: bool

    @property
    def content(self) -> Content:
        return self.loaded.content

    @property
    def oils(self) -> dict[str, Oil]:
        return oil_table(self.content.oils.oils)

    def recipes(self, *, all_kinds: bool = False) -> Iterator[tuple[int, Recipe]]:
        """Recipes the handbook recommends; online examples are shown as 'not recommended' with reasons."""
        for i, recipe in enumerate(self.content.oils.recipes):
            if all_kinds or recipe.shown_as == "recipe":
                yield i, recipe


CheckFn = Callable[[Scope, Params], Iterable[Hit]]
CHECKS: dict[str, CheckFn] = {}


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check under the name rules.yaml uses in `check:`."""

    def register(fn: CheckFn) -> CheckFn:
        CHECKS[name] = fn
        return fn

    return register


def hit(key: str, loc: Loc, problem: str = "", **values: Any) -> Hit:
    return Hit(key, loc, {"where_text": format_loc(loc), "problem": problem, **values})
