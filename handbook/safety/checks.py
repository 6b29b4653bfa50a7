"""One function per safety check of the content brief §4, registered under the name rules.yaml uses.

Each check reads its numbers and word lists from the rule's params and yields hits; it never decides the
severity or the wording of the message (rules.yaml does).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from handbook.content.loader import format_loc
from handbook.content.models import Item, Oil
from handbook.safety.oils import dilution_percent, is_peanut, mentions
from handbook.safety.rulebase import (
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
from handbook.safety.textscan import find, printable_strings, sentences
from handbook.yamlsource import Loc


def _usable_essential(scope: Scope) -> Iterator[tuple[int, Oil]]:
    for i, oil in enumerate(scope.content.oils.oils):
        if oil.kind == "essential" and oil.verdict in USABLE:
            yield i, oil


@check("eo_min_age")
def _eo_min_age(scope: Scope, p: Params) -> Iterator[Hit]:
    """§4.1: no essential oil under 3 months, whatever the opt-in."""
    yield from _essential_before(scope, p.num("min_months"))


def _essential_before(scope: Scope, low: float) -> Iterator[Hit]:
    """Each usable essential oil offered before `low` months (the shared test of §4.1 and §4.2)."""
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
    yield from _essential_before(scope, low)


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
    ok_phrases = p.words("ok_phrases") if "ok_phrases" in p.raw else []
    for key, loc, text in printable_strings(scope.loaded):
        for sentence in sentences(text):
            for phrase in find(ok_phrases, sentence):
                sentence = sentence.replace(phrase, " ")
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
            # Common practice may have no source at all: it prints as "common practice", never as a citation.
            if node.get("evidence") not in (NEEDS_SOURCE, "convention") and not node.get("sources"):
                yield Hit(key, (*loc, "sources") if "sources" in node else loc, {"where_text": format_loc(loc)})


# --- brief §6: rules added in the second clinical review ---------------------------------------------------

AGE_MENTION = re.compile(
    r"\b(?:(?P<under>under|younger than|below)\s+(?P<u>\d+(?:\.\d+)?)"
    r"|(?P<lo>\d+(?:\.\d+)?)\s*(?:to|–|-)\s*(?P<hi>\d+(?:\.\d+)?)"
    r"|(?P<over>over|older than)\s+(?P<o>\d+(?:\.\d+)?))\s+months?\b",
    re.IGNORECASE,
)


def age_mentions(text: str) -> list[tuple[float | None, float | None, str]]:
    """Age ranges a sentence names, as (from, below) in months: 'under 3 months' = (None, 3)."""
    plain = re.sub(r"<[^>]+>", " ", text)
    found: list[tuple[float | None, float | None, str]] = []
    for m in AGE_MENTION.finditer(plain):
        if m["under"]:
            found.append((None, float(m["u"]), m[0]))
        elif m["over"]:
            found.append((float(m["o"]), None, m[0]))
        else:
            found.append((float(m["lo"]), float(m["hi"]), m[0]))
    return found


def _items_in(data: Any, loc: Loc) -> Iterator[tuple[Loc, dict]]:
    """Every printable item (a mapping with `text` and `evidence`) in one parsed file, with its path."""
    if isinstance(data, dict):
        if isinstance(data.get("text"), str) and "evidence" in data:
            yield loc, data
        for key, value in data.items():
            yield from _items_in(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _items_in(value, (*loc, i))


def range_problem(node: dict, within: tuple[float | None, float | None] | None = None) -> str | None:
    """Why an item's age range does not match the ages its text (or its block heading) names, or None."""
    low, below = node.get("from_months"), node.get("below_months")
    for lo, hi, said in age_mentions(node["text"]):
        if (lo is not None and low != lo) or (hi is not None and below != hi):
            return (f"the text says '{said}' but the item prints for from_months: {low}, below_months: {below}; "
                    "give it the same age range so it prints only for babies of that age")
    if within is not None:
        lo, hi = within
        if (lo is not None and (low is None or low < lo)) or (hi is not None and (below is None or below > hi)):
            return (f"its block heading names an age range, but the item prints for from_months: {low}, "
                    f"below_months: {below}")
    if (low is not None or below is not None) and node.get("age_from", "advice") != "birth":
        return "fever and warning-sign ages go by age from birth: add age_from: birth"
    return None


