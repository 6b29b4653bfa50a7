"""What the safety rules decide for one baby: techniques, recipe verdicts with reasons, visible items.

The rules engine itself (content-time checks, located as `file:line`) lives in handbook.safety; this module
reads the same rules.yaml params so a build never disagrees with `handbook check`. `evaluate_content`,
`content_problems` and `effective_opt_in` are re-exported here for callers of the old path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from handbook.content.models import Content, Item, Recipe, Technique
from handbook.errors import ContentError
from handbook.i18n.cldr import format_number
from handbook.safety import checks as rule_checks
from handbook.safety.engine import content_problems, effective_opt_in, evaluate_content
from handbook.safety.oils import (
    allergens,
    carrier_of,
    dilution_percent,
    essential_oils_of,
    is_peanut,
    mentions,
    oil_table,
)
from handbook.safety.rulebase import (
    NEEDS_SOURCE,
    USABLE,
    Finding,
    ParamError,
    Params,
    fill,
    num_text,
)

__all__ = ["Decisions", "Finding", "RecipeAssessment", "content_problems", "decide", "effective_opt_in",
           "evaluate_content"]

Status = Literal["suitable", "ask_first", "not_yet", "not_recommended"]


# --- the build-time decisions ----------------------------------------------------------------------


@dataclass(frozen=True)
class RecipeAssessment:
    recipe_id: str
    status: Status
    from_months: float | None
    dilution: float
    allergens: list[str]
    reasons: list[str]


@dataclass(frozen=True)
class Audience:
    """The facts about this baby that decide which items print."""

    age_months: float
    navel_healed: bool
    eczema: bool
    nut_allergy: bool
    born_early: bool
    allow_unsourced: bool
    essential_oils_allowed: bool = False
    birth_months: float | None = None  # age from birth; fever and warning-sign ages use it (brief §6.1 #8)
    before_due_date: bool = False

    @property
    def months_from_birth(self) -> float:
        return self.age_months if self.birth_months is None else self.birth_months

    def holds(self, when: str) -> bool:
        return {
            "always": True,
            "navel_not_healed": not self.navel_healed,
            "navel_healed": self.navel_healed,
            "eczema": self.eczema,
            "nut_allergy_in_family": self.nut_allergy,
            "born_early": self.born_early,
            "not_born_early": not self.born_early,
            "before_due_date": self.before_due_date,
            "under_3_months": self.months_from_birth < 3,
            "over_12_months": self.age_months >= 12,
            "essential_oils_allowed": self.essential_oils_allowed,
        }[when]

    def in_age_range(self, item: Any) -> bool:
        """An item with an age range prints only for babies inside it (brief §6.5)."""
        low, below = getattr(item, "from_months", None), getattr(item, "below_months", None)
        months = self.months_from_birth if getattr(item, "age_from", "advice") == "birth" else self.age_months
        return (low is None or months >= low) and (below is None or months < below)

    def printable(self, item: Any) -> bool:
        if getattr(item, "evidence", None) == NEEDS_SOURCE and not self.allow_unsourced:
            return False
        return self.holds(getattr(item, "when", "always")) and self.in_age_range(item)


@dataclass(frozen=True)
class Decisions:
    """What applies to this baby; the compose stage only arranges it."""

    audience: Audience
    techniques: list[Technique]
    upcoming_techniques: list[Technique]
    recipes: list[RecipeAssessment]
    checklist: dict[str, list[Item]]

    def printable(self, item: Any) -> bool:
        """needs-source items stay hidden unless allowed; `when` limits an item to some babies."""
        return self.audience.printable(item)


class RuleBook:
    """A rule's params by check name, for decide(); a missing rule is a content error, never a silent default."""

    def __init__(self, content: Content) -> None:
        self.by_check = {r.check: r for r in content.rules.rules}

    def params(self, check_name: str) -> Params:
        rule = self.by_check.get(check_name)
        if rule is None:
            raise ContentError([f"content/rules.yaml: no rule runs the '{check_name}' check"])
        return Params(rule)


def _technique_start(t: Technique, kind_min: dict[str, float]) -> float:
    return max(t.min_age_months, kind_min.get(t.kind, 0.0))


