"""Names that point elsewhere resolve: technique figures are listed in figures.yaml (which says what the
drawings are, with their alternative text), routine steps name real techniques. A typo here would otherwise
drop a figure or a routine row silently."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches

from handbook.check.problem import Problem, at
from handbook.compose.sections import FIXED_FIGURES
from handbook.content.loader import LoadedContent


def _hint(name: str, known: Iterable[str]) -> str:
    close = get_close_matches(name, sorted(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_figure_refs(loaded: LoadedContent) -> list[Problem]:
    content = loaded.content
    problems: list[Problem] = []
    figure_ids = content.figures.ids
    seen: set[str] = set()
    for i, fig in enumerate(content.figures.figures):
        if fig.id in seen:
            problems.append(at(loaded, "figures", ("figures", i, "id"), f"figure '{fig.id}' is listed twice"))
        seen.add(fig.id)
    for fid in FIXED_FIGURES:
        if fid not in figure_ids:
            problems.append(at(loaded, "figures", ("figures",), f"figure '{fid}' has no entry (and so no alt text)"))
    for i, t in enumerate(content.techniques.techniques):
        if t.figure not in figure_ids:
            msg = f"unknown figure '{t.figure}'{_hint(t.figure, figure_ids)}"
            problems.append(at(loaded, "techniques", ("techniques", i, "figure"), msg))
    techniques = {t.id for t in content.techniques.techniques}
    for i, st in enumerate(content.stages.stages):
        for j, step in enumerate(st.routine):
            if step.technique not in techniques:
                msg = f"unknown technique '{step.technique}'{_hint(step.technique, techniques)}"
                problems.append(at(loaded, "stages", ("stages", i, "routine", j, "technique"), msg))
    return problems
