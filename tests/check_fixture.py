"""A tiny, valid content folder built on the fly, so the check tests never depend on the real content.

`fixture_data()` returns plain dicts (one per content file); a test changes what it needs and calls
`write_content`, which writes YAML into `<dir>/content/` so messages read `content/<file>.yaml:<line>`.
Settings, the en-GB locale and the safety rules are copied from the real content/ (the rules are the
engine's configuration, not prose); the fixture lists and cites every source those rules name.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "content"


def item(text: str, *sources: str, evidence: str = "convention", **extra: Any) -> dict[str, Any]:
    return {"text": text, "sources": list(sources), "evidence": evidence, **extra}


def prose(section_id: str, title: str, heading: str, texts: list[str], tone: str = "plain") -> dict[str, Any]:
    return {
        "id": section_id,
        "title": title,
        "intro": [item("Read this first.", "S1")],
        "blocks": [{"heading": heading, "tone": tone, "items": [item(t, "S1") for t in texts]}],
    }


def technique(tid: str, name: str, figure: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": tid,
        "name": name,
        "kind": "stroke",
        "body_part": "Legs",
        "min_age_months": 0,
        "figure": figure,
        "caption": "Stroke from hip to foot.",
        "steps": ["Hold the leg softly.", "Stroke down to the foot."],
        "sources": ["S2"],
        "evidence": "convention",
        **extra,
    }


def rule_sources() -> list[str]:
    rules = yaml.safe_load((REAL / "rules.yaml").read_text(encoding="utf-8"))["rules"]
    return sorted({s for rule in rules for s in rule.get("sources", [])} - {"S1", "S2"}, key=lambda s: int(s[1:]))


TRACKER_COLUMNS = ["date_time", "corrected_age", "minutes", "routine", "oil", "since_feed", "cues", "stopped_early",
                   "skin_reaction", "sleep_after", "notes"]


def fixture_data() -> dict[str, Any]:
    """One valid value per content file except settings, rules and locales (copied by write_content)."""
    extra = rule_sources()
    start = prose("before_you_start", "Before you start", "When",
                  ["Pick a calm time.", "Wait 30 minutes after a feed."])
    start["intro"] = [item("Read this first.", "S1", *extra)]
    return {
        "before_you_start": start,
        "stages": {
            "title": "Your baby now",
            "stages": [
                {
                    "id": "s0",
                    "title": "Birth to 12 months",
                    "from_months": 0,
                    "to_months": 12,
                    "session_minutes_min": 2,
                    "session_minutes_max": 5,
                    "summary": "Keep it short and calm.",
                    "routine": [{"technique": "leg_strokes", "body_part": "Legs", "amount": "Three strokes"}],
                    "new_this_stage": "Gentle strokes on the legs.",
                    "tips": [item("Stop if {{ baby.name }} cries.", "S1")],
                    "oil_ok": False,
                    "sources": ["S1"],
                    "evidence": "convention",
                }
            ],
        },
        "techniques": {
            "title": "How to stroke",
            "techniques": [technique("leg_strokes", "Leg strokes", "leg_strokes")],
            "direction_rules": [item("Stroke the legs either way.", "S2")],
        },
        "cues": prose("cues", "Your baby's cues", "Happy", ["Bright eyes.", "Smiles."], tone="info"),
        "checklist": {
            "title": "Before each session",
            "groups": [
                {"id": "before_session", "heading": "Check first",
                 "items": [item("Wash and warm your hands.", "S1")]},
                {"id": "no_massage_today", "heading": "Not today if",
                 "items": [
                     item("Your baby has a temperature of 38.0 °C or more.", "S1", id="fever_38"),
                     item("Your baby is under 3 months and has 38.0 °C: get help now.", "S1",
                          id="under_3_months_fever", below_months=3, age_from="birth"),
                     item("Your baby had jabs in the last {{ wait_hours }} hours.", "S1", id="recent_injections"),
                     item("Your baby fed less than 30 minutes ago.", "S1", id="recent_feed"),
                     item("Your baby is asleep, crying or hungry.", "S1", id="asleep_crying_hungry"),
                 ]},
            ],
        },
        "oils": {
            "title": "Oils",
            "oils": [
                {"id": "sunflower", "name": "Sunflower oil", "kind": "carrier", "verdict": "acceptable",
                 "reason": "Kind to the skin.", "sources": ["S2"], "evidence": "trial"},
            ],
        },
        "tracker": {
            "title": "Chart",
            "course_weeks": 5,
            "sessions_per_week": 3,
            "columns": [{"id": c, "label": c.replace("_", " ").capitalize(), "kind": "text"} for c in TRACKER_COLUMNS],
            "sources": ["S1"],
            "evidence": "convention",
        },
        "red_flags": prose("red_flags", "Get help", "Call {{ phone.emergency }}",
                           ["Blue or grey skin.", "Hard to wake."], tone="danger"),
        "conditions": prose("conditions", "Health worries", "Colic", ["Ask your doctor."]),
        "references": {
            "title": "Sources",
            "references": [
                {"id": "S1", "citation": "A guideline. 2020."},
                {"id": "S2", "citation": "A trial. 2021."},
                *({"id": s, "citation": f"Source {s[1:]}. 2022."} for s in extra),
            ],
        },
    }


def write_content(base: Path, data: dict[str, Any] | None = None) -> Path:
    """Write the fixture into base/content and return that folder."""
    root = base / "content"
    (root / "locales").mkdir(parents=True, exist_ok=True)
    shutil.copy(REAL / "settings.yaml", root / "settings.yaml")
    shutil.copy(REAL / "rules.yaml", root / "rules.yaml")
    shutil.copy(REAL / "locales" / "en-GB.yaml", root / "locales" / "en-GB.yaml")
    for key, value in (fixture_data() if data is None else data).items():
        text = yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=1000)
        (root / f"{key}.yaml").write_text(text, encoding="utf-8")
    return root


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line containing needle, to assert on file:line messages."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")
