"""Text sizes as printed, read from a PDF's text operators (pypdf's text visitor: Tf size × the text and
graphics matrices), for the typography tests of issue 13."""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


@dataclass(frozen=True)
class Run:
    page: int  # 1-based
    text: str
    size: float  # pt at the printed size
    y: float  # baseline, pt from the page's bottom edge
    font: str  # the font's base name, e.g. DejaVuSans-Oblique


# Runs by the sha256 of the PDF's bytes: several tests read the same shared build, and reading costs more
# than building it did.
_RUNS: dict[bytes, tuple[Run, ...]] = {}


def runs(pdf: Path | bytes) -> list[Run]:
    data = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
    key = hashlib.sha256(data).digest()
    if key not in _RUNS:
        _RUNS[key] = tuple(_read(data))
    return list(_RUNS[key])


def _read(data: bytes) -> list[Run]:
    reader = PdfReader(io.BytesIO(data))
    out: list[Run] = []
    for number, page in enumerate(reader.pages, 1):
        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float, number: int = number) -> None:
            if not text.strip():
                return
            scale = math.hypot(tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3])
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
            out.append(Run(number, text, round(size * scale, 2), y, name.split("+")[-1]))

        page.extract_text(visitor_text=visit)
    return out