@check("age_ranges")
def _age_ranges(scope: Scope, p: Params) -> Iterator[Hit]:
    """§6.5: a red-flag or checklist line about an age range carries that range, so it prints only then."""
    for key in p.words("files"):
        src = scope.loaded.sources.get(key)
        if src is None:
            continue
        blocks = src.data.get("blocks") if isinstance(src.data, dict) else None
        headed: dict[int, tuple[float | None, float | None]] = {}
        for b, block in enumerate(blocks or []):
            if isinstance(block, dict) and isinstance(block.get("heading"), str):
                said = age_mentions(block["heading"])
                if said:
                    headed[b] = said[0][:2]
        for loc, node in _items_in(src.data, ()):
            within = headed.get(loc[1]) if len(loc) > 1 and loc[0] == "blocks" and isinstance(loc[1], int) else None
            problem = range_problem(node, within)
            if problem:
                yield hit(key, (*loc, "text"), problem)


@check("bruise_not_skip")
def _bruise_not_skip(scope: Scope, p: Params) -> Iterator[Hit]:
    """§6.1 #3: a bruise on a baby is shown to a GP or health visitor the same day, never 'skip that area'."""
    groups, words = p.words("groups"), p.words("words")
    for g, group in enumerate(scope.content.checklist.groups):
        if group.id not in groups:
            continue
        for k, item in enumerate(group.items):
            for word in find(words, item.text):
                yield hit("checklist", ("groups", g, "items", k, "text"), f"'{word}' is listed under "
                           f"'{group.id}'; a bruise needs a GP or health visitor the same day, not 'skip that area'")


@check("eo_recipe_claims")
def _eo_recipe_claims(scope: Scope, p: Params) -> Iterator[Hit]:
    """§6.2: an essential-oil recipe's name and text promise no effect ('calming', 'soothes colic')."""
    claims, negations = p.words("claim_words"), p.words("no_claim_words")
    for i, recipe in scope.recipes():
        if not recipe.essential_oils:
            continue
        texts: list[tuple[Loc, str]] = [(("recipes", i, "title"), recipe.title)]
        texts += [(("recipes", i, "method", j), s) for j, s in enumerate(recipe.method)]
        texts += [(("recipes", i, "warnings", j, "text"), w.text) for j, w in enumerate(recipe.warnings)]
        for loc, text in texts:
            for sentence in sentences(text):
                if find(negations, sentence):
                    continue  # "No study shows it calms babies" says there is no effect
                for word in find(claims, sentence):
                    yield hit("oils", loc, f"recipe '{recipe.id}' claims an effect ('{word}'); no study shows "
                               "an essential-oil blend calms babies or helps colic")


@check("emergency_action")
def _emergency_action(scope: Scope, p: Params) -> Iterator[Hit]:
    """§6.1: an emergency-level sign says to call the emergency number, never only the advice or poison line."""
    emergency, other = p.text("emergency_placeholder"), p.words("other_placeholders")
    signs = p.words("emergency_signs")

    def names(placeholder: str, text: str) -> bool:
        return re.search(r"\{\{\s*" + re.escape(placeholder) + r"\s*\}\}", text) is not None

    for b, block in enumerate(scope.content.red_flags.blocks):
        if block.tone == "danger" and not names(emergency, block.heading or ""):
            for k, item in enumerate(block.items):
                if not names(emergency, item.text):
                    at: Loc = ("blocks", b, "heading") if block.heading else ("blocks", b, "items", k, "text")
                    yield hit("red_flags", at, f"an emergency-level block whose action is not "
                               f"{{{{ {emergency} }}}} (the heading or every line must name it)")
                    break
    for key, src in scope.loaded.sources.items():
        if key in ("settings", "rules", "references") or key.startswith("locale:"):
            continue
        for where, node in _items_in(src.data, ()):
            text = node["text"]
            sign = find(signs, text)
            if sign and any(names(o, text) for o in other) and not names(emergency, text):
                yield hit(key, (*where, "text"), f"'{sign[0]}' is an emergency sign, but the only action here is "
                           f"the advice or poison line; say to call {{{{ {emergency} }}}}")


