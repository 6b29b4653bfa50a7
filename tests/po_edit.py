"""Rewriting a copied `.po` catalogue in tests: one read, one change per message, one write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import read_po, write_po


def edit_po(po: Path, code: str, new_text: Callable[[Message], str | None]) -> None:
    """Each message with an id gets `new_text(message)` as its msgstr, unless that is None (left as it is)."""
    with po.open("rb") as f:
        catalog = read_po(f, locale=code.replace("-", "_"))
    for message in catalog:
        if message.id:
            text = new_text(message)
            if text is not None:
                message.string = text
    with po.open("wb") as f:
        write_po(f, catalog, width=0)
