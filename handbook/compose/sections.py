"""Section builders: each turns one part of the content into blocks for this baby.

Builders only arrange words; what applies to this baby was decided in the personalise stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from handbook.cache import remember
from handbook.compose import blocks as b
from handbook.compose.text import MEMO_LIMIT, TextMemo, cite, keep_units, visible
from handbook.compose.textenv import esc, fills_from, render_text, safe
from handbook.content.models import Content, Item, ProseSection, RoutineStep, Technique, TrackerColumn
from handbook.errors import ContentError
from handbook.i18n import age_text, format_list, format_number, plural_phrase
from handbook.i18n.phrases import MissingPhrase
from handbook.personalise.age import Age, age_on
from handbook.personalise.context import Context
from handbook.personalise.dates import format_date, format_short_date
from handbook.personalise.wording import localise


@dataclass
class Composer:
    """Shared state while composing one document: figure numbers are fixed before any section runs. The
    locale's words and content text without placeholders are made once per `memo`: the build cache's for this
    locale, so once per cache rather than once per handbook (else one of this document's own)."""

    ctx: Context
    content: Content
    figure_numbers: dict[str, int] = field(default_factory=dict)
    memo: TextMemo | None = None
    _memo: TextMemo = field(init=False, repr=False)
    _labels: tuple = field(init=False, repr=False)  # the evidence labels, as the memo's citations key them

    def __post_init__(self) -> None:
        self._memo = self.memo if self.memo is not None else TextMemo(self.ctx.locale)
        self._labels = tuple(self.ctx.evidence_labels.items())

    def number_figures(self, ids: list[str]) -> None:
        for fid in ids:
            self.figure_numbers.setdefault(fid, len(self.figure_numbers) + 1)

    def figure(self, figure_id: str, caption: str, width_ratio: float = 0.45,
               legend: tuple[str, ...] = ()) -> b.Figure:
        self.number_figures([figure_id])
        number = self.figure_numbers[figure_id]
        return b.Figure(figure_id, number, caption, width_ratio, legend=legend, alt=self.alt(figure_id),
                        label=self.s("figure_label", n=number))

    def alt(self, figure_id: str) -> str:
        """A figure's alternative text, through the same text pipeline as every printed string."""
        return self.fill(self.content.figures.alt(figure_id))

    def _words(self, key: tuple, make: Callable[[], str]) -> str:
        """A phrase that is a pure function of `key` and the locale, remembered in the memo."""
        return remember(self._memo.words, key, make, MEMO_LIMIT)

    def units(self, text: str) -> str:
        """keep_units in this locale, remembered by the text."""
        locale = self.ctx.locale
        return remember(self._memo.units, text, lambda: keep_units(text, locale), MEMO_LIMIT)

    def fill(self, text: str) -> str:
        """text.fill: content text in the locale's words, placeholders filled, units kept with their numbers.
        Remembered by the text only when no placeholder is left after localising (no baby's value is in it)."""
        memo, locale = self._memo, self.ctx.locale
        done = memo.plain.get(text)
        if done is not None:
            return done
        local = localise(text, locale)
        if "{" in local:  # filled for this baby: only the unit spacing of the result is remembered
            return self.units(render_text(local, self.ctx.text_vars))
        return remember(memo.plain, text, lambda: keep_units(local, locale), MEMO_LIMIT)  # render_text: as is

    def cite(self, sources: Sequence[str], evidence: str | None = None) -> str:
        """text.cite, remembered by the evidence labels, sources and evidence it reads."""
        return remember(self._memo.cites, (self._labels, tuple(sources), evidence),
                        lambda: cite(self.ctx, sources, evidence), MEMO_LIMIT)

    def item_text(self, item: Item) -> str:
        return self.fill(item.text) + self.cite(item.sources, item.evidence)

    def texts(self, items: Iterable[Item]) -> tuple[str, ...]:
        """The printable items' texts for this baby (which items print is decided each time)."""
        return tuple(self.item_text(i) for i in visible(self.ctx, items))

    def s(self, key: str, **values: object) -> str:
        """A locale string by key (`strings:` in content/locales/<code>.yaml), its placeholders filled.

        `values` are the code-filled placeholders (`{{ date }}`, `{{ name }}`): already escaped markup or
        numbers. A missing key is an error naming the file and key, never an English fallback (issue 14).
        A string without placeholders is remembered by its key.
        """
        locale = self.ctx.locale
        text = locale.strings.get(key)
        if text is None:
            raise ContentError([f"content/locales/{locale.code}.yaml: strings.{key}: missing"])
        if ("s", key) in self._memo.words:
            return self._memo.words[("s", key)]
        local = localise(text, locale)
        if "{" not in local:  # render_text leaves it as is, whatever the values
            return self._words(("s", key), lambda: keep_units(local, locale))
        slots = {k: safe(str(v)) for k, v in values.items()}
        if values and fills_from(local, values):  # no baby's value in it
            shown = tuple((k, str(v)) for k, v in values.items())
            return self._words(("s", key, shown), lambda: self.units(render_text(local, slots)))
        return self.units(render_text(local, {**self.ctx.text_vars, **slots}))

    def n(self, key: str, count: int, **values: object) -> str:
        """Words that depend on a number (`plurals:`), the CLDR category from Babel; `{name}` slots filled."""
        shown = tuple((name, str(value)) for name, value in values.items())
        return self._words(("n", key, type(count), repr(count), shown), lambda: self._plural(key, count, shown))

    def _plural(self, key: str, count: int, shown: tuple[tuple[str, str], ...]) -> str:
        try:
            text = plural_phrase(self.ctx.locale, key, count)
        except MissingPhrase as exc:
            raise ContentError([f"content/locales/{self.ctx.locale.code}.yaml: {exc}"]) from None
        for name, value in shown:
            text = text.replace("{" + name + "}", value)
        return keep_units(localise(text, self.ctx.locale), self.ctx.locale)

    def age(self, age: Age) -> str:
        """An age in the locale's words ("10 days", "4 months, 2 weeks")."""
        return self._words(("age", age.days, age.weeks, age.months, age.rem_days),
                           lambda: age_text(age, self.ctx.locale))

    def num(self, value: float, fmt: str | None = None) -> str:
        """A number as the locale writes it ('0.50', '0,50')."""
        return self._words(("num", type(value), repr(value), fmt),
                           lambda: format_number(value, self.ctx.locale.code, fmt))

    def date_text(self, d: date) -> str:
        """A date as the locale writes it in full ('24 November 2026')."""
        return self._words(("date", d), lambda: format_date(d, self.ctx.locale))

    def short_date(self, d: date) -> str:
        """A chart row's date ('Tue 3 Feb')."""
        return self._words(("short_date", d), lambda: format_short_date(d, self.ctx.locale))

    def from_months(self, months: float) -> str:
        """'from birth', 'from 3 months' (ru 'с 3 месяцев': its own plural forms, not 'from' + age)."""
        return self.s("from_birth") if months <= 0 else self.n("from_months", int(months))

    def months(self, months: float) -> str:
        """'birth' or '3 months': an advice age named on its own."""
        return self.s("age_birth") if months <= 0 else self.n("age_months", int(months))


# Figures the sections print whatever the content says (technique figures are named in techniques.yaml).
COVER_FIGURE = "setup"
BODY_MAP = "body_map"
FIXED_FIGURES = (COVER_FIGURE, BODY_MAP)


def sentence_start(text: str) -> str:
    """A phrase that opens a line starts with a capital ('from 3 months' → 'From 3 months')."""
    return text[:1].upper() + text[1:]


def technique_meta(c: Composer, t: Technique) -> str:
    start = sentence_start(c.from_months(t.min_age_months))
    if t.needs_navel_healed:
        start = c.s("once_navel_healed", start=start)
    return f"{start} · {t.body_part}"  # the middle dot separates two facts: a symbol, not a word


# --- sections ------------------------------------------------------------------------------------


def cover(c: Composer) -> list[b.Block]:
    ctx = c.ctx
    name = esc(ctx.baby.name)
    lines = [c.s("cover_age")]
    if ctx.before_due_date and ctx.baby.due_date is not None:
        lines.append(c.s("cover_due", date=c.date_text(ctx.baby.due_date)))
    elif ctx.corrected is not None:
        lines.append(c.s("cover_corrected"))
    lines.append(c.s("cover_stage"))
    lines.append(c.s("cover_made", date=c.date_text(ctx.on)))
    lines.append(f"<b>{c.s('cover_help')}</b>")
    clinic = ctx.clinic
    return [
        b.Cover(
            title=c.s("cover_title"),
            subtitle=c.s("cover_subtitle"),
            name=name,
            lines=tuple(lines),
            clinic_name=esc(clinic.name) if clinic else "",
            clinic_logo=str(clinic.logo) if clinic and clinic.logo else "",
            clinic_logo_data=(clinic.logo_data or b"") if clinic else b"",
            intro=esc(clinic.intro) if clinic and clinic.intro else "",
            figure_alt="",  # no drawing on the cover (issue 13): it says who, what stage, and where help is
        )
    ]


def contents(c: Composer) -> list[b.Block]:
    return [b.Contents(c.s("contents"))]


NBSP = "\u00a0"


def running(blocks: list[b.Block]) -> list[b.Block]:
    """Running text, set in two columns on A4 and Letter (issue 13: a measure of at most 70 characters) and in
    the one column of a booklet's page (see blocks.Flow)."""
    return [b.Flow(tuple(blocks), running=True)] if blocks else []


def run_on(blocks: list[b.Block]) -> list[b.Block]:
    """A section that follows on (its heading not on a new page) straight after running text joins the same
    columns, heading and all: a section that ends half-way down a column leaves no hole beside it."""
    out: list[b.Block] = []
    for blk in blocks:
        if (isinstance(blk, b.Flow) and blk.running and len(out) >= 2 and isinstance(head := out[-1], b.Heading)
                and head.level == 1 and not head.new_page and isinstance(before := out[-2], b.Flow)
                and before.running):
            out[-2:] = [b.Flow((*before.body, head, *blk.body), running=True)]
        else:
            out.append(blk)
    return out


def prose(c: Composer, section: ProseSection, lead: list[b.Block] | None = None,
          new_page: bool = False) -> list[b.Block]:
    """A prose section; it follows on from the one before unless `new_page` (no half-empty pages, issue 13).
    Its heading is across the page, its text in running columns."""
    return [b.Heading(section.title, 1, section.id, new_page=new_page), *running(prose_body(c, section, lead))]


def prose_body(c: Composer, section: ProseSection, lead: list[b.Block] | None = None) -> list[b.Block]:
    out: list[b.Block] = list(lead or [])
    out += [b.Para(t, "lead") for t in c.texts(section.intro)]
    for block in section.blocks:
        items = c.texts(block.items)
        if not items:
            continue
        heading = c.fill(block.heading) if block.heading else ""
        if block.style == "paragraphs":
            body: list[b.Block] = [b.Para(t) for t in items]
        else:
            style: Literal["ticks", "bullets"] = "ticks" if block.style == "ticks" else "bullets"
            body = [b.Bullets(items, style)]
        if block.tone != "plain" or block.style == "box":
            out.append(b.Box(heading, block.tone, tuple(body)))
        else:
            if heading:
                out.append(b.Heading(heading, 2, new_page=False))
            out += body
    return out


def before_you_start(c: Composer) -> list[b.Block]:
    ctx = c.ctx
    lead: list[b.Block] = [b.Para(c.s("intro_for"), "lead")]
    if ctx.before_due_date:
        lead.append(before_due_box(c))  # up front, before any home advice
    if ctx.corrected is not None and not ctx.before_due_date:
        lead.append(
            b.Para(c.s("intro_born_early") + c.cite(c.content.settings.corrected_age_sources, "guideline"),
                   "lead")
        )
    return prose(c, c.content.before_you_start, lead)


def before_due_box(c: Composer) -> b.Box:
    """The neonatal team's lead, for a baby born early who has not reached the due date (S7)."""
    notes = c.texts(c.content.stages.before_due_date)
    return b.Box(c.s("before_due_title"), "info", (b.Bullets(notes),))


def _cue_rule(c: Composer) -> list:
    """The cues' "what to do" blocks (boxed in content): the rule printed once, under the routine card."""
    return [blk for blk in c.content.cues.blocks if blk.style == "box" or blk.tone != "plain"]


def cue_box(c: Composer, *, with_rule: bool = True) -> b.Box:
    """The one cues block of the handbook (issue 13: each fact once): the cues section's intro and its signs;
    the rule of what to do is here too unless the routine card carries it (`with_rule` False)."""
    items: list[b.Block] = [b.Para(t) for t in c.texts(c.content.cues.intro)]
    rule = _cue_rule(c)
    signs: list[list[b.Block]] = []  # each list of signs with its heading
    for block in c.content.cues.blocks:
        if block in rule and not with_rule:
            continue
        lines = c.texts(block.items)
        if lines:
            group: list[b.Block] = [b.Para(f"<b>{c.fill(block.heading)}</b>")] if block.heading else []
            signs.append([*group, b.Bullets(lines)])
    # The two lists of short signs side by side: they read as a pair (enjoying / needs a break), and the box
    # takes half the height (issue 13: no page left half empty for it).
    if len(signs) == 2 and not with_rule:
        items.append(b.Columns(tuple(signs[0]), tuple(signs[1])))
    else:
        items += [blk for group in signs for blk in group]
    if not with_rule:
        items.append(b.Para(c.s("cue_rule_where")))
    return b.Box(c.s("cue_box"), "info", tuple(items))


def help_pointer(c: Composer) -> b.Box:
    """Where the handbook's one emergency panel is, with the number to call: printed where the red-flag box
    used to repeat the back cover (rule R12 in content/rules.yaml says why this is enough)."""
    blocks = [blk for blk in c.content.red_flags.blocks if blk.in_box] or [
        next((blk for blk in c.content.red_flags.blocks if blk.tone == "danger"), c.content.red_flags.blocks[0])
    ]
    heading = c.fill(blocks[0].heading) if blocks[0].heading else c.s("help_emergency")
    return b.Box(heading, "danger", (b.Para(c.s("help_pointer")),))


def red_flag_box(c: Composer, columns: int = 1) -> b.Box:
    """The emergency list and the urgent fever lines, compact and filtered to this baby's age, so every
    routine page and the checklist say when to get help, with the same action as "When to call a doctor"."""
    blocks = [blk for blk in c.content.red_flags.blocks if blk.in_box] or [
        next((blk for blk in c.content.red_flags.blocks if blk.tone == "danger"), c.content.red_flags.blocks[0])
    ]
    heading = c.fill(blocks[0].heading) if blocks[0].heading else c.s("help_emergency")
    body: list[b.Block] = [b.Bullets(c.texts(blocks[0].items), columns=columns)]
    for blk in blocks[1:]:
        lines = c.texts(blk.items)
        if lines:
            if blk.heading:
                body.append(b.Para(f"<b>{c.fill(blk.heading)}</b>", "small"))
            body.append(b.Bullets(lines))
    return b.Box(heading, "danger", tuple(body))


def stage(c: Composer) -> list[b.Block]:
    st = c.ctx.stage
    # The stage's ages never split over two lines ("3" / "to 6 months") when the heading wraps in its column.
    heading = b.Heading(f"{c.content.stages.title}: {esc(st.title).replace(' ', NBSP)}", 1, "stage", new_page=False)
    return [heading, *running(stage_body(c))]


def stage_body(c: Composer) -> list[b.Block]:
    ctx, st = c.ctx, c.ctx.stage
    if ctx.before_due_date:  # no home routine before the due date: the neonatal team leads (brief §6.5)
        return [before_due_box(c), cue_box(c), help_pointer(c)]
    out: list[b.Block] = [b.Para(t, "lead") for t in c.texts(c.content.stages.intro)]
    out.append(b.Para(c.fill(st.summary) + c.cite(st.sources, st.evidence), "lead"))
    if ctx.beyond_first_year:
        out.append(
            b.Box(
                c.s("first_year_title"),
                "info",
                (b.Para(c.s("first_year_body")),),
            )
        )
    minutes = c.n("minutes_range", st.session_minutes_max, min=c.num(st.session_minutes_min))
    out.append(b.Para(c.s("session_line", minutes=minutes)))
    out.append(b.Para(c.s("new_this_stage_line", text=c.fill(st.new_this_stage))))
    # The steps themselves are the routine card's table, inside the front cover (issue 13: each fact once).
    out.append(b.Para(f"<b>{c.s('routine')}:</b> {c.s('routine_where')}"))
    for tip in c.texts(st.tips) + c.texts(c.content.stages.every_stage):
        out.append(b.Para(tip))
    out.append(cue_box(c, with_rule=False))
    out.append(help_pointer(c))
    if ctx.next_stage is not None and ctx.next_stage_starts is not None:
        nxt = ctx.next_stage
        body = c.fill(st.coming_next or nxt.new_this_stage)
        out.append(
            b.Box(
                c.s("coming_next"),
                "plain",
                (b.Para(body),),
            )
        )
    return out


def routine_steps(c: Composer) -> list[tuple[RoutineStep, Technique]]:
    """This baby's routine: the stage's steps in the stage's order, each with its move, leaving out moves the
    rules do not allow yet (e.g. tummy circles before the navel has healed, brief §6.4)."""
    allowed = {t.id: t for t in c.ctx.decisions.techniques}
    return [(step, allowed[step.technique]) for step in c.ctx.stage.routine if step.technique in allowed]


def routine_techniques(c: Composer) -> list[Technique]:
    """The moves of this baby's routine, once each, in the routine's order: the technique pages follow the
    routine card (issue 13); moves not allowed yet go to "Coming later"."""
    out: list[Technique] = []
    for _step, tech in routine_steps(c):
        if tech not in out:
            out.append(tech)
    return out


def technique_ref(t: Technique) -> str:
    """The page-reference key of a move's card (see render/pagerefs.py)."""
    return f"technique:{t.id}"


def routine_card(c: Composer) -> list[b.Block]:
    """The inside front: "Today's routine", this baby's steps in order, each with a small picture of its move
    and the page that explains it, and under it the rule of what to do when the baby's cues say stop."""
    ctx = c.ctx
    if ctx.before_due_date:
        return []  # no home routine before the due date: the stage page says who leads
    rows, pictures, alts, refs = [], [], [], []
    for n, (step, tech) in enumerate(routine_steps(c), 1):
        what = f"<b>{esc(tech.name)}</b><br/>{c.fill(step.body_part)}"
        rows.append((str(n), what, c.fill(step.amount)))
        pictures.append(tech.figure)
        alts.append(c.alt(tech.figure))
        refs.append(technique_ref(tech))
    st = ctx.stage
    minutes = c.n("minutes_range", st.session_minutes_max, min=c.num(st.session_minutes_min))
    out: list[b.Block] = [
        b.PageBreak(),
        b.Heading(c.s("todays_routine"), 1, "todays_routine", new_page=False),
        b.Para(f"<b>{esc(st.title)}</b> · {minutes}", "lead"),
        b.Table(("", "", c.s("routine_move"), c.s("routine_amount"), c.s("page")),
                tuple(rows), (0.3, 2.6, 2.0), zebra=True, pictures=tuple(pictures), picture_alts=tuple(alts),
                page_refs=tuple(refs)),
    ]
    for blk in _cue_rule(c):
        lines = c.texts(blk.items)
        if lines:  # under the table, across the page: its lines in two columns, so each stays short (issue 13)
            half = (len(lines) + 1) // 2
            body = b.Columns((b.Bullets(tuple(lines[:half])),), (b.Bullets(tuple(lines[half:])),)) if (
                len(lines) > 1) else b.Bullets(tuple(lines))
            out.append(b.Box(c.fill(blk.heading or ""), "info", (body,)))
    return out


def techniques(c: Composer) -> list[b.Block]:
    ctx, tf = c.ctx, c.content.techniques
    out: list[b.Block] = [b.Heading(tf.title, 1, "techniques", new_page=False)]
    intro: list[b.Block] = [b.Para(t, "lead") for t in c.texts(tf.intro)]
    rules = c.texts(tf.direction_rules)
    if rules:
        intro.append(b.Box(c.s("direction_rules"), "info", (b.Bullets(rules),)))
    if ctx.before_due_date:
        intro += [b.Para(t) for t in c.texts(c.content.stages.before_due_date)]
        return out + running(intro)
    out += running(intro)
    for t in routine_techniques(c):
        fig = c.figure(t.figure, c.fill(t.caption))
        steps = tuple(c.fill(s) for s in t.steps)
        direction = f". {c.fill(t.direction)}" if t.direction else ""
        meta = technique_meta(c, t) + direction + c.cite(t.sources, t.evidence)
        out.append(b.TechniqueCard(esc(t.name), meta, fig, steps, ref=technique_ref(t)))
    later: list[b.Block] = []  # after the cards, in running columns
    if ctx.decisions.upcoming_techniques:
        later.append(b.Heading(c.s("coming_later"), 2, new_page=False))
        lines = []
        for t in ctx.decisions.upcoming_techniques:
            navel_only = t.needs_navel_healed and t.min_age_months <= ctx.advice_months
            why = c.s("later_navel") if navel_only else c.from_months(t.min_age_months)
            lines.append(c.s("later_line", move=esc(t.name), why=why))
        later.append(b.Bullets(tuple(lines)))
    if tf.never:
        never = tuple(f"<b>{esc(n.name)}</b>: {c.fill(n.reason)}{c.cite(n.sources, n.evidence)}"
                      for n in tf.never)
        later.append(b.Box(c.s("never_title"), "warning", (b.Bullets(never),)))
    return out + running(later)


def cues(c: Composer) -> list[b.Block]:
    return prose(c, c.content.cues)


def checklist_page(c: Composer, *, standalone: bool) -> list[b.Block]:
    """The checklist; on its own it is laid out in two columns so it fits one page for the fridge."""
    ctx, cl = c.ctx, c.content.checklist
    lead = c.s("checklist_lead")
    heading = b.Heading(cl.title, 1, "checklist", new_page=False)
    intro = [b.Para(lead, "lead"), *(b.Para(t, "small") for t in c.texts(cl.intro))]
    out: list[b.Block] = [heading, *intro]
    groups = ctx.decisions.checklist
    boxes: dict[str, b.Box] = {}
    for group in cl.groups:
        items = tuple(c.item_text(i) for i in groups.get(group.id, []))
        if not items:
            continue
        style: Literal["ticks", "bullets"] = "ticks" if group.id == "before_session" else "bullets"
        tone = {"no_massage_today": "warning", "ask_doctor_first": "info"}.get(group.id, "plain")
        body = (b.Bullets(items, style, field_prefix=f"check_{group.id}" if style == "ticks" else ""),)
        boxes[group.id] = b.Box(c.fill(group.heading), tone, body)  # type: ignore[arg-type]
    legend = tuple(c.fill(i.text) for i in visible(ctx, cl.body_map_legend))
    body_map = c.figure(BODY_MAP, c.s("body_map_caption"), 0.5 if not standalone else 0.4,
                        legend)
    if not standalone:  # the full emergency list is on the back cover; the fridge copy carries its own
        first = [boxes.pop(gid) for gid in ("before_session", "no_massage_today") if gid in boxes]
        aside = [boxes.pop(g) for g in ("ask_doctor_first",) if g in boxes] + [help_pointer(c)]
        return [heading, *running([*intro, *first, body_map, *boxes.values(), *aside])]
    # Two even columns, then the emergency box with its lines side by side: so the longest translations (ru)
    # keep 11 pt body on one page.
    left = [boxes[g] for g in ("before_session", "no_massage_today", "skip_area", "body_rules") if g in boxes]
    right: list[b.Block] = [body_map]
    right += [boxes[g] for g in ("ask_doctor_first",) if g in boxes]
    # The emergency box goes across the foot of the page (its short lines fit the width at full size), or, when a
    # long name and every flag leave no room for it there, at the end of the columns.
    out.append(b.Columns(tuple(left), tuple(right), 0.5, balance=True, foot=(red_flag_box(c, columns=2),)))
    return out


def checklist(c: Composer) -> list[b.Block]:
    return checklist_page(c, standalone=False)


def _recipe_box(c: Composer, recipe_id: str) -> b.Box:
    ctx = c.ctx
    oils = c.content.oils
    recipe = next(r for r in oils.recipes if r.id == recipe_id)
    verdict = next(a for a in ctx.decisions.recipes if a.recipe_id == recipe_id)
    by_id = {o.id: o for o in oils.oils}
    carrier = by_id[recipe.carrier].name if recipe.carrier in by_id else recipe.carrier
    parts = [c.s("recipe_carrier", ml=c.num(recipe.carrier_ml), oil=esc(carrier))]
    parts += [c.n("drops_of", e.drops, oil=esc(by_id[e.oil].name if e.oil in by_id else e.oil))
              for e in recipe.essential_oils]
    if verdict.status == "suitable":
        status, tone = c.s("oil_suitable"), "info"
    elif verdict.status == "not_yet":
        if verdict.from_months is not None:
            starts = c.date_text(ctx.date_at(verdict.from_months))
            status = c.s("oil_not_yet_from", when=c.from_months(verdict.from_months), date=starts)
        else:
            status = c.s("oil_not_yet")
        tone = "warning"
    elif verdict.status == "ask_first":
        status, tone = c.s("oil_ask_first"), "warning"
    else:
        status, tone = c.s("oil_not_recommended"), "danger"
    mark = c.s(f"oil_mark_{verdict.status}")  # a symbol beside the words, so the verdict reads in grey
    body: list[b.Block] = [b.Para(f"<b>{mark}\u00a0 {status}.</b>" if mark else f"<b>{status}.</b>")]
    if recipe.shown_as == "recipe":  # an online example is never laid out like a recipe to follow (brief §6.2)
        body.append(b.Para(c.s("recipe_mix", parts=" + ".join(parts))))  # '+' between parts: a symbol
    if recipe.essential_oils:
        body.append(b.Para(c.s("recipe_strength", percent=c.num(verdict.dilution, "0.00"),
                               drop_ml=c.num(oils.drop_ml))))
    if verdict.allergens:
        body.append(b.Para(c.s("recipe_allergens", allergens=esc(format_list(verdict.allergens, ctx.locale.code)))))
    if recipe.claim:
        body.append(b.Para(c.s("recipe_claim", claim=c.fill(recipe.claim))))
    if verdict.reasons:
        body.append(b.Bullets(tuple(c.units(esc(r)) for r in verdict.reasons)))
    if recipe.method and recipe.shown_as == "recipe":
        body.append(b.Bullets(tuple(c.fill(s) for s in recipe.method), "numbers"))
    warnings = c.texts(recipe.warnings)
    if warnings:
        body.append(b.Bullets(warnings))
    return b.Box(esc(recipe.title), tone, tuple(body))  # type: ignore[arg-type]


def essential_verdict(c: Composer) -> str:
    """The oil table agrees with the recipe page: the age the blend starts for this handbook (the clinic's
    opt-in age, else the default), and "not used" for a baby younger than that (brief §6.2)."""
    ctx = c.ctx
    starts = [a.from_months for a in ctx.decisions.recipes if a.from_months is not None and a.dilution > 0]
    start = min(starts) if starts else None
    if start is None:
        return c.s("oil_not_used")
    if ctx.advice_months < start:
        return c.s("oil_not_used_before", before=c.n("before_months", int(start)))
    return c.s("oil_weak_from", when=c.from_months(start))


def oils(c: Composer) -> list[b.Block]:
    ctx, of = c.ctx, c.content.oils
    out: list[b.Block] = [b.Heading(of.title, 1, "oils", new_page=False)]
    out += running([b.Para(t, "lead") for t in c.texts(of.intro)])
    rows = []
    for oil in of.oils:
        if oil.evidence == "needs-source" and not ctx.allow_unsourced:
            continue
        if oil.kind == "essential" and oil.verdict in ("acceptable", "allowed_not_preferred"):
            verdict = essential_verdict(c)
        elif oil.verdict == "acceptable":
            verdict = c.s("oil_verdict_acceptable", when=c.from_months(oil.from_months))
        else:
            verdict = c.s(f"oil_verdict_{oil.verdict}")
        rows.append((esc(oil.name), verdict, c.fill(oil.reason) + c.cite(oil.sources, oil.evidence)))
    heads = (c.s("oil_head_oil"), c.s("oil_head_verdict"), c.s("oil_head_why"))
    # Across the page (too wide for a column), and whole on one page (issue 13: tables never split).
    out.append(b.KeepTogether((b.Table(heads, tuple(rows), (1.3, 1.1, 3.2)),)))
    after: list[b.Block] = [b.Para(t) for t in c.texts(of.notes)]
    recipes = [r for r in of.recipes if r.shown_as == "recipe"]
    online = [r for r in of.recipes if r.shown_as == "online_example"]
    for title, group in ((c.s("recipes"), recipes), (c.s("online_recipes"), online)):
        if group:  # the heading keeps with its first recipe (keep-with-next), never alone at a page foot
            after.append(b.Heading(title, 2, new_page=False))
            after += [_recipe_box(c, r.id) for r in group]
    patch = c.texts(of.patch_test)
    if patch:
        after.append(b.Box(c.s("patch_test"), "info", (b.Bullets(patch, "numbers"),)))
    wrong = c.texts(of.if_something_goes_wrong)
    if wrong:
        after.append(b.Box(c.s("if_wrong"), "danger", (b.Bullets(wrong),)))
    return out + running(after)


def chart_rows(c: Composer) -> tuple[b.ChartRow, ...]:
    """Planned sessions on the chosen weekdays, from the course start, for the course length."""
    ctx, tr = c.ctx, c.content.tracker
    weekdays = set(tr.session_weekdays) or {0, 2, 4, 1, 3, 5, 6}
    start = ctx.course_start
    end = start + timedelta(weeks=tr.course_weeks)
    origin = ctx.advice_origin
    rows: list[b.ChartRow] = []
    day, last_age = start, ""
    per_week: dict[int, int] = {}
    while day < end and len(rows) < tr.course_weeks * tr.sessions_per_week:
        week = (day - start).days // 7
        if day.weekday() in weekdays and per_week.get(week, 0) < tr.sessions_per_week:
            per_week[week] = per_week.get(week, 0) + 1
            age = short_age(c, age_on(origin, day)) if day >= origin else ""
            note = age if age != last_age else ""
            last_age = age
            rows.append(b.ChartRow(len(rows) + 1, day, c.short_date(day), note))
        day += timedelta(days=1)
    return tuple(rows)


# Columns the chart fills in itself on planned rows: the session's date and the age on that day.
PRINTED_KINDS: dict[str, Literal["date", "age"]] = {"date_time": "date", "corrected_age": "age"}


def short_age(c: Composer, age: Age) -> str:
    """Ages on the chart change by the month (by the week for young babies), so each change is worth a note."""
    if age.months >= 2:
        return c.n("age_months", age.months)
    return c.age(age)


def _chart_part(c: Composer, col: TrackerColumn) -> b.ChartPart:
    label = col.label_born_early if c.ctx.born_early and col.label_born_early else col.label
    options = tuple(col.options) or ((c.s("chart_yes"), c.s("chart_no")) if col.kind == "yesno" else ())
    return b.ChartPart(col.id, c.fill(label), PRINTED_KINDS.get(col.id, col.kind),
                       tuple(c.fill(o) for o in options), tuple(col.faces),
                       c.fill(col.prompt) if col.prompt else "")


def chart_columns(c: Composer) -> tuple[b.ChartColumn, ...]:
    """The printed columns: few and wide (the tracker's `printed` groups), or one per field when not grouped."""
    tr = c.content.tracker
    parts = {col.id: (_chart_part(c, col), col) for col in tr.columns}
    if not tr.printed:
        return tuple(b.ChartColumn(col.id, part.label, (part,), col.width) for part, col in parts.values())
    return tuple(b.ChartColumn(p.fields[0], c.fill(p.label_born_early if c.ctx.born_early and
                                                 p.label_born_early else p.label),
                               tuple(parts[f][0] for f in p.fields), p.width)
                 for p in tr.printed)


def course_line(c: Composer, rows: tuple[b.ChartRow, ...]) -> str:
    """The planned days in words, so the first row's date does not look like a mistake when the course
    starts on a day without a session."""
    ctx, tr = c.ctx, c.content.tracker
    weeks = c.n("course_weeks", tr.course_weeks)
    if not rows or rows[0].day is None:
        return c.s("chart_starts", weeks=weeks, date=c.date_text(ctx.course_start))
    # "on Mondays, Wednesdays and Fridays": each day's "every" form from the locale, joined by Babel (CLDR).
    days = [c.s(f"on_weekday_{d}") for d in sorted(set(tr.session_weekdays))]
    first, last = (c.date_text(r.day) for r in (rows[0], rows[-1]))  # type: ignore[arg-type]  # planned rows have days
    sessions = c.n("sessions", len(rows))
    if days and len(days) < 7:
        listed = format_list(days, ctx.locale.code)
        return c.s("chart_plans_on", weeks=weeks, sessions=sessions, days=listed, first=first, last=last)
    return c.s("chart_plans", weeks=weeks, sessions=sessions, first=first, last=last)


def tracker(c: Composer, *, standalone: bool = False) -> list[b.Block]:
    """The 5-week chart on one landscape page with the baby's name on it (the intro in two columns above it,
    so the rows keep their writing room). The long ongoing log is printed only with `handbook chart`."""
    tr = c.content.tracker
    out: list[b.Block] = [b.Heading(c.fill(tr.title), 1, "tracker", new_page=not standalone, landscape=True)]
    intro = [b.Para(t, "body") for t in c.texts(tr.intro)]
    half = (len(intro) + 1) // 2
    out.append(b.Columns(tuple(intro[:half]), tuple(intro[half:]), landscape=True))
    rows = chart_rows(c)
    out.append(b.Para(course_line(c, rows), "small"))
    out.append(b.Chart(c.s("chart_title"), chart_columns(c), rows, "session"))
    if tr.ongoing_log_rows and standalone:  # the handbook keeps to the course chart (issue 13)
        blank = tuple(b.ChartRow(i, None, "") for i in range(1, tr.ongoing_log_rows + 1))
        out.append(b.Heading(c.s("ongoing_log"), 2, new_page=True, landscape=True))
        out.append(b.Para(c.s("ongoing_log_note"), "small"))
        out.append(b.Chart(c.s("ongoing_log"), chart_columns(c), blank, "log"))
    return out


def red_flags(c: Composer) -> list[b.Block]:
    return prose(c, c.content.red_flags)


def conditions(c: Composer) -> list[b.Block]:
    return prose(c, c.content.conditions)


def references(c: Composer) -> list[b.Block]:
    rf = c.content.references
    out: list[b.Block] = [b.Heading(rf.title, 1, "references", new_page=False)]
    out += [b.Para(c.fill(i.text), "fine") for i in visible(c.ctx, rf.intro)]  # the legend: no tag on it
    out.append(b.Spacer(4))  # the list's entries sit closer together than the legend sits to them
    lines = []
    for ref in sorted(rf.references, key=lambda r: int(r.id[1:])):
        url = f" {esc(ref.url)}" if ref.url else ""
        lines.append(f"<b>{ref.id[1:]}.</b> {esc(ref.citation)}{url}")
    # The translation note above the list, where a reader meets it before the sources it qualifies (at the top
    # of the first column, so its lines are as short as the list's).
    out.append(b.Flow((*_translation_note(c), *(b.Para(line, "fine") for line in lines))))
    return out


def _translation_note(c: Composer) -> list[b.Block]:
    """A translated handbook says, with its sources, that no native-speaking clinician has reviewed the
    translation yet (issue 14 §4); the English editions are the source text and say nothing."""
    source = c.content.settings.default_locale.split("-")[0]
    if c.ctx.locale.code.split("-")[0] == source:
        return []
    return [b.Para(c.s("translation_note"), "small")]  # a ready translation without it fails `check`


def back_page(c: Composer) -> list[b.Block]:
    clinic = c.ctx.clinic
    if clinic is None:
        return []
    return [b.PageBreak(), b.ContactBlock(c.s("contact"), _clinic_lines(c, compact=False),
                                          clinic.website or "", qr_note=c.s("qr_note"))]


def _clinic_lines(c: Composer, *, compact: bool) -> tuple[str, ...]:
    """The clinic's name, address, phone and website as printed lines (compact: address and contact on one line
    each, for the back cover above the help panel). The clinic is set whenever this is called."""
    clinic = c.ctx.clinic
    assert clinic is not None
    lines = [f"<b>{esc(clinic.name)}</b>"]
    address = [line.strip() for line in (clinic.address or "").splitlines() if line.strip()]
    reach = [f"{c.s('help_write_phone')} {esc(clinic.phone)}"] if clinic.phone else []
    reach += [esc(clinic.website)] if clinic.website else []
    if compact:
        lines += [esc(", ".join(address))] if address else []
        lines += [" · ".join(reach)] if reach else []
    else:
        lines += [esc(line) for line in address] + reach
    return tuple(lines)


def _clinic_block(c: Composer) -> list[b.Block]:
    """The clinic's block on the back cover, above the help panel: compact, so the panel keeps its page; with
    the logo and the leaflet details a clinic's document control asks for."""
    clinic = c.ctx.clinic
    if clinic is None:
        return []
    return [b.ContactBlock(c.s("contact"), _clinic_lines(c, compact=True), clinic.website or "",
                           compact=True, qr_note=c.s("qr_note"), logo=str(clinic.logo) if clinic.logo else "",
                           logo_data=clinic.logo_data or b"", small=_leaflet_lines(c))]


def _leaflet_lines(c: Composer) -> tuple[str, ...]:
    """Leaflet code, version and review date (those the clinic gives), then where to ask for other formats."""
    clinic = c.ctx.clinic
    assert clinic is not None
    bits = [f"{c.s(key)} {esc(value)}" for key, value in (
        ("leaflet_code", clinic.leaflet_code), ("leaflet_version", clinic.leaflet_version),
        ("leaflet_review", c.date_text(clinic.review_date) if clinic.review_date else None))
        if value]
    return tuple(line for line in (" · ".join(bits), c.s("other_formats")) if line)


def _help_level(blk_tone: str, in_box: bool) -> str:
    """The level a red-flag block sits at on the back cover: the boxed lines are the get-help-now set."""
    if in_box or blk_tone == "danger":
        return "emergency"
    return "same_day" if blk_tone == "warning" else "watch"


# Each level's symbol is its box's own (danger ⚠, caution !, information ℹ, from the theme), so it is not
# repeated in the words; the words are the locale's `help_<level>` strings.
HELP_LEVELS = ("emergency", "same_day", "watch")


def help_cover(c: Composer) -> list[b.Block]:
    """The back cover: "When to get help" for this baby's age, the one emergency panel of the handbook.
    The clinic's block sits above it; each level has a symbol and words, never colour alone."""
    ctx, rf = c.ctx, c.content.red_flags
    out: list[b.Block] = [b.PageBreak()]
    clinic = ctx.clinic
    if clinic is not None:
        out += _clinic_block(c)
    out.append(b.Heading(c.fill(rf.title), 1, rf.id, new_page=False))
    out.append(b.Para(c.s("help_number"), "display"))
    out += [b.Para(t, "back_small") for t in c.texts(rf.intro)]
    boxes: dict[str, list[b.Block]] = {level: [] for level in HELP_LEVELS}
    emergency_headings: list[str] = []
    for level in HELP_LEVELS:
        label = c.s("help_" + level)
        for blk in rf.blocks:
            if _help_level(blk.tone, blk.in_box) != level:
                continue
            lines = c.texts(blk.items)
            if not lines:
                continue
            heading = c.fill(blk.heading) if blk.heading else ""
            title = f"{label}: {heading}" if heading else label
            tone: b.Tone = "danger" if level == "emergency" else ("warning" if level == "same_day" else "info")
            boxes[level].append(b.Box(title, tone, (b.Bullets(lines),)))
            if level == "emergency":
                emergency_headings.append(heading)
    # Emergency across the page; below it the other levels side by side, whichever way is shorter on the page
    # (issue 13: the back cover is one page, with a clinic's block above it and a young baby's longer lists):
    # each level in rows of two, or the same-day boxes then the watch list in two columns that read down.
    out += merged(boxes["emergency"], emergency_headings)
    # The lines to write in close the panel (the emergency number is large at the panel's top).
    write_in = b.Para(f"<b>{c.s('help_write_in')}</b><br/>{'_' * 26}<br/>"
                      f"<b>{c.s('help_write_phone')}</b> {'_' * 20}", "lead")
    rest = boxes["same_day"] + boxes["watch"]
    if not rest:
        return [*out, write_in]
    out.append(b.Shortest((_help_rows(boxes, write_in), _help_columns(rest, write_in))))
    return out


def one_page(blocks: list[b.Block]) -> list[b.Block]:
    """A page's blocks (after the break that starts it) kept to that one page: the back cover must be whole on
    the outside back, with a clinic's block and a newborn's longer lists (issue 13)."""
    if not blocks or not isinstance(blocks[0], b.PageBreak):
        return blocks
    return [b.OnePage(tuple(blocks[1:]))]  # which starts the page itself


def _help_rows(boxes: dict[str, list[b.Block]], write_in: b.Para) -> tuple[b.Block, ...]:
    """Each level a row of two columns; the lines to write in under the shorter column of the last row."""
    rows: list[list[list[b.Block]]] = []
    for level in ("same_day", "watch"):
        for row in range(0, len(boxes[level]), 2):
            pair = boxes[level][row:row + 2]
            rows.append([pair[:1], pair[1:]])
    last = rows[-1]
    shorter = min((0, 1), key=lambda i: sum(_text_size(blk) for blk in last[i]))
    last[shorter].append(write_in)
    return tuple(b.Columns(tuple(left), tuple(right)) for left, right in rows)


def _help_columns(rest: list[b.Block], write_in: b.Para) -> tuple[b.Block, ...]:
    """The boxes in two columns that read down, split where the taller column is shortest (by text size), the
    lines to write in at the foot of the right one; the widths balanced by the renderer."""
    sizes = [_text_size(blk) for blk in rest]
    ends = _text_size(write_in)

    def taller(k: int) -> int:
        return max(sum(sizes[:k]), sum(sizes[k:]) + ends)

    split = min(range(1, len(rest) + 1), key=taller)  # the first such split on a tie: the left column fuller
    return (b.Columns(tuple(rest[:split]), (*rest[split:], write_in), balance=True),)


def _text_size(block: b.Block) -> int:
    """Roughly how much a box says (its lines' characters), to choose the shorter of two columns."""
    if isinstance(block, b.Box):
        return sum(_text_size(part) for part in block.body) + len(block.title)
    if isinstance(block, b.Bullets):
        return sum(len(item) + 40 for item in block.items)  # a line's own start counts too
    return len(getattr(block, "text", ""))


def merged(boxes: list[b.Block], headings: list[str]) -> list[b.Block]:
    """The emergency level as one box: each later block's heading becomes a bold line inside the first, so the
    whole level reads as one panel and the back cover keeps to one page."""
    if len(boxes) < 2:
        return boxes
    first = boxes[0]
    assert isinstance(first, b.Box)
    body = list(first.body)
    for box, heading in zip(boxes[1:], headings[1:], strict=True):
        assert isinstance(box, b.Box)
        body.append(b.Para(f"<b>{heading}</b>"))
        body += box.body
    return [b.Box(first.title, first.tone, tuple(body))]


SECTIONS: dict[str, Callable[[Composer], list[b.Block]]] = {
    "cover": cover,
    "contents": contents,
    "routine_card": routine_card,
    "before_you_start": before_you_start,
    "stage": stage,
    "techniques": techniques,
    "cues": cues,
    "checklist": checklist,
    "checklist_page": lambda c: checklist_page(c, standalone=True),
    "oils": oils,
    "tracker": tracker,
    "chart": lambda c: tracker(c, standalone=True),
    "red_flags": red_flags,
    "conditions": conditions,
    "references": references,
    "back_page": back_page,
    "help_cover": lambda c: one_page(help_cover(c)),
}

