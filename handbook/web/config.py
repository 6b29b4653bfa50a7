"""Everything `handbook serve` is started with; built once by the entry point, read-only afterwards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from handbook.web.adapter import Clinic


@dataclass(frozen=True)
class WebConfig:
    today: Callable[[], date] = field(default=date.today)  # the clock, given by the entry point
    clinic: Clinic | None = None
    workers: int = 2  # processes building single handbooks
    queue: int = 8  # builds that may wait for a free worker; beyond that: 503
    roster_workers: int = 1  # processes for rosters, separate so a roster never blocks the front desk
    rosters_at_once: int = 1
    roster_max_rows: int = 200
    max_body: int = 2 * 1024 * 1024  # bytes; bigger requests get 413
    rate_per_minute: int = 60  # POSTs per client per minute; 0 switches the limit off
    retry_after: int = 5  # seconds, sent with 503 and 429
    default_lang: str = "en-GB"
    preview_pages: int = 4
    preview_scale: float = 0.8  # 58 dpi: readable headings, small pages
