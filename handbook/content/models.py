"""The shape of the handbook's content, as the stages read it. Editors write YAML; handbook.content.schema (the
pydantic twin of each class here) says what is allowed and is loaded only when YAML is validated.

Every printable statement is an `Item` that names its sources and its evidence level, so nothing
reaches a parent without a reference behind it.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import ClassVar, Literal

from handbook import values

# trial: a controlled trial or a review of trials; study: any other study (lab, cohort, case report);
# guideline: official health advice; convention: common practice (may have no source at all).
Evidence = Literal["trial", "study", "guideline", "convention", "needs-source"]
Condition = Literal[
    "always",
    "navel_not_healed",
    "navel_healed",
    "eczema",
    "nut_allergy_in_family",
    "born_early",
    "not_born_early",
    "before_due_date",
    "under_3_months",
    "over_12_months",
    "essential_oils_allowed",
]


class Model(values.Model):
    """A content value; validated by the class of the same name in handbook.content.schema."""

    _schema: ClassVar[str] = "handbook.content.schema"


class Sourced(Model):
    sources: list[str]
    evidence: Evidence


class Item(Sourced):
    """One printable statement. `text` may hold Jinja2 placeholders and <b>/<i> markup.

    `from_months`/`below_months` limit it to babies of that age: by age from birth when `age_from` is birth
    (fever and warning-sign thresholds, brief §6.1 #8), else by the age the advice uses (corrected age).
    """

    text: str
    id: str | None
    when: Condition
    from_months: float | None
    below_months: float | None
    age_from: Literal["birth", "advice"]


class Block(Model):
    """A headed group of items inside a prose section."""

    heading: str | None
    style: Literal["paragraphs", "bullets", "ticks", "box"]
    tone: Literal["plain", "info", "warning", "danger"]
    in_box: bool  # red flags: also in the one-page checklist's box; the first names the stage pages' number
    items: list[Item]


class ProseSection(Model):
    """A section made of headed blocks: before you start, cues, red flags, conditions."""

    id: str
    title: str
    intro: list[Item]
    blocks: list[Block]


class Technique(Sourced):
    id: str
    name: str
    kind: Literal["resting", "stroke", "circle", "rub", "movement", "knead", "tap"]
    body_part: str
    min_age_months: float
    needs_navel_healed: bool
    direction: str | None
    figure: str
    caption: str
    steps: list[str]


class NeverTechnique(Sourced):
    name: str
    reason: str


class TechniquesFile(Model):
    title: str
    intro: list[Item]
    techniques: list[Technique]
    direction_rules: list[Item]
    never: list[NeverTechnique]


class FigureText(Model):
    """One drawing's words that are not printed beside it: the alternative text a screen reader speaks."""

    id: str
    alt: str


class FiguresFile(Model):
    """Every drawing the handbook can print, by id; render draws them, check and compose only need the ids."""

    figures: list[FigureText]

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(f.id for f in self.figures)

    def alt(self, figure_id: str) -> str:
        return next((f.alt for f in self.figures if f.id == figure_id), "")


class RoutineStep(Model):
    technique: str
    body_part: str
    amount: str


class Stage(Sourced):
    id: str
    title: str
    from_months: float
    to_months: float
    session_minutes_min: int
    session_minutes_max: int
    summary: str
    routine: list[RoutineStep]
    new_this_stage: str
    coming_next: str | None
    tips: list[Item]
    oil_ok: bool
    boxes: list[Literal["cues", "red_flags"]]


class StagesFile(Model):
    title: str
    intro: list[Item]
    stages: list[Stage]
    every_stage: list[Item]  # printed on every stage page (e.g. tummy time)
    # Shown instead of a home routine while a baby born early has not reached the due date (brief §6.5).
    before_due_date: list[Item]


class ChecklistGroup(Model):
    id: Literal["before_session", "no_massage_today", "skip_area", "ask_doctor_first", "body_rules"]
    heading: str
    items: list[Item]


class ChecklistFile(Model):
    title: str
    intro: list[Item]
    groups: list[ChecklistGroup]
    body_map_legend: list[Item]  # the key to the body map's numbered areas, in order


class Oil(Sourced):
    id: str
    name: str
    kind: Literal["carrier", "essential", "powder"]
    nut: bool
    allergen: str | None  # the printed allergen name ("tree nut (almond)"): required for a nut oil
    latin: str | None
    verdict: Literal["acceptable", "allowed_not_preferred", "not_recommended", "never"]
    from_months: float
    reason: str


class EssentialOilAmount(Model):
    oil: str
    drops: int


class Recipe(Sourced):
    id: str
    title: str
    shown_as: Literal["recipe", "online_example"]
    carrier: str
    carrier_ml: float
    essential_oils: list[EssentialOilAmount]
    claim: str | None
    method: list[str]
    warnings: list[Item]


class OilsFile(Model):
    title: str
    intro: list[Item]
    drop_ml: float
    oils: list[Oil]
    recipes: list[Recipe]
    patch_test: list[Item]
    if_something_goes_wrong: list[Item]
    notes: list[Item]


class TrackerColumn(Model):
    id: str
    label: str
    label_born_early: str | None  # e.g. "Corrected age" in handbooks for babies born early
    kind: Literal["text", "number", "choice", "yesno"]
    options: list[str]
    # One small drawn face per option (how the baby was), so the choice reads without words too.
    faces: list[Literal["happy", "unsure", "unhappy"]]
    prompt: str | None  # printed before the write-in line when the field shares a printed column
    width: float


CHART_MAX_COLUMNS = 6  # printed columns besides the row number: 7 in all, so each is wide enough to write in


class TrackerPrinted(Model):
    """One printed column of the chart, holding one or more of the tracked fields (e.g. minutes and minutes
    since the feed): the brief's eleven fields stay, in few enough columns to write in."""

    label: str
    label_born_early: str | None  # e.g. naming the corrected age printed in the date column
    fields: list[str]
    width: float


class TrackerFile(Sourced):
    title: str
    intro: list[Item]
    course_weeks: int
    sessions_per_week: int
    session_weekdays: list[int]
    columns: list[TrackerColumn]
    # How the fields sit in printed columns; empty: one printed column per field.
    printed: list[TrackerPrinted]
    ongoing_log_rows: int


class Reference(Model):
    id: str
    citation: str
    url: str | None
    read_at: list[str]


class ReferencesFile(Model):
    title: str
    intro: list[Item]
    # The short tag printed after each statement, by evidence level, so a parent can tell guideline, study
    # and common practice apart in black and white (brief §6.3); the legend line on this page explains them.
    evidence_labels: dict[Evidence, str]
    references: list[Reference]


class Rule(Model):
    """A safety rule from the content brief §4, run by handbook.safety.engine."""

    id: str
    severity: Literal["error", "warning"]
    check: str
    message: str
    sources: list[str]
    params: dict[str, object]


class RulesFile(Model):
    rules: list[Rule]


class Settings(Model):
    allow_unsourced: bool
    allow_essential_oils: bool
    vaccination_wait_hours: int
    max_reading_grade: float
    max_sentence_words: int
    default_locale: str
    # Ages and thresholds the code applies (issue 14: facts live in content with their source).
    navel_healed_days: int
    born_early_if_more_than_days: int
    corrected_age_until_months: int
    corrected_age_sources: list[str]


PluralCategory = Literal["zero", "one", "two", "few", "many", "other"]


class Locale(Model):
    code: str
    language: str
    default_paper: Literal["a4", "letter"]
    # "ready" locales build; a "draft" (not yet translated) is refused with one line naming its language.
    status: Literal["ready", "draft"]
    # The language's English name, for messages to the person running the tool ("Russian").
    language_name: str
    # `--lang ru` means this locale when it says default_for: ru (the one place aliases are resolved).
    default_for: str | None
    # Weekday names as the chart intro says them; dates and month names come from CLDR (handbook.i18n).
    weekdays: list[str]
    # pyphen dictionary for hyphenating body text ("en_GB", "ru_RU", "es").
    hyphenation: str | None
    # Temperatures print in these units, the first one leading ("C"; es-US: C then F).
    temperature_units: tuple[Literal["C", "F"], ...]
    # Words that depend on a number, by CLDR plural category: {"age_weeks": {"one": "{n} week", ...}}.
    plurals: dict[str, dict[PluralCategory, str]]
    emergency_number: str | None
    advice_line: str | None
    poison_line: str | None
    strings: dict[str, str]
    # Short patterns the code fills ({age}, {months}, {weeks}), not Jinja: age phrases.
    patterns: dict[str, str]
    # The shared English content in local words ("nappy" → "diaper"): whole words, first-letter case kept.
    words: dict[str, str]
    # The words of the `handbook serve` web pages (labels, buttons, help), by key.
    web: dict[str, str]
    # What a number keeps on its line ("30 minutes", "38 °C", "48 ч."): signs and whole words, each printed form
    # of them; the compose stage puts a non-breaking space between (issue 13). Not printed themselves.
    units: tuple[str, ...]
    # Words between the two numbers of a range before a unit, kept on the line too ("5 to 15 days").
    unit_ranges: tuple[str, ...]

    @cached_property
    def unit_pattern(self) -> re.Pattern[str] | None:
        """A number and what it counts, from `units` and `unit_ranges` ("30 minutes", "38 °C", "5 to 15 days",
        "48 ч."): a word must end where the unit ends, a sign (°, %) need not. None: the locale lists none.
        Made once per locale object (the compose stage asks for it for every string it fills)."""
        if not self.units:
            return None
        longest = sorted(set(self.units), key=lambda u: (-len(u), u))  # "minutes" before "min"
        unit = "|".join(re.escape(u) + (r"(?!\w)" if u[-1].isalnum() else "") for u in longest)
        number = r"\d+(?:[.,]\d+)?"
        joiners = "|".join(re.escape(w) for w in sorted(set(self.unit_ranges), key=lambda w: (-len(w), w)))
        span = rf"(?: (?:{joiners}) {number})?" if joiners else ""
        return re.compile(rf"(?<![\w.,])({number}{span}) (?=(?:{unit}))")


class Content(Model):
    """Everything under content/, loaded once per process."""

    settings: Settings
    before_you_start: ProseSection
    stages: StagesFile
    techniques: TechniquesFile
    figures: FiguresFile
    cues: ProseSection
    checklist: ChecklistFile
    oils: OilsFile
    tracker: TrackerFile
    red_flags: ProseSection
    conditions: ProseSection
    references: ReferencesFile
    rules: RulesFile
    locales: dict[str, Locale]
