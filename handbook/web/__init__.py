"""`handbook serve`: the clinic front desk, a small web app that hands out handbooks.

This is the web's entry point, the only module that reads the environment (for ASGI servers started as
`uvicorn handbook.web:app`): HANDBOOK_CLINIC (clinic YAML), HANDBOOK_WORKERS, HANDBOOK_QUEUE,
HANDBOOK_ROSTER_WORKERS, HANDBOOK_RATE_LIMIT (POSTs per client per minute, 0 = off), HANDBOOK_LANG.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["app", "config_from_env"]


def _number(env: Mapping[str, str], key: str, default: int, low: int) -> int:
    from handbook.errors import HandbookError

    text = env.get(key, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if value < low:
        raise HandbookError(f"{key}: '{text}' must be a whole number, at least {low}")
    return value


def config_from_env(env: Mapping[str, str]) -> Any:
    """A WebConfig from HANDBOOK_* variables; the clinic file is read and checked here, once."""
    from handbook.web.adapter import cannot_print, load_clinic
    from handbook.web.config import WebConfig

    clinic_file = env.get("HANDBOOK_CLINIC", "").strip()
    return WebConfig(
        today=date.today,
        clinic=load_clinic(Path(clinic_file), printable=cannot_print) if clinic_file else None,
        workers=_number(env, "HANDBOOK_WORKERS", 2, 1),
        queue=_number(env, "HANDBOOK_QUEUE", 8, 0),
        roster_workers=_number(env, "HANDBOOK_ROSTER_WORKERS", 1, 1),
        rate_per_minute=_number(env, "HANDBOOK_RATE_LIMIT", 60, 0),
        default_lang=env.get("HANDBOOK_LANG", "").strip() or "en-GB",
    )


def __getattr__(name: str) -> Any:
    """`handbook.web.app`, made when an ASGI server asks for it (not on import, so tests build their own)."""
    if name == "app":
        from handbook.web.desk import create_app

        return create_app(config_from_env(os.environ))
    raise AttributeError(name)
