"""Where the shipped content/ and templates/ folders are, installed or in a checkout.

A wheel carries them inside the package (handbook/_data/, see pyproject.toml); a checkout or an editable install
reads the repository's top-level folders, which stay the one source of truth. An explicit folder (the CLI's
--content / --templates) always wins.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[1]


def _shipped(name: str) -> Path:
    packaged = files("handbook").joinpath("_data", name)
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return _CHECKOUT / name


def content_root(override: Path | str | None = None) -> Path:
    """The content folder to read: `override` when given, else the shipped one."""
    return Path(override) if override is not None else _shipped("content")


def templates_root(override: Path | str | None = None) -> Path:
    """The templates folder (editions/, themes/): `override` when given, else the shipped one."""
    return Path(override) if override is not None else _shipped("templates")
