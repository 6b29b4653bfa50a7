"""`handbook check`: the content lint editors run after changing YAML.

Schema problems come first and stop the run (later checks need valid content). Then, in this order:
sources, figures, placeholders, reading grade, safety rules — each group sorted by file and line, one
line per problem. Safety-rule warnings are reported but do not fail the check.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from handbook.check.figure_refs import check_figure_refs
from handbook.check.placeholders import check_placeholders
from handbook.check.problem import Problem, parse
from handbook.check.readability import check_reading_grade
from handbook.check.renderable import check_locales, check_renderable, check_rule_messages
from handbook.check.sentence_length import check_sentence_length
from handbook.check.sources import check_sources
from handbook.check.strings import iter_strings
from handbook.content.loader import LoadedContent, load_located
from handbook.errors import ContentError

__all__ = ["CheckReport", "check_content", "content_errors"]


@dataclass(frozen=True)
class CheckReport:
    """Errors fail the check (exit 2); warnings are shown to the editor but pass. Truthy when there are errors."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __iter__(self) -> Iterator[str]:
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)


def _lines(problems: list[Problem]) -> list[str]:
    return [p.text for p in sorted(problems, key=lambda p: (p.file, p.line))]


def _safety(loaded: LoadedContent) -> tuple[list[Problem], list[Problem]]:
    """The §4 safety rules, run by the same engine that guards every build."""
    from handbook.safety.engine import evaluate_content

    errors: list[Problem] = []
    warnings: list[Problem] = []
    for finding in evaluate_content(loaded):
        (warnings if finding.severity == "warning" else errors).append(parse(str(finding)))
    return errors, warnings


def check_content(content_dir: Path | None = None) -> CheckReport:
    """Run every content check on a content folder (default: the shipped content/)."""
    try:
        loaded = load_located(content_dir)
    except ContentError as exc:
        return CheckReport(errors=_lines([parse(p) for p in exc.problems]))
    rule_errors, rule_warnings = _safety(loaded)
    stale_errors, stale_warnings = _translations(loaded)
    errors = content_errors(loaded) + _lines(rule_errors) + _lines(stale_errors)
    return CheckReport(errors=errors, warnings=_lines(rule_warnings) + _lines(stale_warnings))


def _translations(loaded: LoadedContent) -> tuple[list[Problem], list[Problem]]:
    """Stale or missing translations of every ready locale (issue 14 §3): safety strings are errors, the rest
    warnings. A build checks only the locale it builds (pipeline.assert_translated)."""
    from handbook.i18n.catalog import check_translations

    return check_translations(loaded)


def content_errors(loaded: LoadedContent) -> list[str]:
    """What makes valid-schema content unbuildable, in `check`'s words: every build runs this too (once per
    content as loaded), so `build` refuses exactly what `check` refuses, with the same lines."""
    texts = list(iter_strings(loaded))
    return (
        _lines(check_sources(loaded))
        + _lines(check_figure_refs(loaded))
        + _lines(check_locales(loaded))
        + _lines(check_placeholders(loaded, texts))
        + _lines(check_renderable(loaded, texts))
        + _lines(check_rule_messages(loaded))
        + _lines(check_sentence_length(loaded, texts))
        + _lines(check_reading_grade(loaded, texts))
        + _lines(_phrases(loaded))
    )


def _phrases(loaded: LoadedContent) -> list[Problem]:
    """Every locale has the number-dependent words its language's plural rules need (issue 14 §2)."""
    from handbook.i18n.phrases import missing_phrases

    out = []
    source = loaded.content.locales.get(loaded.content.settings.default_locale)
    printed = tuple(source.plurals) if source is not None else ()
    for code, locale in sorted(loaded.content.locales.items()):
        src = loaded.sources[f"locale:{code}"]
        also = printed if locale.status == "ready" else ()  # a draft's text is not checked yet (issue 14)
        out += [Problem(src.path, 1, f"{src.path}: {key}: missing (the words for this number form)")
                for key in missing_phrases(locale, also)]
    return out