def assess_recipe(content: Content, recipe: Recipe, book: RuleBook, who: Audience,
                  allow_essential_oils: bool, number_locale: str | None = None) -> RecipeAssessment:
    """Status, dilution, allergens and plain-word reasons for one recipe and one baby (brief §4 rules 1–8).

    `number_locale`: the locale whose way of writing numbers the reasons use ('0,10 %' in ru), as the recipe
    page does; without it, plain '0.10'."""
    def num(value: float, fmt: str | None = None) -> str:
        if number_locale is None:
            return f"{value:.2f}" if fmt == "0.00" else num_text(value)
        return format_number(value, number_locale, fmt)

    oils = oil_table(content.oils.oils)
    opt_in, default, dil = book.params("eo_min_age"), book.params("eo_opt_in"), book.params("eo_dilution")
    choice, nut, bad, first = (book.params(n) for n in ("eo_choice", "nut_oil", "not_recommended_oils",
                                                          "first_month_and_navel"))
    carrier = carrier_of(recipe, oils)
    eos = essential_oils_of(recipe, oils)
    percent = dilution_percent(recipe, max(content.oils.drop_ml, dil.num("min_drop_ml")))
    values = {"oil": carrier.name, "percent": num(percent, "0.00")}
    peanut_words = nut.words("peanut_words")
    reasons: list[str] = []

    def say(p: Params, name: str, **extra: Any) -> None:
        reasons.append(fill(p.text(name), {**values, **extra}))

    # What rules this recipe out for this baby, whatever the age.
    if is_peanut(carrier, peanut_words):
        say(nut, "reason_peanut")
    elif carrier.nut and who.eczema:
        say(nut, "reason_eczema")
    elif carrier.nut and who.nut_allergy:
        say(nut, "reason_family")
    elif carrier.kind != "carrier" or carrier.verdict not in USABLE or mentions(carrier, bad.words("oils")):
        say(bad, "reason_nut" if carrier.nut else "reason")
    for oil, _drops in eos:
        if mentions(oil, choice.words("banned")):
            say(choice, "reason_banned", oil=oil.name)
        elif rule_checks.eo_problem(oil, choice):
            say(choice, "reason", oil=oil.name)
    top = dil.num("max_percent")
    if eos and round(percent, 6) > top:
        say(dil, "reason", max=num(top))
    blocked = bool(reasons)

    # From what age: 1 month for any oil; 12 months (3 with the clinic's opt-in) for essential oils.
    min_oil = first.num("min_oil_months")
    start = max(min_oil, carrier.from_months)
    if eos:
        eo_start = (opt_in if allow_essential_oils else default).num("min_months")
        if who.age_months < eo_start:
            say(default, "reason", min=num(eo_start))
        elif who.age_months < start:
            say(first, "reason", min=num(min_oil))
        start = max(start, eo_start)
    elif who.age_months < start:
        say(first, "reason", min=num(min_oil))

    status: Status
    if blocked or recipe.shown_as == "online_example":
        status = "not_recommended"
    elif who.age_months < start:
        status = "not_yet"
    elif who.eczema:
        status = "ask_first"  # with eczema, any oil only after asking a doctor or health visitor
    else:
        status = "suitable"
    return RecipeAssessment(
        recipe_id=recipe.id,
        status=status,
        from_months=None if status == "not_recommended" else start,
        dilution=percent,
        allergens=allergens(recipe, oils, peanut_words),
        reasons=reasons,
    )


def decide(
    content: Content,
    *,
    age_months: float,
    navel_healed: bool,
    eczema: bool,
    nut_allergy: bool,
    allow_essential_oils: bool,
    allow_unsourced: bool,
    born_early: bool = False,
    birth_months: float | None = None,
    before_due_date: bool = False,
    number_locale: str | None = None,
) -> Decisions:
    """Everything the rules decide for one baby at one (corrected) age (numbers in reasons as `number_locale`
    writes them)."""
    who = Audience(age_months, navel_healed, eczema, nut_allergy, born_early, allow_unsourced, allow_essential_oils,
                   birth_months, before_due_date)
    book = RuleBook(content)
    try:
        kind_min = book.params("techniques").num_map("kind_min_months")
        recipes = [assess_recipe(content, r, book, who, allow_essential_oils, number_locale)
                   for r in content.oils.recipes]
    except ParamError as exc:
        raise ContentError([f"content/rules.yaml: {exc.rule.id}: {exc}"]) from None
    now: list[Technique] = []
    later: list[Technique] = []
    for t in content.techniques.techniques:
        if not who.printable(t) or before_due_date:  # before the due date the neonatal team leads (S7)
            continue
        ready = _technique_start(t, kind_min) <= age_months and (navel_healed or not t.needs_navel_healed)
        (now if ready else later).append(t)
    checklist: dict[str, list[Item]] = {
        g.id: [i for i in g.items if who.printable(i)] for g in content.checklist.groups
    }
    return Decisions(audience=who, techniques=now, upcoming_techniques=later, recipes=recipes, checklist=checklist)
