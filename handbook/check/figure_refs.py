"""Names that point elsewhere resolve: technique figures exist in the drawing set, routine steps name
real techniques. A typo here would otherwise drop a figure or a routine row silently."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches

from handbook.check.problem import Problem, at
from handbook.content.loader import LoadedContent


def _hint(name: str, known: Iterable[str]) -> str:
    close = get_close_matches(name, sorted(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_figure_refs(loaded: LoadedContent) -> list[Problem]:
    from handbook.render.figures import FIGURE_IDS  # imports ReportLab: only when this check runs

    content = loaded.content
    problems: list[Problem] = []
    for i, t in enumerate(content.techniques.techniques):
        if t.figure not in FIGURE_IDS:
            msg = f"unknown figure '{t.figure}'{_hint(t.figure, FIGURE_IDS)}"
            problems.append(at(loaded, "techniques", ("techniques", i, "figure"), msg))
    techniques = {t.id for t in content.techniques.techniques}
    for i, st in enumerate(content.stages.stages):
        for j, step in enumerate(st.routine):
            if step.technique not in techniques:
                msg = f"unknown technique '{step.technique}'{_hint(step.technique, techniques)}"
                problems.append(at(loaded, "stages", ("stages", i, "routine", j, "technique"), msg))
    return problems
