"""One function per safety check of the content brief §4, registered under the name rules.yaml uses.

Each check reads its numbers and word lists from the rule's params and yields hits; it never decides the
severity or the wording of the message (rules.yaml does).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from handbook.content.loader import format_loc
from handbook.content.models import Item, Oil
from handbook.personalise.oils import dilution_percent, is_peanut, mentions
from handbook.personalise.rulebase import (
    NEEDS_SOURCE,
    USABLE,
    Hit,
    Params,
    Scope,
    check,
    hit,
    months_text,
    num_text,
)
from handbook.personalise.textscan import find, printable_strings, sentences
from handbook.yamlsource import Loc


def _usable_essential(scope: Scope) -> Iterator[tuple[int, Oil]]:
    for i, oil in enumerate(scope.content.oils.oils):
        if oil.kind == "essential" and oil.verdict in USABLE:
            yield i, oil


@check("eo_min_age")
def _eo_min_age(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.1: no essential oil under 3 months, whatever the opt-in."""
    low = p.num("min_months")
    for i, oil in _usable_essential(scope):
        if oil.from_months < low:
            yield hit("oils", ("oils", i, "from_months"), oil=oil.name, months=months_text(oil.from_months),
                       min=months_text(low))


@check("eo_opt_in")
def _eo_opt_in(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.2: under 12 months only with allow_essential_oils."""
    low = p.num("min_months")
    p.text("reason")
    if scope.allow_essential_oils:
        return
    for i, oil in _usable_essential(scope):
        if oil.from_months < low:
            yield hit("oils", ("oils", i, "from_months"), oil=oil.name, months=months_text(oil.from_months),
                       min=months_text(low))


@check("eo_dilution")
def _eo_dilution(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.3: ≤ 0.1 % v/v, computed with a drop of at least 0.05 ml."""
    top, min_drop = p.num("max_percent"), p.num("min_drop_ml")
    p.text("reason")
    drop_ml = scope.content.oils.drop_ml
    if drop_ml < min_drop:
        yield hit("oils", ("drop_ml",), f"a drop counts as at least {num_text(min_drop)} ml, not {num_text(drop_ml)}")
    for i, recipe in scope.recipes():
        if not recipe.essential_oils:
            continue
        percent = dilution_percent(recipe, max(drop_ml, min_drop))
        if round(percent, 6) > top:
            yield hit("oils", ("recipes", i, "essential_oils", 0, "drops"),
                       f"recipe '{recipe.id}' has {percent:.2f} % essential oil; the most for babies under "
                       f"2 years is {num_text(top)} % v/v", recipe=recipe.id, percent=f"{percent:.2f}")


def eo_problem(oil: Oil | None, p: Params) -> str | None:
    if oil is None:
        return "is not in the oil table"
    if oil.kind != "essential":
        return f"is a {oil.kind} in the oil table, not an essential oil"
    if mentions(oil, p.words("banned")):
        return "can harm babies and is never allowed"
    allowed_latin = {w.lower() for w in p.words("allowed_latin")}
    # The Latin name decides when given: spike lavender is not true lavender.
    latin = " ".join((oil.latin or "").split()).lower()
    if (latin in allowed_latin) if latin else (oil.id in p.words("allowed_ids")):
        return None
    return (f"is not an allowed essential oil (allowed: {', '.join(p.words('allowed_ids'))}, "
            f"i.e. {', '.join(p.words('allowed_latin'))})")


@check("eo_choice")
def _eo_choice(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.4: only true lavender or Roman chamomile; tea tree, peppermint and the like never."""
    p.text("reason"), p.text("reason_banned")
    for i, oil in enumerate(scope.content.oils.oils):
        if oil.kind == "essential" and mentions(oil, p.words("banned")) and oil.verdict != "never":
            yield hit("oils", ("oils", i, "verdict"), f"{oil.name} can harm babies: its verdict must be never")
        elif oil.kind == "essential" and oil.verdict in USABLE and eo_problem(oil, p):
            yield hit("oils", ("oils", i, "verdict"), f"{oil.name} {eo_problem(oil, p)}, so it cannot be "
                       f"'{oil.verdict}'")
    oils = scope.oils
    for i, recipe in scope.recipes():
        for j, amount in enumerate(recipe.essential_oils):
            problem = eo_problem(oils.get(amount.oil), p)
            if problem:
                yield hit("oils", ("recipes", i, "essential_oils", j, "oil"),
                           f"recipe '{recipe.id}': essential oil '{amount.oil}' {problem}")


@check("eo_recipe_warnings")
def _eo_recipe_warnings(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.5: every essential-oil recipe carries its three warnings."""
    required = p.words("required_ids")
    for i, recipe in scope.recipes():
        if not recipe.essential_oils:
            continue
        have = {w.id for w in recipe.warnings}
        missing = [r for r in required if r not in have]
        if missing:
            yield hit("oils", ("recipes", i, "warnings"), recipe=f"recipe '{recipe.id}'", missing=", ".join(missing))


@check("nut_carrier_warning")
def _nut_carrier_warning(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.6 (warning): a nut carrier must say so, in recipes and in online examples alike."""
    ids, words = p.words("warning_ids"), p.words("warning_words")
    oils = scope.oils
    for i, recipe in scope.recipes(all_kinds=True):
        carrier = oils.get(recipe.carrier)
        if carrier is None or not carrier.nut:
            continue
        if not any(w.id in ids or find(words, w.text) for w in recipe.warnings):
            yield hit("oils", ("recipes", i, "carrier"), recipe=f"recipe '{recipe.id}'", oil=carrier.name,
                       ids=" or ".join(ids))


@check("nut_oil")
def _nut_oil(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.6: peanut (arachis) oil never; nut oils are blocked per baby in decide()."""
    words = p.words("peanut_words")
    for name in ("reason_eczema", "reason_family", "reason_peanut"):
        p.text(name)
    for i, oil in enumerate(scope.content.oils.oils):
        if is_peanut(oil, words):
            if oil.verdict != "never":
                yield hit("oils", ("oils", i, "verdict"), f"{oil.name} is peanut oil: its verdict must be never")
            if not oil.nut:
                yield hit("oils", ("oils", i, "nut"), f"{oil.name} is peanut oil: mark it nut: true")
    oils = scope.oils
    for i, recipe in scope.recipes():
        carrier = oils.get(recipe.carrier)
        if carrier is not None and is_peanut(carrier, words):
            yield hit("oils", ("recipes", i, "carrier"), f"recipe '{recipe.id}' uses peanut oil, which is never safe")


@check("not_recommended_oils")
def _not_recommended_oils(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.7: olive or mustard oil, powder or talc never on the 'use' list or in a recipe."""
    names, kinds, words = p.words("oils"), p.words("kinds"), p.words("words")
    p.text("reason"), p.text("reason_nut")
    for i, oil in enumerate(scope.content.oils.oils):
        if oil.verdict not in USABLE:
            continue
        if mentions(oil, names):
            yield hit("oils", ("oils", i, "verdict"), f"{oil.name} must not be '{oil.verdict}' (not recommended)")
        elif oil.kind in kinds or mentions(oil, words):
            yield hit("oils", ("oils", i, "verdict"), f"{oil.name} is a powder or talc: never for babies")
    oils = scope.oils
    for i, recipe in scope.recipes():
        carrier = oils.get(recipe.carrier)
        loc = ("recipes", i, "carrier")
        if carrier is None:
            yield hit("oils", loc, f"recipe '{recipe.id}': carrier '{recipe.carrier}' is not in the oil table")
        elif carrier.kind != "carrier":
            yield hit("oils", loc, f"recipe '{recipe.id}': {carrier.name} is a {carrier.kind}, not a carrier oil")
        elif mentions(carrier, names) or carrier.verdict not in USABLE:
            yield hit("oils", loc, f"recipe '{recipe.id}' uses {carrier.name}, which this handbook does not "
                       "recommend")


@check("first_month_and_navel")
def _first_month_and_navel(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.8: no oil under 1 month; tummy work only once the navel has healed; no routine step too early."""
    low = p.num("min_oil_months")
    tummy, exempt = p.words("tummy_body_parts"), p.words("tummy_exempt_kinds")
    p.text("reason")
    content = scope.content
    for i, stage in enumerate(content.stages.stages):
        if stage.from_months < low and stage.oil_ok:
            yield hit("stages", ("stages", i, "oil_ok"), f"stage '{stage.id}' starts at "
                       f"{months_text(stage.from_months)}: no oil before {months_text(low)} (set oil_ok: false)")
    for i, oil in enumerate(content.oils.oils):
        if oil.kind == "carrier" and oil.verdict in USABLE and oil.from_months < low:
            yield hit("oils", ("oils", i, "from_months"), f"{oil.name} is offered from "
                       f"{months_text(oil.from_months)}: no oil before {months_text(low)}")
    techniques = {t.id: t for t in content.techniques.techniques}
    for i, t in enumerate(content.techniques.techniques):
        on_tummy = bool(find(tummy, t.body_part)) or bool(find(tummy, t.id.replace("_", " ")))
        if on_tummy and t.kind not in exempt and not t.needs_navel_healed:
            yield hit("techniques", ("techniques", i, "needs_navel_healed"),
                       f"technique '{t.id}' works on the tummy: set needs_navel_healed: true")
    for i, stage in enumerate(content.stages.stages):
        for j, step in enumerate(stage.routine):
            used = techniques.get(step.technique)
            if used is not None and used.min_age_months > stage.from_months:
                yield hit("stages", ("stages", i, "routine", j, "technique"),
                           f"stage '{stage.id}' (from {months_text(stage.from_months)}) uses '{used.id}', "
                           f"which starts at {months_text(used.min_age_months)}")


@check("techniques")
def _techniques(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.9: minimum ages per kind of technique; banned techniques at any age (the `never` list names them)."""
    kind_min, banned = p.num_map("kind_min_months"), p.words("banned")
    content = scope.content
    for i, t in enumerate(content.techniques.techniques):
        low = kind_min.get(t.kind)
        if low is not None and t.min_age_months < low:
            yield hit("techniques", ("techniques", i, "min_age_months"),
                       f"technique '{t.id}' ({t.kind}) starts at {months_text(t.min_age_months)}; "
                       f"{t.kind} techniques start at {months_text(low)} or later")
        for part, text in (("id", t.id.replace("_", " ")), ("name", t.name)):
            for word in find(banned, text):
                yield hit("techniques", ("techniques", i, part), f"technique '{t.id}' is a banned technique "
                           f"('{word}'); list it under never instead")
    for i, stage in enumerate(content.stages.stages):
        for j, step in enumerate(stage.routine):
            for part, text in (("technique", step.technique.replace("_", " ")), ("body_part", step.body_part)):
                for word in find(banned, text):
                    yield hit("stages", ("stages", i, "routine", j, part),
                               f"stage '{stage.id}' step {j + 1} is a banned technique ('{word}')")


@check("session_length")
def _session_length(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.10 (warning): 10 / 15 / 20 minutes for 0–1 / 1–3 / 3–12 months."""
    limits = sorted(p.records("limits", ("below_months", "max_minutes")), key=lambda r: r["below_months"])
    for i, stage in enumerate(scope.content.stages.stages):
        limit = next((r for r in limits if stage.from_months < r["below_months"]), limits[-1])
        if stage.session_minutes_max > limit["max_minutes"]:
            yield hit("stages", ("stages", i, "session_minutes_max"), stage=f"stage '{stage.id}'",
                       minutes=stage.session_minutes_max, from_months=months_text(stage.from_months),
                       max=num_text(limit["max_minutes"]))


@check("checklist_required")
def _checklist_required(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.11: the must-have 'no massage today' items are there, printable, and the injection wait is configurable."""
    required = p.words("required_ids")
    wait_item, placeholder = p.text("wait_item"), p.text("wait_placeholder")
    allow_unsourced = scope.content.settings.allow_unsourced
    found: dict[str, tuple[Loc, Item]] = {}
    for g, group in enumerate(scope.content.checklist.groups):
        for k, item in enumerate(group.items):
            if item.id and (item.evidence != NEEDS_SOURCE or allow_unsourced):
                found.setdefault(item.id, (("groups", g, "items", k), item))
    missing = [r for r in required if r not in found]
    if missing:
        yield hit("checklist", ("groups",), f"lacks the required item(s) {', '.join(missing)} "
                   "(give the items these ids; needs-source items do not count)")
    if wait_item in found:
        loc, item = found[wait_item]
        if not re.search(r"\{\{\s*" + re.escape(placeholder) + r"\s*\}\}", item.text):
            yield hit("checklist", (*loc, "text"), f"item '{wait_item}' must use {{{{ {placeholder} }}}} for the "
                       "waiting time, so clinics can set 24–72 hours")


@check("stage_boxes")
def _stage_boxes(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.12: every routine page shows the cue box and the red-flag box, and both have something to show."""
    required = p.words("required_boxes")
    content = scope.content
    for i, stage in enumerate(content.stages.stages):
        missing = [b for b in required if b not in stage.boxes]
        if missing:
            yield hit("stages", ("stages", i, "boxes"), f"stage '{stage.id}' lacks the {' and '.join(missing)} box")
    if "cues" in required and not any(b.items for b in content.cues.blocks):
        yield hit("cues", ("blocks",), "the cue box needs at least one block of cues")
    if "red_flags" in required and not any(b.tone == "danger" for b in content.red_flags.blocks):
        yield hit("red_flags", ("blocks",), "the red-flag box needs a block with tone: danger")


@check("forbidden_wording")
def _forbidden_wording(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.13: no cure/treat/… claims, and weight gain only where the sentence is about babies born early."""
    phrases, gap = p.words("phrases"), int(p.num("max_gap_words"))
    weight, ok_if = p.words("weight_gain"), p.words("weight_gain_ok_if")
    for key, loc, text in printable_strings(scope.loaded):
        for sentence in sentences(text):
            for word in find(phrases, sentence, gap):
                yield hit(key, loc, "sounds like a medical claim", phrase=word)
            if not find(ok_if, sentence):
                for word in find(weight, sentence, gap):
                    yield hit(key, loc, "is a weight-gain claim not limited to babies born early", phrase=word)


TEMPERATURE = re.compile(
    r"(?:(\d+(?:[.,]\d+)?)\s*(?:°\s*C\s*)?(?:–|—|-|to)\s*)?(\d+(?:[.,]\d+)?)\s*(?:°\s*C|℃)(?!\w)", re.IGNORECASE
)


@check("temperatures")
def _temperatures(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.14: room 22–26 °C, sleep room 16–20 °C, bath ≤ 38 °C; steam and sauna only in a 'no' sentence."""
    room, sleep, bath_max = p.pair("massage_room"), p.pair("sleep_room"), p.num("bath_max")
    words = {n: p.words(n) for n in ("room_words", "massage_words", "sleep_words", "bath_words", "skip_if_words",
                                     "steam_words", "negation_words")}
    for key, loc, text in printable_strings(scope.loaded):
        for sentence in sentences(text):
            steam = find(words["steam_words"], sentence)
            if steam and not find(words["negation_words"], sentence):
                yield hit(key, loc, f"'{steam[0]}' without no/never/avoid in the same sentence: "
                           "no steam room or sauna for babies")
            values = [float(v.replace(",", ".")) for m in TEMPERATURE.finditer(sentence) for v in m.groups() if v]
            if not values or find(words["skip_if_words"], sentence):
                continue
            ranges: dict[str, tuple[float, float]] = {}
            is_sleep = bool(find(words["sleep_words"], sentence))
            is_room = bool(find(words["room_words"], sentence))
            if find(words["bath_words"], sentence):
                ranges["bath water"] = (float("-inf"), bath_max)
            if is_sleep:
                ranges["sleep room"] = sleep
            if is_room and (not is_sleep or find(words["massage_words"], sentence)):
                ranges["massage room"] = room
            for value in values:
                if ranges and not any(lo <= value <= hi for lo, hi in ranges.values()):
                    allowed = "; ".join(
                        f"{name} ≤ {num_text(hi)} °C" if lo == float("-inf") else
                        f"{name} {num_text(lo)}–{num_text(hi)} °C" for name, (lo, hi) in ranges.items()
                    )
                    yield hit(key, loc, f"{num_text(value)} °C is outside the allowed range ({allowed})")


@check("tracker_columns")
def _tracker_columns(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.15: every §2.8 column, and no 'break' fields (the 2-month break has no evidence)."""
    required, banned = p.words("required_ids"), p.words("banned_words")
    columns = scope.content.tracker.columns
    missing = [r for r in required if r not in {c.id for c in columns}]
    if missing:
        yield hit("tracker", ("columns",), f"lacks the column(s) {', '.join(missing)}")
    for j, column in enumerate(columns):
        for part, text in (("id", column.id.replace("_", " ")), ("label", column.label)):
            if find(banned, text):
                yield hit("tracker", ("columns", j, part), f"column '{column.id}' is a break field; remove it")


def _sourced_nodes(data: Any, loc: Loc) -> Iterator[tuple[Loc, dict]]:
    if isinstance(data, dict):
        if "evidence" in data:
            yield loc, data
        for key, value in data.items():
            yield from _sourced_nodes(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _sourced_nodes(value, (*loc, i))


@check("unsourced")
def _unsourced(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.16: everything printed names its sources, unless it is honestly tagged needs-source (hidden by default)."""
    for key, src in scope.loaded.sources.items():
        if key in ("settings", "rules", "references") or key.startswith("locale:"):
            continue
        for loc, node in _sourced_nodes(src.data, ()):
            if node.get("evidence") != NEEDS_SOURCE and not node.get("sources"):
                yield Hit(key, (*loc, "sources") if "sources" in node else loc, {"where_text": format_loc(loc)})
