"""handbook: a personalised, printable infant-massage handbook built from sourced YAML content.

    from datetime import date
    import handbook
    pdf = handbook.build({"name": "Robin", "birth_date": "2026-07-20"}, on=date(2026, 11, 24))

Names are imported on first use, so `import handbook` (and so the CLI's start) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from handbook.api import build, check_content
    from handbook.check import CheckReport
    from handbook.errors import ClinicError, ContentError, HandbookError, ProfileError, RosterError, SafetyError

__all__ = [
    "CheckReport",
    "ClinicError",
    "ContentError",
    "HandbookError",
    "ProfileError",
    "RosterError",
    "SafetyError",
    "__version__",
    "build",
    "check_content",
]

_WHERE = {
    "build": "handbook.api",
    "check_content": "handbook.api",  # not `check`: that name is the handbook.check subpackage
    "CheckReport": "handbook.check",
    **{name: "handbook.errors" for name in __all__ if name.endswith("Error")},
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("handbook")  # written once, in pyproject.toml
    if name in _WHERE:
        import importlib

        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'handbook' has no attribute {name!r}")
