"""Personalise stage: content + baby + clinic + date → everything this baby's handbook needs.

Pure data, no I/O and no clock: `on` is always passed in, so the same inputs give the same context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from handbook.compose.textenv import render_text, safe
from handbook.content.models import Content, Locale, Stage
from handbook.errors import ContentError, ProfileError
from handbook.i18n import age_old, age_text
from handbook.personalise.age import Age, add_months, age_on, corrected_age
from handbook.personalise.dates import format_date
from handbook.personalise.profile import Baby, check_dates
from handbook.personalise.rules import Decisions, decide
from handbook.personalise.wording import localise

if TYPE_CHECKING:
    from handbook.inputs.clinic import Clinic


@dataclass(frozen=True)
class Context:
    """What the compose stage reads; nothing here is computed twice further down."""

    baby: Baby
    on: date
    locale: Locale
    clinic: Clinic | None
    age: Age
    corrected: Age | None
    advice_age: Age
    advice_months: float
    stage: Stage
    next_stage: Stage | None
    next_stage_starts: date | None
    beyond_first_year: bool
    navel_healed: bool
    allow_essential_oils: bool
    allow_unsourced: bool
    wait_hours: int
    decisions: Decisions
    course_start: date
    text_vars: dict[str, Any] = field(default_factory=dict)
    evidence_labels: dict[str, str] = field(default_factory=dict)

    @property
    def born_early(self) -> bool:
        return self.corrected is not None

    @property
    def before_due_date(self) -> bool:
        """Born early and not yet at the due date: the neonatal team's advice comes first (S7)."""
        return self.decisions.audience.before_due_date

    @property
    def advice_origin(self) -> date:
        """The day advice ages count from: the due date for babies born early, else the birth date."""
        if self.corrected is not None and self.baby.due_date is not None:
            return self.baby.due_date
        return self.baby.birth_date

    def date_at(self, months: float) -> date:
        """The date this baby reaches an advice age, e.g. when a recipe or stage starts to apply."""
        return add_months(self.advice_origin, int(months))

    def date_text(self, d: date) -> str:
        return format_date(d, self.locale)


def pick_locale(content: Content, lang: str | None) -> Locale:
    """`en` and `en-gb` style codes resolve to a shipped locale; anything else is a clear error."""
    locale = resolve_locale(content, lang)
    if locale.status == "draft":
        raise ProfileError(f"the {locale.language_name or locale.code} handbook is not translated yet "
                           f"(locale {locale.code} is a draft)")
    return locale


def resolve_locale(content: Content, lang: str | None) -> Locale:
    """The one place language aliases resolve: exact code, then the locale that is `default_for` the bare
    language (`ru` → ru-RU, `es` → es-ES), then the first locale of that language."""
    wanted = lang or content.settings.default_locale
    by_lower = {code.lower(): loc for code, loc in content.locales.items()}
    if wanted.lower() in by_lower:
        return by_lower[wanted.lower()]
    named = [loc for _, loc in sorted(content.locales.items()) if (loc.default_for or "").lower() == wanted.lower()]
    if named:
        return named[0]
    prefix = [loc for code, loc in sorted(content.locales.items()) if code.lower().split("-")[0] == wanted.lower()]
    default = content.locales.get(content.settings.default_locale)
    if prefix:
        return default if default in prefix else prefix[0]
    known = ", ".join(sorted(content.locales))
    raise ProfileError(f"language '{wanted}' is not available (available: {known})")


def stage_for(content: Content, months: float) -> Stage:
    stages = sorted(content.stages.stages, key=lambda s: s.from_months)
    chosen = stages[0]
    for stage in stages:
        if months >= stage.from_months:
            chosen = stage
    return chosen


def _next_stage(content: Content, stage: Stage) -> Stage | None:
    later = [s for s in content.stages.stages if s.from_months > stage.from_months]
    return min(later, key=lambda s: s.from_months) if later else None


def _string(locale: Locale, key: str) -> str:
    """A locale string the personalise stage needs; missing is an error naming the file and key."""
    text = locale.strings.get(key)
    if text is None:
        raise ContentError([f"content/locales/{locale.code}.yaml: strings.{key}: missing"])
    return text


