"""What content YAML may say: the pydantic twins of handbook.content.models, imported only to validate.

Each class here has a plain class of the same name and fields in handbook.content.models, which the stages use;
a file validated here is turned into those (handbook.values.from_schema), so `check` and a build that loads YAML
accept and refuse exactly what these say, with pydantic's own error locations.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from handbook.content.models import CHART_MAX_COLUMNS, Condition, Evidence, PluralCategory


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


class Sourced(Model):
    sources: list[str] = Field(default_factory=list)
    evidence: Evidence


class Item(Sourced):
    """One printable statement. `text` may hold Jinja2 placeholders and <b>/<i> markup.

    `from_months`/`below_months` limit it to babies of that age: by age from birth when `age_from` is birth
    (fever and warning-sign thresholds, brief §6.1 #8), else by the age the advice uses (corrected age).
    """

    text: str = Field(min_length=1)
    id: str | None = None
    when: Condition = "always"
    from_months: float | None = Field(default=None, ge=0)
    below_months: float | None = Field(default=None, gt=0)
    age_from: Literal["birth", "advice"] = "advice"


class Block(Model):
    """A headed group of items inside a prose section."""

    heading: str | None = None
    style: Literal["paragraphs", "bullets", "ticks", "box"] = "bullets"
    tone: Literal["plain", "info", "warning", "danger"] = "plain"
    in_box: bool = False  # red flags: also in the one-page checklist's box; the first names the stage pages' number
    items: list[Item] = Field(min_length=1)


class ProseSection(Model):
    """A section made of headed blocks: before you start, cues, red flags, conditions."""

    id: str
    title: str
    intro: list[Item] = Field(default_factory=list)
    blocks: list[Block] = Field(default_factory=list)


class Technique(Sourced):
    id: str
    name: str
    kind: Literal["resting", "stroke", "circle", "rub", "movement", "knead", "tap"]
    body_part: str
    min_age_months: float = Field(ge=0, le=24)
    needs_navel_healed: bool = False
    direction: str | None = None
    figure: str
    caption: str
    steps: list[str] = Field(min_length=2, max_length=4)


class NeverTechnique(Sourced):
    name: str
    reason: str


class TechniquesFile(Model):
    title: str
    intro: list[Item] = Field(default_factory=list)
    techniques: list[Technique] = Field(min_length=1)
    direction_rules: list[Item] = Field(default_factory=list)
    never: list[NeverTechnique] = Field(default_factory=list)


class FigureText(Model):
    """One drawing's words that are not printed beside it: the alternative text a screen reader speaks."""

    id: str = Field(min_length=1)
    alt: str = Field(min_length=1)


class FiguresFile(Model):
    """Every drawing the handbook can print, by id; render draws them, check and compose only need the ids."""

    figures: list[FigureText] = Field(min_length=1)


class RoutineStep(Model):
    technique: str
    body_part: str
    amount: str


class Stage(Sourced):
    id: str
    title: str
    from_months: float = Field(ge=0)
    to_months: float = Field(gt=0)
    session_minutes_min: int = Field(ge=1)
    session_minutes_max: int = Field(ge=1)
    summary: str
    routine: list[RoutineStep] = Field(min_length=1)
    new_this_stage: str
    coming_next: str | None = None
    tips: list[Item] = Field(default_factory=list)
    oil_ok: bool = True
    boxes: list[Literal["cues", "red_flags"]] = ["cues", "red_flags"]  # pydantic copies the default per model


class StagesFile(Model):
    title: str
    intro: list[Item] = Field(default_factory=list)
    stages: list[Stage] = Field(min_length=1)
    every_stage: list[Item] = Field(default_factory=list)  # printed on every stage page (e.g. tummy time)
    # Shown instead of a home routine while a baby born early has not reached the due date (brief §6.5).
    before_due_date: list[Item] = Field(default_factory=list)


class ChecklistGroup(Model):
    id: Literal["before_session", "no_massage_today", "skip_area", "ask_doctor_first", "body_rules"]
    heading: str
    items: list[Item] = Field(min_length=1)


class ChecklistFile(Model):
    title: str
    intro: list[Item] = Field(default_factory=list)
    groups: list[ChecklistGroup] = Field(min_length=1)
    body_map_legend: list[Item] = Field(default_factory=list)  # the key to the body map's numbered areas, in order


class Oil(Sourced):
    id: str
    name: str
    kind: Literal["carrier", "essential", "powder"]
    nut: bool = False
    allergen: str | None = None  # the printed allergen name ("tree nut (almond)"): required for a nut oil
    latin: str | None = None
    verdict: Literal["acceptable", "allowed_not_preferred", "not_recommended", "never"]
    from_months: float = Field(default=1, ge=0)
    reason: str


class EssentialOilAmount(Model):
    oil: str
    drops: int = Field(ge=1, le=20)


class Recipe(Sourced):
    id: str
    title: str
    shown_as: Literal["recipe", "online_example"] = "recipe"
    carrier: str
    carrier_ml: float = Field(gt=0, le=500)
    essential_oils: list[EssentialOilAmount] = Field(default_factory=list)
    claim: str | None = None
    method: list[str] = Field(default_factory=list)
    warnings: list[Item] = Field(default_factory=list)


class OilsFile(Model):
    title: str
    intro: list[Item] = Field(default_factory=list)
    drop_ml: float = Field(default=0.05, gt=0)
    oils: list[Oil] = Field(min_length=1)
    recipes: list[Recipe] = Field(default_factory=list)
    patch_test: list[Item] = Field(default_factory=list)
    if_something_goes_wrong: list[Item] = Field(default_factory=list)
    notes: list[Item] = Field(default_factory=list)


class TrackerColumn(Model):
    id: str
    label: str
    label_born_early: str | None = None  # e.g. "Corrected age" in handbooks for babies born early
    kind: Literal["text", "number", "choice", "yesno"]
    options: list[str] = Field(default_factory=list)
    # One small drawn face per option (how the baby was), so the choice reads without words too.
    faces: list[Literal["happy", "unsure", "unhappy"]] = Field(default_factory=list)
    prompt: str | None = None  # printed before the write-in line when the field shares a printed column
    width: float = Field(default=1.0, gt=0, le=6)

    @model_validator(mode="after")
    def _faces_match(self) -> TrackerColumn:
        if self.faces and len(self.faces) != len(self.options):
            raise ValueError(f"faces: give one face per option ({len(self.options)}), got {len(self.faces)}")
        return self


class TrackerPrinted(Model):
    """One printed column of the chart, holding one or more of the tracked fields (e.g. minutes and minutes
    since the feed): the brief's eleven fields stay, in few enough columns to write in."""

    label: str
    label_born_early: str | None = None  # e.g. naming the corrected age printed in the date column
    fields: list[str] = Field(min_length=1)
    width: float = Field(default=1.0, gt=0, le=6)


class TrackerFile(Sourced):
    title: str
    intro: list[Item] = Field(default_factory=list)
    course_weeks: int = Field(ge=1, le=12)
    sessions_per_week: int = Field(ge=1, le=7)
    session_weekdays: list[int] = Field(default_factory=list)
    columns: list[TrackerColumn] = Field(min_length=1)
    # How the fields sit in printed columns; empty: one printed column per field.
    printed: list[TrackerPrinted] = Field(default_factory=list, max_length=CHART_MAX_COLUMNS)
    ongoing_log_rows: int = Field(default=14, ge=0, le=40)

    @model_validator(mode="after")
    def _every_field_printed_once(self) -> TrackerFile:
        if not self.printed:
            return self
        placed = [f for col in self.printed for f in col.fields]
        ids = [c.id for c in self.columns]
        unknown = [f for f in placed if f not in ids]
        missing = [f for f in ids if f not in placed]
        twice = sorted({f for f in placed if placed.count(f) > 1})
        for what, bad in (("unknown field(s)", unknown), ("field(s) in no printed column", missing),
                          ("field(s) in two printed columns", twice)):
            if bad:
                raise ValueError(f"printed: {what}: {', '.join(bad)}")
        return self


class Reference(Model):
    id: str = Field(pattern=r"^S\d+$")
    citation: str
    url: str | None = None
    read_at: list[str] = Field(default_factory=list)


class ReferencesFile(Model):
    title: str
    intro: list[Item] = Field(default_factory=list)
    # The short tag printed after each statement, by evidence level, so a parent can tell guideline, study
    # and common practice apart in black and white (brief §6.3); the legend line on this page explains them.
    evidence_labels: dict[Evidence, str] = Field(default_factory=dict)
    references: list[Reference] = Field(min_length=1)


class Rule(Model):
    """A safety rule from the content brief §4, run by handbook.safety.engine."""

    id: str
    severity: Literal["error", "warning"]
    check: str
    message: str
    sources: list[str] = Field(default_factory=list)
    params: dict[str, object] = Field(default_factory=dict)


class RulesFile(Model):
    rules: list[Rule] = Field(min_length=1)


class Settings(Model):
    allow_unsourced: bool = False
    allow_essential_oils: bool = False
    vaccination_wait_hours: int = Field(default=48, ge=24, le=72)
    max_reading_grade: float = 7.0
    max_sentence_words: int = Field(default=20, ge=5)
    default_locale: str = "en-GB"
    # Ages and thresholds the code applies (issue 14: facts live in content with their source).
    navel_healed_days: int = Field(default=28, ge=1)
    born_early_if_more_than_days: int = Field(default=21, ge=0)
    corrected_age_until_months: int = Field(default=24, ge=0)
    corrected_age_sources: list[str] = Field(default_factory=lambda: ["S28"])


class Locale(Model):
    code: str
    language: str
    default_paper: Literal["a4", "letter"]
    # "ready" locales build; a "draft" (not yet translated) is refused with one line naming its language.
    status: Literal["ready", "draft"] = "ready"
    # The language's English name, for messages to the person running the tool ("Russian").
    language_name: str = ""
    # `--lang ru` means this locale when it says default_for: ru (the one place aliases are resolved).
    default_for: str | None = None
    # Weekday names as the chart intro says them; dates and month names come from CLDR (handbook.i18n).
    weekdays: list[str] = Field(default_factory=list)
    # pyphen dictionary for hyphenating body text ("en_GB", "ru_RU", "es").
    hyphenation: str | None = None
    # Temperatures print in these units, the first one leading ("C"; es-US: C then F).
    temperature_units: tuple[Literal["C", "F"], ...] = ("C",)
    # Words that depend on a number, by CLDR plural category: {"age_weeks": {"one": "{n} week", ...}}.
    plurals: dict[str, dict[PluralCategory, str]] = Field(default_factory=dict)
    emergency_number: str | None = None
    advice_line: str | None = None
    poison_line: str | None = None
    strings: dict[str, str] = Field(default_factory=dict)
    # Short patterns the code fills ({age}, {months}, {weeks}), not Jinja: age phrases.
    patterns: dict[str, str] = Field(default_factory=dict)
    # The shared English content in local words ("nappy" → "diaper"): whole words, first-letter case kept.
    words: dict[str, str] = Field(default_factory=dict)
    # The words of the `handbook serve` web pages (labels, buttons, help), by key.
    web: dict[str, str] = Field(default_factory=dict)
    # What a number keeps on its line ("30 minutes", "38 °C", "48 ч."): signs and whole words, each printed form
    # of them; the compose stage puts a non-breaking space between (issue 13). Not printed themselves.
    units: tuple[str, ...] = ()
    # Words between the two numbers of a range before a unit, kept on the line too ("5 to 15 days").
    unit_ranges: tuple[str, ...] = ()

    @field_validator("units", "unit_ranges")
    @classmethod
    def _words(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for word in v:
            if not word or any(ch.isspace() for ch in word):
                raise ValueError(f"each entry is one word or sign without spaces, got {word!r}")
        return v

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not v.replace("-", "").isalpha():
            raise ValueError(f"locale code must look like 'en-GB', got {v!r}")
        return v

    @model_validator(mode="before")
    @classmethod
    def _cldr_weekdays(cls, data: Any) -> Any:
        """Weekday names not given in the file come from CLDR (the chart intro still reads this list)."""
        if isinstance(data, dict) and not data.get("weekdays") and isinstance(data.get("code"), str):
            from babel import UnknownLocaleError

            from handbook.i18n.cldr import weekday_name

            with suppress(UnknownLocaleError, ValueError):  # a bad code: its own validator reports it
                data = {**data, "weekdays": [weekday_name(i, data["code"]) for i in range(7)]}
        return data


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
