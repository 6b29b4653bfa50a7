"""Oil arithmetic and allergens, computed from the recipe rather than typed by hand, so they cannot drift."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from handbook.content.models import Oil, Recipe
from handbook.errors import ContentError

PEANUT_WORDS = ("peanut", "arachis")  # the §4 rule 6 params repeat these for editors; this is the fallback

OilTable = Mapping[str, Oil] | Sequence[Oil]


def oil_table(oils: OilTable) -> dict[str, Oil]:
    return dict(oils) if isinstance(oils, Mapping) else {o.id: o for o in oils}


def _lookup(table: dict[str, Oil], recipe: Recipe, oil_id: str) -> Oil:
    try:
        return table[oil_id]
    except KeyError:
        raise ContentError([f"recipe '{recipe.id}': oil '{oil_id}' is not in the oil table"]) from None


def carrier_of(recipe: Recipe, oils: OilTable) -> Oil:
    return _lookup(oil_table(oils), recipe, recipe.carrier)


def essential_oils_of(recipe: Recipe, oils: OilTable) -> list[tuple[Oil, int]]:
    """(oil, drops) for each essential oil in the recipe; an unknown oil id is a content error, never skipped."""
    table = oil_table(oils)
    return [(_lookup(table, recipe, amount.oil), amount.drops) for amount in recipe.essential_oils]


def dilution_percent(recipe: Recipe, drop_ml: float) -> float:
    """Essential oil as % v/v of the whole mix: 2 drops (0.1 ml) in 100 ml → 0.1 ÷ 100.1 × 100 ≈ 0.0999 %."""
    eo_ml = sum(a.drops for a in recipe.essential_oils) * drop_ml
    if eo_ml == 0:
        return 0.0
    return eo_ml / (recipe.carrier_ml + eo_ml) * 100


def mentions(oil: Oil, words: Iterable[str]) -> bool:
    """Whether the oil's id, name or Latin name contains one of the words (whole words, any case)."""
    hay = " ".join(filter(None, (oil.id.replace("_", " "), oil.name, oil.latin or "")))
    return any(re.search(rf"(?<!\w){re.escape(w.strip())}(?!\w)", hay, re.IGNORECASE) for w in words if w.strip())


def is_peanut(oil: Oil, words: Iterable[str] = PEANUT_WORDS) -> bool:
    return mentions(oil, words)


def allergens(recipe: Recipe, oils: OilTable, peanut_words: Iterable[str] = PEANUT_WORDS) -> list[str]:
    """The recipe's allergen names for the label, as content/oils.yaml words them (`allergen:` of a nut or
    peanut carrier, e.g. 'tree nut (almond)'), so they translate with the content; one missing is an error."""
    carrier = carrier_of(recipe, oils)
    if not (carrier.nut or is_peanut(carrier, tuple(peanut_words))):
        return []
    if not carrier.allergen:
        raise ContentError([f"content/oils.yaml: oils.{carrier.id}.allergen: missing (a nut or peanut oil names "
                            "its allergen for the recipe label)"])
    return [carrier.allergen]