def _phone(locale: Locale, clinic: Clinic | None) -> dict[str, str]:
    emergency = (clinic and clinic.emergency_number) or locale.emergency_number
    emergency = emergency or localise(_string(locale, "phone_emergency_fallback"), locale)
    advice = (clinic and clinic.advice_line) or locale.advice_line
    advice = advice or localise(_string(locale, "phone_advice_fallback"), locale)
    poison = locale.poison_line or advice
    return {"emergency": emergency, "advice": advice, "poison": poison}


def personalise(
    content: Content,
    baby: Baby,
    on: date,
    *,
    clinic: Clinic | None = None,
    lang: str | None = None,
    course_start: date | None = None,
) -> Context:
    check_dates(baby, on)
    locale = pick_locale(content, lang or baby.lang)
    age = age_on(baby.birth_date, on)
    settings = content.settings
    corrected = corrected_age(baby.birth_date, baby.due_date, on, early_days=settings.born_early_if_more_than_days,
                              until_months=settings.corrected_age_until_months) if baby.due_date else None
    advice_age = corrected or age
    # Age from the date advice is counted: the due date for babies born early, else the birth date.
    origin = baby.birth_date if corrected is None else baby.due_date
    assert origin is not None
    months = advice_age.months_float
    stage = stage_for(content, months)
    nxt = _next_stage(content, stage)
    starts = add_months(origin, int(nxt.from_months)) if nxt else None
    navel = baby.navel_healed if baby.navel_healed is not None else age.days >= settings.navel_healed_days
    allow_eo = clinic.allow_essential_oils if clinic is not None else settings.allow_essential_oils
    wait = settings.vaccination_wait_hours
    if clinic is not None and clinic.vaccination_wait_hours:
        wait = clinic.vaccination_wait_hours
    decisions = decide(
        content,
        age_months=months,
        navel_healed=navel,
        eczema=baby.eczema,
        nut_allergy=baby.nut_allergy_in_family,
        allow_essential_oils=allow_eo,
        allow_unsourced=settings.allow_unsourced,
        born_early=corrected is not None,
        birth_months=age.months_float,
        before_due_date=corrected is not None and baby.due_date is not None and on < baby.due_date,
        number_locale=locale.code,
    )
    phone = _phone(locale, clinic)
    # Filled (and escaped) once here, then marked safe so it is not escaped again inside other texts.
    fever_action = safe(render_text(localise(_string(locale, "fever_action"), locale), {"phone": phone}))
    text_vars: dict[str, Any] = {
        "baby": {"name": baby.name},
        "age": {
            "text": age_text(advice_age, locale),
            "months": advice_age.months,
            "weeks": advice_age.weeks,
            "corrected": corrected is not None,
            "actual_text": age_text(age, locale),
            "actual_old": age_old(age, locale),
            "corrected_text": age_text(advice_age, locale),
        },
        "stage": {"title": stage.title, "minutes_min": stage.session_minutes_min,
                  "minutes_max": stage.session_minutes_max},
        "next_stage": {
            "title": nxt.title if nxt else "",
            "starts": format_date(starts, locale) if starts else "",
        },
        "phone": phone,
        "wait_hours": wait,
        "clinic": {"name": clinic.name if clinic else ""},
        "fever_action": fever_action,
    }
    return Context(
        baby=baby,
        on=on,
        locale=locale,
        clinic=clinic,
        age=age,
        corrected=corrected,
        advice_age=advice_age,
        advice_months=months,
        stage=stage,
        next_stage=nxt,
        next_stage_starts=starts,
        beyond_first_year=months >= 12,  # the first year: the span the stages are written for (a definition)
        navel_healed=navel,
        allow_essential_oils=allow_eo,
        allow_unsourced=settings.allow_unsourced,
        wait_hours=wait,
        decisions=decisions,
        course_start=course_start or on + timedelta(days=1),
        text_vars=text_vars,
        evidence_labels={k: localise(v, locale) for k, v in content.references.evidence_labels.items()},
    )