def technique_starts(scope: Scope, kind_min: dict[str, float]) -> dict[str, float]:
    """Each technique's name → the youngest age (months) it may be offered."""
    return {t.name: max(t.min_age_months, kind_min.get(t.kind, 0.0)) for t in scope.content.techniques.techniques}


FROM_AGE = re.compile(r"\bfrom\s+(\d+(?:\.\d+)?)\s+months?\b", re.IGNORECASE)


def too_early_mentions(text: str, starts: dict[str, float], at_months: float) -> list[tuple[str, float]]:
    """Moves named in `text` that start after `at_months`, unless the sentence says 'from N months' (N ≥ start)."""
    later = {name.lower(): (name, start) for name, start in starts.items() if start > at_months}
    found: list[tuple[str, float]] = []
    for sentence in sentences(text) if later else []:
        found += too_early_in_sentence(sentence, later)
    return found


def from_age_patterns(forms: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """'from N months' as a locale prints it (its `plurals.from_months` forms, e.g. ru 'с {n} месяцев'), so a
    translated "Coming later" line that says when a move starts is read like the English one."""
    out = [FROM_AGE]
    for form in dict.fromkeys(forms):
        if "{n}" in form:
            out.append(re.compile(re.escape(form).replace(re.escape("{n}"), r"(\d+(?:[.,]\d+)?)"), re.IGNORECASE))
    return tuple(out)


def too_early_in_sentence(sentence: str, later: dict[str, tuple[str, float]],
                          patterns: tuple[re.Pattern[str], ...] = (FROM_AGE,)) -> list[tuple[str, float]]:
    """`later`: lower-case move name → (name, start) for the moves not yet allowed; one pattern for them all."""
    named = find(sorted(later), sentence) if later else []
    if not named:
        return []
    said = [float(n.replace(",", ".")) for p in patterns for n in p.findall(sentence)]
    return [later[w] for w in dict.fromkeys(n.lower() for n in named) if not any(x >= later[w][1] for x in said)]


@check("technique_mentions")
def _technique_mentions(scope: Scope, p: Params) -> Iterator[Hit]:
    """§6.4: every page respects a move's minimum age, not only the technique cards ("Common worries" too).

    An item naming a move must be limited to babies old enough (from_months), or say "from N months"; a stage
    text naming a move belongs to a stage that starts late enough.
    """
    r09 = next((r for r in scope.content.rules.rules if r.check == "techniques"), None)
    kind_min = Params(r09).num_map("kind_min_months") if r09 is not None else {}
    starts = technique_starts(scope, kind_min)
    for key, src in scope.loaded.sources.items():
        if key in ("settings", "rules", "references", "techniques", "stages") or key.startswith("locale:"):
            continue
        for loc, node in _items_in(src.data, ()):
            low = node.get("from_months") or 0.0
            for name, start in too_early_mentions(node["text"], starts, float(low)):
                yield hit(key, (*loc, "text"), f"names '{name}', which starts at {months_text(start)}, but prints "
                           f"from {months_text(float(low))}: set from_months: {num_text(start)} or more")
    for i, stage in enumerate(scope.content.stages.stages):
        parts: list[tuple[Loc, str]] = [(("stages", i, "summary"), stage.summary),
                                        (("stages", i, "new_this_stage"), stage.new_this_stage)]
        parts += [(("stages", i, "tips", j, "text"), t.text) for j, t in enumerate(stage.tips)]
        for loc, text in parts:
            for name, start in too_early_mentions(text, starts, stage.from_months):
                yield hit("stages", loc, f"stage '{stage.id}' (from {months_text(stage.from_months)}) names "
                           f"'{name}', which starts at {months_text(start)}")
