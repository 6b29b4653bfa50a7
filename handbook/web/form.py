"""The single-baby form: posted values → profile fields for the CLI's validator, and which PDF to make."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TEXT_FIELDS = ("name", "birth_date", "due_date", "lang", "paper", "navel_healed")
FLAGS = ("eczema", "nut_allergy_in_family")
NAVEL = {"auto": None, "yes": "yes", "no": "no"}


@dataclass(frozen=True)
class Kind:
    edition: str
    fillable: bool = False
    booklet: bool = False
    preview: bool = False


KINDS = {
    "preview": Kind("handbook", preview=True),
    "handbook": Kind("handbook"),
    "checklist": Kind("checklist"),
    "chart": Kind("chart"),
    "chart_fillable": Kind("chart", fillable=True),
    "booklet": Kind("handbook", booklet=True),
}


def values(form: Any) -> dict[str, str]:
    """What was typed, as text, to fill the form again; unknown keys are dropped."""
    out = {k: str(form.get(k) or "")[:200] for k in TEXT_FIELDS}
    for flag in FLAGS:
        out[flag] = "yes" if form.get(flag) == "yes" else ""
    if out["navel_healed"] not in NAVEL:
        out["navel_healed"] = "auto"
    return out


def profile_fields(typed: dict[str, str]) -> dict[str, Any]:
    """The same field names and value forms a roster row gives baby_from (empty text = not given)."""
    fields: dict[str, Any] = {k: typed[k] for k in ("name", "birth_date", "due_date", "lang", "paper") if typed[k]}
    fields["name"] = typed["name"]  # an empty name is reported by the validator, as in a profile
    for flag in FLAGS:
        fields[flag] = typed[flag] == "yes"
    navel = NAVEL[typed["navel_healed"]]
    if navel is not None:
        fields["navel_healed"] = navel
    return fields
