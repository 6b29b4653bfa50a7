"""The safety rules engine: content/rules.yaml says WHAT (ids, severities, numbers, word lists); this runs them.

Each rule names a `check`; CHECKS (handbook.safety.checks) maps that name to one small function. `handbook check`
and every build (`pipeline.assert_content_safe`) run this same engine over the content, located as `file:line`;
handbook.safety.printed then checks what one built handbook prints.
"""

from __future__ import annotations

from handbook.content.loader import LoadedContent
from handbook.safety import checks as _checks  # noqa: F401  (registers every check in CHECKS)
from handbook.safety.rulebase import CHECKS, Finding, ParamError, Params, Scope, fill

__all__ = ["Finding", "content_problems", "effective_opt_in", "evaluate_content"]


def effective_opt_in(loaded: LoadedContent, allow_essential_oils: bool | None) -> bool:
    """The essential-oil opt-in the rules apply: the clinic's choice, or the content's default without a clinic."""
    if allow_essential_oils is None:
        return loaded.content.settings.allow_essential_oils
    return bool(allow_essential_oils)


def evaluate_content(loaded: LoadedContent, allow_essential_oils: bool | None = None) -> list[Finding]:
    """Run every rule in rules.yaml over the content; errors and warnings, each located as file:line."""
    scope = Scope(loaded, effective_opt_in(loaded, allow_essential_oils))
    findings: list[Finding] = []
    used: set[str] = set()
    seen_ids: set[str] = set()
    for i, rule in enumerate(loaded.content.rules.rules):
        if rule.id in seen_ids:
            findings.append(Finding(rule.id, "error", loaded.where("rules", ("rules", i, "id")), "duplicate rule id"))
        seen_ids.add(rule.id)
        fn = CHECKS.get(rule.check)
        if fn is None:
            known = ", ".join(sorted(CHECKS))
            findings.append(Finding(rule.id, "error", loaded.where("rules", ("rules", i, "check")),
                                    f"unknown check '{rule.check}' (known: {known})"))
            continue
        used.add(rule.check)
        try:
            hits = list(fn(scope, Params(rule)))
        except ParamError as exc:
            findings.append(Finding(rule.id, "error", loaded.where("rules", ("rules", i, "params", exc.name)),
                                    str(exc)))
            continue
        for hit in hits:
            findings.append(Finding(rule.id, rule.severity, loaded.where(hit.key, hit.loc),
                                    fill(rule.message, hit.values)))
    for name in CHECKS:
        if name not in used:
            findings.append(Finding("rules", "error", loaded.where("rules", ("rules",)),
                                    f"no rule runs the '{name}' safety check; every brief §4 rule must stay on"))
    return findings


def content_problems(loaded: LoadedContent, allow_essential_oils: bool | None = None) -> list[str]:
    """The errors only, one line each: 'content/oils.yaml:41: R03_eo_dilution: …'."""
    return [str(f) for f in evaluate_content(loaded, allow_essential_oils) if f.severity == "error"]
